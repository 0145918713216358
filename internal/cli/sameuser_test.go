package cli

import (
	"strings"
	"testing"
)

// TestMultiOrg_sameUserTwice: two orgs of one list that log the same user in
// at the same login host (the username spelt in another case, the URL with
// its scheme in another case, a trailing slash, the port
// zero-padded, too) would spend two logins of that user's lockout budget in
// one run. The list is refused before any login; two users at one login URL
// are not, nor is one user at two ports.
func TestMultiOrg_sameUserTwice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		second      func(user, url string) (string, string)
		wantRefused bool
	}{
		{"same user and host", func(u, l string) (string, string) { return u, l }, true},
		{"same user in upper case", func(u, l string) (string, string) { return strings.ToUpper(u), l }, true},
		{"scheme in upper case", func(u, l string) (string, string) { return u, "HTTP" + strings.TrimPrefix(l, "http") }, true},
		{"trailing slash", func(u, l string) (string, string) { return u, l + "/" }, true},
		{"zero-padded port", func(u, l string) (string, string) {
			return u, strings.Replace(l, "127.0.0.1:", "127.0.0.1:00", 1)
		}, true},
		{"another user", func(u, l string) (string, string) { return "other." + u, l }, false},
		{"another port", func(u, l string) (string, string) { return u, l[:strings.LastIndexByte(l, ':')] + ":1" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org, env := serve(t, scenario(t, "healthy"))
			user2, url2 := tc.second(env["SF_USERNAME"], env["SF_LOGIN_URL"])
			env["PW"], env["TOK"] = env["SF_PASSWORD"], env["SF_SECURITY_TOKEN"]
			env["SF_ORGS"] = "- name: prod\n  login-url: " + env["SF_LOGIN_URL"] + "\n  username: " + env["SF_USERNAME"] + "\n  password-env: PW\n  security-token-env: TOK\n" +
				"- name: prod-again\n  login-url: " + url2 + "\n  username: " + user2 + "\n  password-env: PW\n  security-token-env: TOK\n"
			run := runCLI(t, asInputs(env))
			refused := strings.Contains(run.stdout, "orgs prod and prod-again log the same user in at the same login URL")
			if refused != tc.wantRefused {
				t.Errorf("refused = %v, want %v:\n%s", refused, tc.wantRefused, run.stdout)
			}
			wantAttempts := 2
			if tc.wantRefused {
				wantAttempts = 0
				if run.exit != 2 {
					t.Errorf("exit = %d, want 2", run.exit)
				}
			}
			if org.Attempts() > wantAttempts || (tc.wantRefused && org.Attempts() != 0) {
				t.Errorf("the org saw %d login attempts, want %d", org.Attempts(), wantAttempts)
			}
		})
	}
}
