package soap

import "net/http"

// ParseLogin is parseLogin for the tests outside the package, with no
// secrets to mask.
func ParseLogin(status int, header http.Header, body []byte) (*LoginResult, error) {
	return parseLogin(status, header, body)
}
