package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInputs_neverEchoAFailedValue: an org's username-env that names an
// unrelated variable (here a token) reads that variable as the username. It
// fails validation, and its value appears in no output: not the report, not
// the outputs, not the summary.
func TestInputs_neverEchoAFailedValue(t *testing.T) {
	t.Parallel()
	const unrelated = "ghp_Unrelated0Secret1Value2"
	for _, mode := range []string{"json", "github"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			env := map[string]string{
				"SF_ORGS":        "- name: prod\n  login-url: https://login.salesforce.com\n  username-env: GH_TOKEN\n  password-env: PW\n",
				"GH_TOKEN":       unrelated,
				"PW":             "Pa55word-Valid8",
				"GITHUB_OUTPUT":  filepath.Join(dir, "output"),
				"GITHUB_SUMMARY": filepath.Join(dir, "summary"),
			}
			var args []string
			if mode == "json" {
				args = []string{"--json"}
			} else {
				env["GITHUB_ACTIONS"] = "true"
				env["GITHUB_STEP_SUMMARY"] = filepath.Join(dir, "summary")
			}
			run := runWith(t, ambient{strict: true}, env, args...)
			if run.exit != 2 {
				t.Errorf("exit = %d, want 2", run.exit)
			}
			all := run.stdout + run.stderr
			for _, f := range []string{"output", "summary"} {
				b, _ := os.ReadFile(filepath.Join(dir, f))
				all += string(b)
			}
			if strings.Contains(all, unrelated) {
				t.Errorf("an output shows the value of the variable username-env named:\n%s", all)
			}
			if !strings.Contains(all, "username") {
				t.Errorf("the refusal does not name the input:\n%s", all)
			}
		})
	}
}
