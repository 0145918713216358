package cli

import (
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestSalesforceErrorOutputIsTheCode: the salesforce-error output holds
// Salesforce's code alone, as action.yml says (internal/ship holds the
// description to it), so `if: steps.x.outputs.salesforce-error ==
// 'LOGIN_MUST_USE_SECURITY_TOKEN'` works.
func TestSalesforceErrorOutputIsTheCode(t *testing.T) {
	t.Parallel()
	for _, sc := range simorg.Scenarios() {
		if sc.Name != "token-missing" {
			continue
		}
		org := sc.NewOrg()
		srv, err := org.Start("127.0.0.1:0", false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
		env := map[string]string{"SF_LOGIN_URL": srv.URL, "SF_ALLOW_CUSTOM_HOST": "true"}
		for k, v := range sc.Env {
			env[k] = v
		}
		inv := runCLI(t, asInputs(env))
		if got, want := inv.outputs["salesforce-error"], "LOGIN_MUST_USE_SECURITY_TOKEN"; got != want {
			t.Errorf("output salesforce-error = %q, want %q", got, want)
		}
		return
	}
	t.Fatal("no token-missing scenario")
}
