package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/diagnose"
	"github.com/salesforce-login-check/salesforce-login-check/check/workflow"
)

// Multi is the outcome of a run over an orgs list: one Result per org, in
// the list's order, and the verdict of the whole run.
type Multi struct {
	// Status is the worst status of any org.
	Status diagnose.Status `json:"status"`
	// Reason is the reason of the first org with that status.
	Reason diagnose.Reason `json:"reason"`
	// FailedOrgs names, in order, the orgs that ask for a non-zero exit:
	// fail, error, and warn with fail-on-warning.
	FailedOrgs []string  `json:"failed_orgs"`
	Orgs       []*Result `json:"orgs"`
	// Findings are problems of the orgs list itself; when there are any the
	// list was refused and no org was checked.
	Findings []Finding `json:"findings,omitempty"`
	// Exit is the process exit code of the run (see exitWeight).
	Exit int `json:"-"`
}

// NewMulti builds the verdict of a run from its finished results. With
// failOnWarning an org whose status is warn counts as failed (exit 1) even if
// its own result was finished without it.
func NewMulti(results []*Result, failOnWarning bool) *Multi {
	m := &Multi{Status: diagnose.StatusPass, Reason: diagnose.OK, FailedOrgs: []string{}, Orgs: results}
	if m.Orgs == nil {
		m.Orgs = []*Result{}
	}
	for _, r := range results {
		exit := r.Exit
		if exit == diagnose.ExitOK && failOnWarning && r.Status == diagnose.StatusWarn {
			exit = diagnose.ExitFail
		}
		if exit != diagnose.ExitOK {
			m.FailedOrgs = append(m.FailedOrgs, r.Name)
		}
		if diagnose.Rank(r.Status) > diagnose.Rank(m.Status) {
			m.Status, m.Reason = r.Status, r.Reason
		}
		if exitWeight(exit) > exitWeight(m.Exit) {
			m.Exit = exit
		}
	}
	return m
}

// exitWeight orders the exit codes of the orgs to pick the run's: a refused
// configuration (2) first, since that org was not checked at all and no retry
// helps; then a failed check (1); an inconclusive check (3) only when no org
// failed, because exit 3 invites a retry, and a retry would spend another
// failed login on every org already known to fail; 0 last.
func exitWeight(code int) int {
	switch code {
	case diagnose.ExitOK:
		return 0
	case diagnose.ExitInconclusive:
		return 1
	case diagnose.ExitFail:
		return 2
	default:
		return 3
	}
}

// Refuse records problems of the orgs list itself: the run checks no org and
// ends with a configuration error.
func (m *Multi) Refuse(findings ...Finding) {
	m.Findings = append(m.Findings, findings...)
	m.Status, m.Reason, m.Exit = diagnose.StatusError, diagnose.ConfigError, diagnose.ExitConfig
}

// counts is "2 pass, 1 fail": how many orgs ended with each status.
func (m *Multi) counts() string {
	n := map[diagnose.Status]int{}
	for _, r := range m.Orgs {
		n[r.Status]++
	}
	var parts []string
	for _, st := range []diagnose.Status{diagnose.StatusPass, diagnose.StatusWarn, diagnose.StatusFail, diagnose.StatusError} {
		if n[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[st], st))
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// MultiText writes a headline, then each org's verdict as Text writes it,
// labelled with the org's name.
func MultiText(w io.Writer, rm RedactedMulti, color bool) error {
	m := rm.m
	var b strings.Builder
	if len(m.Findings) > 0 {
		b.WriteString("✗ ERROR config-error — the orgs list was refused, so no org was checked\n")
		for _, f := range m.Findings {
			fmt.Fprintf(&b, "  %s\n", safe(f.Message))
		}
		fmt.Fprintf(&b, "  Fix: %s\n", diagnose.Lookup(diagnose.ConfigError).Remedy)
	} else {
		fmt.Fprintf(&b, "Salesforce login check of %s: %s\n", plural(len(m.Orgs), "org", "orgs"), m.counts())
	}
	for _, r := range m.Orgs {
		b.WriteString("\n")
		writeText(&b, r, color)
	}
	if len(m.FailedOrgs) > 0 {
		fmt.Fprintf(&b, "\nFailed orgs: %s\n", safe(strings.Join(m.FailedOrgs, ", ")))
	}
	_, err := io.WriteString(w, defuse(b.String()))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}

// MultiGitHub writes an annotation for every error and warning of every org,
// titled with the org's name; the outputs status (the worst), reason (of the
// worst org) and failed-orgs (comma-separated), with every single-org output
// empty; and one job summary with a row per org.
func MultiGitHub(w *workflow.Writer, rm RedactedMulti) {
	m := rm.m
	annotate(w, m.Findings, "orgs")
	for _, r := range m.Orgs {
		var shown []Finding
		for _, f := range r.Findings {
			if f.Severity != diagnose.SeverityInfo {
				shown = append(shown, f)
			}
		}
		annotate(w, shown, r.Name)
	}
	values := make(map[string]string, len(Outputs))
	for _, name := range Outputs {
		values[name] = ""
	}
	values["status"] = string(m.Status)
	values["reason"] = string(m.Reason)
	values["failed-orgs"] = strings.Join(m.FailedOrgs, ",")
	setOutputs(w, values)
	w.AddSummary(MultiSummary(rm))
}

// MultiSummary renders the job summary of a run as markdown: a headline and
// one table row per org.
func MultiSummary(rm RedactedMulti) string {
	m := rm.m
	var b strings.Builder
	fmt.Fprintf(&b, "## %s Salesforce login check: %s (%s)\n\n", statusIcon[m.Status], m.Status, plural(len(m.Orgs), "org", "orgs"))
	if len(m.Findings) > 0 {
		b.WriteString("The orgs list was refused, so no org was checked.\n\n")
		for _, f := range m.Findings {
			fmt.Fprintf(&b, "- %s\n", md(f.Message))
		}
		fmt.Fprintf(&b, "\n**Fix:** %s\n", md(diagnose.Lookup(diagnose.ConfigError).Remedy))
		return b.String()
	}
	fmt.Fprintf(&b, "%s.", md(m.counts()))
	if len(m.FailedOrgs) > 0 {
		fmt.Fprintf(&b, " Failed: %s.", md(strings.Join(m.FailedOrgs, ", ")))
	}
	b.WriteString("\n\n| Org | Status | Reason | User | Instance | Latency | Fix |\n|---|---|---|---|---|---|---|\n")
	for _, r := range m.Orgs {
		latency := ""
		if r.Attempts > 0 {
			latency = fmt.Sprintf("%d ms", r.LatencyMS)
		}
		fix := ""
		if msgs, remedy := decisive(r); len(msgs) > 0 {
			fix = md(strings.Join(msgs, " ")) + " **Fix:** " + md(remedy)
		}
		fmt.Fprintf(&b, "| %s | %s %s | %s | %s | %s | %s | %s |\n", md(r.Name), statusIcon[r.Status], r.Status,
			md(string(r.Reason)), md(r.Username), md(r.InstanceURL), latency, fix)
	}
	return b.String()
}

// decisive returns the messages of the findings that decided a result's
// verdict (several for a refused configuration, none for a pass) and their
// remedy.
func decisive(r *Result) ([]string, string) {
	var msgs []string
	for _, f := range r.Findings {
		if f.Reason == r.Reason && f.Severity != diagnose.SeverityInfo {
			msgs = append(msgs, f.Message)
		}
	}
	return msgs, diagnose.Lookup(r.Reason).Remedy
}
