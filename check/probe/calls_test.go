package probe

import "github.com/salesforce-login-check/salesforce-login-check/check/config"

// Calls returns the REST calls Run makes for cfg when every call succeeds and
// nothing stops the run, in order, as "GET <path template>" with {api} for
// the API version, {id} for the user id and {since} for the start of the
// 24-hour window; the SOQL query is shown decoded. Run makes fewer calls when
// a probe stops the run, the password is already expired or the user id is
// not a Salesforce id, and one more
// (a COUNT() query of the last hour) only when the user has 2,000 or more
// logins in the last 24 hours.
func Calls(cfg config.Probes) []string {
	var out []string
	add := func(path string) { out = append(out, "GET /services/data/v{api}"+path) }
	if cfg.Session {
		add(pathRoot)
	}
	if cfg.Limits {
		add(pathLimits)
	}
	if cfg.Password {
		add(passwordPath("{id}"))
		if cfg.PasswordMaxAgeDays > 0 {
			add(userPath("{id}") + "?fields=" + userFields)
		}
	}
	if cfg.LoginHistory {
		add(pathQuery + "?q=" + loginHistorySOQL("{id}", "{since}"))
	}
	return out
}
