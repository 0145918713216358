package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeProxy listens on loopback as a proxy the environment names and counts
// every connection it is offered: a request of the check's rule must never
// arrive there.
func fakeProxy(t testing.TB) (*url.URL, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var got atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			got.Add(1)
			_ = c.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return &url.URL{Scheme: "http", Host: ln.Addr().String()}, &got
}

// loopbackSpellings are spellings of loopback hosts net/http's own proxy rule
// does not exempt (it knows lower-case "localhost" only).
var loopbackSpellings = []string{
	"localhost", "LocalHost", "LOCALHOST", "localhost.", "LocalHost.",
	"127.0.0.1", "127.1.2.3", "127.255.255.254", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]",
}

// TestProxy_neverForLoopback sends plain-http requests to a loopback server,
// its host spelled every way, through a client whose transport would take
// every request to a proxy (an HTTP_PROXY that covers all): none reaches the
// proxy, and those spellings of the server's own address reach the server.
func TestProxy_neverForLoopback(t *testing.T) {
	t.Parallel()
	proxyURL, proxied := fakeProxy(t)
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { served.Add(1) }))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	tr := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	tr.Proxy = http.ProxyURL(proxyURL)
	// No lookup leaves the machine: names resolve from /etc/hosts only
	// ("localhost." is not there and fails).
	offline := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("offline test resolver")
	}}
	tr.DialContext = (&net.Dialer{Resolver: offline}).DialContext
	hc := &http.Client{Transport: tr}
	t.Cleanup(tr.CloseIdleConnections)
	var reached []string
	for _, host := range loopbackSpellings {
		target := "http://" + host + ":" + port + "/services/Soap/u/64.0"
		c := New(hc, NewGate(target, true), WithBackoff(0))
		before := served.Load()
		if _, err := c.Do(context.Background(), Request{Method: http.MethodPost, URL: target, Body: []byte("password")}); err == nil && served.Load() > before {
			reached = append(reached, host)
		}
	}
	if n := proxied.Load(); n != 0 {
		t.Errorf("the proxy received %d connections for plain-http loopback requests, want 0", n)
	}
	// The server listens on 127.0.0.1; the other addresses refuse the
	// connection, directly, and the gate refuses "localhost." (the
	// resolver would ask DNS for it).
	want := []string{"localhost", "LocalHost", "LOCALHOST", "127.0.0.1", "[::ffff:127.0.0.1]"}
	if diff := cmp.Diff(want, reached); diff != "" {
		t.Errorf("spellings that reached the server directly (-want, +got):\n%s", diff)
	}
}

// FuzzProxy_plainHTTPNeverProxied holds the rule for any URL: plain http and
// anything to loopback are never given a proxy, and https to any other host
// is given the environment's.
func FuzzProxy_plainHTTPNeverProxied(f *testing.F) {
	for _, h := range loopbackSpellings {
		f.Add("http://" + h + ":8080/x")
		f.Add("https://" + h + ":8443/x")
		f.Add("HTTP://" + h + "/x")
	}
	for _, s := range []string{"http://login.salesforce.com/", "hTTp://example.com", "https://login.salesforce.com/services", "https://acme.my.salesforce.com:443/"} {
		f.Add(s)
	}
	env := &url.URL{Scheme: "http", Host: "127.0.0.1:3128"}
	rule := proxyRule(http.ProxyURL(env))
	f.Fuzz(func(t *testing.T, raw string) {
		r, err := http.NewRequest(http.MethodGet, raw, nil)
		if err != nil {
			return
		}
		got, err := rule(r)
		if err != nil {
			t.Fatalf("rule(%q): %v", raw, err)
		}
		direct := !strings.EqualFold(r.URL.Scheme, "https") || IsLoopback(strings.TrimSuffix(r.URL.Hostname(), "."))
		switch {
		case direct && got != nil:
			t.Errorf("%q goes through the proxy %v, want directly", raw, got)
		case !direct && got == nil:
			t.Errorf("%q goes directly, want the environment's proxy", raw)
		}
		if strings.EqualFold(r.URL.Scheme, "http") && got != nil {
			t.Errorf("plain http %q through a proxy", raw)
		}
	})
}

// TestNew_proxyRuleOnEveryTransport: whatever client the check is given, a
// plain-http request gets no proxy: the default one, the standard library's
// default transport, and a caller's transport with a proxy function.
func TestNew_proxyRuleOnEveryTransport(t *testing.T) {
	t.Parallel()
	always := func(*http.Request) (*url.URL, error) { return &url.URL{Scheme: "http", Host: "127.0.0.1:3128"}, nil }
	own := &http.Transport{Proxy: always}
	req := httptest.NewRequest(http.MethodPost, "http://LocalHost:8080/services/Soap/u/64.0", nil)
	sf := httptest.NewRequest(http.MethodPost, "https://login.salesforce.com/services/Soap/u/64.0", nil)
	for name, hc := range map[string]*http.Client{
		"nil client":        nil,
		"empty client":      {},
		"default transport": {Transport: http.DefaultTransport},
		"own transport":     {Transport: own},
	} {
		tr, ok := New(hc, NewGate("", false)).http.Transport.(*http.Transport)
		if !ok {
			t.Errorf("%s: the transport is %T", name, tr)
			continue
		}
		if p, _ := tr.Proxy(req); p != nil {
			t.Errorf("%s: plain http to loopback goes through the proxy %v", name, p)
		}
	}
	tr := New(&http.Client{Transport: own}, NewGate("", false)).http.Transport.(*http.Transport) //nolint:forcetypeassert // checked above
	if p, _ := tr.Proxy(sf); p == nil {
		t.Error("https to Salesforce no longer takes the caller's proxy")
	}
	if again := New(&http.Client{Transport: own}, NewGate("", false)).http.Transport; again != tr {
		t.Error("a second check with the same transport got a new clone (its connections are not shared)")
	}
}
