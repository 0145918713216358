package check

// said is what Salesforce typically says or does when a reason is given, in
// the words of an annotation's message. A real run quotes the answer it got;
// `salesforce-login-check explain` shows this instead, so that a reason read
// from an output can be understood without a run. Codes and texts:
// docs/salesforce.md §2.2 and §2.3 (SOAP), §4.3 (OAuth), §8 (REST); each
// code named here is held to the classifiers by TestSaidMatchesClassifiers.
var said = map[Reason]string{ //nolint:gosec // reason names such as stale-security-token, not credentials
	OK: "Salesforce accepted the login and the session worked.",
	MissingSecurityToken: "Salesforce refused login() with LOGIN_MUST_USE_SECURITY_TOKEN (\"Invalid username, password, security token; " +
		"or user locked out. Are you at a new location? …\") and no security token was sent.",
	StaleSecurityToken: "Salesforce refused login() with the password and token (INVALID_LOGIN or LOGIN_MUST_USE_SECURITY_TOKEN); " +
		"with pinpoint, the password alone then logged in, or was refused only for the missing token.",
	InvalidCredentials: "Salesforce refused login() with INVALID_LOGIN (\"Invalid username, password, security token; or user locked " +
		"out.\"), or the token request with invalid_grant \"authentication failure\": one answer for several causes.",
	WrongPassword: "Salesforce refused login() with INVALID_LOGIN for the password and token, and with pinpoint INVALID_LOGIN again " +
		"for the password alone.",
	IPRestricted: "Salesforce refused login() with LOGIN_DURING_RESTRICTED_DOMAIN (\"cannot log in from current domain\"), or the " +
		"token request with invalid_grant \"ip restricted\".",
	LoginHours: "Salesforce refused login() with LOGIN_DURING_RESTRICTED_TIME (\"cannot log in during restricted time\"), or the " +
		"token request with invalid_grant \"invalid login hours\".",
	PasswordExpired: "Salesforce answered login() with passwordExpired true, the password probe with isExpired true, or an API call with " +
		"INVALID_OPERATION_WITH_EXPIRED_PASSWORD (\"The users password has expired, you must call SetPassword …\").",
	LockedOut: "Salesforce refused login() with PASSWORD_LOCKOUT: too many failed logins locked the user.",
	APIDisabled: "Salesforce refused login() or the first REST call with API_CURRENTLY_DISABLED (\"API is disabled for this User\") " +
		"or API_DISABLED_FOR_ORG.",
	SOAPLoginDisabled: "Salesforce refused login() with INVALID_OPERATION (\"SOAP API login() is disabled by default in this org.\").",
	APIVersionUnsupported: "Salesforce refused login() with UNSUPPORTED_API_VERSION, or with INVALID_OPERATION (\"The SOAP Login " +
		"operation is not available in the API version specified (65.0).\").",
	MissingPermission:    "Salesforce refused login() with INSUFFICIENT_ACCESS.",
	IdentityVerification: "Salesforce answered login() with LOGIN_CHALLENGE_ISSUED or LOGIN_CHALLENGE_PENDING: it wants to verify the device or location.",
	SSOUser:              "Salesforce refused login() with INVALID_SSO_GATEWAY_URL or SSO_SERVICE_DOWN: the user logs in through delegated authentication.",
	OrgUnavailable: "Salesforce refused login() with ORG_LOCKED, ORG_IN_MAINTENANCE, TRIAL_EXPIRED or ORG_NOT_OWNED_BY_INSTANCE, or the " +
		"token request with inactive_org.",
	RateLimited: "Salesforce refused login() with REQUEST_LIMIT_EXCEEDED or LOGIN_RATE_EXCEEDED (\"Login Rate Exceeded\"), or the token " +
		"request with rate_limit_exceeded (\"Number of logins exceeded\").",
	WrongLoginHost: "The login URL answered with something other than Salesforce's API: an HTML page, a 404 or 405, a redirect, or " +
		"\"request not supported on this domain\" for client credentials sent to login.salesforce.com.",
	LoginRejected: "Salesforce refused the login with a code this check does not know; the annotation of a real run quotes it.",
	ConfigError:   "Nothing: the check refused its settings before sending anything, so no login was attempted.",
	UntrustedLoginHost: "Nothing: the login URL's host is not a Salesforce domain, so the check sent nothing there and no login was " +
		"attempted.",
	NetworkError: "Nothing: the runner could not reach the login host (DNS, connection or TLS handshake failed) after retrying, so no " +
		"login was sent.",
	Timeout:   "Salesforce did not answer before the timeout.",
	Cancelled: "Nothing more: the run was cancelled (SIGTERM or Ctrl-C) before the check finished; an open session was logged out.",
	ServerError: "Salesforce, or a proxy in front of it, answered with an HTTP 5xx or SERVER_UNAVAILABLE, or the token request " +
		"with unknown_error (\"retry your request\").",
	UnexpectedResponse: "The login host answered with something that cannot be read as Salesforce's API: truncated, too large or " +
		"malformed, or naming a host outside Salesforce's domains.",
	SandboxUsernameOnProduction: "Nothing: the check itself noticed, before the login, that the username ends like a sandbox's " +
		"(user@acme.com.uat) while login-url is https://login.salesforce.com, the production login host.",
	TLSRootsUnreadable: "Nothing: SSL_CERT_FILE or SSL_CERT_DIR names a file or directory the check cannot read or that holds no " +
		"certificate.",
	FlowRetiring: "Salesforce accepted the login through a flow it is retiring: SOAP login() (Summer '27) or the OAuth " +
		"username-password flow.",
	FlowRetired: "The login used a flow Salesforce has retired after its retirement date.",
	InvalidClient: "Salesforce refused the token request with invalid_client (\"invalid client credentials\") or invalid_client_id " +
		"(\"client identifier invalid\").",
	AppNotApproved: "Salesforce refused the token request with invalid_app_access (\"user is not admin approved to access this app\") " +
		"or \"user hasn't approved this consumer\".",
	InvalidAssertion: "Salesforce refused the JWT bearer token request with invalid_grant \"invalid assertion\" or \"expired " +
		"authorization code\".",
	AppNotInstalled:     "Salesforce refused the token request with app_not_found, or with \"External client app is not installed in this org\".",
	JWTAudienceInvalid:  "Salesforce refused the JWT bearer token request with invalid_grant \"audience is invalid\".",
	RefreshIPRestricted: "Salesforce refused the refresh token request with invalid_grant \"ip restricted\".",
	NoRunAsUser:         "Salesforce refused the client credentials token request with invalid_grant \"no client credentials user enabled\".",
	FlowBlocked: "Salesforce refused the token request with unsupported_grant_type or OAUTH_APP_BLOCKED (\"this app is blocked by " +
		"admin\"); or, with pinpoint, SOAP login() accepted the same credentials the OAuth flow was refused.",
	ExpiredRefreshToken: "Salesforce refused the refresh token request with invalid_grant \"expired access/refresh token\".",
	InactiveUser:        "Salesforce refused login() with INACTIVE_OWNER_OR_USER, or the token request with inactive_user (\"User is inactive\").",
	SessionRejected: "Salesforce accepted the login, then refused the session on its first REST call with 401 INVALID_SESSION_ID " +
		"(\"This session is not valid for use with the REST API\" when the app lacks the api scope).",
	APILimitLow: "Salesforce's /limits reported DailyApiRequests with fewer remaining than min-api-remaining percent.",
	APILimitExhausted: "Salesforce's /limits reported DailyApiRequests with 0 remaining, or a REST call was refused with " +
		"REQUEST_LIMIT_EXCEEDED.",
	PasswordExpiring: "Salesforce's LastPasswordChangeDate and the org's password policy leave fewer days than password-warning-days.",
	RecentLoginFailures: "Salesforce's LoginHistory for this user holds failed logins in the last 24 hours, grouped here by status " +
		"and source IP.",
	LoginRateHigh: "Salesforce's LoginHistory for this user holds more than 80 % of the 3,600 logins an hour it allows.",
	APIVersionDeprecated: "Nothing yet: api-version is in the range 31.0–40.0, which Salesforce deprecates with Summer '27 and " +
		"retires with Summer '28, after which every call in it fails.",
	RunnerTrust: "Salesforce's AuthSession gave the address this login came from, and the org's trusted IP ranges (Metadata " +
		"API) and the profile's Login IP Ranges (Tooling API) whether that address is trusted.",
	AdminChecklist: "Salesforce's UserPermissionAccess and the user's profile show how the integration user is set up " +
		"(permissions such as Modify All Data or API Only, Login IP Ranges).",
	ProbeNotPermitted: "Salesforce refused a probe's REST call with 403 INSUFFICIENT_ACCESS or INVALID_TYPE.",
}
