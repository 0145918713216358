package soap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Fault is a SOAP fault Salesforce answered with.
type Fault struct {
	Code       string
	Message    string
	HTTPStatus int
}

func (f *Fault) Error() string { return f.Code + ": " + f.Message }

// looksLikeSOAP reports whether a body claims to be a SOAP envelope; used to
// tell a gateway's error page from Salesforce's own answer.
func looksLikeSOAP(body []byte) bool {
	return bytes.Contains(body, []byte("Envelope")) && bytes.Contains(body, []byte(envelopeNS))
}

// parse decodes an answer into an envelope, or explains why it cannot. A
// fault's code and message, and a redirect's Location, are kept through
// transport.Response.Keep: made inert, masked with the run's secrets, cut.
func parse(resp *transport.Response) (*envelope, error) {
	status, header, body := resp.Status, resp.Header, resp.Body
	ct := header.Get("Content-Type")
	if status >= 300 && status < 400 {
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerRedirect, Status: status,
			Location: resp.Keep(header.Get("Location"), redact.MaxMessage), ContentType: ct}
	}
	if !looksLikeSOAP(body) {
		if status >= 500 {
			return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerServer, Status: status, ContentType: ct}
		}
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) > 0 && trimmed[0] == '<' && !bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<!doctype html")) &&
			!bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<html")) && strings.Contains(ct, "xml") {
			return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: status, ContentType: ct, Detail: "no SOAP envelope"}
		}
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerNotAPI, Status: status, ContentType: ct}
	}
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: status, ContentType: ct, Detail: xmlDetail(err)}
	}
	if env.Body.Fault != nil {
		code, msg := env.Body.Fault.code()
		if code == "" {
			return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: status, ContentType: ct, Detail: "SOAP fault without a code"}
		}
		return nil, &Fault{Code: resp.Keep(code, redact.MaxCode), Message: resp.Keep(msg, redact.MaxMessage), HTTPStatus: status}
	}
	if status >= 500 {
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerServer, Status: status, ContentType: ct}
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
