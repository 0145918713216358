package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// Multi is the outcome of a run over an orgs list: one Result per org, in
// the list's order, and the verdict of the whole run.
type Multi struct {
	// Status, Reason and Exit are those of the org that decides the run
	// (see Decides): they always agree with each other.
	Status check.Status `json:"status"`
	Reason check.Reason `json:"reason"`
	// FailedOrgs names, in order, the orgs that ask for a non-zero exit:
	// fail, error, and warn with fail-on-warning.
	FailedOrgs []string        `json:"failed_orgs"`
	Orgs       []*check.Result `json:"orgs"`
	// Findings are problems of the orgs list itself; when there are any the
	// list was refused and no org was checked.
	Findings []check.Finding `json:"findings,omitempty"`
	// Exit is the process exit code of the run.
	Exit int `json:"-"`
	// One marks the run of one check, without an orgs list (see One): it
	// is shown as its one result alone.
	One bool `json:"-"`
}

// NewMulti builds the verdict of a run from its finished results: status,
// reason and exit code all come from the first org of the highest
// precedence (Precedence). With failOnWarning an org whose status is warn
// counts as failed (exit 1) even if its own result was finished without it.
func NewMulti(results []*check.Result, failOnWarning bool) *Multi {
	m := &Multi{Status: check.StatusPass, Reason: check.OK, FailedOrgs: []string{}, Orgs: results}
	if m.Orgs == nil {
		m.Orgs = []*check.Result{}
	}
	top := -1
	for _, r := range results {
		exit := r.Exit
		if exit == check.ExitOK && failOnWarning && r.Status == check.StatusWarn {
			exit = check.ExitFail
		}
		if exit != check.ExitOK {
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
func Precedence(status check.Status, exit int) int {
	switch {
	case exit == check.ExitConfig:
		return 5
	case exit == check.ExitFail && status != check.StatusWarn:
		return 4
	case exit == check.ExitFail:
		return 3
	case exit == check.ExitInconclusive:
		return 2
	case status == check.StatusWarn:
		return 1
	}
	return 0
}

// Refuse records problems of the orgs list itself: the run checks no org and
// ends with a configuration error.
func (m *Multi) Refuse(findings ...check.Finding) {
	m.Findings = append(m.Findings, findings...)
	m.Status, m.Reason, m.Exit = check.StatusError, check.ConfigError, check.ExitConfig
}

// counts is "2 pass, 1 fail": how many orgs ended with each status.
func (m *Multi) counts() string {
	n := map[check.Status]int{}
	for _, r := range m.Orgs {
		n[r.Status]++
	}
	var parts []string
	for _, st := range []check.Status{check.StatusPass, check.StatusWarn, check.StatusFail, check.StatusError} {
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
			fmt.Fprintf(&b, "  %s\n", f.Message)
		}
		fmt.Fprintf(&b, "  Fix: %s\n", check.Lookup(check.ConfigError).Remedy)
	} else {
		fmt.Fprintf(&b, "Salesforce login check of %s: %s\n", plural(len(m.Orgs), "org", "orgs"), m.counts())
	}
	for _, r := range m.Orgs {
		b.WriteString("\n")
		writeText(&b, r, color)
	}
	if len(m.FailedOrgs) > 0 {
		fmt.Fprintf(&b, "\nFailed orgs: %s\n", strings.Join(m.FailedOrgs, ", "))
	}
	_, err := io.WriteString(w, defuse(b.String()))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}

// MultiGitHub writes the annotations, outputs and job summary of a run.
// Annotations are grouped by cause (Causes): at most ten errors and ten
// warnings whatever the number of orgs, the most severe first, each naming
// its orgs and the fix. Outputs: status and reason (of the org that decides
// the run) and failed-orgs (comma-separated), with every single-org output
// empty. The job summary is MultiSummary.
func MultiGitHub(w *workflow.Writer, rm RedactedMulti) {
	// Grouping cuts messages and lists of orgs; rm is scrubbed already, so
	// no cut leaves a secret's prefix the scrubber could not recognise.
	m := rm.m
	annotate(w, listAnnotations(m.Findings), "orgs")
	annotate(w, causeAnnotations(Causes(m.Orgs)), "")
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

// listAnnotations keeps the problems of a refused orgs list within the
// runner's ten error annotations: the first nine, then one that counts the
// rest.
func listAnnotations(findings []check.Finding) []check.Finding {
	if len(findings) <= maxAnnotations {
		return findings
	}
	shown := slices.Clone(findings[:maxAnnotations-1])
	more := check.NewFinding(check.ConfigError, fmt.Sprintf("and %d more problems with the orgs list — see the job summary", len(findings)-len(shown)))
	more.Title += fmt.Sprintf(" — %d more", len(findings)-len(shown))
	return append(shown, more)
}

// Budgets of the job summary. GitHub drops a step's whole summary over 1 MiB
// (actions/runner src/Runner.Worker/FileCommandManager.cs); the rest is
// room for what the runner writer adds.
const (
	summaryBudget = 1_000_000
	// summaryMessage is the most of one org's message a row shows; the log
	// and the JSON report have all of it.
	summaryMessage = 400
	// summaryNames bounds a list of org names in one paragraph; the
	// sections below name every failing org again, by cause.
	summaryNames = 2000
	// elsewhere is where the orgs a list of the summary leaves out are.
	elsewhere = "every org is in the step's log and the JSON report"
)

// MultiSummary renders the job summary of a run as markdown, within
// summaryBudget bytes: a headline; each cause, failing ones first, with its
// fix and a row per org saying what happened; then the passing orgs,
// compact. What does not fit is left out, and a note at the top says so.
func MultiSummary(rm RedactedMulti) string {
	m := rm.m
	var head strings.Builder
	fmt.Fprintf(&head, "## %s Salesforce login check: %s (%s)\n\n", statusIcon[m.Status], m.Status, plural(len(m.Orgs), "org", "orgs"))
	// Room for the note, should one be needed.
	w := &budgetWriter{left: summaryBudget - head.Len() - 600}
	if len(m.Findings) > 0 {
		w.add("The orgs list was refused, so no org was checked.\n\n")
		w.add(fmt.Sprintf("**Fix:** %s\n\n", md(check.Lookup(check.ConfigError).Remedy)))
		for _, f := range m.Findings {
			w.add(fmt.Sprintf("- %s\n", md(workflow.Cut(f.Message, summaryMessage, "…"))))
		}
		return head.String() + w.note() + w.b.String()
	}
	w.add(md(m.counts()) + ".")
	if len(m.FailedOrgs) > 0 {
		w.add(fmt.Sprintf(" Failed: %s.", md(namesList(m.FailedOrgs, summaryNames, "see the sections below"))))
	}
	w.add("\n\n")
	byName := make(map[string]*check.Result, len(m.Orgs))
	var passed []*check.Result
	for _, r := range m.Orgs {
		byName[r.Name] = r
		if r.Status == check.StatusPass || r.Status == check.StatusWarn {
			passed = append(passed, r)
		}
	}
	// The orgs that logged in, by name: compact, and kept whatever the
	// failing orgs take, so room for it is set aside first.
	var passing string
	if len(passed) > 0 {
		names := make([]string, len(passed))
		for i, r := range passed {
			names[i] = r.Name
		}
		passing = fmt.Sprintf("### %s %s logged in (pass or warn)\n\n%s\n\n", statusIcon[check.StatusPass], plural(len(passed), "org", "orgs"), md(namesList(names, summaryNames, elsewhere)))
	}
	w.left -= len(passing)
	for _, c := range Causes(m.Orgs) {
		w.add(fmt.Sprintf("### %s %s\n\n", severityIcon(c.Severity), md(c.Heading())))
		w.add(fmt.Sprintf("**Fix:** %s\n\n%s\n\n", md(c.Remedy), explainLine(c.Reason)))
		if c.Severity == check.SeverityWarning {
			// A warning, such as a retiring flow, tends to say the same
			// thing of every org: name them, and say it once.
			w.add(fmt.Sprintf("%s: %s\n\n", md(plural(len(c.Orgs), "org", "orgs")), md(namesList(c.Orgs, summaryNames, elsewhere))))
			w.add(fmt.Sprintf("In %s: %s\n\n", md(c.Orgs[0]), md(workflow.Cut(c.Messages[0], summaryMessage, "…"))))
			continue
		}
		w.add("| Org | Status | User | What happened |\n|---|---|---|---|\n")
		for i, name := range c.Orgs {
			r := byName[name]
			w.add(fmt.Sprintf("| %s | %s %s | %s | %s |\n", md(name), statusIcon[r.Status], r.Status, md(r.Username), md(workflow.Cut(c.Messages[i], summaryMessage, "…"))))
		}
		w.add("\n")
	}
	w.left += len(passing)
	w.add(passing)
	if len(passed) > 0 {
		w.add("<details><summary>Their users, instances and login times</summary>\n\n")
		w.add("| Org | Status | User | Instance | Latency |\n|---|---|---|---|---|\n")
		for _, r := range passed {
			w.add(fmt.Sprintf("| %s | %s %s | %s | %s | %d ms |\n", md(r.Name), statusIcon[r.Status], r.Status, md(r.Username), md(r.InstanceURL), r.LatencyMS))
		}
		w.add("\n</details>\n")
	}
	return head.String() + w.note() + w.b.String()
}

// budgetWriter builds a summary that never exceeds its budget, counting
// what it had to leave out.
type budgetWriter struct {
	b       strings.Builder
	left    int
	omitted int
}

// add writes s if it fits; a part that does not fit is left out, and
// counted.
func (w *budgetWriter) add(s string) {
	if len(s) > w.left {
		w.omitted++
		return
	}
	w.b.WriteString(s)
	w.left -= len(s)
}

// note is the visible note that something was left out ("" when nothing
// was).
func (w *budgetWriter) note() string {
	if w.omitted == 0 {
		return ""
	}
	return fmt.Sprintf("> [!WARNING]\n> %s left out of this summary to keep it under GitHub's 1 MiB limit for a job summary (GitHub drops a larger one whole). "+
		"The step's log has every org, and so does the JSON report (report-file, or --json).\n\n", plural(w.omitted, "row or section was", "rows or sections were"))
}
