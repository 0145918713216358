package cli

import (
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// scenario returns the simulated org's scenario called name.
func scenario(t *testing.T, name string) simorg.Scenario {
	t.Helper()
	sc, ok := simorg.ScenarioNamed(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	return sc
}

// serve starts the scenario's org on loopback for the test and returns it
// with the check's settings: the scenario's own, pointed at that server.
func serve(t *testing.T, sc simorg.Scenario) (*simorg.Org, map[string]string) {
	t.Helper()
	org := sc.NewOrg()
	srv, err := org.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	env := map[string]string{"SF_LOGIN_URL": srv.URL, "SF_ALLOW_CUSTOM_HOST": "true"}
	for k, v := range sc.Env {
		env[k] = strings.ReplaceAll(v, "{{URL}}", srv.URL)
	}
	return org, env
}
