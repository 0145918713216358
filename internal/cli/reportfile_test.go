package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportFile: report-file holds the JSON report --json prints, single
// or multi-org, scrubbed, in the workspace, next to the usual GitHub output.
func TestReportFile(t *testing.T) {
	t.Parallel()

	t.Run("single", func(t *testing.T) {
		t.Parallel()
		org, env := serve(t, scenario(t, "token-missing"))
		ws := writeWorkspace(t, map[string]string{})
		env["GITHUB_WORKSPACE"] = ws
		env["SF_REPORT_FILE"] = "reports/salesforce-login-check.json"
		run := runCLI(t, asInputs(env))
		if run.exit != 1 {
			t.Errorf("exit = %d, want 1", run.exit)
		}
		var got struct {
			Status, Reason string
			Attempts       int
		}
		text := readReport(t, filepath.Join(ws, "reports", "salesforce-login-check.json"), &got)
		if got.Status != "fail" || got.Reason != "missing-security-token" || got.Attempts != 1 {
			t.Errorf("report: status %q reason %q attempts %d, want fail missing-security-token 1", got.Status, got.Reason, got.Attempts)
		}
		if run.outputs["reason"] != "missing-security-token" || !strings.Contains(run.summary, "missing-security-token") {
			t.Errorf("the outputs or the summary changed: %v\n%s", run.outputs, run.summary)
		}
		assertNoSecrets(t, invocation{stdout: text}, append(org.Issued(), env["SF_PASSWORD"]))
	})

	t.Run("multi", func(t *testing.T) {
		t.Parallel()
		f := newThreeOrgs(t)
		ws := writeWorkspace(t, map[string]string{})
		f.env["GITHUB_WORKSPACE"] = ws
		f.env["SF_REPORT_FILE"] = filepath.Join(ws, "report.json")
		run := runCLI(t, f.env)
		if run.exit != 2 {
			t.Errorf("exit = %d, want 2", run.exit)
		}
		f.assertAttempts(t)
		var got struct {
			Status     string   `json:"status"`
			FailedOrgs []string `json:"failed_orgs"`
			Orgs       []struct {
				Name string `json:"name"`
			} `json:"orgs"`
		}
		text := readReport(t, filepath.Join(ws, "report.json"), &got)
		if got.Status != "error" || len(got.Orgs) != 3 || len(got.FailedOrgs) != 2 {
			t.Errorf("report: status %q, %d orgs, failed %v; want error, 3 orgs, 2 failed", got.Status, len(got.Orgs), got.FailedOrgs)
		}
		if !strings.Contains(run.stdout, "Salesforce login check of 3 orgs") {
			t.Errorf("the terminal report is gone:\n%s", run.stdout)
		}
		assertNoSecrets(t, invocation{stdout: text}, f.issued())
	})
}

// readReport reads a report file, which must be one JSON object, into v.
func readReport(t *testing.T, path string, v any) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no report file: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("the report file is not one JSON object: %v\n%s", err, b)
	}
	return string(b)
}

// TestReportFile_Refused: a report-file outside the workspace refuses the
// run before any login; one that cannot be written leaves the verdict and
// its exit code alone and says so.
func TestReportFile_Refused(t *testing.T) {
	t.Parallel()

	for _, multi := range []bool{false, true} {
		name := "single"
		if multi {
			name = "multi"
		}
		t.Run("outside_"+name, func(t *testing.T) {
			t.Parallel()
			org, env := serve(t, scenario(t, "healthy"))
			if multi {
				env["PW"], env["TOK"] = env["SF_PASSWORD"], env["SF_SECURITY_TOKEN"]
				env["SF_ORGS"] = "- name: prod\n  login-url: " + env["SF_LOGIN_URL"] + "\n  username: " + env["SF_USERNAME"] + "\n  password-env: PW\n  security-token-env: TOK\n"
			}
			ws := writeWorkspace(t, map[string]string{})
			env["GITHUB_WORKSPACE"] = ws
			env["SF_REPORT_FILE"] = "../report.json"
			run := runCLI(t, asInputs(env))
			if run.exit != 2 {
				t.Errorf("exit = %d, want 2", run.exit)
			}
			if org.Attempts() != 0 {
				t.Errorf("the org saw %d login attempts, want none", org.Attempts())
			}
			if !strings.Contains(run.stdout, "report-file resolves outside the workspace") {
				t.Errorf("stdout does not refuse report-file:\n%s", run.stdout)
			}
			if _, err := os.Stat(filepath.Join(ws, "..", "report.json")); err == nil {
				t.Error("a report was written outside the workspace")
			}
		})
	}

	t.Run("unwritable", func(t *testing.T) {
		t.Parallel()
		org, env := serve(t, scenario(t, "healthy"))
		ws := writeWorkspace(t, map[string]string{"taken/keep": "x"})
		env["GITHUB_WORKSPACE"] = ws
		env["SF_REPORT_FILE"] = "taken" // a directory
		run := runCLI(t, asInputs(env))
		if run.exit != 0 {
			t.Errorf("exit = %d, want 0: a report file that cannot be written does not change the verdict", run.exit)
		}
		if org.Attempts() != 1 {
			t.Errorf("the org saw %d login attempts, want 1", org.Attempts())
		}
		if !strings.Contains(run.stdout, "::error title=Report file not written::report-file: the JSON report was not written") {
			t.Errorf("no error annotation about the report file:\n%s", run.stdout)
		}
	})
}
