package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workspace"
)

// reportFile is the report-file input: the path of the file the JSON report
// goes to, "" for none.
func reportFile(env Env) string {
	v, _ := config.Lookup(env.Getenv, "SF_REPORT_FILE")
	return strings.TrimSpace(v)
}

// reportFileFinding refuses a report-file that resolves outside the
// workspace, before any login: a path the run could never write is a
// configuration error, not a surprise after the check. The path is not
// quoted, in case a secret was pasted there by mistake.
func reportFileFinding(env Env) *check.Finding {
	path := reportFile(env)
	if path == "" {
		return nil
	}
	dir := workspace.Dir(env.Getenv)
	err := workspace.Check(dir, path)
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

// writeReportFile writes the JSON report, as --json prints it, to the
// report-file; render is report.JSON or report.MultiJSON of the redacted run.
// A failure to write does not change the verdict or its exit code: it is
// reported on stderr (an ::error annotation on GitHub), and a later upload
// step finds no file.
func (o *output) writeReportFile(render func(io.Writer) error) {
	path := reportFile(o.env)
	if path == "" {
		return
	}
	var b bytes.Buffer
	err := render(&b)
	if err == nil {
		err = workspace.WriteFile(workspace.Dir(o.env.Getenv), path, b.Bytes())
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
