package transport

import (
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
)

// Keep is the one way a string taken from an answer (an error code, a
// message, a redirect's target, an org's name, a LoginHistory status) is
// kept: made inert (redact.Inert: one line, every control or format
// character one visible replacement), then masked with every secret of the
// run (the client's WithSecrets), and only then cut to at most maxLen
// characters (redact.Clip). Nothing changes it after the masking.
//
// The order is the point. Made inert first, a secret split by a control
// character is still found whole, and no later step can join its halves; a
// cut before the masking would leave a prefix of a secret (the first words
// of a passphrase, another org's password echoed in this org's answer) that
// no masking recognises. A Response that no client read (a test's literal)
// masks nothing.
func (r *Response) Keep(text string, maxLen int) string {
	text = redact.Inert(text)
	if r != nil {
		text = r.secrets.Scrub(text)
	}
	return redact.Clip(text, maxLen)
}
