package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestVersion_missingCertFile: `version` must not credit the roots to
// SSL_CERT_FILE when that file cannot be read (crypto/x509 skips it
// silently); it says where the roots really come from and warns.
func TestVersion_missingCertFile(t *testing.T) {
	t.Parallel()
	run := runCLI(t, map[string]string{"SSL_CERT_FILE": "/nonexistent/ca.pem"}, "version")
	if run.exit != 0 {
		t.Fatalf("exit = %d, want 0\n%s", run.exit, run.stderr)
	}
	got := run.stdout
	if strings.Contains(got, "SSL_CERT_FILE)") {
		t.Errorf("version credits the roots to an unreadable SSL_CERT_FILE:\n%s", got)
	}
	if !strings.Contains(got, "warning: SSL_CERT_FILE=/nonexistent/ca.pem cannot be read") {
		t.Errorf("version does not warn about the unreadable SSL_CERT_FILE:\n%s", got)
	}
}

// serveTLS starts the scenario's org over TLS on loopback and returns its
// settings and the CA file a client must trust.
func serveTLS(t *testing.T, name string) (map[string]string, string) {
	t.Helper()
	org := scenario(t, name).NewOrg()
	srv, err := org.Start("127.0.0.1:0", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ca := filepath.Join(t.TempDir(), "simorg-ca.pem")
	if err := os.WriteFile(ca, srv.CACertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SF_LOGIN_URL": srv.URL, "SF_ALLOW_CUSTOM_HOST": "true"}
	for k, v := range scenario(t, name).Env {
		env[k] = strings.ReplaceAll(v, "{{URL}}", srv.URL)
	}
	return env, ca
}

// TestCheck_trustsSSLCertFile: over TLS, the check trusts the CA that
// SSL_CERT_FILE names (read at the first HTTPS request, from the run's own
// environment) and logs in.
func TestCheck_trustsSSLCertFile(t *testing.T) {
	t.Parallel()
	env, ca := serveTLS(t, "healthy")
	env["SSL_CERT_FILE"] = ca
	inv := runCLI(t, env, "--json")
	if inv.exit != 0 || !strings.Contains(inv.stdout, `"org_id": "00D`) {
		t.Errorf("exit %d, want a login over TLS:\n%s", inv.exit, inv.stdout)
	}
	if strings.Contains(inv.stdout, "tls-roots-unreadable") {
		t.Errorf("a usable SSL_CERT_FILE is warned about:\n%s", inv.stdout)
	}
}

// TestCheck_unreadableCertFileWarns: a check over TLS with an unreadable
// SSL_CERT_FILE says so as a warning of its own, not only in `version`.
func TestCheck_unreadableCertFileWarns(t *testing.T) {
	t.Parallel()
	env, _ := serveTLS(t, "healthy")
	env["SSL_CERT_FILE"] = "/nonexistent/ca.pem"
	inv := runCLI(t, env, "--json")
	if !strings.Contains(inv.stdout, `"reason": "tls-roots-unreadable"`) {
		t.Errorf("no tls-roots-unreadable finding:\n%s", inv.stdout)
	}
}

// TestCheck_plainHTTPReadsNoCertFile: a check whose requests are all plain
// http (a loopback test server) reads no certificate file, so it has
// nothing to say about one, even one that cannot be read.
func TestCheck_plainHTTPReadsNoCertFile(t *testing.T) {
	t.Parallel()
	_, env := serve(t, scenario(t, "healthy"))
	env["SSL_CERT_FILE"] = "/nonexistent/ca.pem"
	inv := runCLI(t, env, "--json")
	if strings.Contains(inv.stdout, "tls-roots-unreadable") || inv.exit != 0 {
		t.Errorf("exit %d; a plain-HTTP run warns about TLS roots it never needed:\n%s", inv.exit, inv.stdout)
	}
}

// TestCheck_certFilePipe: SSL_CERT_FILE naming a named pipe (no writer)
// hung the check before its deadline existed; now the run ends, warns that
// the file is not a regular file, and the certificate is not trusted.
func TestCheck_certFilePipe(t *testing.T) {
	t.Parallel()
	env, _ := serveTLS(t, "healthy")
	fifo := filepath.Join(t.TempDir(), "ca.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	env["SSL_CERT_FILE"], env["SF_TIMEOUT"] = fifo, "2s"
	done := make(chan invocation, 1)
	go func() { done <- runCLI(t, env, "--json") }()
	select {
	case inv := <-done:
		if !strings.Contains(inv.stdout, "cannot be read (not a regular file)") {
			t.Errorf("no warning about the pipe:\n%s", inv.stdout)
		}
	case <-time.After(time.Minute):
		// Only a hang guard: the run must end by itself.
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			_ = f.Close()
		}
		t.Fatal("the check is stuck on SSL_CERT_FILE, a named pipe")
	}
}

// TestMultiOrg_unreadableCertFileWarns: a many-org run over TLS with an
// unreadable SSL_CERT_FILE says so too, for every org, as a single-org run
// does.
func TestMultiOrg_unreadableCertFileWarns(t *testing.T) {
	t.Parallel()
	env, _ := serveTLS(t, "healthy")
	env["SSL_CERT_FILE"] = "/nonexistent/ca.pem"
	env["PW"], env["TOK"] = env["SF_PASSWORD"], env["SF_SECURITY_TOKEN"]
	env["SF_ORGS"] = "- name: prod\n  login-url: " + env["SF_LOGIN_URL"] + "\n  username: " + env["SF_USERNAME"] + "\n  password-env: PW\n  security-token-env: TOK\n"
	run := runCLI(t, env, "--json")
	if got := strings.Count(run.stdout, "tls-roots-unreadable"); got == 0 {
		t.Errorf("no tls-roots-unreadable finding in the many-org report:\n%s", run.stdout)
	}
}
