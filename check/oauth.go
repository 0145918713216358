package check

import "strings"

// OAuthError classifies an OAuth error answer of the token endpoint by its
// error code and error_description, compared case-insensitively (both
// "IP restricted…" and "ip restricted" are seen, docs/salesforce.md §9.4); a
// description matches by substring. status is the HTTP status: an error no
// rule knows is a server error when it came with a 5xx, a rejected login
// otherwise.
//
// Codes and wire texts: docs/salesforce.md §4.1 and §4.3, the scenario
// table of §2.3, and the recorded answers of package fixtures.
func OAuthError(code, description string, status int) Reason {
	code = strings.ToLower(strings.TrimSpace(code))
	desc := strings.ToLower(description)
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(desc, s) {
				return true
			}
		}
		return false
	}
	// {"error":"app_not_found","error_description":"External client app is
	// not installed in this org"} (fixture
	// oauth-token-error-app-not-found.json, docs/salesforce.md §10); the
	// description alone decides too, under whatever code a flow sends.
	if code == "app_not_found" || has("external client app is not installed") {
		return AppNotInstalled
	}
	switch code {
	// invalid_client_id "client identifier invalid" (fixture
	// oauth-token-error-invalid-client-id.json); invalid_client "invalid client
	// credentials" (fixture oauth-token-error-invalid-client.json);
	// invalid_client_credentials in the older REST guide list (§4.3).
	case "invalid_client_id", "invalid_client", "invalid_client_credentials":
		return InvalidClient
	// invalid_app_access "user is not admin approved to access this app" (§4.1 JWT bearer).
	case "invalid_app_access":
		return AppNotApproved
	// error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin
	// when API Access Control blocks the app (§4.3).
	case "oauth_app_blocked":
		return FlowBlocked
	// unsupported_grant_type "grant type not supported" (§4, §4.3): the org or
	// app does not allow this grant.
	case "unsupported_grant_type":
		return FlowBlocked
	// inactive_user "User is inactive" (§4.3 documented code list).
	case "inactive_user":
		return InactiveUser
	// inactive_org "Org is locked, closed, or suspended" (§4.3).
	case "inactive_org":
		return OrgUnavailable
	// rate_limit_exceeded "Number of logins exceeded" (§4.3, §2.3 rate limit).
	case "rate_limit_exceeded":
		return RateLimited
	// unknown_error "retry your request" (fixture oauth-token-error-unknown-error-retry.json).
	case "unknown_error":
		return ServerError
	}
	switch {
	// The descriptions of the two fixtures above, under whatever code.
	case has("invalid client credentials", "client identifier invalid"):
		return InvalidClient
	// "user hasn't approved this consumer", "user is not admin approved to
	// access this app" (§4.1 JWT bearer).
	case has("user hasn't approved this consumer", "not admin approved"):
		return AppNotApproved
	// "audience is invalid" [OBS forcedotcom/cli#3482, a sandbox's JWT],
	// "Audience validation failed" (Help example) (§4.1 JWT bearer).
	case has("audience is invalid", "audience validation failed"):
		return JWTAudienceInvalid
	// "invalid assertion", "expired authorization code" for an expired
	// assertion (§4.1 JWT bearer); a signature the app's certificate does not
	// verify.
	case has("invalid assertion", "expired authorization code", "signature"):
		return InvalidAssertion
	// "no client credentials user enabled" (fixture
	// oauth-token-error-no-client-credentials-user.json, §4.1).
	case has("no client credentials user enabled"):
		return NoRunAsUser
	// "this app is blocked by admin" (§4.3, OAUTH_APP_BLOCKED).
	case has("app is blocked"):
		return FlowBlocked
	// "expired access/refresh token" (fixture
	// oauth-refresh-error-expired-token.json, §4.1 refresh token); a revoked
	// refresh token.
	case has("expired access/refresh token", "token has been revoked", "token was revoked"):
		return ExpiredRefreshToken
	// invalid_grant "ip restricted" (§2.3 d). The documented description "IP
	// restricted or invalid login hours" (§4.3) names both causes; the IP
	// restriction is the one an admin can tell from the runner, so it wins.
	case has("ip restricted"):
		return IPRestricted
	// "invalid login hours" alone (§2.3 e).
	case has("invalid login hours"):
		return LoginHours
	// "Login Rate Exceeded" (§2.3 rate limit, §7), "Number of logins exceeded" (§4.3).
	case has("login rate exceeded", "number of logins exceeded"):
		return RateLimited
	// "request not supported on this domain": client credentials sent to
	// login.salesforce.com or test.salesforce.com instead of My Domain (§4.1).
	case has("request not supported on this domain"):
		return WrongLoginHost
	// invalid_grant "authentication failure" (fixture
	// oauth-token-error-invalid-grant-authentication-failure.json), older
	// "authentication failure - Invalid Password" (fixture
	// oauth-token-error-invalid-grant-invalid-password.json), "invalid user
	// credentials" (§2.3 c, §4.3). Salesforce gives this one text for a wrong
	// username, password or token and for a blocked username-password flow.
	case has("authentication failure", "invalid user credentials"):
		return InvalidCredentials
	}
	if status >= 500 {
		return ServerError
	}
	return LoginRejected
}
