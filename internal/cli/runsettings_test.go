package cli

import (
	"strings"
	"testing"
)

// TestMultiOrg_RunSettingsRefused: the settings of the run itself
// (fail-on-warning, parallelism) are validated once, by config.Validate,
// whatever their spelling: a value that does not parse refuses the run
// before any login, naming the input, instead of being read as false or
// dropped.
func TestMultiOrg_RunSettingsRefused(t *testing.T) {
	t.Parallel()
	const list = "- name: prod\n  login-url: https://login.salesforce.com\n  username: a@acme.com\n  password-env: PW\n"
	cases := []struct {
		name  string
		env   map[string]string
		input string
		want  string
	}{
		{"fail_on_warning_not_a_boolean", map[string]string{"SF_FAIL_ON_WARNING": "maybe"}, "fail-on-warning", "fail-on-warning must be true or false (input fail-on-warning, or SF_FAIL_ON_WARNING when run locally)"},
		{"parallelism_zero", map[string]string{"SF_PARALLELISM": "0"}, "parallelism", "parallelism must be a whole number from 1 to 64 (input parallelism, or SF_PARALLELISM when run locally)"},
		{"parallelism_not_a_number", map[string]string{"SF_PARALLELISM": "eight"}, "parallelism", "parallelism must be a whole number from 1 to 64"},
		{"parallelism_too_high", map[string]string{"SF_PARALLELISM": "65"}, "parallelism", "from 1 to 64"},
	}
	for _, tc := range cases {
		for _, action := range []bool{false, true} {
			name := tc.name + "/local"
			if action {
				name = tc.name + "/action_input"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				env := map[string]string{"SF_ORGS": list, "PW": "Pa55word-Valid8"}
				for k, v := range tc.env {
					env[k] = v
				}
				if action {
					env = asInputs(env)
				}
				run := runCLI(t, env, "--json")
				if run.exit != 2 {
					t.Errorf("exit = %d, want 2 (configuration error, no login)", run.exit)
				}
				if !strings.Contains(run.stdout, "Configuration error: "+tc.input) || !strings.Contains(run.stdout, tc.want) {
					t.Errorf("report does not refuse %s with %q:\n%s", tc.input, tc.want, run.stdout)
				}
				if strings.Contains(run.stdout, `"name": "prod"`) {
					t.Errorf("an org was checked although the run's settings were refused:\n%s", run.stdout)
				}
			})
		}
	}
}
