package cli

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestRun_hostileConfig feeds the binary configurations a careless or hostile
// caller could give. Each is refused before any request, so a refused
// configuration never costs the user a login attempt (the lockout budget).
func TestRun_hostileConfig(t *testing.T) {
	t.Parallel()

	// A pasted file: 64 times what the validator allows for a password
	// (4 KiB) and 4 times its largest input. The binary takes the same path
	// with it as with a 10 MB paste (config_test holds 10 MB to the
	// validator), but registering it for redaction stays cheap under -race.
	pastedFile := strings.Repeat("p", 256<<10)
	cases := []struct {
		name string
		// set overrides the otherwise valid SOAP settings.
		set map[string]string
		// wantInput is the input the refusal must name.
		wantInput string
		// secret must not appear in any output.
		secret string
		// wantText must be in the refusal (the fix it names).
		wantText string
	}{
		{name: "unknown auth-flow", set: map[string]string{"SF_AUTH_FLOW": "kerberos"}, wantInput: "auth-flow"},
		{name: "negative timeout", set: map[string]string{"SF_TIMEOUT": "-5s"}, wantInput: "timeout"},
		{name: "absurd timeout", set: map[string]string{"SF_TIMEOUT": "1000h"}, wantInput: "timeout"},
		{name: "256 KiB password", set: map[string]string{"SF_PASSWORD": pastedFile}, wantInput: "password", secret: pastedFile},
		// Values under check.MinSecretLen are never masked: such a secret
		// is refused, so it is never sent nor shown.
		{name: "two-character password", set: map[string]string{"SF_PASSWORD": "q7"}, wantInput: "password"},
		{name: "two-character security token", set: map[string]string{"SF_SECURITY_TOKEN": "Zq"}, wantInput: "security-token"},
		{name: "NUL byte in the username", set: map[string]string{"SF_USERNAME": "integration\x00@hardening.example.com"}, wantInput: "username"},
		{
			name: "password that is not UTF-8", set: map[string]string{"SF_PASSWORD": "Hardening-\xff\xfe-Pa55word"},
			wantInput: "password", secret: "Hardening-\xff\xfe-Pa55word",
		},
		{
			name: "security token that is not UTF-8", set: map[string]string{"SF_SECURITY_TOKEN": "Token\xc3\x28Q8x2Lm4"},
			wantInput: "security-token", secret: "Token\xc3\x28Q8x2Lm4",
		},
		{name: "NUL byte in the login URL", set: map[string]string{"SF_LOGIN_URL": "http://127.0.0.1\x00.evil.example"}, wantInput: "login-url"},
		// A value that fails validation is never echoed: it may be a
		// secret in the wrong input.
		{name: "password pasted into username", set: map[string]string{"SF_USERNAME": "Pasted-Pa55word-9k2"}, wantInput: "username", secret: "Pasted-Pa55word-9k2"},
		{name: "password pasted into timeout", set: map[string]string{"SF_TIMEOUT": "Pasted-Pa55word-9k2"}, wantInput: "timeout", secret: "Pasted-Pa55word-9k2"},
		{name: "password pasted into api-version", set: map[string]string{"SF_API_VERSION": "Pasted-Pa55word-9k2"}, wantInput: "api-version", secret: "Pasted-Pa55word-9k2"},
		{name: "password pasted into auth-flow", set: map[string]string{"SF_AUTH_FLOW": "Pasted-Pa55word-9k2"}, wantInput: "auth-flow", secret: "Pasted-Pa55word-9k2"},
		{name: "password pasted into pinpoint", set: map[string]string{"SF_PINPOINT": "Pasted-Pa55word-9k2"}, wantInput: "pinpoint", secret: "Pasted-Pa55word-9k2"},
		{name: "password pasted into private-key-file", set: map[string]string{"SF_AUTH_FLOW": "jwt", "SF_CLIENT_ID": "3MVG9Hostile", "SF_PRIVATE_KEY_FILE": "Pasted-Pa55word-9k2"},
			wantInput: "private-key-file", secret: "Pasted-Pa55word-9k2"},
		{name: "password pasted into min-api-remaining", set: map[string]string{"SF_MIN_API_REMAINING": "Pasted-Pa55word-9k2"}, wantInput: "min-api-remaining", secret: "Pasted-Pa55word-9k2"},
		// timeout is 1s to 10m exactly.
		{name: "timeout of 1ns", set: map[string]string{"SF_TIMEOUT": "1ns"}, wantInput: "timeout"},
		{name: "timeout of 500ms", set: map[string]string{"SF_TIMEOUT": "500ms"}, wantInput: "timeout"},
		{name: "timeout of 10m1s", set: map[string]string{"SF_TIMEOUT": "10m1s"}, wantInput: "timeout"},
		{name: "timeout of 601 seconds", set: map[string]string{"SF_TIMEOUT": "601"}, wantInput: "timeout"},
		{name: "timeout that overflows as seconds", set: map[string]string{"SF_TIMEOUT": "9223372036854775807"}, wantInput: "timeout"},
		{name: "timeout that wraps to a valid duration", set: map[string]string{"SF_TIMEOUT": "18446744073"}, wantInput: "timeout"},
		{name: "timeout that overflows as a duration", set: map[string]string{"SF_TIMEOUT": "9999999999h"}, wantInput: "timeout"},
		// SOAP login() exists in API 31.0 to 64.0 only.
		{name: "retired SOAP api-version", set: map[string]string{"SF_API_VERSION": "30.0"}, wantInput: "api-version", wantText: "Set api-version to 64.0"},
		{name: "SOAP api-version without login()", set: map[string]string{"SF_API_VERSION": "65.0"}, wantInput: "api-version", wantText: "Set api-version to 64.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := simorg.New("Hardening Inc", &simorg.User{Username: faultUser, Password: faultPassword, Token: faultToken})
			srv, st, _ := startFaultServer(t, false, org.Handler().ServeHTTP)
			vars := soapVars(srv.URL, "5s")
			for k, v := range tc.set {
				vars[k] = v
			}
			var dials atomic.Int64
			client := newFaultClient(&dials)

			run := runHostile(t.Context(), t, client, vars, "--json")

			res := parseJSONReport(t, run.stdout)
			got := struct {
				Exit   int
				Status check.Status
				Reason check.Reason
			}{run.exit, res.Status, res.Reason}
			want := got
			want.Exit, want.Status, want.Reason = check.ExitConfig, check.StatusError, check.ConfigError
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("verdict (-want, +got):\n%s\nfindings: %+v", diff, res.Findings)
			}
			named := false
			for _, f := range res.Findings {
				if f.Reason == check.ConfigError && strings.HasSuffix(f.Title, ": "+tc.wantInput) && strings.Contains(f.Message, tc.wantInput) &&
					strings.Contains(f.Message, tc.wantText) {
					named = true
				}
			}
			if !named {
				t.Errorf("no config-error finding names the input %q: %+v", tc.wantInput, res.Findings)
			}
			// No attempt, no request, not even a connection.
			gotTraffic := traffic{Dials: int(dials.Load()), Conns: int(st.conns.Load()), Logins: int(st.logins.Load()), Logouts: int(st.logouts.Load()), Other: int(st.other.Load())}
			if diff := cmp.Diff(traffic{}, gotTraffic); diff != "" {
				t.Errorf("traffic of a refused configuration (-want, +got):\n%s", diff)
			}
			if n := org.Attempts(); n != 0 {
				t.Errorf("the org saw %d login attempts, want 0", n)
			}
			if res.Attempts != 0 {
				t.Errorf("report counts %d attempts, want 0", res.Attempts)
			}
			assertNoFaultSecrets(t, run.stdout, tc.secret)
			if tc.secret != "" && strings.Contains(run.stdout, strings.ToValidUTF8(tc.secret, "\uFFFD")) {
				t.Errorf("stdout holds the secret with its invalid bytes replaced")
			}
		})
	}
}
