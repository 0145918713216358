package check

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Deps are the ambient things a check uses, injected for tests.
type Deps struct {
	// HTTP is the client for every request (nil: a default client).
	HTTP *http.Client
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Secrets receives every secret learned during the check (session ids,
	// access tokens) before anything is printed. Required.
	Secrets *redact.Secrets
	// Backoff is the base delay between network retries (0: the default).
	Backoff time.Duration
}

func (d Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// transport is the client of every request of a check, behind the egress
// gate of its login URL.
func (d Deps) transport(cfg *Config) *transport.Client {
	var opts []transport.Option
	if d.Backoff > 0 {
		opts = append(opts, transport.WithBackoff(d.Backoff))
	}
	if d.Secrets != nil {
		opts = append(opts, transport.WithScrub(d.Secrets.Scrub))
	}
	return transport.New(d.HTTP, transport.NewGate(cfg.LoginURL, cfg.AllowCustomHost), opts...)
}

// run is the state of one check.
type run struct {
	cfg     *Config
	deps    Deps
	tc      *transport.Client
	res     *Result
	started time.Time
}

// Run performs one check and returns its finished result. It never returns
// nil and never panics on anything Salesforce answers.
func Run(ctx context.Context, cfg *Config, deps Deps) *Result {
	if deps.Secrets == nil {
		deps.Secrets = redact.New(nil)
	}
	r := &run{cfg: cfg, deps: deps, tc: deps.transport(cfg), started: deps.now()}
	r.res = &Result{
		Name:          cfg.Name,
		Username:      cfg.Username,
		LoginHost:     cfg.LoginHost,
		APIVersion:    cfg.APIVersion,
		AuthFlow:      string(cfg.Flow),
		FailOnWarning: cfg.FailOnWarning,
	}
	for _, w := range cfg.Warnings {
		r.res.Add(NewFinding(w.Reason, w.Message))
	}
	for _, n := range cfg.Notes {
		r.res.Add(Finding{Severity: SeverityInfo, Reason: OK, Title: "Setting repaired", Message: n})
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()

	switch cfg.Flow {
	case FlowSOAP:
		r.soap(ctx)
	default:
		r.oauth(ctx)
	}
	// Last, so that among findings of equal weight what the login and the
	// probes found decides the reason.
	r.retirement()
	if errors.Is(parent.Err(), context.Canceled) {
		r.cancelled()
	}
	r.res.Finish()
	return r.res
}

// cancelled makes a run that was cancelled (a cancelled workflow's SIGTERM)
// end with status error, whatever it had found by then.
func (r *run) cancelled() {
	for _, f := range r.res.Findings {
		if f.Reason == Cancelled && f.Severity == SeverityError {
			return
		}
	}
	r.res.Add(NewFinding(Cancelled, "The run was cancelled (SIGINT or SIGTERM) before the check finished; any session it opened was logged out."))
}

// elapsed records the latency of the login so far.
func (r *run) elapsed() {
	r.res.LatencyMS = r.deps.now().Sub(r.started).Milliseconds()
}

// cleanupContext gives logout and revoke a few seconds even when the check's
// context is done (a cancelled workflow still logs its session out).
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}
