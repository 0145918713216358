package redact

import "unicode/utf8"

// Longest text kept from a Salesforce answer, in characters: an error code
// and a message. Salesforce's own are far shorter; anything longer is not
// meant for a person, and would push a job summary or an output over the
// runner's limits.
const (
	MaxCode    = 100
	MaxMessage = 2000
)

// Answer returns text read from an answer ready to keep: first the request's
// own secrets (a password, a session id: every form, and the part of a
// session id after "!") are masked, then the text is cut to maxLen
// characters with "…". Masking before cutting is the point: a cut through a
// secret would leave a prefix no later scrubbing recognises.
func Answer(text string, maxLen int, secrets ...string) string {
	if len(secrets) > 0 {
		s := New(nil)
		s.AddSession(secrets...)
		text = s.Scrub(text)
	}
	if utf8.RuneCountInString(text) <= maxLen {
		return text
	}
	n := 0
	for i := range text {
		if n == maxLen {
			return text[:i] + "…"
		}
		n++
	}
	return text
}
