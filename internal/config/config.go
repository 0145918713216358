package config

import (
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// Problem is one reason the configuration is refused.
type Problem struct {
	// Input is the action input name; Env the local variable.
	Input  string
	Env    string
	Reason check.Reason
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
func (e *Error) Reason() check.Reason {
	for _, p := range e.Problems {
		if p.Reason != check.UntrustedLoginHost {
			return check.ConfigError
		}
	}
	return check.UntrustedLoginHost
}
