package oauth

import "net/http"

// ParseToken is parseToken for the tests outside the package, with no
// secrets to mask.
func ParseToken(status int, header http.Header, body []byte) (*Token, error) {
	return parseToken(status, header, body, nil)
}

// ParseIdentity is parseIdentity for the tests outside the package, with no
// secrets to mask.
func ParseIdentity(status int, header http.Header, body []byte) (*Identity, error) {
	return parseIdentity(status, header, body, nil)
}
