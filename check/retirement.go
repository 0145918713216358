package check

import (
	"fmt"
	"time"
)

// retiring describes a login flow Salesforce is retiring.
type retiring struct {
	date time.Time
	// what says what retires and how sure the date is.
	what string
}

// Retirement dates (docs/salesforce.md §3, §4.1): SOAP login() retires
// with Summer '27, expected 2027-06-01 (a Product & Service Notification
// quoted by a third party names June 1, 2027; Salesforce's help article names
// the release only) and is absent from API 65.0; the OAuth username-password
// flow is retired for Connected Apps on 2027-02-20 and was never available
// to External Client Apps.
var retirements = map[Flow]retiring{
	FlowSOAP: {
		date: time.Date(2027, time.June, 1, 0, 0, 0, 0, time.UTC),
		what: "SOAP API login() retires with the Summer '27 release (expected 2027-06-01) and does not exist in API 65.0 and later",
	},
	FlowPassword: {
		date: time.Date(2027, time.February, 20, 0, 0, 0, 0, time.UTC),
		what: "The OAuth username-password flow is retired for Connected Apps on 2027-02-20 (External Client Apps never supported it)",
	},
}

// retirement records the retiring flow's date and a dated warning, which
// becomes an error finding once the date has passed.
func (r *run) retirement() {
	ret, ok := retirements[r.cfg.Flow]
	if !ok {
		return
	}
	r.res.RetiresOn = ret.date.Format(time.DateOnly)
	now := r.deps.now().UTC()
	days := int(ret.date.Sub(now).Hours() / 24)
	if !now.Before(ret.date) {
		r.res.Add(NewFinding(FlowRetired, fmt.Sprintf(
			"%s. That date has passed: this integration's login will stop working, if it has not already.", ret.what)))
		return
	}
	left := fmt.Sprintf("%d days left", days)
	if days == 1 {
		left = "1 day left"
	}
	r.res.Add(NewFinding(FlowRetiring, fmt.Sprintf(
		"%s: %s. This integration logs in with auth-flow %s and will stop working then.", ret.what, left, r.cfg.Flow)))
}
