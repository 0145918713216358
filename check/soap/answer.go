package soap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/transport"
)

// Fault is a SOAP fault Salesforce answered with.
type Fault struct {
	Code       string
	Message    string
	HTTPStatus int
}

func (f *Fault) Error() string { return f.Code + ": " + f.Message }

// AnswerKind says why an answer is not a usable SOAP answer.
type AnswerKind int

// The kinds of unusable answer.
const (
	// AnswerRedirect is a 3xx; Location names where it pointed.
	AnswerRedirect AnswerKind = iota + 1
	// AnswerNotSOAP is a page that is not SOAP at all (HTML, plain text, JSON).
	AnswerNotSOAP
	// AnswerServer is a 5xx that carries no SOAP fault.
	AnswerServer
	// AnswerMalformed is XML that does not parse or lacks what it must hold.
	AnswerMalformed
)

// AnswerError is an answer that is neither a result nor a fault.
type AnswerError struct {
	Kind        AnswerKind
	Status      int
	ContentType string
	Location    string
	Detail      string
}

func (e *AnswerError) Error() string {
	switch e.Kind {
	case AnswerRedirect:
		return fmt.Sprintf("HTTP %d redirect to %q", e.Status, e.Location)
	case AnswerNotSOAP:
		return fmt.Sprintf("HTTP %d with a %s body, not a SOAP envelope", e.Status, transport.MediaType(e.ContentType))
	case AnswerServer:
		return fmt.Sprintf("HTTP %d without a SOAP fault", e.Status)
	default:
		return fmt.Sprintf("HTTP %d with an unreadable SOAP answer: %s", e.Status, e.Detail)
	}
}

// looksLikeSOAP reports whether a body claims to be a SOAP envelope; used to
// tell a gateway's error page from Salesforce's own answer.
func looksLikeSOAP(body []byte) bool {
	return bytes.Contains(body, []byte("Envelope")) && bytes.Contains(body, []byte(envelopeNS))
}

// gatewayError reports whether an answer is a 502/503/504 without a SOAP body:
// the request never reached the login service, so it may be retried.
func gatewayError(status int, body []byte) bool {
	switch status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return !looksLikeSOAP(body)
	}
	return false
}

// parse decodes an answer into an envelope, or explains why it cannot. A
// fault's code and message are capped as they are read, after the request's
// own secrets are masked in them (redact.Answer).
func parse(status int, header http.Header, body []byte, secrets ...string) (*envelope, error) {
	ct := header.Get("Content-Type")
	if status >= 300 && status < 400 {
		return nil, &AnswerError{Kind: AnswerRedirect, Status: status, Location: header.Get("Location"), ContentType: ct}
	}
	if !looksLikeSOAP(body) {
		if status >= 500 {
			return nil, &AnswerError{Kind: AnswerServer, Status: status, ContentType: ct}
		}
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) > 0 && trimmed[0] == '<' && !bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<!doctype html")) &&
			!bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<html")) && strings.Contains(ct, "xml") {
			return nil, &AnswerError{Kind: AnswerMalformed, Status: status, ContentType: ct, Detail: "no SOAP envelope"}
		}
		return nil, &AnswerError{Kind: AnswerNotSOAP, Status: status, ContentType: ct}
	}
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return nil, &AnswerError{Kind: AnswerMalformed, Status: status, ContentType: ct, Detail: xmlDetail(err)}
	}
	if env.Body.Fault != nil {
		code, msg := env.Body.Fault.code()
		if code == "" {
			return nil, &AnswerError{Kind: AnswerMalformed, Status: status, ContentType: ct, Detail: "SOAP fault without a code"}
		}
		return nil, &Fault{Code: redact.Answer(code, redact.MaxCode, secrets...), Message: redact.Answer(msg, redact.MaxMessage, secrets...), HTTPStatus: status}
	}
	if status >= 500 {
		return nil, &AnswerError{Kind: AnswerServer, Status: status, ContentType: ct}
	}
	return &env, nil
}

// xmlDetail keeps the decoder's words but never the document's content.
func xmlDetail(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("XML syntax error on line %d", se.Line)
	}
	return "XML does not match a SOAP envelope"
}
