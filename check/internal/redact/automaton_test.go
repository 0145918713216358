package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMatcher_everyOccurrence holds the matcher, small and indexed, short
// and long patterns, to a plain search for every occurrence.
func TestMatcher_everyOccurrence(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(3, 4))
	const alphabet = "ab!%"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		return string(b)
	}
	for round := range 300 {
		n := 1 + rnd.IntN(2*indexFrom)
		patterns := make([]string, n)
		for i := range patterns {
			patterns[i] = word(MinLen + rnd.IntN(2*longKey))
		}
		m := newMatcher(patterns)
		text := word(rnd.IntN(200))
		got := make([]bool, len(text))
		m.cover(text, got)
		want := make([]bool, len(text))
		anyFound := false
		for _, p := range patterns {
			for i := 0; i+len(p) <= len(text); i++ {
				if strings.HasPrefix(text[i:], p) {
					anyFound = true
					for j := i; j < i+len(p); j++ {
						want[j] = true
					}
				}
			}
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("round %d (%d patterns, indexed %v): byte %d of %q covered %v, want %v", round, n, m.indexed, i, text, got[i], want[i])
			}
		}
		if m.found(text) != anyFound {
			t.Fatalf("round %d: found = %v, want %v", round, !anyFound, anyFound)
		}
	}
}
