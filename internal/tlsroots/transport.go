package tlsroots

import (
	"crypto/tls"
	"net/http"
	"sync"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// Transport returns the round tripper of the check's HTTP client: plain HTTP
// (the simulated org on loopback) goes through a transport that never
// touches TLS roots; the first HTTPS request builds the TLS transport, with
// the embedded roots only when the system has none. Both follow the check's
// proxy rule (check.Proxy).
func Transport(getenv func(string) string) http.RoundTripper {
	base := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	// A multi-org run sends up to 64 logins at once, many to one login host
	// (login.salesforce.com, test.salesforce.com). The default keeps 2 idle
	// connections per host and closes the rest after each answer, so every
	// other login paid a new TCP and TLS handshake; keep one per worker.
	base.MaxIdleConnsPerHost = MaxIdleConnsPerHost
	// Plain http (loopback only) never goes through a proxy, whatever
	// HTTP_PROXY says: the check's one proxy rule.
	base.Proxy = check.Proxy
	return &lazyTransport{
		plain: base.Clone(),
		tls: sync.OnceValue(func() *http.Transport {
			t := base.Clone()
			t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: Find(getenv).Pool}
			return t
		}),
	}
}

// MaxIdleConnsPerHost is how many idle connections to one host the
// transport keeps: the highest parallelism of a multi-org run.
const MaxIdleConnsPerHost = 64

type lazyTransport struct {
	plain *http.Transport
	tls   func() *http.Transport
}

func (l *lazyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme == "https" {
		return l.tls().RoundTrip(r) //nolint:wrapcheck // a RoundTripper passes errors through as they are
	}
	return l.plain.RoundTrip(r) //nolint:wrapcheck // a RoundTripper passes errors through as they are
}
