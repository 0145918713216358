package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Longest text kept from a Salesforce answer, in characters: an error code,
// a message, a name (an org's or a user's name, a LoginHistory status), and
// any string of a report. Salesforce's own are far shorter; anything longer
// is not meant for a person, and would push a job summary or an output over
// the runner's limits.
const (
	MaxCode    = 100
	MaxName    = 1000
	MaxMessage = 2000
	// MaxField bounds every string of a report (a finding's message
	// quotes an answer's code and message in the check's own words).
	MaxField = 8000
)

// maxWord is the longest part of a word a cut drops to keep no prefix of a
// secret (Clip).
const maxWord = 256

// Clip is the one cut of text for a person: it keeps at most maxLen
// characters (never part of one) and marks a cut with "…". Cut text that
// was masked before (Response.Keep, a report's redaction), so that no cut
// runs through a secret.
//
// The cut also drops the word it lands in, whole, when that leaves out at
// most maxWord bytes, a defence in depth: a secret without blanks (a
// password, a token, a session id, all far shorter) that no masking matched
// is then either whole or gone. A longer "word" is not a person's text; it
// is cut where it is.
func Clip(text string, maxLen int) string {
	if len(text) <= maxLen || utf8.RuneCountInString(text) <= maxLen {
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
