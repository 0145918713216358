package cli

import (
	"testing"
)

// TestSalesforceErrorOutputIsTheCode: the salesforce-error output holds
// Salesforce's code alone, as action.yml says (internal/ship holds the
// description to it), so `if: steps.x.outputs.salesforce-error ==
// 'LOGIN_MUST_USE_SECURITY_TOKEN'` works.
func TestSalesforceErrorOutputIsTheCode(t *testing.T) {
	t.Parallel()
	_, env := serve(t, scenario(t, "token-missing"))
	inv := runCLI(t, asInputs(env))
	if got, want := inv.outputs["salesforce-error"], "LOGIN_MUST_USE_SECURITY_TOKEN"; got != want {
		t.Errorf("output salesforce-error = %q, want %q", got, want)
	}
}
