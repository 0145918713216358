package tlsroots

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// hangGuard only catches a load that never returns; it measures nothing.
const hangGuard = 30 * time.Second

// loadRoots loads the roots of env, failing the test if that hangs.
func loadRoots(t *testing.T, env map[string]string) *Roots {
	t.Helper()
	type result struct {
		r   *Roots
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := NewSource(func(k string) string { return env[k] }).Load(context.Background())
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		if res.err != nil {
			t.Fatal(res.err)
		}
		return res.r
	case <-time.After(hangGuard):
		t.Fatalf("loading the roots has not returned after %v: it waits on a file", hangGuard)
		return nil
	}
}

// TestLoad_warnings: SSL_CERT_FILE or SSL_CERT_DIR naming something that
// cannot be used is a warning that names it and what it leads to; a named
// pipe or a device is refused at once, never waited on.
func TestLoad_warnings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := newPKI(t)
	good, notPEM, fifo := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "notes.txt"), filepath.Join(dir, "fifo")
	for path, b := range map[string][]byte{good: pemOf(p.bundle...), notPEM: []byte("not a certificate")} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
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
		{"a directory as the file", map[string]string{"SSL_CERT_FILE": dir}, "cannot be read (not a regular file)"},
		{"a named pipe as the file", map[string]string{"SSL_CERT_FILE": fifo}, "fifo cannot be read (not a regular file)"},
		{"a device as the file", map[string]string{"SSL_CERT_FILE": "/dev/zero"}, "/dev/zero cannot be read (not a regular file)"},
		{"a file without certificates", map[string]string{"SSL_CERT_FILE": notPEM}, "holds no PEM certificate"},
		{"a missing directory in the list", map[string]string{"SSL_CERT_DIR": dir + ":" + filepath.Join(dir, "nope")}, "SSL_CERT_DIR entry " + filepath.Join(dir, "nope")},
		{"a named pipe as the directory", map[string]string{"SSL_CERT_DIR": fifo}, "SSL_CERT_DIR entry " + fifo + " cannot be read (not a directory)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := loadRoots(t, tc.env).warning
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

// TestLoad_embeddedOnlyWithoutSystemRoots: the embedded Mozilla roots are
// used when the bundle and the directories hold none, and only then.
func TestLoad_embeddedOnlyWithoutSystemRoots(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.pem")
	good := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, pemOf(newPKI(t).bundle...), 0o644); err != nil {
		t.Fatal(err)
	}
	none := loadRoots(t, map[string]string{"SSL_CERT_FILE": empty, "SSL_CERT_DIR": t.TempDir()})
	if !strings.Contains(none.where, "embedded") || none.bundle.n < 100 {
		t.Errorf("no system roots: %q with %d roots, want the embedded Mozilla set", none.where, none.bundle.n)
	}
	own := loadRoots(t, map[string]string{"SSL_CERT_FILE": good, "SSL_CERT_DIR": t.TempDir()})
	if own.bundle.n != 3 || !strings.Contains(own.where, "3 roots from "+good+" (SSL_CERT_FILE)") {
		t.Errorf("SSL_CERT_FILE with 3 roots: %q with %d roots", own.where, own.bundle.n)
	}
}

// TestTransport_plainHTTPReadsNoRoots: a plain-HTTP request neither looks
// up SSL_CERT_FILE nor loads any root, and warns of nothing; the first
// HTTPS request loads them, once.
func TestTransport_plainHTTPReadsNoRoots(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(srv.Close)
	var lookups atomic.Int64
	src := NewSource(func(k string) string {
		lookups.Add(1)
		if k == "SSL_CERT_FILE" {
			return "/nonexistent/ca.pem"
		}
		return ""
	})
	client := &http.Client{Transport: src.Transport()}
	t.Cleanup(client.CloseIdleConnections)
	for range 3 {
		resp, err := client.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	if n := lookups.Load(); n != 0 || src.loaded() != nil || src.Warning() != "" {
		t.Errorf("plain-HTTP requests looked up the roots' settings %d times (loaded: %v, warning %q), want none", n, src.loaded() != nil, src.Warning())
	}
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(tlsSrv.Close)
	var first *Roots
	for range 2 {
		// httptest's certificate is not among any trusted roots.
		if _, err := client.Get(tlsSrv.URL); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("HTTPS to an untrusted certificate: %v, want a certificate error", err)
		}
		if first == nil {
			first = src.loaded()
		} else if src.loaded() != first {
			t.Error("the roots were loaded again")
		}
	}
	if first == nil || !strings.Contains(src.Warning(), "SSL_CERT_FILE=/nonexistent/ca.pem cannot be read") {
		t.Errorf("after HTTPS requests: loaded %v, warning %q", first != nil, src.Warning())
	}
}

// TestLoad_deadline: a load whose context is done returns its error and
// keeps nothing, so the next run's load reads the roots.
func TestLoad_deadline(t *testing.T) {
	t.Parallel()
	src := NewSource(func(string) string { return "" })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := src.Load(ctx); err == nil {
		t.Error("a load under a done context succeeded")
	}
	if src.loaded() != nil {
		t.Error("a load cut short was kept")
	}
	if _, err := src.Load(context.Background()); err != nil {
		t.Errorf("a later load: %v", err)
	}
}
