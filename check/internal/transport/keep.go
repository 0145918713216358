package transport

import (
	"math"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
)

// Keep returns text read from the answer (an error code, a message, a
// redirect's target) ready to keep: the request's own secrets (redact.Answer
// knows their forms) and every secret of the run (the client's WithScrub)
// are masked, and only then is the text cut to at most maxLen characters
// (math.MaxInt: not cut).
//
// This is the one way answer text is kept, so that no cut runs through a
// secret of the run: a cut before the report's redaction would leave a
// prefix of a secret that no later masking recognises (the first words of a
// passphrase, or another org's password echoed in this org's answer).
// A Response that no client read (a test's literal) masks only secrets.
func (r *Response) Keep(text string, maxLen int, secrets ...string) string {
	text = redact.Answer(text, math.MaxInt, secrets...)
	if r != nil && r.scrub != nil {
		text = r.scrub(text)
	}
	return redact.Answer(text, maxLen)
}
