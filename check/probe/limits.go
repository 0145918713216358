package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/salesforce-login-check/salesforce-login-check/check/diagnose"
	"github.com/salesforce-login-check/salesforce-login-check/check/report"
)

// pathLimits lists the org's limits; it needs View Setup and Configuration.
const pathLimits = "/limits"

// limitsAnswer is the part of GET /limits the probe reads (fixture
// rest-limits-response.json). Salesforce's numbers are accurate to about five
// minutes.
type limitsAnswer struct {
	DailyAPIRequests *struct {
		// Numbers as written, so that 1e17 or 5000.5 is an unexpected
		// answer rather than a decoding failure or an overflow.
		Max       *json.Number `json:"Max"`
		Remaining *json.Number `json:"Remaining"`
	} `json:"DailyApiRequests"`
}

// maxDailyRequests bounds a believable daily API limit: Salesforce's largest
// are in the millions; anything near the int range is nonsense, and would
// overflow the percentage arithmetic.
const maxDailyRequests = 1_000_000_000_000

// dailyRequests reads Max and Remaining and checks that they make sense
// together; ok is false for an answer no org could give.
func dailyRequests(maxN, remainingN *json.Number) (maxReq, left int, ok bool) {
	if maxN == nil || remainingN == nil {
		return 0, 0, false
	}
	m, err1 := strconv.ParseInt(maxN.String(), 10, 64)
	r, err2 := strconv.ParseInt(remainingN.String(), 10, 64)
	if err1 != nil || err2 != nil || m <= 0 || m > maxDailyRequests || r < 0 || r > m {
		return 0, 0, false
	}
	return int(m), int(r), true
}

// limits reads how many of the org's daily API requests are left.
func (p *prober) limits(ctx context.Context) bool {
	threshold := fmt.Sprintf("warn under %d%%, fail at 0", p.cfg.MinAPIRemaining)
	var ans limitsAnswer
	if err := p.rest.get(ctx, pathLimits, nil, &ans); err != nil {
		value, verdict, stop := p.failed(call{
			probe: nameLimits, input: inputLimits,
			notPermitted: "grant View Setup and Configuration to see limits",
		}, err)
		p.health(nameLimits, value, threshold, verdict)
		return stop
	}
	d := ans.DailyAPIRequests
	var (
		maxReq, left int
		ok           bool
	)
	if d != nil {
		maxReq, left, ok = dailyRequests(d.Max, d.Remaining)
	}
	if !ok {
		p.info(diagnose.UnexpectedResponse, inputLimits, "the api-limits probe could not finish: the answer's DailyApiRequests Max and Remaining are missing or make no sense "+
			"(whole numbers, Max above 0, Remaining from 0 to Max)")
		p.health(nameLimits, "unknown", threshold, verdictUnknown)
		return false
	}
	p.out.APIRequestsMax, p.out.APIRequestsRemaining = &maxReq, &left
	value := fmt.Sprintf("%s of %s left (%s)", thousands(left), thousands(maxReq), percent(left, maxReq))
	switch {
	case left == 0:
		p.add(report.NewFinding(diagnose.APILimitExhausted, fmt.Sprintf(
			"none of the org's %s daily API requests remain: every integration call fails until the rolling 24-hour window frees some",
			thousands(maxReq))))
		p.health(nameLimits, value, threshold, verdictFail)
		// Every later call would be refused with REQUEST_LIMIT_EXCEEDED.
		return true
	case left*100 < p.cfg.MinAPIRemaining*maxReq:
		p.add(report.NewFinding(diagnose.APILimitLow, fmt.Sprintf(
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
