// Package workflow is the one way the check writes to a GitHub Actions
// runner: workflow commands on stdout (masks, annotations) and the runner's
// files (outputs, job summary). It holds the runner's limits, so that no
// caller can exceed them, and it never panics and never fails a run: a write
// that fails is recorded and reported by Err.
package workflow
