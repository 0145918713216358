package cli

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestRun_cancelledDuringLogin cancels the run (a cancelled workflow, Ctrl-C)
// while the login host holds the login request: the check ends promptly with
// an inconclusive verdict, not a timeout and not a judgement of the
// credentials.
func TestRun_cancelledDuringLogin(t *testing.T) {
	t.Parallel()

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var (
		once    sync.Once
		reached atomic.Bool
	)
	release := make(chan struct{})
	srv, st, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() {
			reached.Store(true)
			cancel()
		})
		// Hold the request until the client gives up on it, or the test
		// ends: no answer ever comes while the run is on.
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	// Cleanups run last-in first-out: release goes before the server closes.
	t.Cleanup(func() { close(release) })
	var dials atomic.Int64
	client := newFaultClient(&dials)
	login := &firstRequest{next: client.Transport}
	client.Transport = login

	// The run's timeout (30s) is far beyond the cancellation: only the
	// cancellation can end the held request.
	run := runHostile(ctx, t, client, soapVars(srv.URL, "30s"), "--json")

	res := parseJSONReport(t, run.stdout)
	got := struct {
		Exit   int
		Status check.Status
		Reason check.Reason
	}{run.exit, res.Status, res.Reason}
	want := got
	want.Exit, want.Status, want.Reason = check.ExitInconclusive, check.StatusError, check.Cancelled
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verdict (-want, +got):\n%s\nfindings: %+v", diff, res.Findings)
	}
	// The run returned (runCheck's hang guard) although the server never
	// answered: the cancellation reached the held login request and ended it.
	if !reached.Load() {
		t.Error("the login request never reached the server")
	} else if !errors.Is(login.err, context.Canceled) {
		t.Errorf("the login request ended with %v, want the run's cancellation (context.Canceled)", login.err)
	}
	gotTraffic := traffic{Dials: int(dials.Load()), Conns: int(st.conns.Load()), Logins: int(st.logins.Load()), Logouts: int(st.logouts.Load()), Other: int(st.other.Load())}
	if diff := cmp.Diff(traffic{Dials: 1, Conns: 1, Logins: 1}, gotTraffic); diff != "" {
		t.Errorf("traffic (-want, +got):\n%s", diff)
	}
}

// TestRun_cancelledAfterLogin cancels the run once the login has succeeded,
// while the next request is in flight: the session the check opened must
// still be logged out (cleanup runs on a context of its own).
func TestRun_cancelledAfterLogin(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name   string
		probes string
	}{
		// With the probes on, the first request after the login is a probe
		// (or the logout, where no probe applies).
		{name: "at the first post-login request", probes: "true"},
		// With the probes off, it is the logout itself.
		{name: "at the logout", probes: "false"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := simorg.New("Hardening Inc", &simorg.User{Username: faultUser, Password: faultPassword, Token: faultToken})
			inner := org.Handler()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var cancelled atomic.Bool
			var srv *httptest.Server
			var st *serverStats
			var done <-chan struct{}
			srv, st, done = startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				if soapAction(r) != "login" && cancelled.CompareAndSwap(false, true) {
					cancel()
					// A probe runs on the run's context: hold its request
					// until the client gives up on it, so the cancellation
					// lands while it is open. The logout runs on a context
					// of its own and is answered at once.
					if !isLogout(r) {
						select {
						case <-r.Context().Done():
						case <-done:
						}
					}
				}
				inner.ServeHTTP(w, r)
			})
			vars := soapVars(srv.URL, "30s")
			for _, k := range []string{"SF_PROBE_SESSION", "SF_PROBE_LIMITS", "SF_PROBE_PASSWORD", "SF_PROBE_LOGIN_HISTORY", "SF_PROBE_ORG_POLICY"} {
				vars[k] = tc.probes
			}
			var dials atomic.Int64
			client := newFaultClient(&dials)

			run := runHostile(ctx, t, client, vars, "--json")

			res := parseJSONReport(t, run.stdout)
			t.Logf("verdict %s/%s; requests the org saw: %v", res.Status, res.Reason, org.Requests())
			if !cancelled.Load() {
				t.Fatalf("no request followed the login; verdict %s/%s: %+v", res.Status, res.Reason, res.Findings)
			}
			if n := org.LiveSessions(); n != 0 {
				t.Errorf("org has %d live sessions after a cancelled run, want 0", n)
			}
			if got := []int{org.Attempts(), int(st.logins.Load()), int(st.logouts.Load())}; !cmp.Equal([]int{1, 1, 1}, got) {
				t.Errorf("login attempts, login requests, logout requests = %v, want [1 1 1]", got)
			}
			if res.Attempts != 1 {
				t.Errorf("report counts %d attempts, want 1", res.Attempts)
			}
			// A cancelled run is inconclusive, whatever it had found by then.
			got := []any{run.exit, res.Status, res.Reason}
			if want := []any{check.ExitInconclusive, check.StatusError, check.Cancelled}; !cmp.Equal(want, got) {
				t.Errorf("exit, status, reason = %v, want %v", got, want)
			}
		})
	}
}
