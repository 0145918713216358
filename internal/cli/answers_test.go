package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

// recordedFault is the live 2017 fault recording (soap-fault-invalid-login-
// enterprise-live2017.xml, unprefixed faultcode) with its code and message
// replaced: the wire shape of every login() fault, for the codes no recording
// holds (docs/salesforce.md §2.2 lists which were only ever seen as text, and
// which are UNCERTAIN).
func recordedFault(t *testing.T, code, message string) string {
	t.Helper()
	b := fixtures.Salesforce("soap-fault-invalid-login-enterprise-live2017.xml")
	body := strings.ReplaceAll(string(b), "INVALID_LOGIN", code)
	return strings.ReplaceAll(body, "Invalid username, password, security token; or user locked out.", message)
}

// TestEveryLoginFaultThroughTheBinary serves each login() fault code in the
// recorded wire shape and checks the verdict the binary reaches, its exit
// code, that Salesforce's code is quoted and that one request was sent.
func TestEveryLoginFaultThroughTheBinary(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code, message, reason string
		exit                  int
	}{
		{"LOGIN_MUST_USE_SECURITY_TOKEN", "Are you at a new location?", "stale-security-token", 1},
		{"INVALID_LOGIN", "Invalid username, password, security token; or user locked out.", "invalid-credentials", 1},
		{"LOGIN_DURING_RESTRICTED_DOMAIN", "cannot log in from current domain", "ip-restricted", 1},
		{"LOGIN_DURING_RESTRICTED_TIME", "cannot log in during restricted time", "login-hours", 1},
		{"INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "The users password has expired, you must call SetPassword before attempting any other API operations", "password-expired", 1},
		{"PASSWORD_LOCKOUT", "exceeded the allowed number of login attempts", "locked-out", 1},
		{"API_CURRENTLY_DISABLED", "API is disabled for this User", "api-disabled", 1},
		{"API_DISABLED_FOR_ORG", "API access has not been enabled for the organization", "api-disabled", 1},
		{"INVALID_OPERATION", "SOAP API login() is disabled by default in this org.", "soap-login-disabled", 1},
		{"UNSUPPORTED_API_VERSION", "Invalid Api version specified on URL", "api-version-unsupported", 1},
		{"INSUFFICIENT_ACCESS", "insufficient access", "missing-permission", 1},
		{"LOGIN_CHALLENGE_ISSUED", "challenge issued", "identity-verification", 1},
		{"LOGIN_CHALLENGE_PENDING", "challenge pending", "identity-verification", 1},
		{"INVALID_SSO_GATEWAY_URL", "The Single Sign-On Gateway URL is invalid", "sso-user", 1},
		{"SSO_SERVICE_DOWN", "Your company's authentication service is down", "sso-user", 1},
		{"ORG_LOCKED", "org locked", "org-unavailable", 1},
		{"ORG_IN_MAINTENANCE", "org in maintenance", "org-unavailable", 1},
		{"TRIAL_EXPIRED", "trial expired", "org-unavailable", 1},
		{"ORG_NOT_OWNED_BY_INSTANCE", "wrong instance", "org-unavailable", 1},
		{"REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", "rate-limited", 1},
		{"SERVER_UNAVAILABLE", "server unavailable", "server-error", 3},
		{"TXN_SECURITY_NO_ACCESS", "blocked by a transaction security policy", "login-rejected", 1},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			var seen atomic.Int32
			body := recordedFault(t, tc.code, tc.message)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				seen.Add(1)
				w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(body))
			}))
			t.Cleanup(srv.Close)
			inv := runCLI(t, map[string]string{"SF_LOGIN_URL": srv.URL, "SF_ALLOW_CUSTOM_HOST": "true",
				"SF_USERNAME": "int@acme.example.com", "SF_PASSWORD": "Answers-Pa55", "SF_SECURITY_TOKEN": "AnswersTok3n"}, "--json")
			var got struct {
				Reason          string `json:"reason"`
				SalesforceError string `json:"salesforce_error"`
				Findings        []struct{ Message string }
			}
			if err := json.Unmarshal([]byte(inv.stdout), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, inv.stdout)
			}
			if got.Reason != tc.reason || inv.exit != tc.exit || got.SalesforceError != tc.code {
				t.Errorf("reason %q exit %d error %q, want %q %d %q", got.Reason, inv.exit, got.SalesforceError, tc.reason, tc.exit, tc.code)
			}
			if len(got.Findings) == 0 || !strings.Contains(got.Findings[0].Message, tc.code+": "+tc.message) {
				t.Errorf("the deciding finding does not quote Salesforce verbatim: %+v", got.Findings)
			}
			if n := seen.Load(); n != 1 {
				t.Errorf("%d requests, want 1: an answer from Salesforce is never retried", n)
			}
		})
	}
}

// TestEveryOAuthAnswerThroughTheBinary serves each recorded OAuth error (and
// the documented ones no recording holds) to a client-credentials check.
func TestEveryOAuthAnswerThroughTheBinary(t *testing.T) {
	t.Parallel()
	recorded := func(name string) string { return string(fixtures.Salesforce(name)) }
	cases := []struct {
		name, body string
		status     int
		reason     string
		exit       int
	}{
		{"recorded invalid_client_id", recorded("oauth-token-error-invalid-client-id.json"), 400, "invalid-client", 1},
		{"recorded invalid_client", recorded("oauth-token-error-invalid-client.json"), 400, "invalid-client", 1},
		{"recorded app_not_found", recorded("oauth-token-error-app-not-found.json"), 400, "app-not-installed", 1},
		{"app_not_found whatever the text", `{"error":"app_not_found","error_description":"no such app here"}`, 400, "app-not-installed", 1},
		{"recorded authentication failure", recorded("oauth-token-error-invalid-grant-authentication-failure.json"), 400, "invalid-credentials", 1},
		{"recorded no run-as user", recorded("oauth-token-error-no-client-credentials-user.json"), 400, "no-run-as-user", 1},
		{"recorded expired refresh token", recorded("oauth-refresh-error-expired-token.json"), 400, "expired-refresh-token", 1},
		{"recorded unknown_error", recorded("oauth-token-error-unknown-error-retry.json"), 503, "server-error", 3},
		{"user not approved", `{"error":"invalid_grant","error_description":"user hasn't approved this consumer"}`, 400, "app-not-approved", 1},
		{"audience", `{"error":"invalid_grant","error_description":"audience is invalid"}`, 400, "jwt-audience-invalid", 1},
		{"ip restricted", `{"error":"invalid_grant","error_description":"ip restricted"}`, 400, "ip-restricted", 1},
		{"inactive user", `{"error":"inactive_user","error_description":"user is inactive"}`, 400, "inactive-user", 1},
		{"inactive org", `{"error":"inactive_org","error_description":"org is locked, closed, or suspended"}`, 400, "org-unavailable", 1},
		{"rate limit", `{"error":"rate_limit_exceeded","error_description":"number of logins exceeded"}`, 400, "rate-limited", 1},
		{"wrong domain", `{"error":"invalid_grant","error_description":"request not supported on this domain"}`, 400, "wrong-login-host", 1},
		{"app blocked", `{"error":"OAUTH_APP_BLOCKED","error_description":"this app is blocked by admin"}`, 400, "flow-blocked", 1},
		{"revoked", `{"error":"invalid_grant","error_description":"token has been revoked"}`, 400, "expired-refresh-token", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var seen atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen.Add(1)
				if r.URL.Path != "/services/oauth2/token" || r.URL.RawQuery != "" {
					t.Errorf("request %s, want the token endpoint without a query", r.URL)
				}
				w.Header().Set("Content-Type", "application/json;charset=UTF-8")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			inv := runCLI(t, map[string]string{"SF_LOGIN_URL": srv.URL, "SF_ALLOW_CUSTOM_HOST": "true",
				"SF_CLIENT_ID": "3MVG9Answers", "SF_CLIENT_SECRET": "AnswersSecret99"}, "--json")
			var got struct{ Reason, AuthFlow string }
			if err := json.Unmarshal([]byte(inv.stdout), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, inv.stdout)
			}
			if got.Reason != tc.reason || inv.exit != tc.exit {
				t.Errorf("reason %q exit %d, want %q %d\n%s", got.Reason, inv.exit, tc.reason, tc.exit, inv.stdout)
			}
			if n := seen.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}
