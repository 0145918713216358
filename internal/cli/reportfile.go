package cli

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workspace"
)

// reportFileFinding refuses a report-file that resolves outside the
// workspace, before any login: a path the run could never write is a
// configuration error, not a surprise after the check. The path is not
// quoted, in case a secret was pasted there by mistake.
func (o *output) reportFileFinding() *check.Finding {
	if o.reportFile == "" {
		return nil
	}
	dir := workspace.Dir(o.env.Getenv)
	err := workspace.Check(dir, o.reportFile)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, workspace.ErrOutside):
		f := configFinding("report-file", fmt.Sprintf("report-file resolves outside the workspace (%s), through .. or a symbolic link: give a path inside it, such as salesforce-login-check.json, and upload it from there", dir))
		return &f
	}
	f := configFinding("report-file", fmt.Sprintf("report-file cannot be written in the workspace (%s): %v", dir, err))
	return &f
}

// writeReportFile writes the JSON report of the redacted run, as --json
// prints it, to the report-file. A failure to write does not change the
// verdict or its exit code: it is reported on stderr (an ::error annotation
// on GitHub), and a later upload step finds no file.
func (o *output) writeReportFile(rm report.RedactedMulti) {
	if o.reportFile == "" {
		return
	}
	var b bytes.Buffer
	err := report.RunJSON(&b, rm)
	if err == nil {
		err = workspace.WriteFile(workspace.Dir(o.env.Getenv), o.reportFile, b.Bytes())
	}
	if err == nil {
		return
	}
	msg := o.secrets.Scrub(fmt.Sprintf("report-file: the JSON report was not written: %v", err))
	if o.runner != nil {
		o.runner.Annotate(workflow.Error, "Report file not written", msg)
		return
	}
	fmt.Fprintln(o.env.Stderr, msg)
}
