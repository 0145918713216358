package oauth

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Token is a successful token answer (docs/salesforce.md §4.2). AccessToken and
// RefreshToken are secrets: mask them before anything is printed.
type Token struct {
	AccessToken  string
	RefreshToken string
	// InstanceURL is where the org's APIs answer (scheme://host).
	InstanceURL string
	// ID is the identity URL, for GetIdentity.
	ID        string
	IssuedAt  string
	Scope     string
	TokenType string
}

// parseToken reads an answer of the token endpoint; every text it keeps for
// a person goes through transport.Response.Keep. It returns a *Token, an
// *Error (an OAuth error, whatever the status) or a *transport.AnswerError.
// Members it does not know are ignored; an answer without access_token or
// instance_url is malformed. An answer with an access token but no usable
// instance_url returns both the token and the *transport.AnswerError: the
// token was issued, so the caller must still mask it and revoke it at the
// login host.
func parseToken(resp *transport.Response) (*Token, error) {
	status, header := resp.Status, resp.Header
	obj, err := decode(resp)
	if err != nil {
		return nil, err
	}
	malformed := func(detail string) error {
		return &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: status, ContentType: header.Get("Content-Type"), Detail: detail}
	}
	t := &Token{}
	t.AccessToken, _ = text(obj, "access_token")
	t.RefreshToken, _ = text(obj, "refresh_token")
	t.InstanceURL, _ = text(obj, "instance_url")
	t.ID, _ = text(obj, "id")
	t.Scope = keepText(resp, obj, "scope", redact.MaxMessage)
	t.TokenType = keepText(resp, obj, "token_type", redact.MaxCode)
	t.IssuedAt = resp.Keep(issuedAt(obj), redact.MaxCode)
	switch {
	case t.AccessToken == "":
		return nil, malformed("no access_token")
	case !transport.SessionShaped(t.AccessToken):
		return nil, malformed("access_token is not the shape of a Salesforce access token (one line of letters, digits and !._-)")
	case t.InstanceURL == "":
		t.InstanceURL = ""
		return t, malformed("no instance_url")
	case !webURL(t.InstanceURL):
		t.InstanceURL = ""
		return t, malformed("instance_url is not an http(s) URL")
	}
	t.InstanceURL = strings.TrimRight(t.InstanceURL, "/")
	return t, nil
}

// issuedAt is a string of milliseconds in Salesforce's answers; a number is
// taken as well.
func issuedAt(obj map[string]json.RawMessage) string {
	if s, ok := text(obj, "issued_at"); ok {
		return s
	}
	var n json.Number
	if raw, ok := obj["issued_at"]; ok && json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// webURL reports whether s is an absolute http or https URL with a host.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}
