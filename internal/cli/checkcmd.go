package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/internal/tlsroots"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// output is where a run's report goes: GitHub, JSON or a terminal.
type output struct {
	env Env
	// runner writes workflow commands and the runner's files when the run
	// is a GitHub Actions step (nil otherwise); nothing else writes them.
	runner  *workflow.Writer
	asJSON  bool
	secrets *check.Secrets
}

func newOutput(env Env, asJSON bool) *output {
	o := &output{env: env, asJSON: asJSON}
	if env.Getenv("GITHUB_ACTIONS") == "true" {
		// With --json, stdout holds exactly one JSON object; the workflow
		// commands go to stderr, which the runner reads for commands too.
		w := env.Stdout
		if asJSON {
			w = env.Stderr
		}
		o.runner = workflow.New(env.Getenv, w)
		// Every secret is masked in the runner's log before anything else is
		// printed (::add-mask:: goes to stdout, which the runner reads).
		o.secrets = check.NewSecrets(o.runner.Mask)
	} else {
		o.secrets = check.NewSecrets(nil)
	}
	return o
}

// runCheck runs one check (or a multi-org run) and writes its report. It
// returns the exit code the verdict asks for.
func runCheck(ctx context.Context, env Env, asJSON bool) (int, error) {
	if multiOrg(env) {
		return runMulti(ctx, env, asJSON)
	}
	out := newOutput(env, asJSON)
	res, err := checkResult(ctx, env, out)
	if err != nil {
		return check.ExitConfig, err
	}
	// Redacted once: a deep copy of the result, for every output.
	rr := report.Redact(res, out.secrets)
	err = out.write(rr)
	out.writeReportFile(func(w io.Writer) error { return report.JSON(w, rr) })
	out.reportFailedWrites(err)
	return res.Exit, nil
}

// checkResult loads and validates the configuration, masking its secrets
// first, and runs the check.
func checkResult(ctx context.Context, env Env, out *output) (*check.Result, error) {
	raw, err := config.Load(ctx, config.Lookuper(env.Getenv))
	if err != nil {
		return nil, fmt.Errorf("failed to load the configuration: %w", err)
	}
	out.secrets.Add(raw.Secrets()...)
	cfg, err := config.Validate(raw)
	if f := reportFileFinding(env); err != nil || f != nil {
		res := configResult(raw, err)
		if f != nil {
			res.Add(*f)
			res.Finish()
		}
		return res, nil
	}
	cfg.Warnings = append(cfg.Warnings, rootsWarnings(env)...)
	return check.Run(ctx, cfg, env.checkOptions(out.secrets)...), nil
}

// shownSettings are the username and api-version a refused configuration's
// report shows: each only if it passed validation. A value that failed is
// never echoed: it may be a password pasted into the wrong input, or the
// value of an unrelated variable an org's username-env named.
func shownSettings(raw *config.Raw, err error) (username, apiVersion string) {
	username, apiVersion = raw.Username, raw.APIVersion
	var ce *config.Error
	if !errors.As(err, &ce) {
		return username, apiVersion
	}
	for _, p := range ce.Problems {
		switch p.Input {
		case "username":
			username = ""
		case "api-version":
			apiVersion = ""
		}
	}
	return username, apiVersion
}

// configResult reports a refused configuration: one finding per problem, no
// login attempted.
func configResult(raw *config.Raw, err error) *check.Result {
	res := &check.Result{}
	res.Username, res.APIVersion = shownSettings(raw, err)
	var ce *config.Error
	if err == nil {
		return res
	}
	if !errors.As(err, &ce) {
		res.Add(check.NewFinding(check.ConfigError, err.Error()))
		res.Finish()
		return res
	}
	for _, p := range ce.Problems {
		f := check.NewFinding(p.Reason, p.Message)
		if p.Input != "" {
			f.Title += ": " + p.Input
			if p.Env != "" {
				f.Message += fmt.Sprintf(" (input %s, or %s when run locally)", p.Input, p.Env)
			}
		}
		res.Add(f)
	}
	res.Finish()
	return res
}

// write renders a result, already redacted once by its caller (the report
// file reads the same redaction), for the chosen output.
func (o *output) write(rr report.Redacted) error {
	switch {
	case o.asJSON:
		return report.JSON(o.env.Stdout, rr)
	case o.runner != nil:
		err := report.Text(o.env.Stdout, rr, false)
		report.GitHub(o.runner, rr)
		return err
	default:
		return report.Text(o.env.Stdout, rr, o.color())
	}
}

// reportFailedWrites adds an error line on stderr for a report, a workflow
// command or a runner file that could not be written. It never changes the
// exit code: that is the verdict's, and exit 3 on a definite fail would
// invite a retry that spends another failed login.
func (o *output) reportFailedWrites(err error) {
	if o.runner != nil {
		err = errors.Join(err, o.runner.Err())
	}
	if err != nil {
		_, _ = fmt.Fprintf(o.env.Stderr, "salesforce-login-check: error: the report was not fully written (the verdict and exit code stand): %s\n",
			strings.NewReplacer("\n", "; ", "##[", "## [").Replace(o.secrets.Scrub(err.Error())))
	}
}

// color follows https://no-color.org: any NO_COLOR value turns colour off.
func (o *output) color() bool {
	return o.env.IsTerminal && o.env.Getenv("NO_COLOR") == "" && o.env.Getenv("TERM") != "dumb"
}

// rootsWarnings says, once per check, that SSL_CERT_FILE or SSL_CERT_DIR is
// set but cannot be used, so an "unknown authority" that follows is not a
// mystery. Single and many-org runs alike.
func rootsWarnings(env Env) []check.Warning {
	if w := tlsroots.Check(env.Getenv); w != "" {
		return []check.Warning{{Reason: check.TLSRootsUnreadable, Message: w}}
	}
	return nil
}
