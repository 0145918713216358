package transport

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Proxy is the proxy rule of every request the check sends, the one place it
// is decided: plain http never goes through a proxy (the gate sends it only
// to loopback, and through a proxy the password would cross the network in
// clear text), nor does anything to a loopback host in any spelling
// (LocalHost, localhost., 127.x.y.z, [::1]: net/http exempts only the
// lower-case name); https to anywhere else takes the proxy the environment
// names (HTTPS_PROXY, NO_PROXY), as http.ProxyFromEnvironment reads them.
func Proxy(r *http.Request) (*url.URL, error) {
	return proxyRule(http.ProxyFromEnvironment)(r)
}

// proxyRule wraps the environment's proxy function env in the rule of Proxy.
func proxyRule(env func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		if r.URL == nil || !strings.EqualFold(r.URL.Scheme, "https") || IsLoopback(strings.TrimSuffix(r.URL.Hostname(), ".")) {
			return nil, nil
		}
		return env(r)
	}
}

// defaultTransport is the transport of a client given none: the standard
// library's default with the check's proxy rule.
var defaultTransport = sync.OnceValue(func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	t.Proxy = Proxy
	return t
})

// ruled holds, for each *http.Transport a caller gave, its clone under the
// proxy rule: one per transport, so that the checks of a many-org run share
// its connections.
var ruled sync.Map

// withProxyRule returns rt with the check's proxy rule: the default
// transport for nil, a clone of an *http.Transport whose proxy function is
// wrapped in the rule, and any other round tripper as it is (it decides its
// own connections; the binary's own applies Proxy).
func withProxyRule(rt http.RoundTripper) http.RoundTripper {
	switch t := rt.(type) {
	case nil:
		return defaultTransport()
	case *http.Transport:
		if t == http.DefaultTransport {
			return defaultTransport()
		}
		if t.Proxy == nil {
			return t
		}
		if c, ok := ruled.Load(t); ok {
			return c.(*http.Transport) //nolint:forcetypeassert // only *http.Transport is stored
		}
		c := t.Clone()
		c.Proxy = proxyRule(t.Proxy)
		actual, _ := ruled.LoadOrStore(t, c)
		return actual.(*http.Transport) //nolint:forcetypeassert // only *http.Transport is stored
	}
	return rt
}
