package orgs

import (
	"context"
	"sync"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// Run calls one exactly once per org, at most parallelism at a time, and
// returns the results in the order of specs. A parallelism below 1 means 1.
// one owns cancellation: when ctx ends it must still return a result (a
// check does, with reason cancelled), so that every org has its row.
func Run(ctx context.Context, specs []Spec, parallelism int, one func(ctx context.Context, s Spec) *check.Result) []*check.Result {
	results := make([]*check.Result, len(specs))
	workers := min(max(parallelism, 1), len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i] = one(ctx, specs[i])
			}
		})
	}
	for i := range specs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
