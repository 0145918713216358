package check

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
)

// password checks whether the password has expired and, when the org's
// password policy is given (password-max-age-days), how many days it has
// left. It costs one call, two with password-max-age-days.
func (p *prober) password(ctx context.Context) bool {
	maxAge, warnDays := p.cfg.PasswordMaxAgeDays, p.cfg.PasswordWarningDays
	threshold := "fail when expired"
	if maxAge > 0 {
		threshold = fmt.Sprintf("warn under %d days (max age %d days)", warnDays, maxAge)
	}
	exp, err := p.rest.PasswordExpired(ctx)
	if errors.Is(err, probe.ErrUserID) {
		p.info(UnexpectedResponse, inputPassword, "the password probe was skipped: "+err.Error())
		p.health(namePassword, "unknown", threshold, verdictUnknown)
		return false
	}
	var expired *bool
	value, verdict := "", ""
	switch {
	case errors.Is(err, probe.ErrNoIsExpired):
		p.info(UnexpectedResponse, inputPassword, "the password probe could not finish: "+err.Error())
		value, verdict = "unknown", verdictUnknown
	case err != nil:
		var stop bool
		value, verdict, stop = p.failed(call{
			probe: namePassword, input: inputPassword,
			notPermitted: "the user cannot read its own password status",
		}, err)
		if stop {
			p.health(namePassword, value, threshold, verdict)
			return true
		}
	default:
		expired = &exp
		value, verdict = "not expired", verdictOK
	}

	if expired != nil && *expired {
		zero := 0
		p.out.PasswordExpiresInDays = &zero
		p.add(NewFinding(PasswordExpired,
			"the password has expired: Salesforce reports isExpired for this user, and every API call but setPassword fails until it is changed"))
		p.health(namePassword, "expired", threshold, verdictFail)
		// Every later call would be refused with
		// INVALID_OPERATION_WITH_EXPIRED_PASSWORD: the same finding again.
		return true
	}
	if p.org != nil && p.org.expiry != nil {
		p.judgeExpiry(*p.org.expiry, expired, value, verdict)
		return false
	}
	if maxAge <= 0 {
		if expired != nil {
			value = "not expired (days left unknown: set password-max-age-days)"
		}
		p.health(namePassword, value, threshold, verdict)
		return false
	}

	changed, err := p.lastChange(ctx)
	switch {
	case errors.Is(err, probe.ErrPasswordChangeDate):
		p.info(UnexpectedResponse, inputPassword, "the password probe could not read LastPasswordChangeDate as a date")
		p.health(namePassword, value+"; days left unknown", threshold, verdict)
		return false
	case err != nil:
		v, vd, stop := p.failed(call{
			probe: namePassword, input: inputPassword,
			notPermitted: "the user cannot read LastPasswordChangeDate on its own User record, so the days left are unknown",
		}, err)
		if stop || expired == nil {
			value, verdict = v, vd
		}
		p.health(namePassword, value, threshold, verdict)
		return stop
	case changed.IsZero():
		p.health(namePassword, value+"; no password change recorded", threshold, verdict)
		return false
	}
	p.daysLeft(changed, expired)
	return false
}

// lastChange is LastPasswordChangeDate: as the org-policy probe read it,
// else read now (one call).
func (p *prober) lastChange(ctx context.Context) (time.Time, error) {
	if p.org != nil && p.org.user != nil {
		return p.org.user.LastPasswordChange, nil
	}
	return p.rest.LastPasswordChange(ctx) //nolint:wrapcheck // typed errors are classified by the caller
}

// judgeExpiry judges an expiry date the org gave (the user's own field, its
// permission, the org's policy); value and verdict are what the password
// status said.
func (p *prober) judgeExpiry(e pwExpiry, expired *bool, value, verdict string) {
	warnDays := p.cfg.PasswordWarningDays
	threshold := fmt.Sprintf("warn under %d days", warnDays)
	from := sourceLabel(e.source)
	if e.never {
		p.health(namePassword, "never expires (from "+from+")", threshold, verdict)
		return
	}
	const resets = "changing it resets the security token — update both secrets"
	day := e.on.UTC().Format(time.DateOnly)
	left := daysUntil(p.now, e.on)
	switch {
	case left <= 0 && expired != nil:
		p.add(NewFinding(PasswordExpiring, fmt.Sprintf(
			"the password's expiry date %s (from %s) has passed, yet Salesforce does not report it expired: it expires at the next login or already has; %s",
			day, from, resets)))
		p.health(namePassword, "due now (expires "+day+")", threshold, verdictWarning)
	case left <= 0:
		p.health(namePassword, value+"; expiry date "+day+" has passed", threshold, verdict)
	case left < warnDays:
		p.add(NewFinding(PasswordExpiring, fmt.Sprintf("the password expires on %s, in %s (from %s); %s",
			day, count(left, "day", "days"), from, resets)))
		p.health(namePassword, fmt.Sprintf("expires on %s, in %s (%s)", day, count(left, "day", "days"), e.source), threshold, verdictWarning)
	default:
		p.health(namePassword, fmt.Sprintf("expires on %s, in %s (%s)", day, count(left, "day", "days"), e.source), threshold, verdict)
	}
}

// daysLeft judges the password's age against password-max-age-days: days
// left = max age − whole days since the last change.
func (p *prober) daysLeft(changed time.Time, expired *bool) {
	maxAge, warnDays := p.cfg.PasswordMaxAgeDays, p.cfg.PasswordWarningDays
	threshold := fmt.Sprintf("warn under %d days (max age %d days)", warnDays, maxAge)
	age := max(int(p.now.Sub(changed)/(24*time.Hour)), 0)
	left := max(maxAge-age, 0)
	p.out.PasswordExpiresInDays = &left
	p.out.PasswordExpiresOn = changed.UTC().Add(time.Duration(maxAge) * 24 * time.Hour).Format(time.DateOnly)
	p.out.PasswordExpirySource = SourceConfigured
	if p.org != nil {
		p.org.expiry = &pwExpiry{on: changed.Add(time.Duration(maxAge) * 24 * time.Hour), source: SourceConfigured}
	}
	day := changed.UTC().Format(time.DateOnly)
	const resets = "changing it resets the security token — update both secrets"
	switch {
	case left == 0:
		msg := fmt.Sprintf("the password is %s old (last changed on %s), which reaches password-max-age-days (%d): "+
			"it expires at the next login or already has; %s", count(age, "day", "days"), day, maxAge, resets)
		if expired != nil {
			msg = fmt.Sprintf("the password is %s old (last changed on %s), which reaches password-max-age-days (%d), yet Salesforce "+
				"does not report it expired: check password-max-age-days against the profile's password policy; %s",
				count(age, "day", "days"), day, maxAge, resets)
		}
		p.add(NewFinding(PasswordExpiring, msg))
		p.health(namePassword, "due now (changed "+day+")", threshold, verdictWarning)
	case left < warnDays:
		p.add(NewFinding(PasswordExpiring,
			fmt.Sprintf("the password expires in %s; %s", count(left, "day", "days"), resets)))
		p.health(namePassword, fmt.Sprintf("expires in %s (changed %s)", count(left, "day", "days"), day), threshold, verdictWarning)
	default:
		p.health(namePassword, fmt.Sprintf("expires in %s (changed %s)", count(left, "day", "days"), day), threshold, verdictOK)
	}
}
