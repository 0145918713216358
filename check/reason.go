package check

import "slices"

// Reason is one stable, machine-readable cause. Outputs, the JSON report and
// docs/reasons.md use exactly these strings; never rename one.
type Reason string

// The reasons of the core check (SOAP login()).
const (
	OK                    Reason = "ok"
	MissingSecurityToken  Reason = "missing-security-token"
	StaleSecurityToken    Reason = "stale-security-token"
	InvalidCredentials    Reason = "invalid-credentials"
	WrongPassword         Reason = "wrong-password"
	IPRestricted          Reason = "ip-restricted"
	LoginHours            Reason = "login-hours"
	PasswordExpired       Reason = "password-expired"
	LockedOut             Reason = "locked-out"
	APIDisabled           Reason = "api-disabled"
	SOAPLoginDisabled     Reason = "soap-login-disabled"
	APIVersionUnsupported Reason = "api-version-unsupported"
	MissingPermission     Reason = "missing-permission"
	IdentityVerification  Reason = "identity-verification"
	SSOUser               Reason = "sso-user"
	OrgUnavailable        Reason = "org-unavailable"
	RateLimited           Reason = "rate-limited"
	WrongLoginHost        Reason = "wrong-login-host"
	LoginRejected         Reason = "login-rejected"
	ConfigError           Reason = "config-error"
	UntrustedLoginHost    Reason = "untrusted-login-host"
	NetworkError          Reason = "network-error"
	Timeout               Reason = "timeout"
	Cancelled             Reason = "cancelled"
	ServerError           Reason = "server-error"
	UnexpectedResponse    Reason = "unexpected-response"
)

// Warnings and notes of the core check.
const (
	SandboxUsernameOnProduction Reason = "sandbox-username-on-production"
	TLSRootsUnreadable          Reason = "tls-roots-unreadable"
	FlowRetiring                Reason = "flow-retiring"
	FlowRetired                 Reason = "flow-retired"
	APIVersionDeprecated        Reason = "api-version-deprecated"
)

// The reasons of the OAuth flows.
const (
	InvalidClient       Reason = "invalid-client"
	AppNotApproved      Reason = "app-not-approved"
	InvalidAssertion    Reason = "invalid-assertion"
	NoRunAsUser         Reason = "no-run-as-user"
	FlowBlocked         Reason = "flow-blocked"
	ExpiredRefreshToken Reason = "expired-refresh-token"
	InactiveUser        Reason = "inactive-user"
	AppNotInstalled     Reason = "app-not-installed"
	JWTAudienceInvalid  Reason = "jwt-audience-invalid"
	RefreshIPRestricted Reason = "refresh-ip-restricted"
)

// The reasons of the post-login probes.
const (
	SessionRejected     Reason = "session-rejected"
	APILimitLow         Reason = "api-limit-low"
	APILimitExhausted   Reason = "api-limit-exhausted"
	PasswordExpiring    Reason = "password-expiring"
	RecentLoginFailures Reason = "recent-login-failures"
	LoginRateHigh       Reason = "login-rate-high"
	ProbeNotPermitted   Reason = "probe-not-permitted"
	RunnerTrust         Reason = "runner-trust"
	AdminChecklist      Reason = "admin-checklist"
)

// Status is the overall verdict of a check.
type Status string

// The statuses, from best to worst.
const (
	StatusPass  Status = "pass"
	StatusWarn  Status = "warn"
	StatusFail  Status = "fail"
	StatusError Status = "error"
)

// Severity is how much one finding weighs.
type Severity string

// The severities of a finding.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Exit codes of the binary.
const (
	ExitOK           = 0
	ExitFail         = 1
	ExitConfig       = 2
	ExitInconclusive = 3
)

// Info is everything the vocabulary knows about one reason.
type Info struct {
	Reason Reason
	// Status is the verdict this reason gives when it is the worst finding.
	Status Status
	// Severity is the severity of a finding with this reason.
	Severity Severity
	// Exit is the process exit code when this reason decides the verdict.
	Exit int
	// Title is the short cause, used as the annotation title.
	Title string
	// Remedy says what to do, for a person who does not know Salesforce's codes.
	Remedy string
	// Said is what Salesforce typically says or does when this reason is
	// given (a real run quotes the answer it got instead).
	Said string
}

// Lookup returns the vocabulary entry of r. An unknown reason is reported as
// an unexpected response, so that no caller can produce a reason outside the
// vocabulary.
func Lookup(r Reason) Info {
	if info, ok := vocabulary()[r]; ok {
		return info
	}
	return vocabulary()[UnexpectedResponse]
}

// Known tells whether r is a reason of the vocabulary.
func Known(r Reason) bool {
	_, ok := vocabulary()[r]
	return ok
}

// Reasons returns every reason of the vocabulary, sorted.
func Reasons() []Reason {
	out := make([]Reason, 0, len(vocabulary()))
	for r := range vocabulary() {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// Rank orders statuses from best (0) to worst (3).
func Rank(s Status) int {
	switch s {
	case StatusPass:
		return 0
	case StatusWarn:
		return 1
	case StatusFail:
		return 2
	default:
		return 3
	}
}
