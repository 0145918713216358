package check_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

func TestOAuthError_Fixtures(t *testing.T) {
	t.Parallel()

	cases := []struct {
		fixture string
		status  int
		// want is empty for a fixture that is not an error answer.
		want check.Reason
	}{
		{fixture: "oauth-token-error-invalid-client-id.json", status: 400, want: check.InvalidClient},
		{fixture: "oauth-token-error-invalid-client.json", status: 400, want: check.InvalidClient},
		{fixture: "oauth-token-error-invalid-grant-authentication-failure.json", status: 400, want: check.InvalidCredentials},
		{fixture: "oauth-token-error-invalid-grant-invalid-password.json", status: 400, want: check.InvalidCredentials},
		{fixture: "oauth-token-error-no-client-credentials-user.json", status: 400, want: check.NoRunAsUser},
		{fixture: "oauth-token-error-unknown-error-retry.json", status: 400, want: check.ServerError},
		{fixture: "oauth-refresh-error-expired-token.json", status: 400, want: check.ExpiredRefreshToken},
		{fixture: "oauth-token-error-app-not-found.json", status: 400, want: check.AppNotInstalled},
		{fixture: "oauth-token-success-password-docsample.json", status: 200},
		{fixture: "oauth-refresh-success.json", status: 200},
		{fixture: "oauth-identity-response.json", status: 200},
	}

	var covered []string
	for _, tc := range cases {
		covered = append(covered, tc.fixture)
	}
	for _, name := range fixtures.SalesforceNames("oauth-*.json") {
		if !slices.Contains(covered, name) {
			t.Errorf("fixture %s has no test case", name)
		}
	}

	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()

			body := fixtures.Salesforce(tc.fixture)
			var answer struct {
				Error       string `json:"error"`
				Description string `json:"error_description"`
			}
			if err := json.Unmarshal(body, &answer); err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if answer.Error != "" {
					t.Fatalf("fixture is an error answer (%s) but the case wants no reason", answer.Error)
				}
				return
			}
			got := check.OAuthError(answer.Error, answer.Description, tc.status)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("reason mismatch (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestOAuthError(t *testing.T) {
	t.Parallel()

	// Wire texts of docs/salesforce.md §2.3, §4.1 and §4.3.
	cases := []struct {
		name        string
		code        string
		description string
		status      int
		want        check.Reason
	}{
		{"invalid_client_credentials", "invalid_client_credentials", "", 400, check.InvalidClient},
		{"client_credentials_text_other_code", "invalid_request", "Invalid Client Credentials", 400, check.InvalidClient},
		{"not_approved", "invalid_grant", "user hasn't approved this consumer", 400, check.AppNotApproved},
		{"not_admin_approved", "invalid_app_access", "user is not admin approved to access this app", 400, check.AppNotApproved},
		{"not_admin_approved_text", "invalid_grant", "User is not admin approved to access this app", 400, check.AppNotApproved},
		{"audience_invalid", "invalid_grant", "audience is invalid", 400, check.JWTAudienceInvalid},
		{"audience_validation_help", "invalid_grant", "Audience validation failed", 400, check.JWTAudienceInvalid},
		{"invalid_assertion", "invalid_grant", "invalid assertion", 400, check.InvalidAssertion},
		{"expired_assertion", "invalid_grant", "expired authorization code", 400, check.InvalidAssertion},
		{"signature", "invalid_grant", "invalid signature", 400, check.InvalidAssertion},
		{"no_run_as_user", "invalid_grant", "no client credentials user enabled", 400, check.NoRunAsUser},
		{"app_blocked", "OAUTH_APP_BLOCKED", "this app is blocked by admin", 400, check.FlowBlocked},
		{"app_blocked_lower_case", "oauth_app_blocked", "", 302, check.FlowBlocked},
		{"app_blocked_text", "invalid_grant", "this app is blocked by admin", 400, check.FlowBlocked},
		{"unsupported_grant_type", "unsupported_grant_type", "grant type not supported", 400, check.FlowBlocked},
		{"expired_refresh_token", "invalid_grant", "expired access/refresh token", 400, check.ExpiredRefreshToken},
		{"token_has_been_revoked", "invalid_grant", "token has been revoked", 400, check.ExpiredRefreshToken},
		{"token_was_revoked", "invalid_grant", "Token was revoked", 400, check.ExpiredRefreshToken},
		{"inactive_user", "inactive_user", "User is inactive", 400, check.InactiveUser},
		{"inactive_org", "inactive_org", "Org is locked, closed, or suspended", 400, check.OrgUnavailable},
		{"ip_restricted", "invalid_grant", "ip restricted", 400, check.IPRestricted},
		{"eca_not_installed", "invalid_client", "External client app is not installed in this org", 400, check.AppNotInstalled},
		{"app_not_found", "app_not_found", "External client app is not installed in this org", 400, check.AppNotInstalled},
		{"app_not_found_code_alone", "APP_NOT_FOUND", "", 400, check.AppNotInstalled},
		{"eca_not_installed_other_code", "OAUTH_EC_APP_NOT_FOUND", "external client app is not installed in this org", 400, check.AppNotInstalled},
		{"ip_restricted_or_hours", "invalid_grant", "IP restricted or invalid login hours", 400, check.IPRestricted},
		{"login_hours", "invalid_grant", "invalid login hours", 400, check.LoginHours},
		{"rate_limit_code", "rate_limit_exceeded", "Number of logins exceeded", 400, check.RateLimited},
		{"login_rate_text", "invalid_grant", "Login Rate Exceeded", 400, check.RateLimited},
		{"my_domain_only", "invalid_grant", "request not supported on this domain", 400, check.WrongLoginHost},
		{"authentication_failure_upper_case", "INVALID_GRANT", "AUTHENTICATION FAILURE", 400, check.InvalidCredentials},
		{"invalid_user_credentials", "invalid_grant", "invalid user credentials", 400, check.InvalidCredentials},
		{"token_required_older", "invalid_grant", "authentication failure - Failed: API security token required", 400, check.InvalidCredentials},
		{"unknown_error", "unknown_error", "retry your request", 400, check.ServerError},
		{"no_valid_scopes", "invalid_grant", "no valid scopes defined", 400, check.LoginRejected},
		{"https_required", "invalid_request", "HTTPS required", 400, check.LoginRejected},
		{"empty", "", "", 400, check.LoginRejected},
		{"unknown_in_5xx", "some_new_code", "something broke", 500, check.ServerError},
		{"known_in_5xx", "invalid_grant", "authentication failure", 503, check.InvalidCredentials},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			got := check.OAuthError(tc.code, tc.description, tc.status)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("reason mismatch (-want, +got):\n%s", diff)
			}
			if check.Lookup(got).Reason != got {
				t.Errorf("reason %q is not in the vocabulary", got)
			}
		})
	}
}
