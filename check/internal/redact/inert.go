package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Replacement is what Inert makes of a run of control or format characters:
// one visible character, so that text split by an invisible one shows the
// split, while Scrub, which reads text as if every Replacement were
// absent, still sees a secret split that way whole.
const Replacement = "\uFFFD"

// Inert returns text made inert, the one way every string from an answer
// (and every string of a report) is: each run of hidden characters (see
// hidden: controls, bidi overrides, zero-width characters, invalid UTF-8)
// becomes one Replacement, each run of blanks (line breaks and tabs
// included) one space, and the ends are trimmed. The result is one
// printable line.
//
// Text is made inert before secrets are matched in it, and never changed
// after: a change after masking (a control character deleted, or turned
// into a blank) could join or disguise the halves of a secret.
func Inert(s string) string {
	if isInert(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := ' ' // a leading blank is dropped
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x1b {
			// A terminal's escape sequence is one hidden unit: its
			// parameters are no text of their own.
			size += csiLen(s[i+size : min(len(s), i+size+maxCSI)])
		}
		i += size
		switch {
		case r == utf8.RuneError && size == 1, hidden(r):
			if last != utf8.RuneError {
				b.WriteString(Replacement)
			}
			last = utf8.RuneError
		case unicode.IsSpace(r):
			if last != ' ' {
				b.WriteByte(' ')
			}
			last = ' '
		default:
			b.WriteRune(r)
			last = r
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// isInert reports whether Inert would return s unchanged.
func isInert(s string) bool {
	if s != strings.TrimSpace(s) {
		return false
	}
	last := 'x'
	for i, r := range s {
		switch {
		case r == utf8.RuneError && isInvalid(s[i:]), hidden(r):
			return false
		case unicode.IsSpace(r) && (r != ' ' || last == ' '):
			return false
		}
		last = r
	}
	return true
}

// csiLen is the length of the rest of a terminal's control sequence
// ("[31m", "[0;1m") that s starts with after an ESC, 0 if none.
func csiLen(s string) int {
	if s == "" || s[0] != '[' {
		return 0
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20 && c <= 0x3f: // parameters and intermediates
		case c >= 0x40 && c <= 0x7e: // the final byte
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// isInvalid reports whether s starts with a byte that is not UTF-8.
func isInvalid(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	return r == utf8.RuneError && size <= 1
}

// hidden reports whether r is not shown as itself: a control character
// (C0, C1, DEL) that is not a blank, a format character (bidi overrides and
// isolates, zero-width spaces and joiners, the BOM, tags), or a private use
// or surrogate code point.
func hidden(r rune) bool {
	if unicode.IsSpace(r) {
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}
