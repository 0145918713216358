package soap

import (
	"net/http"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// ParseLogin is parseLogin for the tests outside the package, with no
// secrets to mask.
func ParseLogin(status int, header http.Header, body []byte) (*LoginResult, error) {
	return parseLogin(&transport.Response{Status: status, Header: header, Body: body})
}
