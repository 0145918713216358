package check

import (
	"context"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Verdicts of a Health row.
const (
	verdictOK           = "ok"
	verdictWarning      = "warning"
	verdictFail         = "fail"
	verdictNotPermitted = "not permitted"
	verdictUnknown      = "unknown"
)

// Probe names, as shown in the Health section, and the inputs that turn each off.
const (
	nameSession      = "session"
	nameLimits       = "api-limits"
	namePassword     = "password"
	nameLoginHistory = "login-history"

	inputSession      = "probe-session"
	inputLimits       = "probe-limits"
	inputPassword     = "probe-password"
	inputLoginHistory = "probe-login-history"
)

// prober is one run of the probes: what they share and what they found.
type prober struct {
	rest     *probe.Client
	tc       *transport.Client
	org      *orgState
	s        probe.Session
	cfg      ProbeSettings
	now      time.Time
	findings []Finding
	out      *Probes
}

// step is one probe; it adds exactly one Health row and reports whether the
// run must stop (the session or the API is refused).
type step func(ctx context.Context) (stop bool)

// Run runs the enabled probes in this order: usable, limits, org policy,
// password, login history; the org policy's verdict comes last, once the
// login history may have found the egress IP. If the session is rejected (401), the API is disabled or its
// request limit is exceeded (403), no daily API request is left, or the
// password has expired, it stops after that probe; it also stops when ctx is
// done. It returns the findings in the order found (nil when there are none)
// and the measured values, with one Health row per probe run. A probe the
// user may not run, or one that cannot finish (network, timeout, unreadable
// answer), gives an info finding: it never fails the check.
func probeHealth(ctx context.Context, tc *transport.Client, s probe.Session, cfg ProbeSettings, now time.Time) ([]Finding, *Probes) {
	p := &prober{rest: probe.NewClient(tc, s), tc: tc, s: s, cfg: cfg, now: now, out: &Probes{}}
	steps := []struct {
		on  bool
		run step
	}{
		{cfg.Session, p.usable},
		{cfg.Limits, p.limits},
		{cfg.OrgPolicy, p.orgPolicy},
		{cfg.Password, p.password},
		{cfg.LoginHistory, p.loginHistory},
	}
	for _, st := range steps {
		if !st.on {
			continue
		}
		if st.run(ctx) || ctx.Err() != nil {
			break
		}
	}
	if p.org != nil {
		p.finishOrgPolicy()
	}
	return p.findings, p.out
}

func (p *prober) add(f Finding) { p.findings = append(p.findings, f) }

func (p *prober) health(name, value, threshold, verdict string) {
	p.out.Health = append(p.out.Health, HealthRow{Probe: name, Value: value, Threshold: threshold, Verdict: verdict})
}

// info records a finding that never fails the check. Reasons other than
// probe-not-permitted come from the login's vocabulary (network-error,
// timeout, …), whose remedies speak of the login; a probe's remedy replaces it.
func (p *prober) info(r Reason, input, message string) {
	f := NewFinding(r, message)
	f.Severity = SeverityInfo
	if r != ProbeNotPermitted {
		f.Remedy = "This probe could not finish, so it says nothing about the credentials: the login result stands. " +
			"Retry later, or turn the probe off with " + input + ": false."
	}
	p.add(f)
}
