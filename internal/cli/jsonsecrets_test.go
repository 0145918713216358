package cli

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// TestJSON_secretsThatLookLikeJSON: passwords that spell JSON syntax or the
// check's own vocabulary. The report is redacted field by field before it is
// encoded, so it stays valid JSON and its status and reason stay what the
// check decided (scrubbing the encoded text would break both).
func TestJSON_secretsThatLookLikeJSON(t *testing.T) {
	t.Parallel()
	for _, password := range []string{"false", `", "x": "`, "fail!", "invalid-credentials", `\"}\"}`, "null}"} {
		t.Run(password, func(t *testing.T) {
			t.Parallel()
			srv, _, _ := startFaultServer(t, false, answer(http.StatusInternalServerError, "text/xml;charset=UTF-8",
				soapFault("INVALID_LOGIN", "Invalid username, password, security token; or user locked out.", true)))
			vars := soapVars(srv.URL, "5s")
			vars["SF_PASSWORD"], vars["SF_SECURITY_TOKEN"] = password, ""
			var dials atomic.Int64
			run := runHostile(t.Context(), t, newFaultClient(&dials), vars, "--json")
			res := parseJSONReport(t, run.stdout)
			if res.Status != check.StatusFail || res.Reason != check.InvalidCredentials || run.exit != 1 {
				t.Errorf("status %s, reason %s, exit %d; want fail, invalid-credentials, 1:\n%s", res.Status, res.Reason, run.exit, run.stdout)
			}
		})
	}
}
