package transport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
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
		return fmt.Sprintf("HTTP %d redirect to %s", e.Status, ShortLocation(e.Location))
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

// ShortLocation is the one way a location (a redirect's target, a URL an
// answer named) is quoted: scheme, host and path, enough to tell where it
// pointed, without user info, query or fragment (which might echo
// anything; "?…" says one was dropped), made inert and cut to at most
// maxLocation characters without splitting one, in double quotes. It only
// drops parts of the text, never re-encodes it: the location was masked
// before (Response.Keep), and a change after the masking could spell a
// secret anew.
func ShortLocation(loc string) string {
	if loc == "" {
		return "an unnamed location"
	}
	trimmed := ""
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc, trimmed = loc[:i], "?…"
	}
	if scheme, rest, ok := strings.Cut(loc, "//"); ok {
		authority, path, _ := strings.Cut(rest, "/")
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			loc = scheme + "//" + authority[at+1:]
			if len(authority) < len(rest) {
				loc += "/" + path
			}
		}
	}
	return strconv.Quote(redact.Clip(redact.Inert(loc), maxLocation) + trimmed)
}

// maxLocation is the longest location ShortLocation keeps, in characters.
const maxLocation = 200
