package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/orgs"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// output is where a run's report goes: GitHub, JSON or a terminal, and the
// report file.
type output struct {
	env Env
	// runner writes workflow commands and the runner's files when the run
	// is a GitHub Actions step (nil otherwise); nothing else writes them.
	runner  *workflow.Writer
	asJSON  bool
	secrets *check.Secrets
	// reportFile is the report-file input: the path the JSON report goes
	// to, "" for none.
	reportFile string
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

// runCheck runs one check or a multi-org run and writes its report. Both
// take this one route: a run is a list of results (report.Multi), the one
// check's the list of one, redacted once and rendered for every output. It
// returns the exit code the verdict asks for.
func runCheck(ctx context.Context, env Env, asJSON bool) (int, error) {
	// Checks of an orgs list run concurrently and register secrets (session
	// ids) as they learn them; on GitHub each becomes an ::add-mask:: line on
	// stdout (on stderr with --json).
	env.Stdout = &lockedWriter{w: env.Stdout}
	env.Stderr = &lockedWriter{w: env.Stderr}
	out := newOutput(env, asJSON)
	run, err := out.run(ctx)
	if err != nil {
		return check.ExitConfig, err
	}
	// Redacted once: a deep copy of every result, for every output.
	rm := report.RedactMulti(run, out.secrets)
	err = out.write(rm)
	out.writeReportFile(rm)
	out.reportFailedWrites(err)
	return run.Exit, nil
}

// run reads the settings once, masks their secrets, validates them and runs
// what they ask for: one check, or every org of an orgs list.
func (o *output) run(ctx context.Context) (*report.Multi, error) {
	raw, err := config.Load(ctx, config.Lookuper(o.env.Getenv))
	if err != nil {
		return nil, fmt.Errorf("failed to load the configuration: %w", err)
	}
	// Every secret the settings hold is masked before anything is printed;
	// a multi-org run's single-check secrets are not used by any org, but
	// masked all the same.
	o.secrets.Add(raw.Secrets()...)
	o.reportFile = strings.TrimSpace(raw.ReportFile)
	settings, err := config.Validate(raw)
	if list := raw.ListInput(); list != "" {
		return multiResult(ctx, o.env, o, raw, list, settings, err), nil
	}
	return report.One(checkResult(ctx, o.env, o, raw, settings, err)), nil
}

// checkResult runs the one check of settings, or reports why it was refused.
func checkResult(ctx context.Context, env Env, out *output, raw *config.Raw, settings *config.Settings, err error) *check.Result {
	if f := out.reportFileFinding(); err != nil || f != nil {
		res := configResult(raw, err)
		if f != nil {
			res.Add(*f)
			res.Finish()
		}
		return res
	}
	cfg := settings.Check
	return check.Run(ctx, cfg, env.checkOptions(out.secrets)...)
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
	if err == nil {
		return res
	}
	for _, f := range refusal(err, "", "") {
		res.Add(f)
	}
	res.Finish()
	return res
}

// refusal turns a refused configuration or orgs list into findings, one per
// problem, each titled with the input or key to fix and saying where that is
// set: the one place a *config.Error becomes findings. list is the input
// that gives the orgs list ("" for one check); org is the org of the list
// whose own settings were refused ("" for the run).
func refusal(err error, list, org string) []check.Finding {
	var ce *config.Error
	if !errors.As(err, &ce) {
		if org != "" {
			return []check.Finding{configFinding("", "org "+org+": "+err.Error())}
		}
		return []check.Finding{configFinding(list, err.Error())}
	}
	out := make([]check.Finding, 0, len(ce.Problems))
	for _, p := range ce.Problems {
		where, msg := p.Input, p.Message
		switch {
		case p.Input == "" && org != "":
			// A key of the org's entry.
			where = p.Key
		case p.Input == "":
			// The orgs list itself.
			where = list
		case org != "":
			msg = "org " + org + ": " + msg
			if key := orgs.Key(p.Input); key != "" {
				where = key
				msg += fmt.Sprintf(" (in the orgs list: key %s of org %s)", key, org)
			} else {
				msg += fmt.Sprintf(" (input %s, or %s when run locally; shared by every org)", p.Input, p.Env)
			}
		case p.Env != "":
			msg += fmt.Sprintf(" (input %s, or %s when run locally)", p.Input, p.Env)
		}
		f := check.NewFinding(p.Reason, msg)
		if where != "" {
			f.Title += ": " + where
		}
		out = append(out, f)
	}
	return out
}

// configFinding is a config-error finding about one input or key.
func configFinding(where, message string) check.Finding {
	f := check.NewFinding(check.ConfigError, message)
	if where != "" {
		f.Title += ": " + where
	}
	return f
}

// write renders a run, already redacted once by its caller (the report file
// reads the same redaction), for the chosen output.
func (o *output) write(rm report.RedactedMulti) error {
	switch {
	case o.asJSON:
		return report.RunJSON(o.env.Stdout, rm)
	case o.runner != nil:
		err := report.RunText(o.env.Stdout, rm, false)
		report.RunGitHub(o.runner, rm)
		return err
	default:
		return report.RunText(o.env.Stdout, rm, o.color())
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

// rootsWarnings says, in every check that made an HTTPS request, that
// SSL_CERT_FILE or SSL_CERT_DIR is set but cannot be used, so an "unknown
// authority" that follows is not a mystery. Single and many-org runs alike;
// a run that made no HTTPS request read no certificate file and says
// nothing.
func (env Env) rootsWarnings() []check.Warning {
	if env.Roots == nil {
		return nil
	}
	if w := env.Roots.Warning(); w != "" {
		return []check.Warning{{Reason: check.TLSRootsUnreadable, Message: w}}
	}
	return nil
}
