package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Identity is who a token belongs to, read from the identity URL (the id of
// a token answer; docs/salesforce.md §4.4, fixture oauth-identity-response.json).
type Identity struct {
	UserID   string
	OrgID    string
	Username string
	// Active is false only when the answer says so: a user who was just
	// issued a token is active unless Salesforce states otherwise.
	Active   bool
	UserType string
}

// errIdentityURL does not repeat the URL: it came from the token answer.
var errIdentityURL = errors.New("the identity URL of the token answer is not an http(s) URL")

// GetIdentity reads the identity URL with the access token as a bearer token.
// It returns an *Identity, an *Error, a *transport.AnswerError or a *transport.Error.
func GetIdentity(ctx context.Context, tc *transport.Client, idURL, accessToken string) (*Identity, error) {
	if !webURL(idURL) {
		return nil, errIdentityURL
	}
	resp, err := tc.Do(ctx, transport.Request{
		Method: http.MethodGet,
		URL:    idURL,
		Header: http.Header{
			"Authorization": {"Bearer " + accessToken},
			"Accept":        {"application/json"},
		},
		RetryResponse: retryGateway,
	})
	if err != nil {
		return nil, err //nolint:wrapcheck // typed errors are classified by the caller
	}
	return parseIdentity(resp)
}

// parseIdentity reads an answer of the identity URL; every text it keeps
// goes through transport.Response.Keep. An answer without user_id or
// organization_id is malformed.
func parseIdentity(resp *transport.Response) (*Identity, error) {
	status, header := resp.Status, resp.Header
	obj, err := decode(resp)
	if err != nil {
		return nil, err
	}
	id := &Identity{Active: true}
	id.UserID = keepText(resp, obj, "user_id", redact.MaxCode)
	id.OrgID = keepText(resp, obj, "organization_id", redact.MaxCode)
	id.Username = keepText(resp, obj, "username", redact.MaxName)
	id.UserType = keepText(resp, obj, "user_type", redact.MaxName)
	var active bool
	if raw, ok := obj["active"]; ok && json.Unmarshal(raw, &active) == nil {
		id.Active = active
	}
	if id.UserID == "" || id.OrgID == "" {
		return nil, &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: status, ContentType: header.Get("Content-Type"),
			Detail: "identity without user_id or organization_id"}
	}
	return id, nil
}
