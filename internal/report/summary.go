package report

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

var statusIcon = map[check.Status]string{
	check.StatusPass:  "✅",
	check.StatusWarn:  "⚠️",
	check.StatusFail:  "❌",
	check.StatusError: "⛔",
}

// Summary renders the job summary of a redacted result as markdown.
func Summary(rr Redacted) string {
	r := rr.r
	var b strings.Builder
	fmt.Fprintf(&b, "## %s Salesforce login check: %s\n\n", statusIcon[r.Status], r.Status)
	b.WriteString("| | |\n|---|---|\n")
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", k, md(v))
		}
	}
	org := r.OrgID
	if r.OrgName != "" {
		org = r.OrgName + " (" + r.OrgID + ")"
	}
	row("Org", org)
	row("User", r.Username)
	row("Login host", r.LoginHost)
	row("Instance", r.InstanceURL)
	row("Auth flow", r.AuthFlow)
	row("API version", r.APIVersion)
	row("Result", string(r.Status))
	row("Reason", string(r.Reason))
	row("Salesforce error", r.SalesforceError)
	row("Retires on", r.RetiresOn)
	row("Latency", fmt.Sprintf("%d ms", r.LatencyMS))
	row("Login attempts", fmt.Sprintf("%d", r.Attempts))
	if r.Probes != nil && r.Probes.EgressIP != "" {
		row("Egress IP", r.Probes.EgressIP+" (the address Salesforce saw; GitHub-hosted runner IPs change between runs)")
	}
	b.WriteString("\n")
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "### %s %s\n\n%s\n\n", severityIcon(f.Severity), md(f.Title), md(f.Message))
		if f.Severity != check.SeverityInfo {
			fmt.Fprintf(&b, "**Fix:** %s\n\n%s\n\n", md(f.Remedy), explainLine(f.Reason))
		}
	}
	if rows := orgPolicyRows(r); len(rows) > 0 {
		b.WriteString("### Org policy\n\n| | |\n|---|---|\n")
		for _, row := range rows {
			fmt.Fprintf(&b, "| %s | %s |\n", md(row[0]), md(row[1]))
		}
		b.WriteString("\n")
	}
	if r.Probes != nil && len(r.Probes.Health) > 0 {
		b.WriteString("### Health\n\n| Probe | Value | Threshold | Verdict |\n|---|---|---|---|\n")
		for _, h := range r.Probes.Health {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", md(h.Probe), md(h.Value), md(h.Threshold), md(h.Verdict))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func severityIcon(s check.Severity) string {
	switch s {
	case check.SeverityError:
		return "❌"
	case check.SeverityWarning:
		return "⚠️"
	}
	return "ℹ️"
}

// md makes text inert in markdown: one line, HTML escaped, every character
// that could start markup, a link or a table cell escaped, and no autolink
// or mention (see unlink).
func md(s string) string {
	s = workflow.OneLine(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '!', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return unlink(b.String())
}

// zeroWidthSpace, written as an entity, splits a word without showing.
const zeroWidthSpace = "&#8203;"

// unlinker breaks what GitHub would turn into a live link or a notification:
// "://" (https://, ftp://, any scheme), "www." (GFM's extended autolinks)
// and "@" (a @mention, or an e-mail address autolink). Markdown escapes do
// not help there: GitHub links mentions and bare URLs in the rendered text
// itself, after escapes are gone. A zero-width space in the middle leaves
// the text readable and unlinkable; Renovate writes "@&#8203;" for the same
// reason.
var unlinker = strings.NewReplacer("://", ":"+zeroWidthSpace+"//", "@", "@"+zeroWidthSpace)

var www = regexp.MustCompile(`(?i)(www)\.`)

func unlink(s string) string {
	return www.ReplaceAllString(unlinker.Replace(s), "${1}"+zeroWidthSpace+".")
}

// explainLine points the summary's reader at `explain` for a reason of the
// vocabulary (the reason is a closed set of plain words, so it goes into
// the code span as it is).
func explainLine(r check.Reason) string {
	if !check.Known(r) {
		return ""
	}
	return "More: `" + ExplainCommand(r) + "`"
}
