package transport

import (
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
)

// TestResponse_Keep: the run's secrets and the request's own are masked
// before the text is cut, so a cut through a secret with blanks leaves none
// of its words.
func TestResponse_Keep(t *testing.T) {
	t.Parallel()
	const phrase = "correct horse battery staple 42"
	run := redact.New(nil)
	run.Add(phrase)
	// The cut (40 characters) lands in "battery".
	text := strings.Repeat("x", 23) + " " + phrase + " and more"
	for _, tc := range []struct {
		name    string
		resp    *Response
		secrets []string
		want    string
	}{
		{name: "run secret", resp: &Response{scrub: run.Scrub}, want: strings.Repeat("x", 23) + " *** and more"},
		{name: "request secret", resp: &Response{}, secrets: []string{phrase}, want: strings.Repeat("x", 23) + " *** and more"},
		{name: "no scrub", resp: &Response{}, want: strings.Repeat("x", 23) + " correct horse…"},
		{name: "nil response", want: strings.Repeat("x", 23) + " correct horse…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.resp.Keep(text, 40, tc.secrets...); got != tc.want {
				t.Errorf("Keep = %q, want %q", got, tc.want)
			}
		})
	}
}
