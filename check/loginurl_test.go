package check_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

func TestParseLoginURL_origin(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url, want string
	}{
		{"https://login.salesforce.com", "https://login.salesforce.com:443"},
		{"HTTPS://Login.Salesforce.COM/", "https://login.salesforce.com:443"},
		{"https://login.salesforce.com:443", "https://login.salesforce.com:443"},
		{"https://login.salesforce.com:00443", "https://login.salesforce.com:443"},
		{"https://acme.my.site.com/partners", "https://acme.my.site.com:443"},
		{"http://127.0.0.1:8484", "http://127.0.0.1:8484"},
		{"http://127.0.0.1:08484/", "http://127.0.0.1:8484"},
		{"http://LOCALHOST", "http://localhost:80"},
		{"http://[::1]:8484", "http://[::1]:8484"},
		{"http://[0:0:0:0:0:0:0:1]:8484", "http://[::1]:8484"},
		{"http://[::ffff:127.0.0.1]:8484", "http://127.0.0.1:8484"},
		{"https://proxy.corp.example.:8443", "https://proxy.corp.example:8443"},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			lu, err := check.ParseLoginURL(tc.url, true)
			if err != nil {
				t.Fatalf("ParseLoginURL: %v", err)
			}
			if diff := cmp.Diff(tc.want, lu.Origin); diff != "" {
				t.Errorf("origin (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestParseLoginURL_portOutOfRange(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"https://acme.my.salesforce.com:0", "https://acme.my.salesforce.com:65536", "http://127.0.0.1:99999999999999999999"} {
		t.Run(u, func(t *testing.T) {
			t.Parallel()
			_, err := check.ParseLoginURL(u, true)
			if err == nil || !strings.Contains(err.Error(), "port") {
				t.Errorf("ParseLoginURL(%s) = %v, want the port refused", u, err)
			}
		})
	}
}

// spelling writes the login URL of an origin one of the ways people write
// it; each bit of how picks one variation that does not change the origin.
func spelling(scheme, host string, port uint16, how uint8) string {
	if how&1 != 0 {
		scheme = strings.ToUpper(scheme)
	}
	if how&2 != 0 && !strings.HasPrefix(host, "[") {
		// Every other letter upper case.
		b := []byte(host)
		for i := 0; i < len(b); i += 2 {
			b[i] = byte(strings.ToUpper(string(b[i]))[0])
		}
		host = string(b)
	}
	// A trailing dot on a DNS name (plain http goes to loopback only, which
	// the gate knows by its names without one).
	if how&4 != 0 && strings.EqualFold(scheme, "https") {
		host += "."
	}
	def := uint16(443)
	if strings.EqualFold(scheme, "http") {
		def = 80
	}
	hostPort := host
	switch {
	case port != def:
		hostPort += fmt.Sprintf(":%d", port)
	case how&8 != 0:
		hostPort += fmt.Sprintf(":%d", port)
	}
	if how&16 != 0 && strings.Contains(hostPort, fmt.Sprintf(":%d", port)) {
		hostPort = strings.Replace(hostPort, fmt.Sprintf(":%d", port), fmt.Sprintf(":00%d", port), 1)
	}
	u := scheme + "://" + hostPort
	if how&32 != 0 {
		u += "/"
	}
	return u
}

// origins are the hosts and schemes FuzzLoginURLOrigin picks from: each
// Salesforce kind of host, custom hosts, and loopback in its spellings.
var origins = []struct{ scheme, host string }{
	{"https", "login.salesforce.com"},
	{"https", "test.salesforce.com"},
	{"https", "acme.my.salesforce.com"},
	{"https", "acme--uat.sandbox.my.salesforce.com"},
	{"https", "proxy.corp.example"},
	{"http", "localhost"},
	{"http", "127.0.0.1"},
	{"http", "[::1]"},
}

// FuzzLoginURLOrigin holds the origin to its promise: any two spellings of
// one origin (scheme and host in any case, a trailing dot or slash, the
// default port given or not, a zero-padded port) have the same Origin, and
// two different origins (scheme, host or port) never do. The same-user rule
// of a multi-org run keys on it, so a spelling that split one origin in two
// would spend a second login of the same user.
func FuzzLoginURLOrigin(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint16(443), uint16(443), uint8(0), uint8(63))
	f.Add(uint8(2), uint8(2), uint16(8443), uint16(8443), uint8(16), uint8(3))
	f.Add(uint8(6), uint8(6), uint16(80), uint16(80), uint8(8), uint8(60))
	f.Add(uint8(6), uint8(7), uint16(8484), uint16(8484), uint8(0), uint8(0))
	f.Add(uint8(1), uint8(1), uint16(443), uint16(444), uint8(8), uint8(8))
	f.Add(uint8(5), uint8(5), uint16(8484), uint16(8484), uint8(4), uint8(38))
	f.Fuzz(func(t *testing.T, a, b uint8, portA, portB uint16, howA, howB uint8) {
		oa, ob := origins[int(a)%len(origins)], origins[int(b)%len(origins)]
		if portA == 0 || portB == 0 {
			return
		}
		ua, ub := spelling(oa.scheme, oa.host, portA, howA), spelling(ob.scheme, ob.host, portB, howB)
		la, errA := check.ParseLoginURL(ua, true)
		lb, errB := check.ParseLoginURL(ub, true)
		if errA != nil || errB != nil {
			t.Fatalf("ParseLoginURL(%q) = %v; ParseLoginURL(%q) = %v: want both accepted", ua, errA, ub, errB)
		}
		same := oa == ob && portA == portB
		if got := la.Origin == lb.Origin; got != same {
			t.Errorf("%q → %s and %q → %s: same origin = %v, want %v", ua, la.Origin, ub, lb.Origin, got, same)
		}
	})
}
