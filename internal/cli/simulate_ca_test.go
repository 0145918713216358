package cli

import (
	"context"
	"os"
	"regexp"
	"testing"
)

// TestSimulate_caFileIsWorldReadable: `simulate --tls` writes the CA a client
// must trust; a container running as a non-root user (docker run --user
// 65532:65532 -v …/simorg-ca.pem:/ca.pem) must be able to read it. It is a
// certificate, not a key: nothing in it is secret.
func TestSimulate_caFileIsWorldReadable(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"simulate", "--tls", "--addr", "127.0.0.1:0", "--dir", t.TempDir()}, Env{Stdout: &out, Stderr: &out})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("simulate --tls: %v", err)
		}
	}()
	caLine := regexp.MustCompile(`SSL_CERT_FILE=(\S+)\n`)
	var m []string
	out.waitFor(func(s string) bool { m = caLine.FindStringSubmatch(s); return m != nil }, done)
	if m == nil {
		t.Fatalf("simulate --tls printed no SSL_CERT_FILE:\n%s", out.String())
	}
	fi, err := os.Stat(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o644 {
		t.Errorf("CA file mode %v, want -rw-r--r-- (0644): a non-root container user cannot read %v", got, got)
	}
}
