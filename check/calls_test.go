package check

// plannedCalls returns the REST calls Run makes for cfg when every call succeeds and
// nothing stops the run, in order, as the fake org files them (callRoot …).
// Run makes fewer calls when a probe stops the run, the password is already
// expired or the user id is not a Salesforce id, and one more (callCount)
// only when the user has 2,000 or more logins in the last 24 hours.
func plannedCalls(cfg ProbeSettings) []string {
	var out []string
	if cfg.Session {
		out = append(out, callRoot)
	}
	if cfg.Limits {
		out = append(out, callLimits)
	}
	if cfg.Password {
		out = append(out, callPassword)
		if cfg.PasswordMaxAgeDays > 0 {
			out = append(out, callUser)
		}
	}
	if cfg.LoginHistory {
		out = append(out, callHistory)
	}
	return out
}
