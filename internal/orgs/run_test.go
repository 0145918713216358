package orgs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

func TestOrgsRun_BoundsConcurrency(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name        string
		orgs        int
		parallelism int
		wantMax     int
	}{
		{name: "more_orgs_than_workers", orgs: 40, parallelism: 8, wantMax: 8},
		{name: "fewer_orgs_than_workers", orgs: 3, parallelism: 8, wantMax: 3},
		{name: "one_at_a_time", orgs: 5, parallelism: 1, wantMax: 1},
		{name: "zero_means_one", orgs: 4, parallelism: 0, wantMax: 1},
		{name: "no_orgs", orgs: 0, parallelism: 8, wantMax: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// In a synctest bubble time.Sleep returns only once every
			// goroutine of the bubble is blocked: by then every worker that
			// can take an org holds one, so the maximum is exact, not a
			// matter of scheduling luck.
			synctest.Test(t, func(t *testing.T) { runBounded(t, tc.orgs, tc.parallelism, tc.wantMax) })
		})
	}
}

// runBounded runs orgs checks with the given parallelism, each sleeping on
// the bubble's fake clock, and holds the in-flight maximum to wantMax.
func runBounded(t *testing.T, orgs, parallelism, wantMax int) {
	specs := make([]Spec, orgs)
	for i := range specs {
		specs[i].Name = fmt.Sprintf("org-%02d", i)
	}
	var inFlight, maxInFlight atomic.Int32
	var mu sync.Mutex
	calls := map[string]int{}
	got := Run(context.Background(), specs, parallelism, func(_ context.Context, s Spec) *check.Result {
		n := inFlight.Add(1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		// On the bubble's clock: every worker is busy before any wakes.
		time.Sleep(time.Millisecond)
		inFlight.Add(-1)
		mu.Lock()
		calls[s.Name]++
		mu.Unlock()
		return &check.Result{Name: s.Name}
	})
	if int(maxInFlight.Load()) != wantMax {
		t.Errorf("at most %d checks in flight, want %d", maxInFlight.Load(), wantMax)
	}
	if len(got) != orgs {
		t.Fatalf("got %d results, want %d", len(got), orgs)
	}
	for i, r := range got {
		if r.Name != specs[i].Name {
			t.Errorf("result %d is %q, want %q (input order)", i, r.Name, specs[i].Name)
		}
		if calls[specs[i].Name] != 1 {
			t.Errorf("org %s checked %d times, want exactly once", specs[i].Name, calls[specs[i].Name])
		}
	}
}
