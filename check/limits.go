package check

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
)

// limits reads how many of the org's daily API requests are left.
func (p *prober) limits(ctx context.Context) bool {
	threshold := fmt.Sprintf("warn under %d%%, fail at 0", p.cfg.MinAPIRemaining)
	maxReq, left, err := p.rest.DailyRequests(ctx)
	if errors.Is(err, probe.ErrDailyRequests) {
		p.info(UnexpectedResponse, inputLimits, "the api-limits probe could not finish: "+err.Error())
		p.health(nameLimits, "unknown", threshold, verdictUnknown)
		return false
	}
	if err != nil {
		value, verdict, stop := p.failed(call{
			probe: nameLimits, input: inputLimits,
			notPermitted: "grant View Setup and Configuration to see limits",
		}, err)
		p.health(nameLimits, value, threshold, verdict)
		return stop
	}
	p.out.APIRequestsMax, p.out.APIRequestsRemaining = &maxReq, &left
	value := fmt.Sprintf("%s of %s left (%s)", thousands(left), thousands(maxReq), percent(left, maxReq))
	switch {
	case left == 0:
		p.add(NewFinding(APILimitExhausted, fmt.Sprintf(
			"none of the org's %s daily API requests remain: every integration call fails until the rolling 24-hour window frees some",
			thousands(maxReq))))
		p.health(nameLimits, value, threshold, verdictFail)
		// Every later call would be refused with REQUEST_LIMIT_EXCEEDED.
		return true
	case left*100 < p.cfg.MinAPIRemaining*maxReq:
		p.add(NewFinding(APILimitLow, fmt.Sprintf(
			"%s of the org's %s daily API requests remain (%s), under min-api-remaining (%d%%)",
			thousands(left), thousands(maxReq), percent(left, maxReq), p.cfg.MinAPIRemaining)))
		p.health(nameLimits, value, threshold, verdictWarning)
	default:
		p.health(nameLimits, value, threshold, verdictOK)
	}
	return false
}

// percent is part of whole, rounded down to one decimal so that an almost
// full budget never shows as 100%.
func percent(part, whole int) string {
	v := math.Floor(float64(part)*1000/float64(whole)) / 10
	return fmt.Sprintf("%g%%", v)
}
