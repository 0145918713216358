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
	// Status, Reason and Exit are those of the org that decides the run
	// (see Decides): they always agree with each other.
	Status diagnose.Status `json:"status"`
	Reason diagnose.Reason `json:"reason"`
	// FailedOrgs names, in order, the orgs that ask for a non-zero exit:
	// fail, error, and warn with fail-on-warning.
	FailedOrgs []string  `json:"failed_orgs"`
	Orgs       []*Result `json:"orgs"`
	// Findings are problems of the orgs list itself; when there are any the
	// list was refused and no org was checked.
	Findings []Finding `json:"findings,omitempty"`
	// Exit is the process exit code of the run.
	Exit int `json:"-"`
}

// NewMulti builds the verdict of a run from its finished results: status,
// reason and exit code all come from the first org of the highest
// precedence (Precedence). With failOnWarning an org whose status is warn
// counts as failed (exit 1) even if its own result was finished without it.
func NewMulti(results []*Result, failOnWarning bool) *Multi {
	m := &Multi{Status: diagnose.StatusPass, Reason: diagnose.OK, FailedOrgs: []string{}, Orgs: results}
	if m.Orgs == nil {
		m.Orgs = []*Result{}
	}
	top := -1
	for _, r := range results {
		exit := r.Exit
		if exit == diagnose.ExitOK && failOnWarning && r.Status == diagnose.StatusWarn {
			exit = diagnose.ExitFail
		}
		if exit != diagnose.ExitOK {
			m.FailedOrgs = append(m.FailedOrgs, r.Name)
		}
		if p := Precedence(r.Status, exit); p > top {
			top = p
			m.Status, m.Reason, m.Exit = r.Status, r.Reason, exit
		}
	}
	return m
}

// Precedence ranks the verdict of one org (its status and the exit code it
// asks for) to decide a multi-org run; the run takes status, reason and exit
// code together from the first org of the highest rank, so the three always
// agree as they do for one org. From the highest:
//
//  1. a refused configuration (error, exit 2): that org was not checked at
//     all, and no retry helps;
//  2. a definite failure (fail, exit 1);
//  3. a warning that fail-on-warning turns into a failure (warn, exit 1);
//  4. an inconclusive check (error, exit 3: network, timeout, outage,
//     cancelled). It ranks below a failure on purpose: exit 3 invites a
//     retry, and a retry would spend another failed login on every org
//     already known to fail;
//  5. a warning (warn, exit 0);
//  6. a pass.
func Precedence(status diagnose.Status, exit int) int {
	switch {
	case exit == diagnose.ExitConfig:
		return 5
	case exit == diagnose.ExitFail && status != diagnose.StatusWarn:
		return 4
	case exit == diagnose.ExitFail:
		return 3
	case exit == diagnose.ExitInconclusive:
		return 2
	case status == diagnose.StatusWarn:
		return 1
	}
	return 0
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
// titled with the org's name; the outputs status and reason (of the org that
// decides the run) and failed-orgs (comma-separated), with every single-org output
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
