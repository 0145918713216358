package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// Cause is one cause across the orgs of a run: every error or warning
// finding of the same kind (reason, title and, for a retiring flow, date),
// with the orgs it was found in. Grouping by cause is what keeps a run over
// 1,000 orgs readable where GitHub shows only ten annotations of each kind.
type Cause struct {
	Severity check.Severity
	Reason   check.Reason
	// Title is the finding's title ("Configuration error: password-env").
	Title  string
	Remedy string
	// RetiresOn is the date of a retiring or retired flow ("" otherwise):
	// SOAP login() and the password flow retire on different dates.
	RetiresOn string
	// Orgs and Messages are the orgs, in list order, and the finding's
	// message in each.
	Orgs     []string
	Messages []string
	// rank orders causes: the precedence of the verdict the cause gives
	// (see Precedence), then the number of orgs.
	rank, first int
}

// Heading is the cause with its date, if any, and the number of orgs:
// "Security token missing — 12 orgs".
func (c Cause) Heading() string {
	title := c.Title
	if c.RetiresOn != "" {
		title += " on " + c.RetiresOn
	}
	return title + " — " + plural(len(c.Orgs), "org", "orgs")
}

// Causes groups the error and warning findings of every org by cause, most
// severe first: errors before warnings; among errors a refused
// configuration, then a definite failure, then an inconclusive check (the
// run's own precedence); then the cause with more orgs; then the one met
// first in the list.
func Causes(results []*check.Result) []Cause {
	index := map[string]int{}
	var causes []Cause
	// last is the org a cause last took, so that an org with two findings
	// of one cause is named once.
	var last []*check.Result
	for _, r := range results {
		for _, f := range r.Findings {
			if f.Severity == check.SeverityInfo {
				continue
			}
			date := ""
			if f.Reason == check.FlowRetiring || f.Reason == check.FlowRetired {
				date = r.RetiresOn
			}
			key := string(f.Severity) + "\x00" + string(f.Reason) + "\x00" + f.Title + "\x00" + date
			i, ok := index[key]
			if !ok {
				i = len(causes)
				index[key] = i
				info := check.Lookup(f.Reason)
				causes = append(causes, Cause{Severity: f.Severity, Reason: f.Reason, Title: f.Title, Remedy: f.Remedy, RetiresOn: date,
					rank: Precedence(check.FindingStatus(f), info.Exit), first: i})
				last = append(last, nil)
			}
			c := &causes[i]
			if last[i] == r {
				continue
			}
			last[i] = r
			c.Orgs = append(c.Orgs, r.Name)
			c.Messages = append(c.Messages, f.Message)
		}
	}
	slices.SortStableFunc(causes, func(a, b Cause) int {
		if d := check.SeverityRank(a.Severity) - check.SeverityRank(b.Severity); d != 0 {
			return d
		}
		if a.Severity == check.SeverityError && a.rank != b.rank {
			return b.rank - a.rank
		}
		if d := len(b.Orgs) - len(a.Orgs); d != 0 {
			return d
		}
		return a.first - b.first
	})
	return causes
}

// maxAnnotations is how many annotations of each kind the runner shows for
// a step; it drops the rest without a word (actions/runner
// src/Runner.Worker/ExecutionContext.cs, _maxCountPerIssueType = 10).
const maxAnnotations = 10

// Budgets of one grouped annotation, well inside the 4,096 characters the
// runner keeps of a message: the org names, and the example message.
const (
	annotationNames   = 1200
	annotationExample = 1500
)

// causeAnnotations turns causes into at most maxAnnotations error and
// maxAnnotations warning annotations (as findings for Annotate): one per
// cause, titled with the cause and its count, naming its orgs, one org's
// message and the fix. Causes beyond the limit share the last annotation.
func causeAnnotations(causes []Cause) []check.Finding {
	var out []check.Finding
	for _, sev := range []check.Severity{check.SeverityError, check.SeverityWarning} {
		var of []Cause
		for _, c := range causes {
			if c.Severity == sev {
				of = append(of, c)
			}
		}
		shown := of
		if len(of) > maxAnnotations {
			shown = of[:maxAnnotations-1]
		}
		for _, c := range shown {
			out = append(out, check.Finding{Severity: sev, Reason: c.Reason, Title: c.Heading(), Remedy: c.Remedy, Message: causeMessage(c)})
		}
		if rest := of[len(shown):]; len(rest) > 0 {
			out = append(out, moreCauses(sev, rest))
		}
	}
	return out
}

// causeMessage names the orgs of a cause (as many as fit, then "and N more
// — see the job summary") and the message of the first.
func causeMessage(c Cause) string {
	example := workflow.Cut(c.Messages[0], annotationExample, "…")
	if len(c.Orgs) == 1 {
		return c.Orgs[0] + ": " + example
	}
	return fmt.Sprintf("%s: %s. In %s: %s", plural(len(c.Orgs), "org", "orgs"), namesList(c.Orgs, annotationNames, "see the job summary"), c.Orgs[0], example)
}

// moreCauses is the last annotation of a kind when there are more causes
// than annotations: each remaining cause with its count.
func moreCauses(sev check.Severity, rest []Cause) check.Finding {
	orgs := map[string]bool{}
	parts := make([]string, 0, len(rest))
	for _, c := range rest {
		for _, o := range c.Orgs {
			orgs[o] = true
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", c.Reason, plural(len(c.Orgs), "org", "orgs")))
	}
	noun := "errors"
	if sev == check.SeverityWarning {
		noun = "warnings"
	}
	return check.Finding{
		Severity: sev,
		Reason:   rest[0].Reason,
		Title:    fmt.Sprintf("%d more causes of %s — %s", len(rest), noun, plural(len(orgs), "org", "orgs")),
		Message:  workflow.Cut(strings.Join(parts, ", "), annotationNames, "…") + " — see the job summary for the orgs and the fix of each",
	}
}

// namesList lists orgs, comma-separated, as many as fit in budget characters,
// then "and N more — " and where to find them.
func namesList(orgs []string, budget int, where string) string {
	var b strings.Builder
	for i, o := range orgs {
		if i > 0 && b.Len()+len(o)+2 > budget {
			fmt.Fprintf(&b, " and %d more — %s", len(orgs)-i, where)
			return b.String()
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(o)
	}
	return b.String()
}
