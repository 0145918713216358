package transport

import (
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
)

// TestResponse_Keep: text is made inert, then masked with the run's
// secrets, and only then cut, so a cut through a secret with blanks leaves
// none of its words, and a secret split by a control character is masked
// whole.
func TestResponse_Keep(t *testing.T) {
	t.Parallel()
	const phrase = "correct horse battery staple 42"
	run := redact.New(nil)
	run.Add(phrase, "Pa55word-Secret1")
	// The cut (40 characters) lands in "battery".
	text := strings.Repeat("x", 23) + " " + phrase + " and more"
	for _, tc := range []struct {
		name string
		resp *Response
		text string
		want string
	}{
		{name: "run secret", resp: &Response{secrets: run}, text: text, want: strings.Repeat("x", 23) + " *** and more"},
		{name: "no secrets", resp: &Response{}, text: text, want: strings.Repeat("x", 23) + " correct horse…"},
		{name: "nil response", text: text, want: strings.Repeat("x", 23) + " correct horse…"},
		{name: "split by a control character", resp: &Response{secrets: run}, text: "bad Pa55word\a-Secret1 here", want: "bad *** here"},
		{name: "split by a bidi override", resp: &Response{secrets: run}, text: "bad Pa55\u202eword-Secret1", want: "bad ***"},
		{name: "lower-case percent-escapes", resp: &Response{secrets: run}, text: "p=Pa55word%2dSecret1", want: "p=***"},
		{name: "folded to one line", resp: &Response{secrets: run}, text: "a\r\n\tb\x1b[31m c", want: "a b\uFFFD c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.resp.Keep(tc.text, 40); got != tc.want {
				t.Errorf("Keep = %q, want %q", got, tc.want)
			}
		})
	}
}
