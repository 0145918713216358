package check

import "github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"

// Secrets is the set of secret values of one run: the configuration's
// passwords, tokens and keys, and what the check learns (session ids, access
// and refresh tokens). Every answer is masked with it when read, and every
// report when rendered. It is safe for concurrent use.
type Secrets = redact.Secrets

// Mask is what a secret is replaced with; it matches GitHub's own masking.
const Mask = redact.Mask

// NewSecrets returns an empty set that calls onAdd (may be nil) once for each
// new secret in its plain form, for the runner's add-mask.
func NewSecrets(onAdd func(string)) *Secrets { return redact.New(onAdd) }
