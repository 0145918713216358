package redact

import (
	"unicode"
	"unicode/utf8"
)

// skeleton is a text as the parts of a secret read once joined: every
// percent-escape decoded, in upper or lower case ("%2b" and "%2B" are both
// "+"), and then every blank (a "+" too, a query string's blank), hidden
// character (see hidden), invalid byte and Replacement (what Inert made of
// hidden characters) left out. Byte i
// of text came from the original's bytes from[i] to to[i], so that a
// secret found in the skeleton masks every byte it was spelt with, the
// separators between its parts included.
type skeleton struct {
	text     string
	from, to []int
}

// skeletonOf returns the skeleton of text, and false when it would be the
// text itself.
func skeletonOf(text string) (skeleton, bool) {
	if !needsSkeleton(text) {
		return skeleton{}, false
	}
	sk := skeleton{from: make([]int, 0, len(text)), to: make([]int, 0, len(text))}
	sk.text = walkSkeleton(text, &sk)
	return sk, true
}

// skeletonText is the text of text's skeleton, without the positions
// (Scrub needs them only when a secret is found).
func skeletonText(text string) (string, bool) {
	if !needsSkeleton(text) {
		return "", false
	}
	return walkSkeleton(text, nil), true
}

// walkSkeleton builds the skeleton of text, and records in keep (may be
// nil) the span of the original each kept byte came from.
func walkSkeleton(text string, keep *skeleton) string {
	// Decode the percent-escapes, keeping where each byte came from.
	dec := make([]byte, 0, len(text))
	var from []int
	if keep != nil {
		from = make([]int, 0, len(text)+1)
	}
	for i := 0; i < len(text); {
		if from != nil {
			from = append(from, i)
		}
		if text[i] == '%' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]) {
			dec = append(dec, unhex(text[i+1])<<4|unhex(text[i+2]))
			i += 3
			continue
		}
		dec = append(dec, text[i])
		i++
	}
	if from != nil {
		from = append(from, len(text))
	}
	// Leave out what does not show as part of a word.
	b := make([]byte, 0, len(dec))
	for i := 0; i < len(dec); {
		c := dec[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0x1b:
				// A terminal's escape sequence, whole (see Inert).
				i += 1 + csiLen(string(dec[i+1:min(len(dec), i+1+maxCSI)]))
			case c <= ' ' || c == 0x7f || c == '+':
				i++
			default:
				b = append(b, c)
				if keep != nil {
					keep.from, keep.to = append(keep.from, from[i]), append(keep.to, from[i+1])
				}
				i++
			}
			continue
		}
		r, size := utf8.DecodeRune(dec[i:])
		if r != utf8.RuneError && !unicode.IsSpace(r) && !hidden(r) {
			b = append(b, dec[i:i+size]...)
			if keep != nil {
				for k := i; k < i+size; k++ {
					keep.from, keep.to = append(keep.from, from[k]), append(keep.to, from[k+1])
				}
			}
		}
		i += size
	}
	return string(b)
}

// maxCSI bounds the control sequence csiLen looks for.
const maxCSI = 32

// needsSkeleton reports whether text holds anything its skeleton would
// decode or leave out.
func needsSkeleton(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c <= ' ' || c == '%' || c == '+' || c >= 0x7f {
			return true
		}
	}
	return false
}

// skeletonForm is the skeleton of a secret, the form Scrub finds in a
// text's skeleton.
func skeletonForm(v string) string {
	sk, ok := skeletonOf(v)
	if !ok {
		return v
	}
	return sk.text
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
