package simorg

import (
	"net/netip"
	"strings"
	"time"
)

// Scenario is a named org set-up with the settings a client uses against it
// and the verdict the check must reach. The demo, the tests and `simulate`
// share them.
type Scenario struct {
	Name  string
	Title string
	// Headline marks the cases `demo` shows.
	Headline bool
	// NewOrg builds a fresh org for the scenario.
	NewOrg func() *Org
	// Env holds the SF_* settings of the client, without SF_LOGIN_URL and
	// SF_ALLOW_CUSTOM_HOST, which point at wherever the org is served.
	Env map[string]string
	// WantReason and WantExit are the verdict the check must reach.
	WantReason string
	WantExit   int
	// WantAttempts is the number of login attempts the org must see.
	WantAttempts int
	// WantAlso lists reasons that must be among the findings too.
	WantAlso []string
	// OrgPolicyRow makes `demo` show what the org-policy probe read (the
	// runner's trust, the expiry and its source, the checklist) instead of
	// the reason's title.
	OrgPolicyRow bool
	// OrgWide marks a case that changes the whole org (an org setting, the
	// connected app) or whose login names no user (client credentials,
	// refresh token): `simulate` gives it a port of its own instead of a
	// user on the shared login host.
	OrgWide bool
}

// orgWide marks sc as a case that needs an org, and so a host, of its own.
func orgWide(sc Scenario) Scenario {
	sc.OrgWide = true
	return sc
}

// Credentials used by the scenarios: distinctive, so a test can prove none of
// them ever reaches the output.
const (
	demoPassword = "Sim-Pa55word-q7Zx"
	demoToken    = "SimTok3nA1b2C3d4E5f6G7h8"
	staleToken   = "OldTok3nZ9y8X7w6V5u4T3s2"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// integrationUser is the healthy user every scenario starts from.
func integrationUser(name string) *User {
	return &User{
		Username: name + "@acme.example.com",
		Password: demoPassword,
		Token:    demoToken,
		FullName: "Integration " + strings.ToUpper(name[:1]) + name[1:],
		Email:    "integration@acme.example.com",
		// Changed a month ago: 60 days left under a 90-day policy.
		LastPasswordChange: time.Now().Add(-30 * 24 * time.Hour),
	}
}

func soapEnv(username, password, token string, extra ...string) map[string]string {
	env := map[string]string{"SF_USERNAME": username, "SF_PASSWORD": password, "SF_AUTH_FLOW": "soap"}
	if token != "" {
		env["SF_SECURITY_TOKEN"] = token
	}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	return env
}

// soapScenario builds a scenario around one user changed by mutate.
func soapScenario(name, title string, headline bool, mutate func(*Org, *User), env func(*User) map[string]string, reason string, exit, attempts int) Scenario {
	return Scenario{
		Name: name, Title: title, Headline: headline,
		NewOrg: func() *Org {
			u := integrationUser(name)
			o := New("Acme Corp")
			if mutate != nil {
				mutate(o, u)
			}
			o.AddUser(u)
			return o
		},
		Env:        env(integrationUser(name)),
		WantReason: reason, WantExit: exit, WantAttempts: attempts,
	}
}

func withToken(u *User) map[string]string    { return soapEnv(u.Username, u.Password, u.Token) }
func withoutToken(u *User) map[string]string { return soapEnv(u.Username, u.Password, "") }

// ScenarioNamed returns the scenario called name, as simulate lists it.
func ScenarioNamed(name string) (Scenario, bool) {
	for _, sc := range Scenarios() {
		if sc.Name == name {
			return sc, true
		}
	}
	return Scenario{}, false
}

// Scenarios returns every scenario, headline cases first.
func Scenarios() []Scenario {
	var out []Scenario
	for _, group := range [][]Scenario{soapScenarios(), oauthScenarios(), probeScenarios(), orgPolicyScenarios()} {
		for _, sc := range group {
			if sc.Headline {
				out = append(out, sc)
			}
		}
	}
	for _, group := range [][]Scenario{soapScenarios(), oauthScenarios(), probeScenarios(), orgPolicyScenarios()} {
		for _, sc := range group {
			if !sc.Headline {
				out = append(out, sc)
			}
		}
	}
	return out
}

func soapScenarios() []Scenario {
	return []Scenario{
		soapScenario("healthy", "Healthy user, password + token (SOAP login() retiring)", true, nil, withToken,
			"flow-retiring", 0, 1),
		soapScenario("token-missing", "No token, runner IP outside trusted ranges", true, nil, withoutToken,
			"missing-security-token", 1, 1),
		soapScenario("token-reset", "Token was reset (pinpoint)", true, nil,
			func(u *User) map[string]string {
				return soapEnv(u.Username, u.Password, staleToken, "SF_PINPOINT", "true")
			}, "stale-security-token", 1, 2),
		soapScenario("password-wrong", "Password changed elsewhere (pinpoint)", true, nil,
			func(u *User) map[string]string {
				return soapEnv(u.Username, "Wrong-"+u.Password, u.Token, "SF_PINPOINT", "true")
			}, "wrong-password", 1, 2),
		soapScenario("ip-restricted", "Profile Login IP Ranges exclude the runner", true,
			func(_ *Org, u *User) { u.ProfileRanges = []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")} }, withToken,
			"ip-restricted", 1, 1),
		soapScenario("password-expired", "Password expired", true,
			func(_ *Org, u *User) { u.PasswordExpired = true }, withToken,
			"password-expired", 1, 1),
		orgWide(soapScenario("soap-disabled", "SOAP login() disabled (org created Winter '26+)", true,
			func(o *Org, _ *User) { o.SOAPLoginDisabled = true }, withToken,
			"soap-login-disabled", 1, 1)),

		soapScenario("stale-token", "Token was reset (no pinpoint)", false, nil,
			func(u *User) map[string]string { return soapEnv(u.Username, u.Password, staleToken) },
			"invalid-credentials", 1, 1),
		orgWide(soapScenario("stale-token-trusted-ip", "Stale token from a trusted IP (pinpoint succeeds)", false,
			func(o *Org, _ *User) { o.TrustedRanges = loopback },
			func(u *User) map[string]string {
				return soapEnv(u.Username, u.Password, staleToken, "SF_PINPOINT", "true")
			}, "stale-security-token", 1, 2)),
		orgWide(soapScenario("trusted-ip-no-token", "Trusted IP, no token needed", false,
			func(o *Org, _ *User) { o.TrustedRanges = loopback }, withoutToken,
			"flow-retiring", 0, 1)),
		soapScenario("login-hours", "Outside the profile's login hours", false,
			func(_ *Org, u *User) { u.OutsideLoginHours = true }, withToken,
			"login-hours", 1, 1),
		soapScenario("api-disabled", "Profile lacks API Enabled", false,
			func(_ *Org, u *User) { u.APIDisabled = true }, withToken,
			"api-disabled", 1, 1),
		soapScenario("missing-permission", "User lacks Use Any API Auth", false,
			func(_ *Org, u *User) { u.MissingUseAnyAPIAuth = true }, withToken,
			"missing-permission", 1, 1),
		soapScenario("sso-user", "User under delegated authentication", false,
			func(_ *Org, u *User) { u.SSO = true }, withToken,
			"sso-user", 1, 1),
		soapScenario("locked-out", "User locked out (answers INVALID_LOGIN)", false,
			func(_ *Org, u *User) { u.FailedLogins = 10 }, withToken,
			"invalid-credentials", 1, 1),
		// Refused by the check's configuration before any request, so
		// the org is never asked (the org's own answer to a retired
		// version, UNSUPPORTED_API_VERSION, is the simulated org's to test).
		soapScenario("api-version-retired", "Retired API version (refused before login)", false, nil,
			func(u *User) map[string]string {
				return soapEnv(u.Username, u.Password, u.Token, "SF_API_VERSION", "30.0")
			}, "config-error", 2, 0),
		soapScenario("unknown-user", "Username does not exist", false, nil,
			func(u *User) map[string]string {
				return soapEnv("nobody@acme.example.com", u.Password, u.Token)
			}, "invalid-credentials", 1, 1),
	}
}
