package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// FuzzGate_dialsOnlyAllowedHosts is the gate's invariant, held against what
// net/http really dials: for any URL the gate allows, the address dialled
// is a Salesforce host over TLS, or the custom login host (loopback here)
// with its own scheme and port. The gate reads the URL as text; net/http
// maps it through IDNA (full-width dots, upper case, trailing dots), so the
// two readings must never disagree on the host.
func FuzzGate_dialsOnlyAllowedHosts(f *testing.F) {
	const custom = "http://127.0.0.1:1"
	for _, seed := range []string{
		"https://login.salesforce.com/services/Soap/u/64.0", "https://acme.my.salesforce.com", "https://na7.salesforce.com/x",
		"https://login.salesforce.com@evil.test", "https://evil.test@login.salesforce.com", "https://acme.my.salesforce.com.evil.test",
		"https://evilsalesforce.com", "https://evil.test\uff0emy.salesforce.com", "https://evil\u3002test.my.salesforce.com",
		"https://x%2eevil.test.salesforce.com", "HTTPS://LOGIN.SALESFORCE.COM./", "https://login.salesforce.com.",
		"https://acme.my.salesforce.com\u200b", "https://ACME.MY.SALESFORCE.COM:8443", "https://[::1]:1/", "http://[::1]:1/",
		"http://127.1:1/", "http://localhost:1/", "http://localhost.:1/", "http://0x7f.0.0.1:1/", "http://127.0.0.1:1/",
		"https://127.0.0.1:1/", "http://127.0.0.1:2/", "http://login.salesforce.com/", "https://evil.test#.salesforce.com",
		"https://evil.test?.salesforce.com", "https://evil.test\\.salesforce.com", "https://evil.test%5c.salesforce.com",
		"https://xn--lgin-salesforce-4nb.com", "https://l\u0585gin.salesforce.com", "https://evil.test%2f.salesforce.com",
		"//login.salesforce.com", "https:login.salesforce.com", "https://\u212aelvin.my.salesforce.com",
		"https://].sAlesforCe.Com", "https://a_b.my.salesforce.com", "https://-x.my.salesforce.com",
	} {
		f.Add(seed)
	}
	g := NewGate(custom, true)
	f.Fuzz(func(t *testing.T, raw string) {
		if g.Check(raw) != nil {
			return
		}
		req, err := http.NewRequest(http.MethodGet, raw, nil)
		if err != nil {
			return // nothing can be sent
		}
		var mu sync.Mutex
		var dialed []string
		record := func(kind string) func(context.Context, string, string) (net.Conn, error) {
			return func(_ context.Context, _, addr string) (net.Conn, error) {
				mu.Lock()
				dialed = append(dialed, kind+" "+addr)
				mu.Unlock()
				return nil, errors.New("not dialled in a test")
			}
		}
		tr := &http.Transport{DialContext: record("tcp"), DialTLSContext: record("tls")}
		_, _ = tr.RoundTrip(req)
		mu.Lock()
		defer mu.Unlock()
		for _, d := range dialed {
			kind, addr, _ := strings.Cut(d, " ")
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				t.Fatalf("the gate allowed %q, and net/http dialled %q", raw, addr)
			}
			salesforce := kind == "tls" && (IsSalesforceHost(host) || strings.HasSuffix(strings.ToLower(host), ".salesforce.com"))
			customHost := kind == "tcp" && host == "127.0.0.1" && port == "1"
			if !salesforce && !customHost {
				t.Errorf("the gate allowed %q, and net/http dialled %s %s", raw, kind, addr)
			}
		}
	})
}
