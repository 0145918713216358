package check

import "context"

// probes runs the post-login probes on the session the login produced.
func (r *run) probes(ctx context.Context, s session) {
	_, _ = ctx, s
}
