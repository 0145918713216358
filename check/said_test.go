package check

import (
	"strings"
	"testing"
)

// TestEveryReasonSaysWhatSalesforceDid: explain shows, for every reason,
// what Salesforce says or does when it is given; none is missing and none
// belongs to a reason the vocabulary does not have.
func TestEveryReasonSaysWhatSalesforceDid(t *testing.T) {
	t.Parallel()
	for _, r := range Reasons() {
		s := Lookup(r).Said
		if s == "" || !strings.HasSuffix(s, ".") {
			t.Errorf("reason %s: Said = %q, want a sentence in check/said.go", r, s)
		}
	}
	for r := range said {
		if !Known(r) {
			t.Errorf("check/said.go has text for %q, which is not a reason", r)
		}
	}
}

// TestSaidMatchesClassifiers holds the codes and texts Said names to the
// classifiers: each answer quoted for a reason is classified as that reason,
// so explain never names an answer the check would read differently.
func TestSaidMatchesClassifiers(t *testing.T) {
	t.Parallel()
	// An oauthAnswer without a code is recognised by its description alone.
	type oauthAnswer struct{ code, desc string }
	for _, tc := range []struct {
		reason     Reason
		soap       []string
		tokenGiven bool
		oauth      []oauthAnswer
		refresh    bool // the refresh-token flow turns an IP restriction into its own reason
	}{
		{reason: MissingSecurityToken, soap: []string{"LOGIN_MUST_USE_SECURITY_TOKEN"}},
		{reason: InvalidCredentials, soap: []string{"INVALID_LOGIN"}, oauth: []oauthAnswer{{"invalid_grant", "authentication failure"}}},
		{reason: IPRestricted, soap: []string{"LOGIN_DURING_RESTRICTED_DOMAIN"}, oauth: []oauthAnswer{{"invalid_grant", "ip restricted"}}},
		{reason: LoginHours, soap: []string{"LOGIN_DURING_RESTRICTED_TIME"}, oauth: []oauthAnswer{{"invalid_grant", "invalid login hours"}}},
		{reason: PasswordExpired, soap: []string{"INVALID_OPERATION_WITH_EXPIRED_PASSWORD"}},
		{reason: LockedOut, soap: []string{"PASSWORD_LOCKOUT"}},
		{reason: APIDisabled, soap: []string{"API_CURRENTLY_DISABLED", "API_DISABLED_FOR_ORG"}},
		{reason: APIVersionUnsupported, soap: []string{"UNSUPPORTED_API_VERSION"}},
		{reason: MissingPermission, soap: []string{"INSUFFICIENT_ACCESS"}},
		{reason: IdentityVerification, soap: []string{"LOGIN_CHALLENGE_ISSUED", "LOGIN_CHALLENGE_PENDING"}},
		{reason: SSOUser, soap: []string{"INVALID_SSO_GATEWAY_URL", "SSO_SERVICE_DOWN"}},
		{reason: OrgUnavailable, soap: []string{"ORG_LOCKED", "ORG_IN_MAINTENANCE", "TRIAL_EXPIRED", "ORG_NOT_OWNED_BY_INSTANCE"},
			oauth: []oauthAnswer{{"inactive_org", ""}}},
		{reason: RateLimited, soap: []string{"REQUEST_LIMIT_EXCEEDED", "LOGIN_RATE_EXCEEDED"},
			oauth: []oauthAnswer{{"rate_limit_exceeded", "Number of logins exceeded"}}},
		{reason: InactiveUser, soap: []string{"INACTIVE_OWNER_OR_USER"}, oauth: []oauthAnswer{{"inactive_user", "User is inactive"}}},
		{reason: ServerError, soap: []string{"SERVER_UNAVAILABLE"}, oauth: []oauthAnswer{{"unknown_error", "retry your request"}}},
		{reason: InvalidClient, oauth: []oauthAnswer{{"invalid_client", "invalid client credentials"}, {"invalid_client_id", "client identifier invalid"}}},
		{reason: AppNotApproved, oauth: []oauthAnswer{{"invalid_app_access", "user is not admin approved to access this app"}, {"", "user hasn't approved this consumer"}}},
		{reason: InvalidAssertion, oauth: []oauthAnswer{{"invalid_grant", "invalid assertion"}, {"invalid_grant", "expired authorization code"}}},
		{reason: AppNotInstalled, oauth: []oauthAnswer{{"app_not_found", ""}, {"", "External client app is not installed in this org"}}},
		{reason: JWTAudienceInvalid, oauth: []oauthAnswer{{"invalid_grant", "audience is invalid"}}},
		{reason: RefreshIPRestricted, oauth: []oauthAnswer{{"invalid_grant", "ip restricted"}}, refresh: true},
		{reason: NoRunAsUser, oauth: []oauthAnswer{{"invalid_grant", "no client credentials user enabled"}}},
		{reason: FlowBlocked, oauth: []oauthAnswer{{"unsupported_grant_type", ""}, {"OAUTH_APP_BLOCKED", "this app is blocked by admin"}}},
		{reason: ExpiredRefreshToken, oauth: []oauthAnswer{{"invalid_grant", "expired access/refresh token"}}},
		{reason: WrongLoginHost, oauth: []oauthAnswer{{"", "request not supported on this domain"}}},
	} {
		t.Run(string(tc.reason), func(t *testing.T) {
			t.Parallel()
			text := Lookup(tc.reason).Said
			for _, code := range tc.soap {
				if !strings.Contains(text, code) {
					t.Errorf("Said of %s does not name %s", tc.reason, code)
				}
				if got := SOAPFault(code, "", tc.tokenGiven); got != tc.reason {
					t.Errorf("SOAPFault(%s) = %s, but Said of %s names it", code, got, tc.reason)
				}
			}
			for _, a := range tc.oauth {
				if !strings.Contains(text, a.code) || !strings.Contains(text, a.desc) {
					t.Errorf("Said of %s does not name %s %q", tc.reason, a.code, a.desc)
				}
				got := OAuthError(a.code, a.desc, 400)
				if tc.refresh && got == IPRestricted {
					got = RefreshIPRestricted // as the refresh-token flow reads it (oauthflow.go)
				}
				if got != tc.reason {
					t.Errorf("OAuthError(%s, %q) = %s, but Said of %s names it", a.code, a.desc, got, tc.reason)
				}
			}
		})
	}
}
