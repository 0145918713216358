package cli

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
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

// listing is one row of the simulate table, as .ci/e2e.sh reads it.
type listing struct {
	name, url, expected string
	settings            map[string]string
}

// startSimulate runs `simulate` with args until the test ends and returns
// its table once printed.
func startSimulate(t *testing.T, args ...string) map[string]listing {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, append([]string{"simulate"}, args...), Env{Stdout: &out, Stderr: &out})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil || !strings.Contains(out.String(), "stopped") {
				t.Errorf("simulate ended with %v:\n%s", err, out.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("simulate did not stop on cancel")
		}
	})
	want := len(simorg.Scenarios())
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if rows := parseListing(t, out.String()); len(rows) == want {
			return rows
		}
		select {
		case err := <-done:
			t.Fatalf("simulate ended early with %v:\n%s", err, out.String())
		default:
		}
	}
	t.Fatalf("simulate printed no table of %d cases:\n%s", want, out.String())
	return nil
}

// parseListing reads the table by its columns: CASE, SF_LOGIN_URL, SETTINGS
// (KEY=VALUE words), EXPECTED.
func parseListing(t *testing.T, out string) map[string]listing {
	t.Helper()
	rows := map[string]listing{}
	inTable := false
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "CASE" {
			inTable = true
			continue
		}
		if !inTable || len(f) < 3 || f[0] == "stopped" {
			continue
		}
		l := listing{name: f[0], url: f[1], expected: f[len(f)-1], settings: map[string]string{}}
		for _, kv := range f[2 : len(f)-1] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Errorf("case %s: setting %q is not KEY=VALUE", l.name, kv)
			}
			l.settings[k] = v
		}
		rows[l.name] = l
	}
	return rows
}

// TestSimulate points a real check at every case simulate prints, with the
// printed settings only, and holds each to its expected reason: the routing
// by username, the ports of org-wide cases and the key files all work as
// pasted.
func TestSimulate(t *testing.T) {
	t.Parallel()
	rows := startSimulate(t, "--addr", "127.0.0.1:0")
	hostOnly := regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`)
	for _, sc := range simorg.Scenarios() {
		row, ok := rows[sc.Name]
		if !ok {
			t.Errorf("simulate lists no case %s", sc.Name)
			continue
		}
		if !hostOnly.MatchString(row.url) {
			t.Errorf("%s: SF_LOGIN_URL %q has more than scheme, host and port", sc.Name, row.url)
		}
		if row.expected != sc.WantReason {
			t.Errorf("%s: EXPECTED %s, want %s", sc.Name, row.expected, sc.WantReason)
		}
		if _, inline := row.settings["SF_PRIVATE_KEY"]; inline {
			t.Errorf("%s: the private key is printed inline", sc.Name)
		}
		env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "SF_LOGIN_URL": row.url}
		for k, v := range row.settings {
			env[k] = v
		}
		if sc.Name == "stalled-after-login" {
			// Its 1s timeout must cover the login too; on a loaded 2-core
			// machine under -race that is tight. The stall is what is tested.
			env["SF_TIMEOUT"] = "3s"
		}
		inv := runCLI(t, env)
		if inv.exit != sc.WantExit || !strings.Contains(inv.stdout, sc.WantReason) {
			t.Errorf("%s against simulate: exit %d, want %d and %s:\n%s", sc.Name, inv.exit, sc.WantExit, sc.WantReason, inv.stdout)
		}
	}
}

// TestSimulate_ipv6 serves on [::1], as the flag's help says it can.
func TestSimulate_ipv6(t *testing.T) {
	t.Parallel()
	rows := startSimulate(t, "--addr", "[::1]:0")
	row := rows["healthy"]
	if !strings.HasPrefix(row.url, "http://[::1]:") {
		t.Fatalf("healthy is served at %q, want http://[::1]:port", row.url)
	}
	env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "SF_LOGIN_URL": row.url}
	for k, v := range row.settings {
		env[k] = v
	}
	if inv := runCLI(t, env); inv.exit != 0 || !strings.Contains(inv.stdout, "flow-retiring") {
		t.Errorf("healthy over [::1]: exit %d:\n%s", inv.exit, inv.stdout)
	}
}

func TestSimulate_refusesNonLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:8484", "[::]:8484", "192.0.2.1:8484", "127.0.0.1"} {
		err := Run(context.Background(), []string{"simulate", "--addr", addr}, Env{Stderr: io.Discard})
		if ee, ok := err.(*ExitError); !ok || ee.Code != 2 { //nolint:errorlint // Run returns it unwrapped
			t.Errorf("simulate on %s: %v, want exit 2", addr, err)
		}
	}
}
