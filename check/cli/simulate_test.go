package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/simorg"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSimulate serves the simulated orgs as `simulate` does, points a real
// check at two of the printed cases, and stops on cancel.
func TestSimulate(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"simulate", "--addr", "127.0.0.1:0"}, Env{Stdout: &out, Stderr: &out})
	}()

	caseURL := regexp.MustCompile(`(?m)^token-missing\s+(http://127\.0\.0\.1:\d+/token-missing)\s`)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		m = caseURL.FindStringSubmatch(out.String())
	}
	if m == nil {
		cancel()
		t.Fatalf("simulate printed no URL for token-missing:\n%s", out.String())
	}
	for _, sc := range simorg.Scenarios() {
		if sc.Name != "token-missing" && sc.Name != "healthy" {
			continue
		}
		env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "SF_LOGIN_URL": strings.Replace(m[1], "/token-missing", "/"+sc.Name, 1)}
		for k, v := range sc.Env {
			env[k] = v
		}
		inv := runCLI(t, env)
		if inv.exit != sc.WantExit || !strings.Contains(inv.stdout, sc.WantReason) {
			t.Errorf("%s against simulate: exit %d, want %d and %s:\n%s", sc.Name, inv.exit, sc.WantExit, sc.WantReason, inv.stdout)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil || !strings.Contains(out.String(), "stopped") {
			t.Errorf("simulate ended with %v:\n%s", err, out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("simulate did not stop on cancel")
	}
}

func TestSimulate_refusesNonLoopback(t *testing.T) {
	t.Parallel()
	err := Run(context.Background(), []string{"simulate", "--addr", "0.0.0.0:8484"}, Env{})
	if ee, ok := err.(*ExitError); !ok || ee.Code != 2 { //nolint:errorlint // Run returns it unwrapped
		t.Errorf("simulate on 0.0.0.0: %v, want exit 2", err)
	}
}
