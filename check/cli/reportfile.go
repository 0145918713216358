package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/config"
	"github.com/salesforce-login-check/salesforce-login-check/check/report"
	"github.com/salesforce-login-check/salesforce-login-check/check/workspace"
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
func reportFileFinding(env Env) *report.Finding {
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

// writeReportFile writes v (a *report.Result or *report.Multi) as the JSON
// report, scrubbed as --json prints it, to the report-file. A failure to
// write does not change the verdict or its exit code: it is reported on
// stderr (an ::error annotation on GitHub), and a later upload step finds
// no file.
func (o *output) writeReportFile(v any) {
	path := reportFile(o.env)
	if path == "" {
		return
	}
	var b bytes.Buffer
	err := report.JSON(&b, v, o.secrets)
	if err == nil {
		err = workspace.WriteFile(workspace.Dir(o.env.Getenv), path, b.Bytes())
	}
	if err == nil {
		return
	}
	msg := fmt.Sprintf("report-file: the JSON report was not written: %v", err)
	if o.action != nil {
		o.action.WithFieldsMap(map[string]string{"title": "Report file not written"}).Errorf("%s", o.secrets.Scrub(msg))
		return
	}
	fmt.Fprintln(o.env.Stderr, o.secrets.Scrub(msg))
}
