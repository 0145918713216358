package oauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Revoke revokes an access token at {baseURL}/services/oauth2/revoke (the
// instance or My Domain URL). It sends only the access token: revoking a
// refresh token would also end every session the integration holds with it
// (docs/salesforce.md §4.4). A 2xx is success; an OAuth error (400
// unsupported_token_type or invalid_token) is an *Error.
func Revoke(ctx context.Context, tc *transport.Client, baseURL, accessToken string) error {
	target, err := endpoint(baseURL, "/services/oauth2/revoke")
	if err != nil {
		return err
	}
	resp, err := tc.Do(ctx, transport.Request{
		Method:        http.MethodPost,
		URL:           target,
		Header:        formHeader(),
		Body:          []byte(url.Values{"token": {accessToken}}.Encode()),
		RetryResponse: retryGateway,
	})
	if err != nil {
		return err //nolint:wrapcheck // typed errors are classified by the caller
	}
	return revokeAnswer(resp)
}

// revokeAnswer reads the answer of a revocation: a 2xx has an empty body
// unless it carries an OAuth error.
func revokeAnswer(resp *transport.Response) error {
	_, err := decode(resp)
	var oe *Error
	if resp.Status >= 200 && resp.Status < 300 && !errors.As(err, &oe) {
		return nil
	}
	return err
}
