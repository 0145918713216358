package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// Distinctive credentials: none of them may ever show up in any output.
const (
	faultUser     = "integration@hardening.example.com"
	faultPassword = "Hardening-Pa55word-7f3c"
	faultToken    = "TokenQ8x2Lm4Zr9"
)

// faultClock is the check's clock: before SOAP login()'s retirement, so a
// successful login is a warn (flow-retiring) and exits 0.
var faultClock = func() time.Time { return time.Date(2026, time.March, 2, 10, 0, 0, 0, time.UTC) }

// traffic is everything that reached the network in one run. Retries are
// allowed only before a connection carried the request (DNS, connect, TLS
// handshake), never more than twice; a login is never resent after it was
// written, whatever the answer.
type traffic struct {
	// Dials is how many connections the client tried to open.
	Dials int
	// Conns is how many connections the fault server accepted.
	Conns int
	// Logins and Logouts are the requests its handler saw.
	Logins  int
	Logouts int
	// Other is any other request (REST probes: these runs turn them off, so
	// after a failed login nothing but the login may be sent).
	Other int
	// Elsewhere is the requests a second host (a redirect target) saw.
	Elsewhere int
}

// serverStats counts what reached one fault-injecting server.
type serverStats struct {
	conns, logins, logouts, other atomic.Int64
}

func (s *serverStats) count(r *http.Request) {
	switch soapAction(r) {
	case "login":
		s.logins.Add(1)
	case "logout":
		s.logouts.Add(1)
	default:
		s.other.Add(1)
	}
}

// soapAction tells the check's login() and logout() from other requests by
// the SOAPAction header soap.Login and soap.Logout send.
func soapAction(r *http.Request) string {
	return strings.ToLower(strings.Trim(r.Header.Get("SOAPAction"), `"`))
}

func isLogout(r *http.Request) bool { return soapAction(r) == "logout" }

// startFaultServer serves h on loopback (TLS with httptest's own certificate
// when useTLS), counting connections and requests. done is closed before the
// server, so handlers that hold a request can let go.
func startFaultServer(t *testing.T, useTLS bool, h http.HandlerFunc) (*httptest.Server, *serverStats, <-chan struct{}) {
	t.Helper()
	st := &serverStats{}
	done := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st.count(r)
		h(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			st.conns.Add(1)
		}
	}
	// Failed TLS handshakes and reset connections are the point of these
	// tests; keep them out of the test log.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if useTLS {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) })
	return srv, st, done
}

// startRawServer accepts TCP connections on loopback and hands each to serve,
// for faults below HTTP. It returns the address.
func startRawServer(t *testing.T, serve func(net.Conn)) (string, *serverStats) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("failed to listen: %v", err)
	}
	st := &serverStats{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			st.conns.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(10 * time.Second))
				serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		wg.Wait()
	})
	return ln.Addr().String(), st
}

// offlineResolver never reaches a DNS server: every lookup fails at once with
// a *net.DNSError, as it does on a machine without network. The tests never
// depend on the machine's resolver or on the internet.
var offlineResolver = &net.Resolver{
	PreferGo: true,
	Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS server reachable (offline test resolver)")
	},
}

// newFaultClient returns a client like the default one (default TLS roots,
// keep-alives, gzip), but with its own connection pool, no proxy, the offline
// resolver, and a count of the connections it tried to open.
func newFaultClient(dials *atomic.Int64) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	d := &net.Dialer{Timeout: 5 * time.Second, Resolver: offlineResolver}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr}
}

// faultTarget is where one case points the check, and what it expects to
// find in the verdict.
type faultTarget struct {
	loginURL string
	server   *serverStats
	// other is a second host that must see nothing (a redirect target).
	other *serverStats
	// inMessage must appear in the deciding finding's message.
	inMessage []string
	// check makes case-specific assertions on the result.
	check func(t *testing.T, res *check.Result)
}

// parseJSONReport reads the --json report: the schema version, then a
// result and nothing else.
func parseJSONReport(t *testing.T, stdout string) *check.Result {
	t.Helper()
	var res struct {
		SchemaVersion string `json:"schema_version"`
		check.Result
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout)
	}
	if res.SchemaVersion != report.SchemaVersion {
		t.Errorf("schema_version = %q, want %q", res.SchemaVersion, report.SchemaVersion)
	}
	return &res.Result
}

// deciding returns the finding that decided the verdict.
func deciding(res *check.Result) check.Finding {
	for _, f := range res.Findings {
		if f.Reason == res.Reason {
			return f
		}
	}
	return check.Finding{}
}

func soapVars(loginURL, timeout string) map[string]string {
	return map[string]string{
		"SF_LOGIN_URL":         loginURL,
		"SF_ALLOW_CUSTOM_HOST": "true",
		"SF_AUTH_FLOW":         "soap",
		"SF_USERNAME":          faultUser,
		"SF_PASSWORD":          faultPassword,
		"SF_SECURITY_TOKEN":    faultToken,
		"SF_TIMEOUT":           timeout,
		// The post-login probes are not what these tests are about: with
		// them off, a login is followed by its logout and nothing else.
		"SF_PROBE_SESSION":       "false",
		"SF_PROBE_LIMITS":        "false",
		"SF_PROBE_PASSWORD":      "false",
		"SF_PROBE_LOGIN_HISTORY": "false",
		"SF_PROBE_ORG_POLICY":    "false",
	}
}

// assertNoSecrets fails when a credential or a session id reached an output.
// The ::add-mask:: commands that hand the secrets to the runner's masking
// are the one place they belong.
func assertNoFaultSecrets(t *testing.T, output string, extra ...string) {
	t.Helper()
	var shown []string
	for _, line := range strings.Split(output, "\n") {
		if !strings.HasPrefix(line, "::add-mask::") {
			shown = append(shown, line)
		}
	}
	text := strings.Join(shown, "\n")
	for _, s := range append([]string{faultPassword, faultToken, faultPassword + faultToken}, extra...) {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("output holds the secret %q:\n%s", s, text)
		}
	}
}

func fixtureBody(t *testing.T, name string) string {
	t.Helper()
	return string(fixtures.Salesforce(name))
}

// Canned answers.

const faultEnvelope = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault>%s</soapenv:Fault></soapenv:Body></soapenv:Envelope>`

const logoutResponse = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><logoutResponse/></soapenv:Body></soapenv:Envelope>`

const gatewayPage = `<!DOCTYPE html><html><head><title>%d</title></head><body><h1>Bad gateway</h1><p>The upstream server did not answer.</p></body></html>`

// soapFault builds a Partner fault from its elements, escaped.
func soapFault(code, message string, withDetail bool) string {
	var b strings.Builder
	b.WriteString("<faultcode>sf:" + xmlEscape(code) + "</faultcode><faultstring>" + xmlEscape(code+": "+message) + "</faultstring>")
	if withDetail {
		b.WriteString(`<detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>` + xmlEscape(code) +
			`</sf:exceptionCode><sf:exceptionMessage>` + xmlEscape(message) + `</sf:exceptionMessage></sf:LoginFault></detail>`)
	}
	return fmt.Sprintf(faultEnvelope, b.String())
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// answer writes a canned body, and answers the check's logout() so that a
// successful login leaves no session behind.
func answer(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if isLogout(r) {
			w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
			_, _ = io.WriteString(w, logoutResponse)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, strings.ReplaceAll(body, "{{URL}}", "http://"+r.Host))
	}
}

// gzipped compresses every answer of h with Content-Encoding: gzip.
func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(rec.Body.Bytes())
		_ = zw.Close()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(b.Bytes())
	})
}

// hijack takes over the connection of a request, for faults below HTTP.
func hijack(t *testing.T, w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("response writer cannot be hijacked")
		return nil, nil
	}
	c, rw, err := hj.Hijack()
	if err != nil {
		t.Errorf("failed to hijack: %v", err)
		return nil, nil
	}
	return c, rw
}

// reset closes a connection with SO_LINGER 0, so the peer sees a TCP RST.
// No pause is needed first: on loopback what was written is already in the
// peer's receive queue when the RST is sent, and the kernel hands the peer
// those bytes before it reports the reset.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
}

// trickle writes s one byte at a time until stop, the peer goes away, or
// 10 seconds pass.
func trickle(w io.Writer, flush func(), s string, stop <-chan struct{}) {
	deadline := time.After(10 * time.Second)
	for i := 0; ; i = (i + 1) % len(s) {
		select {
		case <-stop:
			return
		case <-deadline:
			return
		case <-time.After(50 * time.Millisecond):
		}
		if _, err := io.WriteString(w, s[i:i+1]); err != nil {
			return
		}
		flush()
	}
}

// Session id and org of the success without userInfo: the org id comes from
// the session id's 15-character prefix.
const (
	noUserInfoSession = "00DA0000000YpZ4!ARAAQHardeningSessionNotForPrinting.7f3c"
	noUserInfoOrg     = "00DA0000000YpZ4"
)

func TestRun_faults(t *testing.T) {
	t.Parallel()

	http200 := func(t *testing.T, contentType, body string) faultTarget {
		srv, st, _ := startFaultServer(t, false, answer(http.StatusOK, contentType, body))
		return faultTarget{loginURL: srv.URL, server: st}
	}
	gateway := func(status int) func(t *testing.T) faultTarget {
		return func(t *testing.T) faultTarget {
			srv, st, _ := startFaultServer(t, false, answer(status, "text/html; charset=utf-8", fmt.Sprintf(gatewayPage, status)))
			return faultTarget{loginURL: srv.URL, server: st, inMessage: []string{fmt.Sprintf("HTTP %d", status)}}
		}
	}
	redirect := func(status int) func(t *testing.T) faultTarget {
		return func(t *testing.T) faultTarget {
			other, otherStats, _ := startFaultServer(t, false, answer(http.StatusOK, "text/xml", soapFault("INVALID_LOGIN", "not here", true)))
			location := other.URL + "/services/Soap/u/64.0"
			srv, st, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, location, status)
			})
			return faultTarget{loginURL: srv.URL, server: st, other: otherStats,
				inMessage: []string{fmt.Sprintf("HTTP %d", status), location, "were not sent there"}}
		}
	}
	soapAnswer := func(status int, body string, inMessage ...string) func(t *testing.T) faultTarget {
		return func(t *testing.T) faultTarget {
			srv, st, _ := startFaultServer(t, false, answer(status, "text/xml;charset=UTF-8", body))
			return faultTarget{loginURL: srv.URL, server: st, inMessage: inMessage}
		}
	}
	simulated := func() func(t *testing.T) faultTarget {
		return func(t *testing.T) faultTarget {
			org := simorg.New("Hardening Inc", &simorg.User{Username: faultUser, Password: faultPassword, Token: "CurrentTokenZ9"})
			srv, st, _ := startFaultServer(t, false, gzipped(org.Handler()).ServeHTTP)
			return faultTarget{loginURL: srv.URL, server: st, check: func(t *testing.T, res *check.Result) {
				if n := org.LiveSessions(); n != 0 {
					t.Errorf("org has %d live sessions after the check, want 0 (the check logs out)", n)
				}
			}}
		}
	}
	garbageTLS := func(t *testing.T, garbage string) faultTarget {
		addr, st := startRawServer(t, func(c net.Conn) {
			// Read the ClientHello first, so the client sees our bytes and
			// not a reset of its unread ones.
			_, _ = c.Read(make([]byte, 1024))
			_, _ = io.WriteString(c, garbage)
		})
		return faultTarget{loginURL: "https://" + addr, server: st, inMessage: []string{"TLS handshake failed"}}
	}
	successFixture := func(t *testing.T) string {
		return fixtureBody(t, "soap-login-success-partner-soapforce.xml")
	}

	cases := []struct {
		name    string
		setup   func(t *testing.T) faultTarget
		timeout time.Duration
		// token overrides the security token sent (default faultToken).
		token       string
		wantReason  check.Reason
		wantStatus  check.Status
		wantExit    int
		wantTraffic traffic
		wantSFError string
	}{
		{
			name: "connection refused",
			setup: func(t *testing.T) faultTarget {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatalf("failed to listen: %v", err)
				}
				addr := ln.Addr().String()
				_ = ln.Close()
				return faultTarget{loginURL: "http://" + addr, inMessage: []string{"connection failed"}}
			},
			wantReason: check.NetworkError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 3},
		},
		{
			name: "DNS failure",
			setup: func(t *testing.T) faultTarget {
				return faultTarget{loginURL: "https://nonexistent.invalid", inMessage: []string{"DNS lookup failed"}}
			},
			wantReason: check.NetworkError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 3},
		},
		{
			name: "TLS handshake answered with garbage",
			setup: func(t *testing.T) faultTarget {
				return garbageTLS(t, "\x00\x17\xfe\xfdgarbage that is not a TLS record\xff\xff\n")
			},
			// Retried twice: nothing was sent over the connection.
			wantReason: check.NetworkError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 3, Conns: 3},
		},
		{
			name: "TLS handshake answered by a plain HTTP server",
			setup: func(t *testing.T) faultTarget {
				return garbageTLS(t, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nthis is not TLS\n")
			},
			wantReason: check.NetworkError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 3, Conns: 3},
		},
		{
			name: "untrusted certificate",
			setup: func(t *testing.T) faultTarget {
				srv, st, _ := startFaultServer(t, true, answer(http.StatusOK, "text/xml", successFixture(t)))
				return faultTarget{loginURL: srv.URL, server: st, inMessage: []string{"certificate is not trusted"}}
			},
			wantReason: check.NetworkError, wantStatus: check.StatusError, wantExit: 3,
			// A certificate is refused for good: no retry.
			wantTraffic: traffic{Dials: 1, Conns: 1},
		},
		{
			name: "connection reset in the status line and headers",
			setup: func(t *testing.T) faultTarget {
				srv, st, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
					c, rw := hijack(t, w)
					if c == nil {
						return
					}
					_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Len")
					_ = rw.Flush()
					reset(c)
				})
				return faultTarget{loginURL: srv.URL, server: st}
			},
			wantReason: check.NetworkError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "connection reset in the body",
			setup: func(t *testing.T) faultTarget {
				body := successFixture(t)
				srv, st, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
					c, rw := hijack(t, w)
					if c == nil {
						return
					}
					_, _ = fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:len(body)/2])
					_ = rw.Flush()
					reset(c)
				})
				return faultTarget{loginURL: srv.URL, server: st}
			},
			wantReason: check.NetworkError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "server accepts and never answers",
			setup: func(t *testing.T) faultTarget {
				var srv *httptest.Server
				var st *serverStats
				var done <-chan struct{}
				srv, st, done = startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
					select {
					case <-r.Context().Done():
					case <-done:
					}
				})
				return faultTarget{loginURL: srv.URL, server: st, inMessage: []string{"before the deadline"}}
			},
			timeout:    time.Second,
			wantReason: check.Timeout, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "TCP server accepts and never answers",
			setup: func(t *testing.T) faultTarget {
				addr, st := startRawServer(t, func(c net.Conn) {
					// Swallow the request; hold the connection until the client closes it.
					_, _ = io.Copy(io.Discard, c)
				})
				return faultTarget{loginURL: "http://" + addr, server: st, inMessage: []string{"before the deadline"}}
			},
			timeout:    time.Second,
			wantReason: check.Timeout, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1},
		},
		{
			name: "server trickles its headers past the deadline",
			setup: func(t *testing.T) faultTarget {
				var done <-chan struct{}
				var srv *httptest.Server
				var st *serverStats
				srv, st, done = startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
					c, rw := hijack(t, w)
					if c == nil {
						return
					}
					defer c.Close()
					_, _ = rw.WriteString("HTTP/1.1 200 OK\r\n")
					trickle(rw, func() { _ = rw.Flush() }, "X-Slow: aaaaaaaaaaaaaaaa\r\n", done)
				})
				return faultTarget{loginURL: srv.URL, server: st}
			},
			timeout:    time.Second,
			wantReason: check.Timeout, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "server trickles its body past the deadline",
			setup: func(t *testing.T) faultTarget {
				var done <-chan struct{}
				var srv *httptest.Server
				var st *serverStats
				srv, st, done = startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
					w.WriteHeader(http.StatusOK)
					rc := http.NewResponseController(w)
					_ = rc.Flush()
					stop := make(chan struct{})
					go func() {
						select {
						case <-r.Context().Done():
						case <-done:
						}
						close(stop)
					}()
					trickle(w, func() { _ = rc.Flush() }, successFixture(t), stop)
				})
				return faultTarget{loginURL: srv.URL, server: st}
			},
			timeout:    time.Second,
			wantReason: check.Timeout, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "502 HTML page", setup: gateway(http.StatusBadGateway),
			wantReason: check.ServerError, wantStatus: check.StatusError, wantExit: 3,
			// Never resent: a 502 or 504 comes after the gateway passed the
			// login on, and a gateway cannot be told from the login service.
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "503 HTML page", setup: gateway(http.StatusServiceUnavailable),
			wantReason: check.ServerError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "504 HTML page", setup: gateway(http.StatusGatewayTimeout),
			wantReason: check.ServerError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name:  "503 with a SOAP fault is Salesforce's own answer",
			setup: soapAnswer(http.StatusServiceUnavailable, soapFault("SERVER_UNAVAILABLE", "Server unavailable, try again later", true)),
			// Not a gateway page: the login service answered, so no retry.
			wantReason: check.ServerError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1}, wantSFError: "SERVER_UNAVAILABLE",
		},
		{
			name:       "500 HTML page is not retried",
			setup:      gateway(http.StatusInternalServerError),
			wantReason: check.ServerError, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "200 with truncated XML",
			setup: func(t *testing.T) faultTarget {
				body := successFixture(t)
				return http200(t, "text/xml;charset=UTF-8", body[:len(body)/2])
			},
			wantReason: check.UnexpectedResponse, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "200 with an HTML page",
			setup: func(t *testing.T) faultTarget {
				return http200(t, "text/html;charset=UTF-8", "<!DOCTYPE html><html><body><h1>Welcome to our login page</h1></body></html>")
			},
			wantReason: check.WrongLoginHost, wantStatus: check.StatusFail, wantExit: 1,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name: "body larger than 1 MiB",
			setup: func(t *testing.T) faultTarget {
				srv, st, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
					chunk := strings.Repeat("<a>padding</a>", 1024)
					for written := 0; written < 3<<20; written += len(chunk) {
						if _, err := io.WriteString(w, chunk); err != nil {
							return
						}
					}
				})
				return faultTarget{loginURL: srv.URL, server: st, inMessage: []string{"larger than 1048576 bytes"}}
			},
			wantReason: check.UnexpectedResponse, wantStatus: check.StatusError, wantExit: 3,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1},
		},
		{
			name:  "gzip-encoded success",
			setup: simulated(),
			token: "CurrentTokenZ9",
			// Login worked; SOAP login() retiring is the only warning.
			wantReason: check.FlowRetiring, wantStatus: check.StatusWarn, wantExit: 0,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1, Logouts: 1},
		},
		{
			name:       "gzip-encoded fault",
			setup:      simulated(),
			wantReason: check.InvalidCredentials, wantStatus: check.StatusFail, wantExit: 1,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1}, wantSFError: "INVALID_LOGIN",
		},
		{
			name: "307 redirect to another host", setup: redirect(http.StatusTemporaryRedirect),
			wantReason: check.WrongLoginHost, wantStatus: check.StatusFail, wantExit: 1,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1, Elsewhere: 0},
		},
		{
			name: "308 redirect to another host", setup: redirect(http.StatusPermanentRedirect),
			wantReason: check.WrongLoginHost, wantStatus: check.StatusFail, wantExit: 1,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1, Elsewhere: 0},
		},
		{
			name: "SOAP fault without detail",
			setup: soapAnswer(http.StatusInternalServerError,
				soapFault("INVALID_LOGIN", "Invalid username, password, security token; or user locked out.", false),
				"INVALID_LOGIN: Invalid username, password, security token; or user locked out."),
			wantReason: check.InvalidCredentials, wantStatus: check.StatusFail, wantExit: 1,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1}, wantSFError: "INVALID_LOGIN",
		},
		{
			name: "SOAP fault with an unprefixed faultcode (live recording)",
			setup: func(t *testing.T) faultTarget {
				return soapAnswer(http.StatusInternalServerError, fixtureBody(t, "soap-fault-invalid-login-enterprise-live2017.xml"),
					"INVALID_LOGIN: Invalid username")(t)
			},
			wantReason: check.InvalidCredentials, wantStatus: check.StatusFail, wantExit: 1,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1}, wantSFError: "INVALID_LOGIN",
		},
		{
			name: "SOAP fault with a newline and non-ASCII text",
			setup: soapAnswer(http.StatusInternalServerError,
				soapFault("LOGIN_MUST_USE_SECURITY_TOKEN", "Sind Sie an einem neuen Standort?\r\nÜberprüfen Sie das Sicherheitstoken — company’s trusted networks. 認証に失敗しました", true),
				"Überprüfen Sie das Sicherheitstoken — company’s trusted networks. 認証に失敗しました"),
			// A token was sent, so the token is stale, not missing.
			wantReason: check.StaleSecurityToken, wantStatus: check.StatusFail, wantExit: 1,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1}, wantSFError: "LOGIN_MUST_USE_SECURITY_TOKEN",
		},
		{
			name: "success without userInfo",
			setup: func(t *testing.T) faultTarget {
				body := successFixture(t)
				body = regexp.MustCompile(`(?s)<userInfo>.*</userInfo>`).ReplaceAllString(body, "")
				body = regexp.MustCompile(`<sessionId>[^<]*</sessionId>`).ReplaceAllString(body, "<sessionId>"+noUserInfoSession+"</sessionId>")
				body = strings.ReplaceAll(body, "https://na7.salesforce.com", "{{URL}}")
				tgt := soapAnswer(http.StatusOK, body)(t)
				tgt.check = func(t *testing.T, res *check.Result) {
					got := []string{res.OrgID, res.OrgName, res.UserID, res.Username}
					want := []string{noUserInfoOrg, "", "005A000000AAAAAIAY", faultUser}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("org id, org name, user id, username (-want, +got):\n%s", diff)
					}
				}
				return tgt
			},
			wantReason: check.FlowRetiring, wantStatus: check.StatusWarn, wantExit: 0,
			wantTraffic: traffic{Dials: 1, Conns: 1, Logins: 1, Logouts: 1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tgt := tc.setup(t)
			timeout := tc.timeout
			if timeout == 0 {
				timeout = 3 * time.Second
			}
			vars := soapVars(tgt.loginURL, timeout.String())
			if tc.token != "" {
				vars["SF_SECURITY_TOKEN"] = tc.token
			}
			var dials atomic.Int64
			client := newFaultClient(&dials)
			login := &firstRequest{next: client.Transport}
			client.Transport = login

			run := runHostile(t.Context(), t, client, vars, "--json")

			// The timeout bounds the run because its deadline travels with
			// the login request: proved on the request, not with a clock.
			if err := login.within(timeout); err != nil {
				t.Error(err)
			}
			res := parseJSONReport(t, run.stdout)
			got := struct {
				Reason  check.Reason
				Status  check.Status
				Exit    int
				SFError string
			}{res.Reason, res.Status, run.exit, res.SalesforceError}
			want := got
			want.Reason, want.Status, want.Exit, want.SFError = tc.wantReason, tc.wantStatus, tc.wantExit, tc.wantSFError
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("verdict (-want, +got):\n%s\nfindings: %+v", diff, res.Findings)
			}
			gotTraffic := traffic{Dials: int(dials.Load())}
			if st := tgt.server; st != nil {
				gotTraffic.Conns, gotTraffic.Logins, gotTraffic.Logouts = int(st.conns.Load()), int(st.logins.Load()), int(st.logouts.Load())
				gotTraffic.Other = int(st.other.Load())
			}
			if st := tgt.other; st != nil {
				gotTraffic.Elsewhere = int(st.logins.Load() + st.logouts.Load() + st.other.Load() + st.conns.Load())
			}
			if diff := cmp.Diff(tc.wantTraffic, gotTraffic); diff != "" {
				t.Errorf("traffic (-want, +got):\n%s", diff)
			}
			if res.Attempts != 1 {
				t.Errorf("attempts = %d, want 1 (one login per run)", res.Attempts)
			}
			msg := deciding(res).Message
			for _, s := range tgt.inMessage {
				if !strings.Contains(msg, s) {
					t.Errorf("deciding message %q does not contain %q", msg, s)
				}
			}
			assertNoFaultSecrets(t, run.stdout, noUserInfoSession)
			if tgt.check != nil {
				tgt.check(t, res)
			}
			// The same fault in GitHub and terminal mode: no secret in any
			// place either mode writes to.
			for _, mode := range []string{"github", "terminal"} {
				t.Run(mode, func(t *testing.T) {
					t.Parallel()
					other := tc.setup(t)
					vars := soapVars(other.loginURL, timeout.String())
					if tc.token != "" {
						vars["SF_SECURITY_TOKEN"] = tc.token
					}
					written := runInMode(t, mode, newFaultClient(new(atomic.Int64)), vars)
					assertNoFaultSecrets(t, written, noUserInfoSession)
				})
			}
		})
	}
}

// firstRequest watches the first request sent through it (the login): the
// deadline it carried, how far away that deadline was when it went out, and
// how it ended. Read it after the run has returned.
type firstRequest struct {
	next http.RoundTripper
	once sync.Once
	sent bool
	has  bool
	left time.Duration
	err  error
}

func (f *firstRequest) RoundTrip(r *http.Request) (*http.Response, error) {
	first := false
	f.once.Do(func() {
		first, f.sent = true, true
		var d time.Time
		d, f.has = r.Context().Deadline()
		f.left = time.Until(d)
	})
	resp, err := f.next.RoundTrip(r)
	if first {
		f.err = err
	}
	return resp, err //nolint:wrapcheck // a transparent wrapper
}

// CloseIdleConnections reaches the wrapped transport, so that runCheck's
// leak check still drops the pool's idle connections.
func (f *firstRequest) CloseIdleConnections() {
	if c, ok := f.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// within reports an error unless the first request was sent with a deadline
// no further away than timeout.
func (f *firstRequest) within(timeout time.Duration) error {
	switch {
	case !f.sent:
		return nil // nothing was sent
	case !f.has:
		return errors.New("the login request carried no deadline: the timeout cannot bound it")
	case f.left > timeout:
		return fmt.Errorf("the login request's deadline was %v away, want at most the timeout %v", f.left, timeout)
	}
	return nil
}
