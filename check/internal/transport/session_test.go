package transport

import (
	"strings"
	"testing"
)

// TestSessionShaped: one line of Salesforce's alphabet, of a believable
// length; a multi-line, blank-separated or oversized value is no session.
func TestSessionShaped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		v    string
		want bool
	}{
		{"recorded session id", "00Dx0000000BV7z!AR8AQAxo9UfVkh8AlV0Gomt9Czx9LjHnSSpwBMmbRcgKFmxOtvxjTrKW19ye6PE3Ds1eQz3z8jr3W7_VbWmEu4Q8TVGSTHxs", true},
		{"documentation sample", "refreshed_access_token", true},
		{"JWT-shaped", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl-_", true},
		{"too short", "00D!AQ", false},
		{"common words", "error warning failed", false},
		{"common words on lines", "error\nwarning\nfailed\nerror\nwarning", false},
		{"20,000 lines", strings.Repeat("00Dx0000000BV7z!AQ\n", 20000), false},
		{"too long", strings.Repeat("A", 4097), false},
		{"markup", "00Dx0000000BV7z!<script>", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := SessionShaped(tc.v); got != tc.want {
				t.Errorf("SessionShaped(%.40q) = %v, want %v", tc.v, got, tc.want)
			}
		})
	}
}
