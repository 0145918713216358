package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// jsonReport is the part of a --json report these tests read.
type jsonReport struct {
	Reason   string `json:"reason"`
	Findings []struct {
		Severity string `json:"severity"`
		Reason   string `json:"reason"`
		Message  string `json:"message"`
	} `json:"findings"`
}

// runScenarioJSON serves the scenario's org and runs the binary's entry
// point against it with --json, with extra settings over the scenario's.
func runScenarioJSON(t *testing.T, sc simorg.Scenario, extra map[string]string) (invocation, jsonReport, *simorg.Org) {
	t.Helper()
	org, env := serve(t, sc)
	for k, v := range extra {
		if v == "" {
			delete(env, k)
			continue
		}
		env[k] = v
	}
	inv := runCLI(t, env, "--json")
	var rep jsonReport
	if err := json.Unmarshal([]byte(inv.stdout), &rep); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, inv.stdout)
	}
	return inv, rep, org
}

// TestAnswersUsersHit runs each of the answers users hit most with CI logins
// (issue trackers of the sf CLI, setup-sfdx, jsforce, simple-salesforce)
// through the binary against its scenario, and holds the verdict and the
// words that tell the user what happened.
func TestAnswersUsersHit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		scenario   string
		wantReason string
		wantExit   int
		wantText   string // in some finding's message
	}{
		{"oauth-jwt-eca-not-installed", "app-not-installed", 1, "External client app is not installed in this org"},
		{"oauth-client-credentials-eca-not-installed", "app-not-installed", 1, "External client app is not installed in this org"},
		{"oauth-refresh-ip-restricted", "refresh-ip-restricted", 1, "ip restricted"},
		{"oauth-jwt-sandbox-audience", "jwt-audience-invalid", 1, "audience was https://login.salesforce.com"},
		{"oauth-jwt-audience", "jwt-audience-invalid", 1, "audience was https://acme.my.salesforce.com"},
		{"oauth-jwt-key-escaped-newlines", "ok", 0, `literal \n sequences`},
		{"oauth-jwt-key-one-line", "ok", 0, "line breaks turned into spaces"},
		{"oauth-jwt-key-certificate", "config-error", 2, "this is a certificate, not the private key"},
		{"oauth-jwt-key-public", "config-error", 2, "holds a public key, not the private key"},
		{"oauth-jwt-key-encrypted", "config-error", 2, "encrypted with a passphrase"},
		{"oauth-jwt-key-no-start-line", "config-error", 2, "no start line"},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			sc := scenario(t, tc.scenario)
			inv, rep, org := runScenarioJSON(t, sc, nil)
			if inv.exit != tc.wantExit || rep.Reason != tc.wantReason {
				t.Errorf("exit %d reason %s, want %d %s\n%s", inv.exit, rep.Reason, tc.wantExit, tc.wantReason, inv.stdout)
			}
			found := false
			for _, f := range rep.Findings {
				found = found || strings.Contains(f.Message, tc.wantText)
			}
			if !found {
				t.Errorf("no finding says %q:\n%s", tc.wantText, inv.stdout)
			}
			if tc.wantExit == 2 && org.Attempts() != 0 {
				t.Errorf("a refused key still cost %d login attempts", org.Attempts())
			}
		})
	}
}

// TestPrivateKeyFile reads the key from private-key-file, repairs it the
// same way, and names the file input when it cannot be read.
func TestPrivateKeyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	escaped := filepath.Join(dir, "escaped.key")
	if err := os.WriteFile(escaped, []byte(scenario(t, "oauth-jwt-key-escaped-newlines").Env["SF_PRIVATE_KEY"]), 0o600); err != nil {
		t.Fatal(err)
	}
	sc := scenario(t, "oauth-jwt")
	cases := []struct {
		name       string
		extra      map[string]string
		wantReason string
		wantText   string
	}{
		{"repaired_from_file", map[string]string{"SF_PRIVATE_KEY": "", "SF_PRIVATE_KEY_FILE": escaped}, "ok", `literal \n`},
		{"missing_file", map[string]string{"SF_PRIVATE_KEY": "", "SF_PRIVATE_KEY_FILE": filepath.Join(dir, "nope.key")}, "config-error", "private-key-file"},
		{"both_given", map[string]string{"SF_PRIVATE_KEY_FILE": escaped}, "config-error", "both set"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv, rep, _ := runScenarioJSON(t, sc, tc.extra)
			found := false
			for _, f := range rep.Findings {
				found = found || strings.Contains(f.Message, tc.wantText)
			}
			if rep.Reason != tc.wantReason || !found {
				t.Errorf("reason %s, want %s and a finding saying %q:\n%s", rep.Reason, tc.wantReason, tc.wantText, inv.stdout)
			}
		})
	}
}
