package transport

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// API names the protocol an answer should have spoken.
type API string

// The APIs the check reads answers of.
const (
	SOAP  API = "SOAP"  // login() and logout()
	OAuth API = "OAuth" // the token, identity and revoke endpoints
	REST  API = "REST"  // the probes' calls on the instance
)

// AnswerKind says why an answer is neither a result nor the API's own error.
type AnswerKind int

// The kinds of unusable answer.
const (
	// AnswerRedirect is a 3xx; Location names where it pointed. It is never
	// followed: credentials and sessions must not travel to another host.
	AnswerRedirect AnswerKind = iota + 1
	// AnswerNotAPI is a page in another language than the API's (HTML, plain
	// text, an empty body).
	AnswerNotAPI
	// AnswerServer is a 5xx that carries none of the API's errors.
	AnswerServer
	// AnswerMalformed is the API's language, but it does not parse or lacks
	// what it must hold.
	AnswerMalformed
	// AnswerNotFinal is an interim (1xx) answer where a final one was due:
	// 101 Switching Protocols or any other informational status. Its
	// API is unset: the transport refuses it before any API reads it.
	AnswerNotFinal
)

func (k AnswerKind) String() string {
	switch k {
	case AnswerRedirect:
		return "redirect"
	case AnswerNotAPI:
		return "not the API"
	case AnswerServer:
		return "server error"
	case AnswerMalformed:
		return "malformed"
	case AnswerNotFinal:
		return "not final"
	default:
		return fmt.Sprintf("AnswerKind(%d)", int(k))
	}
}

// AnswerError is an answer that is neither a result nor the API's own error
// (a SOAP fault, an OAuth error, a REST error array): the one type for an
// unusable answer, whichever API was asked. It never holds the body; Detail
// is the reading package's own words.
type AnswerError struct {
	API         API
	Kind        AnswerKind
	Status      int
	ContentType string
	// Location is the Location header of a redirect, as sent.
	Location string
	Detail   string
}

func (e *AnswerError) Error() string {
	switch e.Kind {
	case AnswerRedirect:
		return fmt.Sprintf("HTTP %d redirect to %q", e.Status, shortLocation(e.Location))
	case AnswerNotAPI:
		return fmt.Sprintf("HTTP %d with a %s body, not %s", e.Status, MediaType(e.ContentType), e.API.answer())
	case AnswerServer:
		return fmt.Sprintf("HTTP %d without %s", e.Status, e.API.verdict())
	case AnswerNotFinal:
		return fmt.Sprintf("HTTP %d, an interim answer (protocol switch or informational) instead of a final HTTP response", e.Status)
	default:
		return fmt.Sprintf("HTTP %d with an unreadable %s answer: %s", e.Status, e.API, e.Detail)
	}
}

// answer is what a usable answer of the API is.
func (a API) answer() string {
	switch a {
	case SOAP:
		return "a SOAP envelope"
	case OAuth:
		return "an OAuth JSON answer"
	default:
		return "a " + string(a) + " JSON answer"
	}
}

// verdict is the API's own way of saying no.
func (a API) verdict() string {
	switch a {
	case SOAP:
		return "a SOAP fault"
	case OAuth:
		return "an OAuth error"
	default:
		return "a " + string(a) + " error"
	}
}

// shortLocation keeps scheme, host and path of a redirect target: enough to
// tell where it pointed, without user info or a query that might echo
// anything. It is one printable line of at most 200 bytes.
func shortLocation(loc string) string {
	trimmed := ""
	if u, err := url.Parse(loc); err == nil {
		if u.RawQuery != "" || u.Fragment != "" {
			trimmed = "?…"
		}
		u.User, u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = nil, "", "", "", false
		loc = u.String()
	}
	return Printable(loc, 200) + trimmed
}

// Printable makes a string from an answer safe to print on one line: control
// characters and invalid UTF-8 become spaces, and it is cut after maxLen
// bytes.
func Printable(s string, maxLen int) string {
	var b strings.Builder
	for i, r := range s {
		if b.Len() >= maxLen {
			b.WriteString("…")
			break
		}
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				r = ' '
			}
		}
		if unicode.IsControl(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
