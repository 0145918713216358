package redact

import "strings"

// skeleton is a text as the halves of a secret read once joined: every
// Replacement (what Inert made of a control or format character) left out,
// and every percent-escape decoded, in upper or lower case ("%2b" and
// "%2B" are both "+"). Byte i of text came from text[from[i]:to[i]] of the
// original, so that a secret found in the skeleton masks every byte it was
// spelt with, the separators between its halves included.
type skeleton struct {
	text     string
	from, to []int
}

// skeletonOf returns the skeleton of text, and false when it would be the
// text itself.
func skeletonOf(text string) (skeleton, bool) {
	if !strings.Contains(text, Replacement) && !strings.Contains(text, "%") {
		return skeleton{}, false
	}
	b := make([]byte, 0, len(text))
	from := make([]int, 0, len(text))
	to := make([]int, 0, len(text))
	for i := 0; i < len(text); {
		switch {
		case strings.HasPrefix(text[i:], Replacement):
			i += len(Replacement)
		case text[i] == '%' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]):
			b = append(b, unhex(text[i+1])<<4|unhex(text[i+2]))
			from, to = append(from, i), append(to, i+3)
			i += 3
		default:
			b = append(b, text[i])
			from, to = append(from, i), append(to, i+1)
			i++
		}
	}
	return skeleton{text: string(b), from: from, to: to}, true
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
