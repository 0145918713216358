package cli

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestHealthyCheckCost holds a healthy check to its documented cost: one
// login, one REST call per probe, and one logout or revoke.
func TestHealthyCheckCost(t *testing.T) {
	t.Parallel()
	// One call per probe, as the simulated org files them; the probe
	// package's tests hold each probe to its calls. The org policy adds the
	// UserPermissionAccess describe and three queries (permissions, User,
	// AuthSession); a plain user's org skips the Metadata and Tooling reads
	// (TestOrgPolicyCallBudget holds every variant to at most 6).
	wantREST := map[string]int{
		"GET /services/data/v{version}/":                            1,
		"GET /services/data/v{version}/limits":                      1,
		"GET /services/data/v{version}/sobjects/User/{id}/password": 1,
		"GET /services/data/v{version}/query":                       1 + 3,
		"GET /services/data/v{version}/sobjects/{object}/describe":  1,
	}
	cases := []struct {
		scenario string
		want     map[string]int
	}{
		{"healthy", map[string]int{
			"POST /services/Soap/u/{version}":                1,
			"POST /services/Soap/u/{version}/{orgId} logout": 1,
		}},
		{"oauth-client-credentials", map[string]int{
			"POST /services/oauth2/token":  1,
			"GET /id/{org}/{user}":         1,
			"POST /services/oauth2/revoke": 1,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			org, env := serve(t, scenario(t, tc.scenario))
			inv := runCLI(t, env, "--json")
			if inv.exit != 0 {
				t.Fatalf("exit %d:\n%s", inv.exit, inv.stdout)
			}
			got := org.Requests()
			rest := map[string]int{}
			for k, v := range got {
				if strings.HasPrefix(k, "GET /services/data/v") {
					rest[k] = v
					delete(got, k)
				}
			}
			if diff := cmp.Diff(wantREST, rest); diff != "" {
				t.Errorf("REST calls (-want, +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("login/logout requests (-want, +got):\n%s", diff)
			}
			if org.LiveSessions() != 0 {
				t.Errorf("a session outlived the check")
			}
		})
	}
}

// TestEgressIPIsTheRecordedOne: the egress IP reported is the SourceIp the
// org recorded for this login.
func TestEgressIPIsTheRecordedOne(t *testing.T) {
	t.Parallel()
	org, env := serve(t, scenario(t, "healthy"))
	env = asInputs(env)
	inv := runCLI(t, env)
	var recorded string
	for _, row := range org.History() {
		if row.Status == simorg.StatusSuccess {
			recorded = row.SourceIP
		}
	}
	if recorded == "" || inv.outputs["egress-ip"] != recorded {
		t.Errorf("egress-ip output = %q, want the recorded %q", inv.outputs["egress-ip"], recorded)
	}
	if !strings.Contains(inv.summary, "Egress IP") || !strings.Contains(inv.summary, "### Health") {
		t.Errorf("summary lacks the egress IP line or the Health section:\n%s", inv.summary)
	}
}

// TestOAuthRevokesOnlyAccessTokens: after an OAuth check the access token is
// revoked and the refresh token never is.
func TestOAuthRevokesOnlyAccessTokens(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"oauth-refresh-token", "oauth-jwt", "oauth-client-credentials", "oauth-password"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := scenario(t, name)
			org, env := serve(t, sc)
			inv := runCLI(t, env, "--json")
			if inv.exit != 0 {
				t.Fatalf("exit %d:\n%s", inv.exit, inv.stdout)
			}
			if diff := cmp.Diff(org.Issued(), org.Revoked()); diff != "" {
				t.Errorf("revoked tokens differ from the access tokens issued (-issued, +revoked):\n%s", diff)
			}
			if rt := sc.Env["SF_REFRESH_TOKEN"]; rt != "" {
				for _, r := range org.Revoked() {
					if r == rt {
						t.Errorf("the refresh token was revoked")
					}
				}
			}
		})
	}
}

// TestSFDXAuthURLOverHTTPS runs the refresh-token flow from an SFDX auth URL,
// whose instance is always https://<host>.
func TestSFDXAuthURLOverHTTPS(t *testing.T) {
	t.Parallel()
	sc := scenario(t, "oauth-refresh-token")
	org := sc.NewOrg()
	srv, err := org.Start("127.0.0.1:0", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.CACertPEM)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	host := strings.TrimPrefix(srv.URL, "https://")
	authURL := "force://" + sc.Env["SF_CLIENT_ID"] + ":" + sc.Env["SF_CLIENT_SECRET"] + ":" + sc.Env["SF_REFRESH_TOKEN"] + "@" + host
	env := map[string]string{"SF_AUTH_URL": authURL, "SF_ALLOW_CUSTOM_HOST": "true"}
	run := runWith(t, ambient{client: client}, env, "--json")
	if run.exit != 0 {
		t.Fatalf("exit = %d, want 0\n%s", run.exit, run.stdout)
	}
	var got struct{ Status, Reason, AuthFlow string }
	if err := json.Unmarshal([]byte(run.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Reason != "ok" || org.Attempts() != 1 {
		t.Errorf("reason %q with %d attempts, want ok with 1", got.Reason, org.Attempts())
	}
	for _, secret := range []string{authURL, sc.Env["SF_REFRESH_TOKEN"], sc.Env["SF_CLIENT_SECRET"]} {
		if strings.Contains(run.stdout, secret) {
			t.Errorf("output contains a part of the SFDX auth URL")
		}
	}
}
