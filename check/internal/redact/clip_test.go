package redact

import (
	"strings"
	"testing"
)

// TestClip: a cut keeps at most maxLen characters, never part of one, and
// drops the word it lands in, whole, so that no prefix of a secret that
// no masking matched survives it.
func TestClip(t *testing.T) {
	t.Parallel()
	const secret = "Other-Secret-9Qx"
	for _, tc := range []struct {
		name, text string
		maxLen     int
		want       string
	}{
		{"short enough", "Invalid query", 20, "Invalid query"},
		{"at a blank", "éé éé éé", 5, "éé éé…"},
		{"inside a word", "éé ééé éé", 5, "éé…"},
		{"through a secret", "bad filter " + secret + " here", 15, "bad filter…"},
		{"one short word", strings.Repeat("é", 30), 10, "…"},
		{"one word longer than any secret", strings.Repeat("x", 400), 300, strings.Repeat("x", 300) + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Clip(tc.text, tc.maxLen)
			if got != tc.want {
				t.Errorf("Clip(%q, %d) = %q, want %q", tc.text, tc.maxLen, got, tc.want)
			}
			if n := len([]rune(strings.TrimSuffix(got, "…"))); n > tc.maxLen {
				t.Errorf("kept %d characters, more than %d", n, tc.maxLen)
			}
		})
	}
	// Wherever the cut lands in a secret, nothing of it is kept.
	for pad := range 40 {
		text := strings.Repeat("x ", pad/2) + secret + " tail"
		for maxLen := 1; maxLen < len(text); maxLen++ {
			got := Clip(text, maxLen)
			for n := 3; n <= len(secret); n++ {
				if strings.Contains(got, secret[:n]) && !strings.Contains(got, secret) {
					t.Fatalf("Clip(%q, %d) = %q keeps a prefix of the secret", text, maxLen, got)
				}
			}
		}
	}
}
