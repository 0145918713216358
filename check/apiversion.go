package check

import (
	"fmt"
	"time"
)

// Deprecation of old API versions (docs/salesforce.md §3): API 31.0–40.0
// (SOAP, REST and Bulk) are deprecated with the Summer '27 release and
// retired with Summer '28. Salesforce names the releases only; the dates are
// when a Summer release usually reaches production (UNCERTAIN), the same
// guess as SOAP login()'s retirement.
var (
	deprecatedFrom, deprecatedTo = 31, 40
	deprecatedOn                 = time.Date(2027, time.June, 1, 0, 0, 0, 0, time.UTC)
	versionsRetireOn             = time.Date(2028, time.June, 1, 0, 0, 0, 0, time.UTC)
)

// apiVersionDeprecation adds a dated warning when the check runs on an API
// version of the deprecated range. It never fails the check: a retired
// version fails the login itself, with its own reason.
func (r *run) apiVersionDeprecation() {
	v, ok := MajorVersion(r.cfg.APIVersion)
	if !ok || v < deprecatedFrom || v > deprecatedTo {
		return
	}
	now := r.deps.now().UTC()
	when := fmt.Sprintf("is deprecated with the Summer '27 release (expected %s, %s) and retired with Summer '28 (expected %s)",
		deprecatedOn.Format(time.DateOnly), daysLeft(now, deprecatedOn), versionsRetireOn.Format(time.DateOnly))
	if !now.Before(deprecatedOn) {
		when = fmt.Sprintf("is deprecated since the Summer '27 release and retired with Summer '28 (expected %s, %s)",
			versionsRetireOn.Format(time.DateOnly), daysLeft(now, versionsRetireOn))
	}
	r.res.Add(NewFinding(APIVersionDeprecated, fmt.Sprintf(
		"api-version %s is in the range 31.0–40.0, which %s: every SOAP, REST and Bulk call in it fails after that.",
		r.cfg.APIVersion, when)))
}

// daysLeft says how many whole days are left until t, or that it has passed.
func daysLeft(now, t time.Time) string {
	days := int(t.Sub(now).Hours() / 24)
	switch {
	case !now.Before(t):
		return "passed"
	case days == 1:
		return "1 day left"
	}
	return fmt.Sprintf("%d days left", days)
}
