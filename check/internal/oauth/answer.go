package oauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Error is an OAuth error answer: {"error","error_description"} in any HTTP
// status, or the URL-parameter form error=…&error_description=… (in a body or
// in a redirect's Location) that API Access Control uses for
// OAUTH_APP_BLOCKED (docs/salesforce.md §4.3).
type Error struct {
	Code        string
	Description string
	HTTPStatus  int
}

func (e *Error) Error() string {
	if e.Description == "" {
		return e.Code
	}
	return e.Code + ": " + e.Description
}

// gatewayError reports whether an answer is a 502/503/504 without an OAuth
// error: a gateway's page proves the request never reached the OAuth service,
// so it may be sent again. A 5xx that carries an OAuth error is Salesforce's
// verdict and is never retried.
func gatewayError(resp *transport.Response) bool {
	switch resp.Status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		_, err := decode(resp)
		var oe *Error
		return !errors.As(err, &oe)
	}
	return false
}

// decode reads an answer into a JSON object, or explains why there is none:
// an *Error when the answer is an OAuth error (whatever the status), a
// *transport.AnswerError otherwise. A nil error means a 2xx JSON object without an
// OAuth error. Whatever text of the answer goes into an error is kept
// through transport.Response.Keep (inert, masked with the run's secrets,
// then cut).
func decode(resp *transport.Response) (map[string]json.RawMessage, error) {
	status, header, body := resp.Status, resp.Header, resp.Body
	ct := resp.Keep(header.Get("Content-Type"), maxLocation)
	if status >= 300 && status < 400 {
		loc := resp.Keep(header.Get("Location"), maxLocation)
		if oe := locationError(resp, loc); oe != nil {
			return nil, oe
		}
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerRedirect, Status: status, ContentType: ct, Location: loc}
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\uFEFF")))
	switch {
	case len(trimmed) == 0:
		if status >= 500 {
			return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: status, ContentType: ct}
		}
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: status, ContentType: ct, Detail: "empty body"}
	case trimmed[0] == '{':
		return decodeObject(resp, ct, trimmed)
	case trimmed[0] == '[':
		if oe := restError(resp, trimmed); oe != nil {
			return nil, oe
		}
		if status >= 500 {
			return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: status, ContentType: ct}
		}
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: status, ContentType: ct, Detail: "a JSON array, not an object"}
	}
	if oe := formError(resp, trimmed); oe != nil {
		return nil, oe
	}
	if status >= 500 {
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: status, ContentType: ct}
	}
	return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: status, ContentType: ct}
}

func decodeObject(resp *transport.Response, ct string, body []byte) (map[string]json.RawMessage, error) {
	status := resp.Status
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		if status >= 500 {
			return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: status, ContentType: ct}
		}
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: status, ContentType: ct, Detail: jsonDetail(err)}
	}
	if code, _ := text(obj, "error"); usableCode(resp, code) {
		desc, _ := text(obj, "error_description")
		return nil, newError(resp, code, desc)
	}
	switch {
	case status >= 500:
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: status, ContentType: ct}
	case status < 200 || status >= 300:
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: status, ContentType: ct, Detail: "a JSON object without an OAuth error"}
	}
	return obj, nil
}

// restError reads the REST error array [{"message","errorCode"}] that
// Salesforce's REST resources answer with (docs/salesforce.md §8), in case the
// identity URL answers like one.
func restError(resp *transport.Response, body []byte) *Error {
	var list []map[string]json.RawMessage
	if json.Unmarshal(body, &list) != nil || len(list) == 0 {
		return nil
	}
	code, _ := text(list[0], "errorCode")
	if !usableCode(resp, code) {
		return nil
	}
	msg, _ := text(list[0], "message")
	return newError(resp, code, msg)
}

// formError reads the URL-parameter form of an OAuth error
// (error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin,
// docs/salesforce.md §4.3).
func formError(resp *transport.Response, body []byte) *Error {
	if !bytes.HasPrefix(body, []byte("error=")) && !bytes.Contains(body, []byte("&error=")) ||
		bytes.ContainsAny(body, " \t\r\n<>") {
		return nil
	}
	v, err := url.ParseQuery(string(body))
	if err != nil || !usableCode(resp, v.Get("error")) {
		return nil
	}
	return newError(resp, v.Get("error"), v.Get("error_description"))
}

// locationError reads an OAuth error carried in a redirect's query or
// fragment, the way a blocked app is sent back.
func locationError(resp *transport.Response, loc string) *Error {
	u, err := url.Parse(loc)
	if err != nil {
		return nil
	}
	for _, raw := range []string{u.RawQuery, u.Fragment} {
		if raw == "" {
			continue
		}
		if v, err := url.ParseQuery(raw); err == nil && usableCode(resp, v.Get("error")) {
			return newError(resp, v.Get("error"), v.Get("error_description"))
		}
	}
	return nil
}

// Longest code, description and location kept from an answer, in
// characters: Salesforce's are short, anything longer is not a message
// meant for a person. A location is kept long enough to read an error from
// its query (locationError); a message quotes only its start
// (transport.ShortLocation).
const (
	maxCode        = 100
	maxDescription = 500
	maxLocation    = 4000
)

// usableCode reports whether an error code survives being made inert: a code
// made only of blanks, control characters or invalid UTF-8 is no OAuth
// error at all.
func usableCode(resp *transport.Response, code string) bool {
	return strings.Trim(resp.Keep(code, maxCode), redact.Replacement) != ""
}

// newError keeps an OAuth error's code and description: made inert, masked
// and cut (transport.Response.Keep).
func newError(resp *transport.Response, code, desc string) *Error {
	return &Error{
		Code:        resp.Keep(code, maxCode),
		Description: resp.Keep(desc, maxDescription),
		HTTPStatus:  resp.Status,
	}
}

// text returns a member of a JSON object that is a string.
func text(obj map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := obj[key]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return strings.TrimSpace(s), true
}

// keepText keeps a string member of a JSON object for a person to read
// (transport.Response.Keep: inert, masked, at most maxLen characters).
func keepText(resp *transport.Response, obj map[string]json.RawMessage, key string, maxLen int) string {
	s, _ := text(obj, key)
	return resp.Keep(s, maxLen)
}

// jsonDetail keeps the decoder's position but never the document's content.
func jsonDetail(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("JSON syntax error at byte %d", se.Offset)
	}
	return "JSON that is not an object"
}
