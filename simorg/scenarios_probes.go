package simorg

import (
	"net/netip"
	"time"
)

// probeScenario is a healthy SOAP login whose org or user is changed by
// mutate, so that a post-login probe has something to say.
func probeScenario(name, title string, headline bool, mutate func(*Org, *User), extra []string, reason string, exit int, also ...string) Scenario {
	sc := soapScenario(name, title, headline, mutate,
		func(u *User) map[string]string { return soapEnv(u.Username, u.Password, u.Token, extra...) }, reason, exit, 1)
	sc.WantAlso = also
	return sc
}

// failedLogins are rows another job left in LoginHistory: n failed logins
// with a stale password from addr in the last hours.
func failedLogins(o *Org, u *User, n int, addr string) {
	now := time.Now().UTC()
	for i := 0; i < n; i++ {
		o.AddHistory(LoginHistoryRow{ID: "0Ya5g0000" + randomHex(3) + "AAA", UserID: u.ID, LoginTime: now.Add(-time.Duration(i+1) * 17 * time.Minute),
			SourceIP: addr, Status: StatusInvalidPassword, LoginType: "Other Apex API", Application: "nightly-sync"})
	}
}

func probeScenarios() []Scenario {
	return []Scenario{
		orgWide(probeScenario("session-rejected", "Login works, the session is refused (IP enforced on every request)", true,
			func(o *Org, u *User) {
				u.ProfileRanges = loopback
				u.EnforceIPEveryRequest = true
				// The runner's API calls leave through another NAT address.
				o.RESTSourceIP = netip.MustParseAddr("203.0.113.50")
			}, nil, "session-rejected", 1)),
		orgWide(probeScenario("api-limit-low", "Daily API requests running low", true,
			func(o *Org, _ *User) { o.DailyAPIRemaining = 900 }, nil, "api-limit-low", 0)),
		probeScenario("password-expiring", "Password expires in 10 days (90-day policy)", true,
			func(_ *Org, u *User) { u.LastPasswordChange = time.Now().Add(-80 * 24 * time.Hour) },
			[]string{"SF_PASSWORD_MAX_AGE_DAYS", "90"}, "password-expiring", 0),
		probeScenario("recent-login-failures", "Another job still uses an old password", true,
			func(o *Org, u *User) {
				o.AddUser(u) // the user's id must exist before rows are written
				failedLogins(o, u, 7, "20.1.2.3")
			}, nil, "recent-login-failures", 0),

		orgWide(probeScenario("api-limit-exhausted", "Daily API requests exhausted", false,
			func(o *Org, _ *User) { o.DailyAPIRemaining = 0 }, nil, "api-limit-exhausted", 1)),
		probeScenario("login-rate-high", "Close to 3,600 logins an hour", false,
			func(o *Org, u *User) {
				o.AddUser(u)
				now := time.Now().UTC()
				rows := make([]LoginHistoryRow, 2950)
				for i := range rows {
					rows[i] = LoginHistoryRow{ID: "0Ya5g0000" + randomHex(3) + "AAA", UserID: u.ID, LoginTime: now.Add(-time.Duration(i+1) * time.Second),
						SourceIP: "20.1.2.3", Status: StatusSuccess, LoginType: "Other Apex API", Application: "chatty-sync"}
				}
				o.AddHistory(rows...)
			}, nil, "login-rate-high", 0),
		orgWide(probeScenario("probes-not-permitted", "User may not read limits, password status or LoginHistory", false,
			func(o *Org, u *User) {
				o.CannotReadLimits = true
				u.CannotReadPassword = true
				u.CannotReadLoginHistory = true
			}, nil, "flow-retiring", 0, "probe-not-permitted")),
		// The org hangs after the login: the check runs out of time in its
		// first probe, keeps the login's verdict and still logs its session
		// out. Stopped from outside instead (docker stop in .ci/e2e.sh, with a
		// longer SF_TIMEOUT), it ends cancelled.
		orgWide(probeScenario("stalled-after-login", "Org hangs after a successful login", false,
			func(o *Org, _ *User) { o.StallREST = true }, []string{"SF_TIMEOUT", "1s"}, "flow-retiring", 0, "timeout")),
	}
}
