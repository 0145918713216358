package tlsroots

import (
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cert, err := simorg.NewCertificate()
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "ca.pem")
	notPEM := filepath.Join(dir, "notes.txt")
	for path, b := range map[string][]byte{good: cert.PEM, notPEM: []byte("not a certificate")} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		env  map[string]string
		want string // substring; "" means no warning
	}{
		{"nothing set", nil, ""},
		{"a readable CA file", map[string]string{"SSL_CERT_FILE": good}, ""},
		{"a readable directory", map[string]string{"SSL_CERT_DIR": dir}, ""},
		{"a missing file", map[string]string{"SSL_CERT_FILE": filepath.Join(dir, "gone.pem")}, "gone.pem cannot be read (no such file or directory)"},
		{"a directory as the file", map[string]string{"SSL_CERT_FILE": dir}, "cannot be read"},
		{"a file without certificates", map[string]string{"SSL_CERT_FILE": notPEM}, "holds no PEM certificate"},
		{"a missing directory in the list", map[string]string{"SSL_CERT_DIR": dir + ":" + filepath.Join(dir, "nope")}, "SSL_CERT_DIR entry " + filepath.Join(dir, "nope")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Check(func(k string) string { return tc.env[k] })
			switch {
			case tc.want == "" && got != "":
				t.Errorf("warning %q, want none", got)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("warning %q, want it to contain %q", got, tc.want)
			case tc.want != "" && !strings.Contains(got, "unknown authority"):
				t.Errorf("warning %q does not say what it leads to", got)
			}
		})
	}
}

func TestEmbedded(t *testing.T) {
	t.Parallel()
	pool, n := embedded()
	if n < 100 {
		t.Errorf("%d embedded roots, want the Mozilla set (100+)", n)
	}
	if pool.Equal(x509.NewCertPool()) {
		t.Error("the embedded pool is empty")
	}
}

// TestTransport_plainHTTPBuildsNoTLS: a plain-HTTP request is sent without
// building the TLS transport, and an HTTPS one builds it once.
func TestTransport_plainHTTPBuildsNoTLS(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	var lookups int
	rt := Transport(func(k string) string {
		lookups++
		return ""
	})
	resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if lookups != 0 {
		t.Errorf("a plain-HTTP request looked up TLS roots %d times, want 0", lookups)
	}
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(tlsSrv.Close)
	for range 2 {
		// httptest's certificate is not among any trusted roots: the
		// request fails, after the roots were looked up.
		if _, err := (&http.Client{Transport: rt}).Get(tlsSrv.URL); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("HTTPS to an untrusted certificate: %v, want a certificate error", err)
		}
	}
	if lookups == 0 {
		t.Error("HTTPS requests never looked up the TLS roots")
	}
	lt := rt.(*lazyTransport) //nolint:forcetypeassert // the type Transport returns
	if first, second := lt.tls(), lt.tls(); first != second {
		t.Error("the TLS transport is built more than once")
	}
}
