package oauth

import (
	"net/http"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// ParseToken is parseToken for the tests outside the package, with no
// secrets to mask.
func ParseToken(status int, header http.Header, body []byte) (*Token, error) {
	return parseToken(&transport.Response{Status: status, Header: header, Body: body})
}

// ParseIdentity is parseIdentity for the tests outside the package, with no
// secrets to mask.
func ParseIdentity(status int, header http.Header, body []byte) (*Identity, error) {
	return parseIdentity(&transport.Response{Status: status, Header: header, Body: body})
}
