package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// DemoRow is the verdict of one demo scenario.
type DemoRow struct {
	Scenario simorg.Scenario
	Result   *check.Result
	Attempts int
}

// Demo runs the real check, over loopback HTTP, against a fresh simulated org
// for each headline scenario (all scenarios when all is set).
func Demo(ctx context.Context, env Env, all bool) ([]DemoRow, error) {
	var rows []DemoRow
	for _, sc := range simorg.Scenarios() {
		if !sc.Headline && !all {
			continue
		}
		res, attempts, err := RunScenario(ctx, env, sc, io.Discard)
		if err != nil {
			return rows, err
		}
		rows = append(rows, DemoRow{Scenario: sc, Result: res, Attempts: attempts})
	}
	return rows, nil
}

// RunScenario serves the scenario's org on a loopback port and runs the check
// against it through the same code path as the binary, writing the JSON
// report to w. It returns the result and the login attempts the org saw.
func RunScenario(ctx context.Context, env Env, sc simorg.Scenario, w io.Writer) (*check.Result, int, error) {
	org := sc.NewOrg()
	srv, err := org.Start("127.0.0.1:0", false)
	if err != nil {
		return nil, 0, err //nolint:wrapcheck // Start names what failed
	}
	defer srv.Close()
	vars := map[string]string{"SF_LOGIN_URL": srv.URL, "SF_ALLOW_CUSTOM_HOST": "true"}
	for k, v := range sc.Env {
		vars[k] = strings.ReplaceAll(v, "{{URL}}", srv.URL)
	}
	inner := Env{Getenv: func(k string) string { return vars[k] }, Stdout: w, Stderr: io.Discard, Now: env.Now, HTTP: env.HTTP}
	out := newOutput(inner, true)
	run, err := out.run(ctx)
	if err != nil {
		return nil, 0, err
	}
	if len(run.Orgs) != 1 {
		return nil, 0, fmt.Errorf("scenario %s is not one check", sc.Name)
	}
	if err := out.write(report.RedactMulti(run, out.secrets)); err != nil {
		return nil, 0, err
	}
	return run.Orgs[0], org.Attempts(), nil
}

func runDemo(ctx context.Context, env Env) error {
	rows, err := Demo(ctx, env, false)
	if err != nil {
		return &ExitError{Code: check.ExitInconclusive, Err: fmt.Errorf("demo failed: %w", err)}
	}
	fmt.Fprintln(env.Stdout, "Each row is a real check, over loopback HTTP, against a simulated org set up for the case.")
	fmt.Fprintln(env.Stdout)
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE\tSTATUS\tREASON\tEXIT\tLOGINS\tWHAT TO DO")
	mismatches := 0
	for _, row := range rows {
		mark := ""
		if string(row.Result.Reason) != row.Scenario.WantReason || row.Attempts != row.Scenario.WantAttempts {
			mark = fmt.Sprintf(" (expected %s, %d logins)", row.Scenario.WantReason, row.Scenario.WantAttempts)
			mismatches++
		}
		what := check.Lookup(row.Result.Reason).Title
		if row.Scenario.OrgPolicyRow {
			what = orgPolicyLine(row.Result)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s%s\t%d\t%d\t%s\n", row.Scenario.Title, row.Result.Status, row.Result.Reason, mark,
			row.Result.Exit, row.Attempts, what)
	}
	if err := tw.Flush(); err != nil {
		return err //nolint:wrapcheck // a failed write to stdout has nothing to add
	}
	fmt.Fprintln(env.Stdout)
	fmt.Fprintln(env.Stdout, "Run one yourself: salesforce-login-check simulate, then point SF_LOGIN_URL at it with SF_ALLOW_CUSTOM_HOST=true.")
	if mismatches > 0 {
		return &ExitError{Code: check.ExitFail, Err: fmt.Errorf("%d demo cases did not reach their expected verdict", mismatches)}
	}
	return nil
}

// orgPolicyLine sums up what the org-policy probe read, for a demo row:
// the runner's trust, the password's expiry and its source, the notices.
func orgPolicyLine(r *check.Result) string {
	p := r.Probes
	if p == nil || p.OrgPolicy == nil {
		return "org policy not read"
	}
	var parts []string
	switch {
	case p.IPTrusted == nil:
		parts = append(parts, "runner trust unknown")
	case *p.IPTrusted:
		parts = append(parts, "runner "+p.OrgPolicy.EgressIP+" trusted")
	default:
		parts = append(parts, "runner "+p.OrgPolicy.EgressIP+" untrusted: token required")
	}
	if p.PasswordExpiresOn != "" {
		parts = append(parts, "expires "+p.PasswordExpiresOn+" ("+p.PasswordExpirySource+")")
	}
	if n := len(p.OrgPolicy.Checklist); n > 0 {
		parts = append(parts, fmt.Sprintf("%d checklist notices", n))
	}
	return strings.Join(parts, "; ")
}
