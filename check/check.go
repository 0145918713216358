package check

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// An Option sets one of the ambient things a check uses; a check without
// options uses the defaults.
type Option func(*deps)

// WithHTTPClient sends every request of the check through c (default: a
// plain client). The check's egress gate and redirect rule wrap it either way.
func WithHTTPClient(c *http.Client) Option { return func(d *deps) { d.http = c } }

// WithClock sets the clock (default: time.Now).
func WithClock(now func() time.Time) Option { return func(d *deps) { d.now = now } }

// WithSecrets registers the check's secrets in s, the run's one set, instead
// of a set of its own: the caller masks its outputs with the same set. The
// check adds its configuration's secrets itself before it sends anything
// (a caller may have added them before, as a many-org run does for every
// org at once), and what it learns (session ids, access and refresh tokens,
// a signed assertion) as it learns it.
func WithSecrets(s *Secrets) Option { return func(d *deps) { d.secrets = s } }

// WithBackoff sets the base delay between network retries (default: the
// transport's).
func WithBackoff(b time.Duration) Option { return func(d *deps) { d.backoff = b } }

// WithLateWarnings adds the warnings late returns once the check's requests
// are done, before its verdict: what is learnt only while the check runs,
// such as a TLS roots setting that cannot be used (read at the first HTTPS
// request, and only then).
func WithLateWarnings(late func() []Warning) Option { return func(d *deps) { d.late = late } }

// deps are the ambient things a check uses.
type deps struct {
	http    *http.Client
	now     func() time.Time
	secrets *Secrets
	backoff time.Duration
	late    func() []Warning
}

// transport is the client of every request of a check, behind the egress
// gate of its login URL.
func (d deps) transport(cfg *Config) *transport.Client {
	var opts []transport.Option
	if d.backoff > 0 {
		opts = append(opts, transport.WithBackoff(d.backoff))
	}
	opts = append(opts, transport.WithSecrets(d.secrets))
	return transport.New(d.http, transport.NewGate(cfg.LoginURL, cfg.AllowCustomHost), opts...)
}

// run is the state of one check.
type run struct {
	cfg     *Config
	deps    deps
	tc      *transport.Client
	res     *Result
	started time.Time
	// held are the sessions the run obtained and has not ended yet.
	held []held
}

// Run performs one check and returns its finished result. It never returns
// nil and never panics on anything Salesforce answers.
func Run(ctx context.Context, cfg *Config, opts ...Option) *Result {
	d := deps{now: time.Now}
	for _, o := range opts {
		o(&d)
	}
	if d.secrets == nil {
		d.secrets = NewSecrets(nil)
	}
	d.secrets.Add(cfg.secrets()...)
	r := &run{cfg: cfg, deps: d, tc: d.transport(cfg), started: d.now()}
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

	r.flow(ctx)
	if d.late != nil {
		for _, w := range d.late() {
			r.res.Add(NewFinding(w.Reason, w.Message))
		}
	}
	// Last, so that among findings of equal weight what the login and the
	// probes found decides the reason.
	r.retirement()
	r.apiVersionDeprecation()
	if errors.Is(parent.Err(), context.Canceled) {
		r.cancelled()
	}
	r.res.Finish()
	return r.res
}

// flow runs the configured flow and then ends every session it obtained,
// whichever way it returned.
func (r *run) flow(ctx context.Context) {
	defer r.endSessions(ctx)
	switch r.cfg.Flow {
	case FlowSOAP:
		r.soap(ctx)
	default:
		r.oauth(ctx)
	}
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
