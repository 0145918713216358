package check

import (
	"crypto/x509"
	"encoding/pem"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
)

// Secrets is the set of secret values of one run: the configuration's
// passwords, tokens and keys, and what the check learns (session ids, access
// and refresh tokens). Every answer is masked with it when read, and every
// report when rendered. It is safe for concurrent use.
type Secrets = redact.Secrets

// MinSecretLen is the one shortest secret, in bytes: a shorter value is
// never masked nor announced to the runner, so a configuration must refuse
// a secret shorter than this.
const MinSecretLen = redact.MinLen

// Mask is what a secret is replaced with; it matches GitHub's own masking.
const Mask = redact.Mask

// NewSecrets returns an empty set that calls onAdd (may be nil) once for each
// new secret in its plain form, for the runner's add-mask.
func NewSecrets(onAdd func(string)) *Secrets { return redact.New(onAdd) }

// secrets lists the configuration's secrets, for the run's set: the
// password, the security token and the two together (as login() sends
// them), the client secret, the refresh token, and the private key in the
// PEM forms it could be written in.
func (c *Config) secrets() []string {
	out := []string{c.Password, c.SecurityToken, c.Password + c.SecurityToken, c.ClientSecret, c.RefreshToken}
	if c.PrivateKey != nil {
		out = append(out, string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(c.PrivateKey)})))
		if der, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey); err == nil {
			out = append(out, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
		}
	}
	return out
}
