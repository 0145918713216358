package report

import (
	"io"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// A run is a list of results, one per org, and its verdict (Multi). The run
// of one check, without an orgs list, is the list of its one result; its
// view is that result's own (Text, JSON, GitHub), so both kinds of run take
// one route through redaction and the renderers below.

// One is the run of one check: the list of its result. Its verdict is the
// result's own (status, reason and exit code, fail-on-warning included).
func One(r *check.Result) *Multi {
	m := NewMulti([]*check.Result{r}, false)
	m.One = true
	return m
}

// one is the result of the run of one check, redacted with the run.
func (rm RedactedMulti) one() (Redacted, bool) {
	if !rm.m.One || len(rm.m.Orgs) != 1 {
		return Redacted{}, false
	}
	return Redacted{r: rm.m.Orgs[0]}, true
}

// RunJSON writes a redacted run as one JSON object: the result of one check
// (JSON), or the whole run of an orgs list (MultiJSON).
func RunJSON(w io.Writer, rm RedactedMulti) error {
	if rr, ok := rm.one(); ok {
		return JSON(w, rr)
	}
	return MultiJSON(w, rm)
}

// RunText writes a redacted run for a person: Text or MultiText.
func RunText(w io.Writer, rm RedactedMulti, color bool) error {
	if rr, ok := rm.one(); ok {
		return Text(w, rr, color)
	}
	return MultiText(w, rm, color)
}

// RunGitHub writes the annotations, outputs and job summary of a redacted
// run: GitHub or MultiGitHub.
func RunGitHub(w *workflow.Writer, rm RedactedMulti) {
	if rr, ok := rm.one(); ok {
		GitHub(w, rr)
		return
	}
	MultiGitHub(w, rm)
}
