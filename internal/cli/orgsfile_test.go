package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// writeWorkspace makes a workspace holding files (path → text) and returns
// it; the directory next to it holds outside.yml, for escapes to reach.
func writeWorkspace(t *testing.T, files map[string]string) string {
	t.Helper()
	top := t.TempDir()
	ws := filepath.Join(top, "workspace")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	files["../outside.yml"] = "- name: outside\n"
	for name, text := range files {
		path := filepath.Join(ws, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

// TestOrgsFile: the list read from a file in the workspace runs exactly as
// the same list given inline, as a local variable or as the action input.
func TestOrgsFile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		action bool
	}{{"local", false}, {"action_input", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newThreeOrgs(t)
			env := f.env
			ws := writeWorkspace(t, map[string]string{".github/salesforce-orgs.yml": env["SF_ORGS"]})
			delete(env, "SF_ORGS")
			env["SF_ORGS_FILE"] = ".github/salesforce-orgs.yml"
			env["GITHUB_WORKSPACE"] = ws
			if tc.action {
				env = asInputs(env)
			}
			run := runCLI(t, env)
			if run.exit != 2 {
				t.Errorf("exit = %d, want 2 (broken is refused, as with the list inline)\n%s", run.exit, run.stdout)
			}
			f.assertAttempts(t)
			for _, want := range []string{"[healthy] ! WARN flow-retiring", "[token-missing] ✗ FAIL missing-security-token", "[broken] ✗ ERROR config-error"} {
				if !strings.Contains(run.stdout, want) {
					t.Errorf("the report has no %s:\n%s", want, run.stdout)
				}
			}
			assertNoSecrets(t, run, f.issued())
		})
	}
}

// TestOrgsFile_Refused: a file that cannot be the list refuses the whole
// run with a configuration error naming orgs-file, before any login.
func TestOrgsFile_Refused(t *testing.T) {
	t.Parallel()
	entry := "- name: prod\n  login-url: {{URL}}\n  username: a@acme.com\n  password-env: PW\n"
	cases := []struct {
		name  string
		files map[string]string
		link  [2]string // symlink (name, target) inside the workspace
		env   map[string]string
		want  string
	}{
		{
			name: "with_orgs",
			env:  map[string]string{"SF_ORGS": entry, "SF_ORGS_FILE": "orgs.yml"},
			want: "orgs and orgs-file are both set: give the list one way",
		},
		{
			name: "dot_dot",
			env:  map[string]string{"SF_ORGS_FILE": "../outside.yml"},
			want: "orgs-file resolves outside the workspace",
		},
		{
			name: "absolute_outside",
			env:  map[string]string{"SF_ORGS_FILE": "/etc/hostname"},
			want: "orgs-file resolves outside the workspace",
		},
		{
			name: "symlink_outside",
			link: [2]string{".github/salesforce-orgs.yml", "../../outside.yml"},
			env:  map[string]string{"SF_ORGS_FILE": ".github/salesforce-orgs.yml"},
			want: "orgs-file resolves outside the workspace",
		},
		{
			name:  "over_1_MiB",
			files: map[string]string{"orgs.yml": "- name: prod\n#" + strings.Repeat("-", 1<<20-len("- name: prod\n#")) + "\n"},
			env:   map[string]string{"SF_ORGS_FILE": "orgs.yml"},
			want:  "orgs-file is 1048577 bytes long, more than the 1048576 one run reads",
		},
		{
			name: "missing",
			env:  map[string]string{"SF_ORGS_FILE": ".github/salesforce-orgs.yml"},
			want: "orgs-file names no file in the workspace",
		},
		{
			name:  "not_a_list",
			files: map[string]string{"orgs.json": `{"name": "prod"}`},
			env:   map[string]string{"SF_ORGS_FILE": "orgs.json"},
			want:  "expected a list of orgs",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := simorg.New("Acme")
			srv, err := org.Start("127.0.0.1:0", false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			files := map[string]string{}
			for k, v := range tc.files {
				files[k] = strings.ReplaceAll(v, "{{URL}}", srv.URL)
			}
			ws := writeWorkspace(t, files)
			if tc.link[0] != "" {
				link := filepath.Join(ws, tc.link[0])
				if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(tc.link[1], link); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "PW": "Pa55word-Env", "GITHUB_WORKSPACE": ws}
			for k, v := range tc.env {
				env[k] = strings.ReplaceAll(v, "{{URL}}", srv.URL)
			}
			run := runCLI(t, asInputs(env))
			if run.exit != 2 {
				t.Errorf("exit = %d, want 2", run.exit)
			}
			if org.Attempts() != 0 {
				t.Errorf("org saw %d login attempts, want none", org.Attempts())
			}
			if !strings.Contains(run.stdout, tc.want) {
				t.Errorf("stdout has no %q:\n%s", tc.want, run.stdout)
			}
			if !strings.Contains(run.stdout, "Configuration error%3A orgs-file::") && tc.name != "not_a_list" {
				t.Errorf("no error annotation titled with orgs-file:\n%s", run.stdout)
			}
			if strings.Contains(run.stdout, "- name: outside") || strings.Contains(run.stdout, "outside.yml") {
				t.Errorf("the run quotes the file outside the workspace:\n%s", run.stdout)
			}
			if run.outputs["status"] != "error" || run.outputs["reason"] != "config-error" {
				t.Errorf("outputs %v, want status error, reason config-error", run.outputs)
			}
			assertNoSecrets(t, run, []string{"Pa55word-Env"})
		})
	}
}
