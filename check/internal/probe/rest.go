package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// maxMessage caps how much of Salesforce's error text a finding quotes.
const maxMessage = 300

// Client sends the probes' GET requests with the session the login
// produced. The token travels only in the Authorization header, never in a URL.
type Client struct {
	tc     *transport.Client
	base   string
	token  string
	userID string
}

// NewClient returns a client of the REST API with the session s, sending
// through tc.
func NewClient(tc *transport.Client, s Session) *Client {
	return &Client{
		tc:     tc,
		base:   strings.TrimRight(s.InstanceURL, "/") + "/services/data/v" + strings.TrimPrefix(s.APIVersion, "v"),
		token:  s.Token,
		userID: s.UserID,
	}
}

// get sends GET {base}{path}?{query} and decodes a 2xx JSON answer into into
// (nil: the answer only has to be JSON). It returns an *APIError for
// Salesforce's REST error array, a *transport.AnswerError for anything
// unreadable, or
// a *transport.Error.
func (c *Client) get(ctx context.Context, path string, query url.Values, into any) (*transport.Response, error) {
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	resp, err := c.tc.Do(ctx, transport.Request{
		Method: http.MethodGet,
		URL:    u,
		Header: http.Header{
			"Authorization": {"Bearer " + c.token},
			"Accept":        {"application/json"},
		},
		RetryResponse: gatewayPage,
	})
	if err != nil {
		return nil, err //nolint:wrapcheck // typed errors are classified by the caller
	}
	err = decode(resp, into)
	var ae *APIError
	if errors.As(err, &ae) {
		// Made inert and masked with the run's secrets (the session
		// among them) before the text is cut (transport.Response.Keep).
		ae.Code = resp.Keep(ae.Code, redact.MaxCode)
		ae.Message = resp.Keep(ae.Message, maxMessage)
	}
	return resp, err
}

// gatewayPage reports whether an answer is a 502/503/504 that is not
// Salesforce's JSON: the request never reached the API, so a GET may be sent
// again without costing an API call.
func gatewayPage(r *transport.Response) bool {
	switch r.Status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return !looksJSON(r.Body)
	}
	return false
}

// restError is one entry of Salesforce's REST error array
// [{"message":"…","errorCode":"…"}] (fixture rest-error-invalid-session-id.json).
type restError struct {
	Message   string `json:"message"`
	ErrorCode string `json:"errorCode"`
}

// APIError is a REST answer with an error status. Code and Message are
// Salesforce's first error, masked and cut; both are empty when the body was
// not Salesforce's error array (a proxy's page).
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	switch {
	case e.Code == "":
		return fmt.Sprintf("HTTP %d", e.Status)
	case e.Message == "":
		return fmt.Sprintf("HTTP %d %s", e.Status, e.Code)
	}
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

func decode(resp *transport.Response, into any) error {
	if resp.Status >= 200 && resp.Status < 300 {
		if !looksJSON(resp.Body) {
			return &transport.AnswerError{API: transport.REST, Kind: transport.AnswerNotAPI, Status: resp.Status, ContentType: resp.Header.Get("Content-Type")}
		}
		if into == nil {
			return nil
		}
		if err := json.Unmarshal(resp.Body, into); err != nil {
			return &transport.AnswerError{API: transport.REST, Kind: transport.AnswerMalformed, Status: resp.Status,
				ContentType: resp.Header.Get("Content-Type"), Detail: jsonDetail(err)}
		}
		return nil
	}
	if code, msg, ok := parseRESTError(resp.Body); ok {
		return &APIError{Status: resp.Status, Code: code, Message: msg}
	}
	if resp.Status >= 300 && resp.Status < 400 {
		return &transport.AnswerError{API: transport.REST, Kind: transport.AnswerRedirect, Status: resp.Status,
			ContentType: resp.Header.Get("Content-Type"), Location: resp.Keep(resp.Header.Get("Location"), redact.MaxMessage)}
	}
	return &APIError{Status: resp.Status}
}

// parseRESTError reads the first error of Salesforce's error array; a single
// object of the same shape is accepted too.
func parseRESTError(body []byte) (code, message string, ok bool) {
	var list []restError
	if err := json.Unmarshal(body, &list); err != nil || len(list) == 0 {
		var one restError
		if err := json.Unmarshal(body, &one); err != nil {
			return "", "", false
		}
		list = []restError{one}
	}
	code = strings.TrimSpace(list[0].ErrorCode)
	if code == "" {
		return "", "", false
	}
	return code, list[0].Message, true
}

func looksJSON(body []byte) bool {
	b := bytes.TrimSpace(body)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[') && json.Valid(b)
}

// jsonDetail keeps the decoder's kind of complaint but never the answer's
// content.
func jsonDetail(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "field " + te.Field + " has the wrong type"
	}
	return "JSON does not have the expected shape"
}
