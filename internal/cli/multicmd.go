package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/orgs"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workspace"
)

// maxParallelism bounds the parallelism setting: far above what one runner's
// network and Salesforce's per-org concurrency make useful.
const maxParallelism = 64

// multiOrg reports whether the run checks an orgs list (orgs or orgs-file)
// instead of one org.
func multiOrg(env Env) bool {
	for _, name := range []string{"SF_ORGS", "SF_ORGS_FILE"} {
		if v, _ := config.Lookup(env.Getenv, name); strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// runMulti checks every org of the orgs list and writes one report. It
// returns the exit code the run's verdict asks for (report.NewMulti).
func runMulti(ctx context.Context, env Env, asJSON bool) (int, error) {
	// Checks run concurrently and register secrets (session ids) as they
	// learn them; on GitHub each becomes an ::add-mask:: line on stdout (on
	// stderr with --json).
	env.Stdout = &lockedWriter{w: env.Stdout}
	env.Stderr = &lockedWriter{w: env.Stderr}
	out := newOutput(env, asJSON)
	m, err := multiResult(ctx, env, out)
	if err != nil {
		return check.ExitConfig, err
	}
	// Redacted once: a deep copy of every org's result, for every output.
	rm := report.RedactMulti(m, out.secrets)
	err = out.writeMulti(rm)
	out.writeReportFile(func(w io.Writer) error { return report.MultiJSON(w, rm) })
	out.reportFailedWrites(err)
	return m.Exit, nil
}

// prepared is an org ready to check, or the result that refuses it, and
// the secrets its settings hold, to register before anything is sent.
type prepared struct {
	cfg     *check.Config
	refused *check.Result
	secrets []string
}

// multiResult validates every org before anything is sent, masking every
// org's secrets first, then checks the valid ones, parallelism at a time.
func multiResult(ctx context.Context, env Env, out *output) (*report.Multi, error) {
	raw, err := config.Load(ctx, config.Lookuper(env.Getenv))
	if err != nil {
		return nil, fmt.Errorf("failed to load the configuration: %w", err)
	}
	// Single-check secrets are not used by any org, but masked all the same.
	out.secrets.Add(raw.Secrets()...)
	failOnWarning, _ := strconv.ParseBool(strings.TrimSpace(raw.FailOnWarning))

	var refused []check.Finding
	parallelism, err := strconv.Atoi(strings.TrimSpace(raw.Parallelism))
	if err != nil || parallelism < 1 || parallelism > maxParallelism {
		refused = append(refused, configFinding("parallelism", fmt.Sprintf(
			"parallelism must be a whole number from 1 to %d (input parallelism, or SF_PARALLELISM when run locally)",
			maxParallelism)))
	}
	if f := reportFileFinding(env); f != nil {
		refused = append(refused, *f)
	}
	input, specs, err := orgsList(env, raw)
	var oe *orgs.Error
	switch {
	case errors.As(err, &oe):
		for _, p := range oe.Problems {
			refused = append(refused, configFinding(input, p.Message))
		}
	case err != nil:
		refused = append(refused, configFinding(input, err.Error()))
	}
	if len(refused) > 0 {
		m := report.NewMulti(nil, failOnWarning)
		m.Refuse(refused...)
		return m, nil
	}

	ready := make(map[string]prepared, len(specs))
	var secrets []string
	roots := rootsWarnings(env)
	for _, s := range specs {
		p := prepareOrg(ctx, env, s)
		if p.cfg != nil {
			p.cfg.Warnings = append(p.cfg.Warnings, roots...)
		}
		ready[s.Name] = p
		secrets = append(secrets, p.secrets...)
	}
	// Every org's secrets at once, before any login or output: one
	// registration builds the scrubber once, where one per org would
	// rebuild it a thousand times over.
	out.secrets.Add(secrets...)
	if dup := sameUser(specs, ready, input); len(dup) > 0 {
		m := report.NewMulti(nil, failOnWarning)
		m.Refuse(dup...)
		return m, nil
	}
	opts := env.checkOptions(out.secrets)
	results := orgs.Run(ctx, specs, parallelism, func(ctx context.Context, s orgs.Spec) *check.Result {
		p := ready[s.Name]
		if p.refused != nil {
			return p.refused
		}
		return check.Run(ctx, p.cfg, opts...)
	})
	return report.NewMulti(results, failOnWarning), nil
}

// orgsList reads and parses the list from the input that gives it, orgs or
// orgs-file (named in the result, for findings); both at once is refused.
func orgsList(env Env, raw *config.Raw) (string, []orgs.Spec, error) {
	inline, file := strings.TrimSpace(raw.Orgs) != "", strings.TrimSpace(raw.OrgsFile) != ""
	switch {
	case inline && file:
		return "orgs-file", nil, &orgs.Error{Problems: []orgs.Problem{{Key: "orgs-file", Message: "orgs and orgs-file are both set: give the list one way, in the orgs input or in the file orgs-file names, and leave the other empty"}}}
	case file:
		text, err := orgs.ReadFile(workspace.Dir(env.Getenv), raw.OrgsFile)
		if err != nil {
			return "orgs-file", nil, err //nolint:wrapcheck // an *orgs.Error, read by the caller
		}
		specs, err := orgs.Parse(text)
		return "orgs-file", specs, err //nolint:wrapcheck // as above
	}
	specs, err := orgs.Parse(raw.Orgs)
	return "orgs", specs, err //nolint:wrapcheck // as above
}

// prepareOrg loads and validates one org's configuration from its view of
// the environment, and returns its secrets for the caller to register
// before anything is printed.
func prepareOrg(ctx context.Context, env Env, s orgs.Spec) prepared {
	missing := s.MissingEnv(env.Getenv)
	raw, err := config.Load(ctx, s.Lookuper(env.Getenv))
	if err != nil {
		res := &check.Result{Name: s.Name}
		res.Add(configFinding("", fmt.Sprintf("org %s: %v", s.Name, err)))
		res.Finish()
		return prepared{refused: res}
	}
	secrets := raw.Secrets()
	cfg, err := config.Validate(raw)
	if err != nil || len(missing) > 0 {
		return prepared{refused: orgConfigResult(s, raw, missing, err), secrets: secrets}
	}
	cfg.Name = s.Name
	return prepared{cfg: cfg, secrets: secrets}
}

// orgConfigResult refuses one org: a finding per problem, each naming the org
// and the key of the orgs list (or the shared input) to fix. No login.
func orgConfigResult(s orgs.Spec, raw *config.Raw, missing []orgs.Problem, err error) *check.Result {
	res := &check.Result{Name: s.Name}
	res.Username, res.APIVersion = shownSettings(raw, err)
	unset := map[string]bool{}
	for _, p := range missing {
		res.Add(configFinding(p.Key, p.Message))
		unset[strings.TrimSuffix(p.Key, "-env")] = true
	}
	var ce *config.Error
	switch {
	case errors.As(err, &ce):
		for _, p := range ce.Problems {
			if unset[p.Input] {
				// Already reported as the variable that is not set.
				continue
			}
			where, msg := p.Input, "org "+s.Name+": "+p.Message
			if key := orgs.Key(p.Input); key != "" {
				where = key
				msg += fmt.Sprintf(" (in the orgs list: key %s of org %s)", key, s.Name)
			} else if p.Input != "" {
				msg += fmt.Sprintf(" (input %s, or %s when run locally; shared by every org)", p.Input, p.Env)
			}
			f := check.NewFinding(p.Reason, msg)
			if where != "" {
				f.Title += ": " + where
			}
			res.Add(f)
		}
	case err != nil:
		res.Add(configFinding("", "org "+s.Name+": "+err.Error()))
	}
	res.Finish()
	return res
}

// sameUser refuses a list in which two orgs would log the same user in at
// the same login URL: each would spend a login of that user's lockout
// budget, and a run logs a user in once (twice with pinpoint). The
// username is not quoted; the orgs are named.
func sameUser(specs []orgs.Spec, ready map[string]prepared, input string) []check.Finding {
	first := map[string]string{}
	var refused []check.Finding
	for _, s := range specs {
		cfg := ready[s.Name].cfg
		if cfg == nil || strings.TrimSpace(cfg.Username) == "" {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(cfg.Username)) + "\x00" + strings.ToLower(cfg.LoginURL)
		if org, ok := first[key]; ok {
			refused = append(refused, configFinding(input, fmt.Sprintf(
				"orgs %s and %s log the same user in at the same login URL: a run logs each user in once, as each login spends one of the user's failed-login budget; keep one of them, or check the other in a separate job", org, s.Name)))
			continue
		}
		first[key] = s.Name
	}
	return refused
}

// configFinding is a config-error finding about one input or key.
func configFinding(where, message string) check.Finding {
	f := check.NewFinding(check.ConfigError, message)
	if where != "" {
		f.Title += ": " + where
	}
	return f
}

// writeMulti renders a multi-org run, already redacted once by its caller
// (the report file reads the same redaction), for the chosen output.
func (o *output) writeMulti(rm report.RedactedMulti) error {
	switch {
	case o.asJSON:
		return report.MultiJSON(o.env.Stdout, rm)
	case o.runner != nil:
		err := report.MultiText(o.env.Stdout, rm, false)
		report.MultiGitHub(o.runner, rm)
		return err
	default:
		return report.MultiText(o.env.Stdout, rm, o.color())
	}
}

// lockedWriter serialises writes from concurrent checks.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p) //nolint:wrapcheck // a transparent wrapper
}
