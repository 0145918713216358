package cli

import (
	"strings"
	"testing"
)

// TestRun_oversizeSecret pastes 10 MB into each secret input, in GitHub
// mode, alone and as an org's secret in a multi-org run. The input is
// refused by name, no login is attempted, and the value is neither shown
// nor handed whole to the runner: registering it for masking expanded it
// into a dozen encoded forms (seconds and gigabytes under -race) and
// printed it as a 10 MB ::add-mask:: line.
func TestRun_oversizeSecret(t *testing.T) {
	t.Parallel()
	// Varied, so that a window of it is unlikely anywhere else.
	var b strings.Builder
	for b.Len() < 10<<20 {
		b.WriteString("Pasted-Fi1e-")
		b.WriteString(strings.Repeat("x", b.Len()%7))
	}
	pasted := b.String()
	for _, tc := range []struct {
		input string
		env   map[string]string
	}{
		{"password", map[string]string{"SF_PASSWORD": pasted}},
		{"security-token", map[string]string{"SF_SECURITY_TOKEN": pasted}},
		{"client-secret", map[string]string{"SF_AUTH_FLOW": "client-credentials", "SF_CLIENT_ID": "3MVG9Oversize", "SF_CLIENT_SECRET": pasted}},
		{"refresh-token", map[string]string{"SF_AUTH_FLOW": "refresh-token", "SF_CLIENT_ID": "3MVG9Oversize", "SF_REFRESH_TOKEN": pasted}},
		{"sfdx-auth-url", map[string]string{"SF_AUTH_FLOW": "refresh-token", "SF_AUTH_URL": "force://PlatformCLI::" + pasted + "@example.my.salesforce.com"}},
		{"private-key", map[string]string{"SF_AUTH_FLOW": "jwt", "SF_CLIENT_ID": "3MVG9Oversize", "SF_PRIVATE_KEY": pasted}},
		{"orgs", map[string]string{"SF_ORGS": "- name: prod\n  username: ci@oversize.example.com\n  password-env: PASTED\n", "PASTED": pasted}},
	} {
		t.Run(tc.input, func(t *testing.T) {
			t.Parallel()
			org, env := serve(t, scenario(t, "healthy"))
			for k, v := range tc.env {
				env[k] = v
			}
			run := runCLI(t, asInputs(env))
			if run.exit != 2 {
				t.Errorf("exit = %d, want 2 (a configuration error)", run.exit)
			}
			if org.Attempts() != 0 {
				t.Errorf("the org saw %d login attempts, want none", org.Attempts())
			}
			if !strings.Contains(run.stdout, "bytes long") {
				t.Errorf("stdout does not refuse the oversize value:\n%.2000s", run.stdout)
			}
			all := run.stdout + run.stderr + run.summary
			for _, v := range run.outputs {
				all += v
			}
			if len(all) > 64<<10 {
				t.Errorf("the run wrote %d bytes to stdout, stderr, the summary and the outputs, want under 64 KiB", len(all))
			}
			if window := pasted[1<<20 : 1<<20+64]; strings.Contains(all, window) {
				t.Error("a part of the pasted value reached an output")
			}
		})
	}
}
