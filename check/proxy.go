package check

import (
	"net/http"
	"net/url"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Proxy is the proxy rule of every request of a check, for a transport built
// outside this package (the binary's): https to a host that is not loopback
// takes the proxy the environment names (HTTPS_PROXY, NO_PROXY); plain http,
// which only ever goes to loopback, and anything to loopback in any spelling
// go directly. A client given to WithHTTPClient whose transport is an
// *http.Transport gets the rule applied to its own proxy function.
func Proxy(r *http.Request) (*url.URL, error) { return transport.Proxy(r) } //nolint:wrapcheck // the rule's own result
