package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestVersion_missingCertFile: `version` must not credit the roots to
// SSL_CERT_FILE when that file cannot be read (crypto/x509 skips it
// silently); it says where the roots really come from and warns.
func TestVersion_missingCertFile(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	env := map[string]string{"SSL_CERT_FILE": "/nonexistent/ca.pem"}
	if err := Run(t.Context(), []string{"version"}, Env{Getenv: func(k string) string { return env[k] }, Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "from SSL_CERT_FILE") {
		t.Errorf("version credits the roots to an unreadable SSL_CERT_FILE:\n%s", got)
	}
	if !strings.Contains(got, "warning: SSL_CERT_FILE=/nonexistent/ca.pem cannot be read") {
		t.Errorf("version does not warn about the unreadable SSL_CERT_FILE:\n%s", got)
	}
}

// TestCheck_unreadableCertFileWarns: a check run with an unreadable
// SSL_CERT_FILE says so as a warning of its own, not only in `version`.
func TestCheck_unreadableCertFileWarns(t *testing.T) {
	t.Parallel()
	_, env := serve(t, scenario(t, "healthy"))
	env["SSL_CERT_FILE"] = "/nonexistent/ca.pem"
	inv := runCLI(t, env, "--json")
	if !strings.Contains(inv.stdout, `"reason":"tls-roots-unreadable"`) && !strings.Contains(inv.stdout, `"reason": "tls-roots-unreadable"`) {
		t.Errorf("no tls-roots-unreadable finding:\n%s", inv.stdout)
	}
}

// TestMultiOrg_unreadableCertFileWarns: a many-org run with an unreadable
// SSL_CERT_FILE says so too, for every org that logs in, as a single-org run
// does.
func TestMultiOrg_unreadableCertFileWarns(t *testing.T) {
	t.Parallel()
	_, env := serve(t, scenario(t, "healthy"))
	env["SSL_CERT_FILE"] = "/nonexistent/ca.pem"
	env["PW"], env["TOK"] = env["SF_PASSWORD"], env["SF_SECURITY_TOKEN"]
	env["SF_ORGS"] = "- name: prod\n  login-url: " + env["SF_LOGIN_URL"] + "\n  username: " + env["SF_USERNAME"] + "\n  password-env: PW\n  security-token-env: TOK\n"
	run := runMultiCLI(t, env, "--json")
	if got := strings.Count(run.stdout, "tls-roots-unreadable"); got == 0 {
		t.Errorf("no tls-roots-unreadable finding in the many-org report:\n%s", run.stdout)
	}
}
