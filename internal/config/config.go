package config

import (
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// Problem is one reason the configuration, or the orgs list, is refused.
type Problem struct {
	// Input is the action input at fault ("" for none); Env its local
	// variable ("" when the message names it, or names two inputs).
	Input string
	Env   string
	// Org is the org of the orgs list the problem is about: its name, or
	// "#3" (its place in the list) when it has no usable name; "" for a
	// problem of the whole run or list. Key is the key of the org's entry
	// at fault ("" for the entry or the list).
	Org    string
	Key    string
	Reason check.Reason
	// Message says what is wrong and how to fix it. It never holds a secret
	// and never a value that failed validation.
	Message string
}

// Error is a refused configuration or orgs list: every problem found, at
// once. It is the one error type of both, so that one place maps it to
// findings.
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
