package check

import (
	"crypto/rsa"
	"strings"
	"time"
)

// Flow is an authentication flow.
type Flow string

// The flows the check can test.
const (
	FlowAuto              Flow = "auto"
	FlowSOAP              Flow = "soap"
	FlowPassword          Flow = "password"
	FlowClientCredentials Flow = "client-credentials"
	FlowJWT               Flow = "jwt"
	FlowRefreshToken      Flow = "refresh-token"
)

// Config is a validated configuration of one check.
type Config struct {
	// Name names the org in a multi-org run ("" for a single check).
	Name string

	Username      string
	Password      string
	SecurityToken string
	// LoginURL is scheme://host[/path] with no trailing slash.
	LoginURL  string
	LoginHost string
	// LoginOrigin is the login URL's canonical origin (LoginURL.Origin).
	LoginOrigin     string
	APIVersion      string
	Timeout         time.Duration
	Pinpoint        bool
	FailOnWarning   bool
	AllowCustomHost bool

	Flow         Flow
	ClientID     string
	ClientSecret string
	PrivateKey   *rsa.PrivateKey
	JWTAudience  string
	RefreshToken string

	Probes ProbeSettings

	// Warnings found by preflight; they do not stop the check.
	Warnings []Warning
	// Notes are info lines about settings the check repaired.
	Notes []string
}

// ProbeSettings configures the checks made after a successful login.
type ProbeSettings struct {
	Session      bool
	Limits       bool
	Password     bool
	LoginHistory bool
	// OrgPolicy reads the org's own settings after the login: permissions,
	// password expiry, trusted IP ranges, profile restrictions.
	OrgPolicy bool
	// MinAPIRemaining is the percentage of daily API requests under which
	// api-limit-low is raised.
	MinAPIRemaining int
	// PasswordMaxAgeDays is the org's password policy (0: unknown).
	PasswordMaxAgeDays  int
	PasswordWarningDays int
}

// Warning is a preflight finding that does not stop the check.
type Warning struct {
	Reason  Reason
	Message string
}

// TokenGiven reports whether a security token is appended to the password.
func (c *Config) TokenGiven() bool { return c.SecurityToken != "" }

// MajorVersion returns the major number of an API version such as "64.0".
func MajorVersion(version string) (int, bool) {
	n := 0
	head, _, _ := strings.Cut(version, ".")
	if head == "" {
		return 0, false
	}
	for _, r := range head {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
