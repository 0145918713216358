package tlsroots

import (
	"crypto/tls"
	"net/http"
	"sync"
)

// Transport returns the round tripper of the check's HTTP client: plain HTTP
// (the simulated org on loopback) goes through a transport that never
// touches TLS roots; the first HTTPS request builds the TLS transport, with
// the embedded roots only when the system has none. Both take proxies from
// the environment, like http.DefaultTransport.
func Transport(getenv func(string) string) http.RoundTripper {
	base := http.DefaultTransport.(*http.Transport) //nolint:forcetypeassert // the standard library's own type
	return &lazyTransport{
		plain: base.Clone(),
		tls: sync.OnceValue(func() *http.Transport {
			t := base.Clone()
			t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: Find(getenv).Pool}
			return t
		}),
	}
}

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
