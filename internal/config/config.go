package config

import (
	"crypto/rsa"
	"strings"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/internal/diagnose"
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
	LoginURL        string
	LoginHost       string
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

	Probes Probes

	// Warnings found by preflight; they do not stop the check.
	Warnings []Warning
	// Notes are info lines about settings the check repaired.
	Notes []string
}

// Probes configures the checks made after a successful login.
type Probes struct {
	Session      bool
	Limits       bool
	Password     bool
	LoginHistory bool
	// MinAPIRemaining is the percentage of daily API requests under which
	// api-limit-low is raised.
	MinAPIRemaining int
	// PasswordMaxAgeDays is the org's password policy (0: unknown).
	PasswordMaxAgeDays  int
	PasswordWarningDays int
}

// Warning is a preflight finding that does not stop the check.
type Warning struct {
	Reason  diagnose.Reason
	Message string
}

// Problem is one reason the configuration is refused.
type Problem struct {
	// Input is the action input name; Env the local variable.
	Input  string
	Env    string
	Reason diagnose.Reason
	// Message says what is wrong and how to fix it. It never holds a secret.
	Message string
}

// Error is a refused configuration: every problem found, at once.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	msgs := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		msgs = append(msgs, p.Message)
	}
	return strings.Join(msgs, "; ")
}

// Reason is untrusted-login-host when the only problems are the host, else
// config-error.
func (e *Error) Reason() diagnose.Reason {
	for _, p := range e.Problems {
		if p.Reason != diagnose.UntrustedLoginHost {
			return diagnose.ConfigError
		}
	}
	return diagnose.UntrustedLoginHost
}

// TokenGiven reports whether a security token is appended to the password.
func (c *Config) TokenGiven() bool { return c.SecurityToken != "" }
