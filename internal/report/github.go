package report

import (
	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// GitHub writes one annotation per finding, the outputs and the job summary
// of a redacted result through the runner writer (which bounds each).
func GitHub(w *workflow.Writer, rr Redacted) {
	annotate(w, rr.r.Findings, "")
	setOutputs(w, outputValues(rr.r))
	w.AddSummary(Summary(rr))
}

// annotate writes one ::error, ::warning or ::notice per finding; prefix
// (an org name) starts each title.
func annotate(w *workflow.Writer, findings []check.Finding, prefix string) {
	for _, f := range findings {
		e := Explain(f)
		title := e.Title
		if prefix != "" {
			title = prefix + ": " + title
		}
		level := workflow.Notice
		switch f.Severity {
		case check.SeverityError:
			level = workflow.Error
		case check.SeverityWarning:
			level = workflow.Warning
		}
		w.Annotate(level, defuse(title), defuse(e.Message()))
	}
}

// setOutputs writes outputs in a fixed order.
func setOutputs(w *workflow.Writer, values map[string]string) {
	for _, name := range Outputs {
		if v, ok := values[name]; ok {
			w.SetOutput(name, v)
		}
	}
}
