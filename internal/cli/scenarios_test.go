package cli

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// asInputs turns SF_* settings into the INPUT_* variables the runner sets,
// hyphens kept, with every other declared input present with its action.yml
// default (or empty), as the runner sets it.
func asInputs(env map[string]string) map[string]string {
	out := map[string]string{"GITHUB_ACTIONS": "true"}
	byEnv := map[string]string{}
	for _, in := range config.Inputs {
		runner := in.Spellings()[0]
		out[runner] = in.Default
		byEnv[in.Env] = runner
	}
	for k, v := range env {
		if runner, ok := byEnv[k]; ok {
			k = runner
		}
		out[k] = v
	}
	return out
}

// secretForms lists a secret and the encodings it could leak in.
func secretForms(s string) []string {
	if len(s) < 6 {
		return nil
	}
	return []string{s, url.QueryEscape(s), base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s))}
}

// assertNoSecrets fails if any secret appears in any output of a run. The
// ::add-mask:: commands are the one place a secret is written on purpose:
// the runner consumes them and never shows them.
func assertNoSecrets(t *testing.T, inv invocation, secrets []string) {
	t.Helper()
	var stdout []string
	for _, line := range strings.Split(inv.stdout, "\n") {
		if !strings.HasPrefix(line, "::add-mask::") {
			stdout = append(stdout, line)
		}
	}
	outputs, _ := json.Marshal(inv.outputs)
	places := map[string]string{
		"stdout": strings.Join(stdout, "\n"), "stderr": inv.stderr, "GITHUB_OUTPUT": string(outputs), "GITHUB_STEP_SUMMARY": inv.summary,
	}
	for _, s := range secrets {
		for _, form := range secretForms(s) {
			for where, text := range places {
				if strings.Contains(text, form) {
					t.Errorf("%s contains a secret (%.6s…)", where, form)
				}
			}
		}
	}
}

func scenarioSecrets(sc simorg.Scenario, org *simorg.Org) []string {
	out := org.Issued()
	for _, k := range []string{"SF_PASSWORD", "SF_SECURITY_TOKEN", "SF_CLIENT_SECRET", "SF_REFRESH_TOKEN", "SF_AUTH_URL", "SF_PRIVATE_KEY"} {
		if v := sc.Env[k]; v != "" {
			out = append(out, v)
		}
	}
	if sc.Env["SF_PASSWORD"] != "" && sc.Env["SF_SECURITY_TOKEN"] != "" {
		out = append(out, sc.Env["SF_PASSWORD"]+sc.Env["SF_SECURITY_TOKEN"])
	}
	for _, u := range org.Users() {
		out = append(out, u.Password, u.Token, u.Password+u.Token)
	}
	return out
}

// TestScenarios runs every scenario of the simulated org through the binary's
// entry point in JSON, GitHub and terminal mode and checks the verdict, the
// login attempts the org saw, that every session was logged out, and that
// no secret reached any output.
func TestScenarios(t *testing.T) {
	t.Parallel()
	for _, sc := range simorg.Scenarios() {
		for _, mode := range []string{"json", "github", "terminal"} {
			t.Run(sc.Name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				org, env := serve(t, sc)
				var args []string
				switch mode {
				case "json":
					args = []string{"--json"}
				case "github":
					env = asInputs(env)
				}
				inv := runCLI(t, env, args...)

				if inv.exit != sc.WantExit {
					t.Errorf("exit = %d, want %d\nstdout:\n%s", inv.exit, sc.WantExit, inv.stdout)
				}
				if got := org.Attempts(); got != sc.WantAttempts {
					t.Errorf("login attempts seen by the org = %d, want %d", got, sc.WantAttempts)
				}
				if n := org.LiveSessions(); n != 0 {
					t.Errorf("%d sessions left open, want every session logged out or revoked", n)
				}
				switch mode {
				case "json":
					var got struct {
						Status   string `json:"status"`
						Reason   string `json:"reason"`
						Attempts int    `json:"attempts"`
						Findings []struct {
							Reason string `json:"reason"`
						} `json:"findings"`
					}
					if err := json.Unmarshal([]byte(inv.stdout), &got); err != nil {
						t.Fatalf("stdout is not one JSON object: %v\n%s", err, inv.stdout)
					}
					if got.Reason != sc.WantReason || got.Attempts != sc.WantAttempts {
						t.Errorf("JSON reason %q attempts %d, want %q %d\n%s", got.Reason, got.Attempts, sc.WantReason, sc.WantAttempts, inv.stdout)
					}
					for _, also := range sc.WantAlso {
						found := false
						for _, f := range got.Findings {
							found = found || f.Reason == also
						}
						if !found {
							t.Errorf("findings %+v lack %q", got.Findings, also)
						}
					}
				case "github":
					if inv.outputs["reason"] != sc.WantReason {
						t.Errorf("output reason = %q, want %q", inv.outputs["reason"], sc.WantReason)
					}
					if !strings.Contains(inv.summary, strings.ReplaceAll(sc.WantReason, "-", "-")) {
						t.Errorf("summary does not name the reason %q:\n%s", sc.WantReason, inv.summary)
					}
					if sc.WantExit == 1 && !strings.Contains(inv.stdout, "::error title=") {
						t.Errorf("no ::error annotation for a failing check:\n%s", inv.stdout)
					}
				case "terminal":
					if !strings.Contains(inv.stdout, sc.WantReason) {
						t.Errorf("terminal output does not name %q:\n%s", sc.WantReason, inv.stdout)
					}
				}
				assertNoSecrets(t, inv, scenarioSecrets(sc, org))
			})
		}
	}
}
