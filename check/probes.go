package check

import (
	"context"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
)

// probes runs the post-login probes on the session the login produced
// (its instance URL, token and user id); the run adds the API version and
// the login time. They cost the org one REST call per probe (the password
// and login-history probes may add one, as they document), and never a
// login.
func (r *run) probes(ctx context.Context, s probe.Session) {
	p := r.cfg.Probes
	if !p.Session && !p.Limits && !p.Password && !p.LoginHistory && !p.OrgPolicy {
		return
	}
	s.APIVersion = r.cfg.APIVersion
	// The login was sent after the check started: its LoginHistory row is
	// the newest success since then.
	s.LoginTime = r.started
	findings, measured := probeHealth(ctx, r.tc, s, p, r.deps.now())
	for _, f := range findings {
		r.res.Add(f)
	}
	r.res.Probes = measured
	if f, ok := runnerTrust(r.cfg, measured); ok {
		r.res.Add(f)
	}
}
