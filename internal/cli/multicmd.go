package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/orgs"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workspace"
)

// prepared is an org ready to check, or the result that refuses it, and
// the secrets its settings hold, to register before anything is sent.
type prepared struct {
	cfg     *check.Config
	refused *check.Result
	secrets []string
}

// multiResult checks every org of the orgs list that list names: it
// validates every org before anything is sent, masking every org's secrets
// first, then checks the valid ones, parallelism at a time. settings and
// err are the run's, as config.Validate returned them.
func multiResult(ctx context.Context, env Env, out *output, raw *config.Raw, list string, settings *config.Settings, err error) *report.Multi {
	var refused []check.Finding
	if err != nil {
		refused = append(refused, refusal(err, list, "")...)
	}
	if f := out.reportFileFinding(); f != nil {
		refused = append(refused, *f)
	}
	var specs []orgs.Spec
	if !raw.BothLists() {
		var lerr error
		specs, lerr = orgsList(env, raw, list)
		if lerr != nil {
			refused = append(refused, refusal(lerr, list, "")...)
		}
	}
	if len(refused) > 0 {
		m := report.NewMulti(nil, false)
		m.Refuse(refused...)
		return m
	}

	ready := make(map[string]prepared, len(specs))
	var secrets []string
	for _, s := range specs {
		p := prepareOrg(ctx, env, s)
		ready[s.Name] = p
		secrets = append(secrets, p.secrets...)
	}
	// Every org's secrets at once, before any login or output: one
	// registration builds the scrubber once, where one per org would
	// rebuild it a thousand times over.
	out.secrets.Add(secrets...)
	if dup := sameUser(specs, ready, list); len(dup) > 0 {
		m := report.NewMulti(nil, settings.FailOnWarning)
		m.Refuse(dup...)
		return m
	}
	opts := env.checkOptions(out.secrets)
	results := orgs.Run(ctx, specs, settings.Parallelism, func(ctx context.Context, s orgs.Spec) *check.Result {
		p := ready[s.Name]
		if p.refused != nil {
			return p.refused
		}
		return check.Run(ctx, p.cfg, opts...)
	})
	return report.NewMulti(results, settings.FailOnWarning)
}

// orgsList reads and parses the list from list, the input that gives it
// (orgs, or orgs-file naming a file in the workspace).
func orgsList(env Env, raw *config.Raw, list string) ([]orgs.Spec, error) {
	text := raw.Orgs
	if list == "orgs-file" {
		var err error
		text, err = orgs.ReadFile(workspace.Dir(env.Getenv), raw.OrgsFile)
		if err != nil {
			return nil, err //nolint:wrapcheck // a *config.Error, read by the caller
		}
	}
	return orgs.Parse(text) //nolint:wrapcheck // as above
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
	settings, err := config.Validate(raw)
	if err != nil || len(missing) > 0 {
		return prepared{refused: orgConfigResult(s, raw, missing, err), secrets: secrets}
	}
	cfg := settings.Check
	cfg.Name = s.Name
	return prepared{cfg: cfg, secrets: secrets}
}

// orgConfigResult refuses one org: a finding per problem, each naming the org
// and the key of the orgs list (or the shared input) to fix. No login.
func orgConfigResult(s orgs.Spec, raw *config.Raw, missing []config.Problem, err error) *check.Result {
	res := &check.Result{Name: s.Name}
	res.Username, res.APIVersion = shownSettings(raw, err)
	unset := map[string]bool{}
	for _, p := range missing {
		unset[strings.TrimSuffix(p.Key, "-env")] = true
	}
	var ce *config.Error
	if errors.As(err, &ce) {
		// A setting whose variable is not set is reported as that variable.
		kept := slices.DeleteFunc(slices.Clone(ce.Problems), func(p config.Problem) bool { return unset[p.Input] })
		err = &config.Error{Problems: kept}
	}
	findings := refusal(&config.Error{Problems: missing}, "", s.Name)
	if err != nil {
		findings = append(findings, refusal(err, "", s.Name)...)
	}
	for _, f := range findings {
		res.Add(f)
	}
	res.Finish()
	return res
}

// sameUser refuses a list in which two orgs would log the same user in at
// the same login host (its canonical origin, however the URL is spelt): each would spend a login of that user's lockout
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
		// The login host's canonical origin: every spelling of one host
		// (case, trailing dot or slash, default or zero-padded port) is one.
		key := strings.ToLower(strings.TrimSpace(cfg.Username)) + "\x00" + cfg.LoginOrigin
		if org, ok := first[key]; ok {
			refused = append(refused, configFinding(input, fmt.Sprintf(
				"orgs %s and %s log the same user in at the same login URL: a run logs each user in once, as each login spends one of the user's failed-login budget; keep one of them, or check the other in a separate job", org, s.Name)))
			continue
		}
		first[key] = s.Name
	}
	return refused
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
