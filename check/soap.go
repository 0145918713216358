package check

import "strings"

// SOAPFault classifies the exceptionCode and exceptionMessage of a SOAP
// login() fault. tokenGiven tells whether a security token was appended to the
// password, which decides between a missing and a stale token.
//
// Codes and wire texts: docs/salesforce.md §2 (Partner WSDL 47
// ExceptionCode enum; observed messages in §2.2).
func SOAPFault(code, message string, tokenGiven bool) Reason {
	code = strings.ToUpper(strings.TrimSpace(code))
	if i := strings.LastIndexByte(code, ':'); i >= 0 {
		code = code[i+1:]
	}
	msg := strings.ToLower(message)
	switch code {
	case "LOGIN_MUST_USE_SECURITY_TOKEN":
		if tokenGiven {
			return StaleSecurityToken
		}
		return MissingSecurityToken
	case "INVALID_LOGIN":
		return InvalidCredentials
	case "LOGIN_DURING_RESTRICTED_DOMAIN":
		return IPRestricted
	case "LOGIN_DURING_RESTRICTED_TIME":
		return LoginHours
	case "INVALID_OPERATION_WITH_EXPIRED_PASSWORD":
		return PasswordExpired
	case "PASSWORD_LOCKOUT":
		return LockedOut
	case "API_CURRENTLY_DISABLED", "API_DISABLED_FOR_ORG":
		return APIDisabled
	case "INVALID_OPERATION":
		switch {
		// "SOAP API login() is disabled by default in this org." [OBS OpenFn/adaptors#1715]
		case strings.Contains(msg, "login() is disabled"):
			return SOAPLoginDisabled
		// "The SOAP Login operation is not available in the API version specified (65.0)." [OBS forcedotcom/wsc#363]
		case strings.Contains(msg, "not available in the api version"):
			return APIVersionUnsupported
		}
		return LoginRejected
	case "UNSUPPORTED_API_VERSION":
		return APIVersionUnsupported
	case "INSUFFICIENT_ACCESS":
		return MissingPermission
	case "LOGIN_CHALLENGE_ISSUED", "LOGIN_CHALLENGE_PENDING":
		return IdentityVerification
	case "INVALID_SSO_GATEWAY_URL", "SSO_SERVICE_DOWN":
		return SSOUser
	case "ORG_LOCKED", "ORG_IN_MAINTENANCE", "TRIAL_EXPIRED", "ORG_NOT_OWNED_BY_INSTANCE":
		return OrgUnavailable
	case "REQUEST_LIMIT_EXCEEDED", "LOGIN_RATE_EXCEEDED":
		return RateLimited
	case "SERVER_UNAVAILABLE":
		return ServerError
	case "INACTIVE_OWNER_OR_USER":
		return InactiveUser
	}
	// "Login Rate Exceeded" is documented as text, not as a code [DOC login()].
	if strings.Contains(msg, "login rate exceeded") {
		return RateLimited
	}
	return LoginRejected
}
