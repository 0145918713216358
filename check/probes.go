package check

import (
	"context"

	"github.com/salesforce-login-check/salesforce-login-check/check/probe"
)

// probes runs the post-login probes on the session the login produced. They
// cost the org the REST calls probe.Calls lists, and never a login.
func (r *run) probes(ctx context.Context, s session) {
	p := r.cfg.Probes
	if !p.Session && !p.Limits && !p.Password && !p.LoginHistory {
		return
	}
	findings, measured := probe.Run(ctx, r.tc, probe.Session{
		InstanceURL: s.InstanceURL,
		Token:       s.Token,
		UserID:      s.UserID,
		APIVersion:  r.cfg.APIVersion,
		// The login was sent after the check started: its LoginHistory row
		// is the newest success since then.
		LoginTime: r.started,
	}, p, r.deps.now())
	for _, f := range findings {
		r.res.Add(f)
	}
	r.res.Probes = measured
}
