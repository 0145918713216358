package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader, which
// tells a waiting reader about every write, so tests wait for output instead
// of polling it on a clock.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{} // made on first use; one pending signal at most
}

func (s *syncBuffer) signal() chan struct{} {
	if s.wrote == nil {
		s.wrote = make(chan struct{}, 1)
	}
	return s.wrote
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.b.Write(p)
	select {
	case s.signal() <- struct{}{}:
	default:
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor returns the output once ok accepts it. It wakes on each write, not
// on a timer; it gives up when the writer ends (ended receives) or, as a
// guard against a hang only, after outputHangGuard.
func (s *syncBuffer) waitFor(ok func(string) bool, ended <-chan error) (string, bool) {
	s.mu.Lock()
	wrote := s.signal()
	s.mu.Unlock()
	guard := time.NewTimer(outputHangGuard)
	defer guard.Stop()
	for {
		if out := s.String(); ok(out) {
			return out, true
		}
		select {
		case <-wrote:
		case err := <-ended:
			return fmt.Sprintf("%s\n(the command ended: %v)", s.String(), err), false
		case <-guard.C:
			return s.String(), false
		}
	}
}

// outputHangGuard only catches output that never comes; it is no measure
// of speed.
const outputHangGuard = 30 * time.Second

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
	var rows map[string]listing
	out2, ok := out.waitFor(func(s string) bool { rows = parseListing(t, s); return len(rows) == want }, done)
	if ok {
		return rows
	}
	t.Fatalf("simulate printed no table of %d cases (or ended early):\n%s", want, out2)
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
