package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Longest text kept from a Salesforce answer, in characters: an error code
// and a message. Salesforce's own are far shorter; anything longer is not
// meant for a person, and would push a job summary or an output over the
// runner's limits.
const (
	MaxCode    = 100
	MaxMessage = 2000
)

// maxWord is the longest part of a word a cut drops to keep no prefix of a
// secret (Answer).
const maxWord = 256

// Answer returns text read from an answer ready to keep: first the request's
// own secrets (a password, a session id: every form, and the part of a
// session id after "!") are masked, then the text is cut to at most maxLen
// characters with "…". Masking before cutting is the point: a cut through a
// secret would leave a prefix no later scrubbing recognises. The parsers
// keep answer text through transport's Response.Keep, which also masks
// every other secret of the run before this cut.
//
// The cut also drops the word it lands in, whole, when that leaves out at
// most maxWord bytes, a defence in depth: a secret without blanks (a
// password, a token, a session id, all far shorter) that no masking matched
// is then either whole or gone. A longer "word" is not a
// person's text; it is cut where it is.
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
	for i, r := range text {
		if n == maxLen {
			if !unicode.IsSpace(r) {
				if start := max(strings.LastIndexFunc(text[:i], unicode.IsSpace), 0); i-start <= maxWord {
					i = start
				}
			}
			return strings.TrimRightFunc(text[:i], unicode.IsSpace) + "…"
		}
		n++
	}
	return text
}
