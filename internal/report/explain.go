package report

import (
	"fmt"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// Explanation is a finding worded as its annotation words it: the title,
// what happened, and the fix. The annotations and `explain` both take their
// words from here, so the two cannot drift apart.
type Explanation struct {
	Reason   check.Reason
	Severity check.Severity
	Title    string
	// Said is what Salesforce said or did (the finding's message).
	Said string
	// Fix is the remedy.
	Fix string
}

// Explain words a finding.
func Explain(f check.Finding) Explanation {
	return Explanation{Reason: f.Reason, Severity: f.Severity, Title: f.Title, Said: f.Message, Fix: f.Remedy}
}

// ExplainReason words a reason without a run: its title, what Salesforce
// typically says or does, and its fix.
func ExplainReason(r check.Reason) Explanation {
	return Explain(check.NewFinding(r, check.Lookup(r).Said))
}

// Message is the annotation's message: "[reason] what happened — Fix: the
// fix" (a note has no fix), then where to read more.
func (e Explanation) Message() string {
	msg := fmt.Sprintf("[%s] %s", e.Reason, e.Said)
	if e.Severity != check.SeverityInfo && e.Fix != "" {
		msg += " — Fix: " + e.Fix + " — More: " + ExplainCommand(e.Reason)
	}
	return msg
}

// ExplainCommand is the command that explains r, as the annotations and the
// job summary name it.
func ExplainCommand(r check.Reason) string {
	return "salesforce-login-check explain " + string(r)
}
