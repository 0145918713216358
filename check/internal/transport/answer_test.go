package transport_test

import (
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

func TestAnswerError(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name string
		err  *transport.AnswerError
		want string
	}{
		{"SOAP redirect, query cut", &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerRedirect, Status: 302, Location: "https://u:p@elsewhere.example.com/login?session=abc"},
			`HTTP 302 redirect to "https://elsewhere.example.com/login?…"`},
		{"SOAP page", &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerNotAPI, Status: 404, ContentType: "text/html; charset=UTF-8"},
			"HTTP 404 with a text/html body, not a SOAP envelope"},
		{"OAuth page", &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 200},
			"HTTP 200 with a untyped body, not an OAuth JSON answer"},
		{"REST page", &transport.AnswerError{API: transport.REST, Kind: transport.AnswerNotAPI, Status: 200, ContentType: "text/plain"},
			"HTTP 200 with a text/plain body, not a REST JSON answer"},
		{"SOAP 5xx", &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerServer, Status: 503}, "HTTP 503 without a SOAP fault"},
		{"OAuth 5xx", &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 500}, "HTTP 500 without an OAuth error"},
		{"REST 5xx", &transport.AnswerError{API: transport.REST, Kind: transport.AnswerServer, Status: 502}, "HTTP 502 without a REST error"},
		{"SOAP malformed", &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: 200, Detail: "no loginResponse result"},
			"HTTP 200 with an unreadable SOAP answer: no loginResponse result"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAnswerKindString(t *testing.T) {
	t.Parallel()

	for kind, want := range map[transport.AnswerKind]string{
		transport.AnswerRedirect:  "redirect",
		transport.AnswerNotAPI:    "not the API",
		transport.AnswerServer:    "server error",
		transport.AnswerMalformed: "malformed",
		0:                         "AnswerKind(0)",
	} {
		if got := kind.String(); got != want {
			t.Errorf("AnswerKind(%d).String() = %q, want %q", int(kind), got, want)
		}
	}
}

// TestRedirectLocation: a redirect names where it pointed by scheme, host
// and path only, on one printable line.
func TestRedirectLocation(t *testing.T) {
	t.Parallel()

	cases := map[string]string{
		"https://acme.my.salesforce.com/services/oauth2/token": `"https://acme.my.salesforce.com/services/oauth2/token"`,
		"https://u:p@example.com/login?startURL=%2Fx#frag":     `"https://example.com/login?…"`,
		"/relative\x00path\n":                                  `"/relative�path"`,
		"https://h/p\u202e?q=1":                                `"https://h/p�?…"`,
		"":                                                     `an unnamed location`,
	}
	for loc, want := range cases {
		err := &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerRedirect, Status: 302, Location: loc}
		if got := err.Error(); got != "HTTP 302 redirect to "+want {
			t.Errorf("Error() = %q, want the location %s", got, want)
		}
	}
}
