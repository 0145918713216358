package check

import (
	"strings"
	"testing"
)

func TestSOAPFault(t *testing.T) {
	t.Parallel()
	// Messages are the recorded wire texts of docs/salesforce.md §2.2
	// where one was captured.
	cases := []struct {
		code, message string
		tokenGiven    bool
		want          Reason
	}{
		{"LOGIN_MUST_USE_SECURITY_TOKEN", "Invalid username, password, security token; or user locked out. Are you at a new location?", false, MissingSecurityToken},
		{"LOGIN_MUST_USE_SECURITY_TOKEN", "Invalid username, password, security token; or user locked out. Are you at a new location?", true, StaleSecurityToken},
		{"sf:LOGIN_MUST_USE_SECURITY_TOKEN", "", false, MissingSecurityToken},
		{"INVALID_LOGIN", "Invalid username, password, security token; or user locked out.", true, InvalidCredentials},
		{"LOGIN_DURING_RESTRICTED_DOMAIN", "cannot log in from current domain", true, IPRestricted},
		{"LOGIN_DURING_RESTRICTED_TIME", "cannot log in during restricted time", true, LoginHours},
		{"INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "The users password has expired, you must call SetPassword before attempting any other API operations", true, PasswordExpired},
		{"PASSWORD_LOCKOUT", "", true, LockedOut},
		{"API_CURRENTLY_DISABLED", "API is disabled for this User", true, APIDisabled},
		{"API_DISABLED_FOR_ORG", "", true, APIDisabled},
		{"INVALID_OPERATION", "SOAP API login() is disabled by default in this org.", true, SOAPLoginDisabled},
		{"INVALID_OPERATION", "The SOAP Login operation is not available in the API version specified (65.0). Refer to the documentation for supported versions.", true, APIVersionUnsupported},
		{"INVALID_OPERATION", "something else", true, LoginRejected},
		{"UNSUPPORTED_API_VERSION", "Invalid Api version specified on URL", true, APIVersionUnsupported},
		{"INSUFFICIENT_ACCESS", "", true, MissingPermission},
		{"LOGIN_CHALLENGE_ISSUED", "", true, IdentityVerification},
		{"LOGIN_CHALLENGE_PENDING", "", true, IdentityVerification},
		{"INVALID_SSO_GATEWAY_URL", "", true, SSOUser},
		{"SSO_SERVICE_DOWN", "", true, SSOUser},
		{"ORG_LOCKED", "", true, OrgUnavailable},
		{"ORG_IN_MAINTENANCE", "", true, OrgUnavailable},
		{"TRIAL_EXPIRED", "", true, OrgUnavailable},
		{"ORG_NOT_OWNED_BY_INSTANCE", "", true, OrgUnavailable},
		{"REQUEST_LIMIT_EXCEEDED", "", true, RateLimited},
		{"UNKNOWN_EXCEPTION", "Login Rate Exceeded", true, RateLimited},
		{"SERVER_UNAVAILABLE", "", true, ServerError},
		{"INACTIVE_OWNER_OR_USER", "", true, InactiveUser},
		{"TXN_SECURITY_NO_ACCESS", "blocked by a transaction security policy", true, LoginRejected},
		{"", "", false, LoginRejected},
	}
	for _, tc := range cases {
		t.Run(tc.code+"/"+tc.message, func(t *testing.T) {
			t.Parallel()
			if got := SOAPFault(tc.code, tc.message, tc.tokenGiven); got != tc.want {
				t.Errorf("SOAPFault(%q, %q, %v) = %q, want %q", tc.code, tc.message, tc.tokenGiven, got, tc.want)
			}
		})
	}
}

func TestVocabulary(t *testing.T) {
	t.Parallel()
	for _, r := range all() {
		info := Lookup(r)
		if info.Reason != r || info.Title == "" || info.Remedy == "" {
			t.Errorf("%s: incomplete entry %+v", r, info)
		}
		if strings.ToLower(string(r)) != string(r) || strings.ContainsAny(string(r), " _") {
			t.Errorf("%s: reasons are lower-case kebab-case", r)
		}
		wantExit := map[Status]int{StatusPass: ExitOK, StatusWarn: ExitOK, StatusFail: ExitFail, StatusError: ExitInconclusive}[info.Status]
		if r == ConfigError || r == UntrustedLoginHost {
			wantExit = ExitConfig
		}
		if info.Exit != wantExit {
			t.Errorf("%s: exit %d, want %d for status %s", r, info.Exit, wantExit, info.Status)
		}
	}
	if got := Lookup("no-such-reason").Reason; got != UnexpectedResponse {
		t.Errorf("Lookup of an unknown reason = %q, want %q", got, UnexpectedResponse)
	}
}
