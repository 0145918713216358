package oauth

import (
	"context"
	"crypto/rsa"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Grant types of the token endpoint (docs/salesforce.md §4.1).
const (
	grantPassword          = "password"
	grantClientCredentials = "client_credentials"
	grantJWTBearer         = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	grantRefreshToken      = "refresh_token"
)

// ErrBaseURL is returned, before anything is sent, for a login URL (or the
// base URL of Revoke) that is not scheme://host[/path]. The URL itself is not
// repeated: it is the caller's input.
var ErrBaseURL = errors.New("the login URL must be http(s)://host[/path], without user info, query or fragment")

// TokenEndpoint returns the token endpoint of a login URL.
func TokenEndpoint(loginURL string) (string, error) {
	return endpoint(loginURL, "/services/oauth2/token")
}

func endpoint(base, path string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", ErrBaseURL
	}
	return strings.TrimRight(base, "/") + path, nil
}

// PasswordGrant runs the username-password flow. password is the password
// with the security token appended. clientSecret may be empty when the app
// does not require it.
func PasswordGrant(ctx context.Context, tc *transport.Client, loginURL, clientID, clientSecret, username, password string) (*Token, error) {
	form := url.Values{
		"grant_type": {grantPassword},
		"client_id":  {clientID},
		"username":   {username},
		"password":   {password},
	}
	if clientSecret != "" {
		form.Set("client_secret", clientSecret)
	}
	return requestToken(ctx, tc, loginURL, form)
}

// ClientCredentials runs the client credentials flow. The credentials travel
// in the body, not in a Basic header. It works only on the org's My Domain
// host.
func ClientCredentials(ctx context.Context, tc *transport.Client, loginURL, clientID, clientSecret string) (*Token, error) {
	form := url.Values{
		"grant_type":    {grantClientCredentials},
		"client_id":     {clientID},
		"client_secret": {clientSecret},
	}
	return requestToken(ctx, tc, loginURL, form)
}

// JWTBearer runs the JWT bearer flow with an assertion signed by key (see
// NewAssertion). now is the clock the assertion's expiry is counted from.
func JWTBearer(ctx context.Context, tc *transport.Client, loginURL, clientID, username, audience string, key *rsa.PrivateKey, now time.Time) (*Token, error) {
	assertion, err := NewAssertion(clientID, username, audience, key, now)
	if err != nil {
		return nil, err
	}
	// A signed assertion logs in for minutes: a secret of the run, and its
	// signature alone too (the header and claims are not secret).
	tc.Secret(assertion, assertion[strings.LastIndexByte(assertion, '.')+1:])
	form := url.Values{
		"grant_type": {grantJWTBearer},
		"assertion":  {assertion},
	}
	return requestToken(ctx, tc, loginURL, form)
}

// Refresh runs the refresh token flow. clientSecret may be empty (an SFDX
// auth URL may carry none).
func Refresh(ctx context.Context, tc *transport.Client, loginURL, clientID, clientSecret, refreshToken string) (*Token, error) {
	form := url.Values{
		"grant_type":    {grantRefreshToken},
		"client_id":     {clientID},
		"refresh_token": {refreshToken},
	}
	if clientSecret != "" {
		form.Set("client_secret", clientSecret)
	}
	return requestToken(ctx, tc, loginURL, form)
}

// requestToken sends one token request: a POST with the credentials in a
// form body, never in the URL. The transport sends it again only where it
// cannot have reached Salesforce (before the request was written), so a
// failed login is never repeated. An answer is never retried, not even a
// gateway's 502/503/504 page: a 502 or 504 comes after the gateway passed
// the login on, and the check cannot tell a gateway from the login service.
func requestToken(ctx context.Context, tc *transport.Client, loginURL string, form url.Values) (*Token, error) {
	target, err := TokenEndpoint(loginURL)
	if err != nil {
		return nil, err
	}
	resp, err := tc.Do(ctx, transport.Request{
		Method: http.MethodPost,
		URL:    target,
		Header: formHeader(),
		Body:   []byte(form.Encode()),
	})
	if err != nil {
		return nil, err //nolint:wrapcheck // typed errors are classified by the caller
	}
	tok, err := parseToken(resp)
	if tok != nil {
		// Tokens are secrets of the run before anything else happens
		// with them, even from an answer unusable otherwise.
		tc.Session(tok.AccessToken)
		tc.Secret(tok.RefreshToken)
	}
	return tok, err
}

func formHeader() http.Header {
	return http.Header{
		"Content-Type": {"application/x-www-form-urlencoded"},
		"Accept":       {"application/json"},
	}
}

func retryGateway(r *transport.Response) bool {
	return gatewayError(r)
}
