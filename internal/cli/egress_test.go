package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

const (
	hostileSession = "00DA0000000YpZ4!ARAAQEH.613sgjdpLDPsev9EBTxM0PMhEzbaCE505DYFCSm8tBkdDBl.NFsmPEISjp7Ccd.t9BTTFa1DRmtbxkikZPI8FqDj"
	hostileToken   = "00Dx0000000BV7z!AR8AQAxo9UfVkh8AlV0Gomt9Czx9LjHnSSpwBMmbRcgKFmxOtvxjTrKW19ye6PE3Ds1eQz3z8jr"
)

// hostileLoginHost is a login host that logs every user in and points what
// comes next somewhere else: the SOAP serverUrl, the OAuth instance_url and
// identity URL all name target. It records every request it sees.
type hostileLoginHost struct {
	srv *httptest.Server
	// identity, when set, names the identity URL instead of target.
	identity string
	mu       sync.Mutex
	// seen is "METHOD path [soapaction]" per request.
	seen []string
}

func startHostileLoginHost(t *testing.T, target func(self string) string) *hostileLoginHost {
	t.Helper()
	h := &hostileLoginHost{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h.mu.Lock()
		h.seen = append(h.seen, strings.TrimSpace(r.Method+" "+r.URL.Path+" "+soapAction(r)))
		h.mu.Unlock()
		to := target(h.srv.URL)
		switch {
		case r.URL.Path == "/services/oauth2/token":
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			id := to + "/id/00Dx0000000BV7zEAG/005x00000012Q9PAAU"
			if h.identity != "" {
				id = h.identity
			}
			fmt.Fprintf(w, `{"access_token":%q,"instance_url":%q,"id":%q,"token_type":"Bearer","issued_at":"1278448832702","signature":"x"}`,
				hostileToken, to, id)
		case r.URL.Path == "/services/oauth2/revoke":
			w.WriteHeader(http.StatusOK)
		case isLogout(r):
			w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
			_, _ = io.WriteString(w, logoutResponse)
		case strings.HasPrefix(r.URL.Path, "/services/Soap/u/"):
			w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
			body := fixtureBody(t, "soap-login-success-partner-soapforce.xml")
			_, _ = io.WriteString(w, strings.ReplaceAll(body, "https://na7.salesforce.com", to))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hostileLoginHost) requests() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen)
}

// dialRecorder is a client that dials only loopback (names never resolve:
// the offline resolver) and records every address it was asked to dial.
type dialRecorder struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialRecorder) client() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	dialer := &net.Dialer{Timeout: 5 * time.Second, Resolver: offlineResolver}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		d.mu.Lock()
		d.addrs = append(d.addrs, addr)
		d.mu.Unlock()
		return dialer.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr}
}

func (d *dialRecorder) dialed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Compact(slices.Clone(d.addrs))
}

// TestEgressGate_everyRequestThroughTheBinary points every request a login
// answer derives (serverUrl for SOAP probes and logout(); instance_url and
// the identity URL for OAuth probes and revoke) at hosts the gate must
// refuse. Nothing is sent there, the refusal is a finding that names the
// host, and the session is still ended at the login host.
func TestEgressGate_everyRequestThroughTheBinary(t *testing.T) {
	t.Parallel()
	// elsewhere is a second loopback server: a custom host, but not the
	// login URL's, so allow-custom-host does not cover it.
	var elsewhereHits sync.Map
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhereHits.Store(r.Method+" "+r.URL.Path, true)
	}))
	t.Cleanup(elsewhere.Close)

	targets := []struct {
		name string
		// target is where the answer points, given the login host's URL.
		target   func(self string) string
		wantHost string
	}{
		{"Salesforce domain over plain http", func(string) string { return "http://acme.my.salesforce.com" }, "http://acme.my.salesforce.com"},
		{"legacy instance host over plain http", func(string) string { return "http://na7.salesforce.com" }, "http://na7.salesforce.com"},
		{"a host outside Salesforce", func(string) string { return "https://collector.attacker.example" }, "https://collector.attacker.example"},
		{"a look-alike host", func(string) string { return "https://acme.my.salesforce.com.attacker.example" }, "https://acme.my.salesforce.com.attacker.example"},
		{"another loopback server", func(string) string { return elsewhere.URL }, elsewhere.URL},
		{"the login host over another scheme", func(self string) string { return strings.Replace(self, "http://", "https://", 1) }, ""},
		// The OAuth answer parser refuses this one before the gate, and
		// names no host: the URL holds a password.
		{"a user name in the URL", func(self string) string { return strings.Replace(self, "http://", "http://user:pw@", 1) }, "-"},
	}
	flows := []struct {
		name string
		vars map[string]string
		// wantLogin is what the login host must see: the login and the end
		// of the session, at the login host itself.
		wantLogin []string
	}{
		{
			name:      "soap",
			vars:      map[string]string{"SF_AUTH_FLOW": "soap"},
			wantLogin: []string{"POST /services/Soap/u/64.0 login", "POST /services/Soap/u/64.0 logout"},
		},
		{
			name: "client credentials",
			vars: map[string]string{"SF_AUTH_FLOW": "client-credentials", "SF_USERNAME": "", "SF_PASSWORD": "", "SF_SECURITY_TOKEN": "",
				"SF_CLIENT_ID": "3MVG9Egress", "SF_CLIENT_SECRET": "EgressSecret-99x"},
			wantLogin: []string{"POST /services/oauth2/token", "POST /services/oauth2/revoke"},
		},
	}
	for _, fl := range flows {
		for _, tg := range targets {
			t.Run(fl.name+"/"+tg.name, func(t *testing.T) {
				t.Parallel()
				login := startHostileLoginHost(t, tg.target)
				vars := soapVars(login.srv.URL, "10s")
				for _, p := range []string{"SF_PROBE_SESSION", "SF_PROBE_LIMITS", "SF_PROBE_PASSWORD", "SF_PROBE_LOGIN_HISTORY", "SF_PROBE_ORG_POLICY"} {
					vars[p] = "true"
				}
				vars["SF_API_VERSION"] = "64.0"
				for k, v := range fl.vars {
					vars[k] = v
				}
				var dials dialRecorder
				run := runHostile(t.Context(), t, dials.client(), vars, "--json")

				res := parseJSONReport(t, run.stdout)
				if run.exit != check.ExitInconclusive || res.Status != check.StatusError {
					t.Errorf("exit %d, status %s; want 3, error (the answer cannot be trusted):\n%s", run.exit, res.Status, run.stdout)
				}
				wantHost := tg.wantHost
				if wantHost == "" {
					wantHost = tg.target(login.srv.URL)
					wantHost = wantHost[:strings.Index(wantHost, "://")+3] + strings.TrimPrefix(login.srv.URL, "http://")
				}
				named := slices.ContainsFunc(res.Findings, func(f check.Finding) bool {
					return f.Reason == check.UnexpectedResponse && (wantHost == "-" || strings.Contains(f.Message, strings.ToLower(wantHost)))
				})
				if !named {
					t.Errorf("no unexpected-response finding names %s:\n%s", wantHost, run.stdout)
				}
				if diff := cmp.Diff(fl.wantLogin, login.requests()); diff != "" {
					t.Errorf("requests at the login host (-want, +got):\n%s", diff)
				}
				loginAddr := strings.TrimPrefix(login.srv.URL, "http://")
				for _, addr := range dials.dialed() {
					if addr != loginAddr {
						t.Errorf("the check dialled %s; only the login host %s may be dialled", addr, loginAddr)
					}
				}
				elsewhereHits.Range(func(k, _ any) bool {
					t.Errorf("another loopback server got %v", k)
					return true
				})
				assertNoFaultSecrets(t, run.stdout+run.stderr, hostileSession, hostileToken)
			})
		}
	}
}

// TestEgressGate_identityURLOnly: a token answer whose instance_url is the
// login host but whose identity URL is elsewhere. The identity request is
// refused with a finding naming the host; the access token goes nowhere
// else, and is revoked at the instance.
func TestEgressGate_identityURLOnly(t *testing.T) {
	t.Parallel()
	login := startHostileLoginHost(t, func(self string) string { return self })
	login.identity = "https://id.attacker.example/id/00Dx0000000BV7zEAG/005x00000012Q9PAAU"
	vars := soapVars(login.srv.URL, "10s")
	for k, v := range map[string]string{"SF_AUTH_FLOW": "client-credentials", "SF_USERNAME": "", "SF_PASSWORD": "", "SF_SECURITY_TOKEN": "",
		"SF_CLIENT_ID": "3MVG9Egress", "SF_CLIENT_SECRET": "EgressSecret-99x"} {
		vars[k] = v
	}
	var dials dialRecorder
	run := runHostile(t.Context(), t, dials.client(), vars, "--json")
	res := parseJSONReport(t, run.stdout)
	named := slices.ContainsFunc(res.Findings, func(f check.Finding) bool {
		return f.Reason == check.UnexpectedResponse && strings.Contains(f.Message, "https://id.attacker.example")
	})
	if !named || run.exit != check.ExitInconclusive {
		t.Errorf("exit %d; want 3 and an unexpected-response finding naming https://id.attacker.example:\n%s", run.exit, run.stdout)
	}
	if diff := cmp.Diff([]string{"POST /services/oauth2/token", "POST /services/oauth2/revoke"}, login.requests()); diff != "" {
		t.Errorf("requests at the login host (-want, +got):\n%s", diff)
	}
	loginAddr := strings.TrimPrefix(login.srv.URL, "http://")
	for _, addr := range dials.dialed() {
		if addr != loginAddr {
			t.Errorf("the check dialled %s; only the login host %s may be dialled", addr, loginAddr)
		}
	}
}

// TestLogin_unusableAnswerWithASession: a login answer that holds a session
// but whose serverUrl is no URL and whose numbers and booleans are nonsense.
// The session is masked and logged out at the login host all the same; the
// verdict is an unexpected answer.
func TestLogin_unusableAnswerWithASession(t *testing.T) {
	t.Parallel()
	body := fixtureBody(t, "soap-login-success-partner-soapforce.xml")
	body = strings.ReplaceAll(body, "https://na7.salesforce.com", "::not a url::")
	body = strings.Replace(body, "<sessionSecondsValid>7200</sessionSecondsValid>", "<sessionSecondsValid>1e17</sessionSecondsValid>", 1)
	body = strings.Replace(body, "<passwordExpired>false</passwordExpired>", "<passwordExpired>maybe</passwordExpired>", 1)
	srv, st, _ := startFaultServer(t, false, answer(http.StatusOK, "text/xml;charset=UTF-8", body))
	vars := soapVars(srv.URL, "5s")
	var dials dialRecorder
	run := runHostile(t.Context(), t, dials.client(), vars, "--json")
	res := parseJSONReport(t, run.stdout)
	if run.exit != check.ExitInconclusive || res.Reason != check.UnexpectedResponse {
		t.Errorf("exit %d, reason %s; want 3, unexpected-response:\n%s", run.exit, res.Reason, run.stdout)
	}
	if n := st.logouts.Load(); n != 1 {
		t.Errorf("the login host saw %d logouts, want 1: the session in the answer must be ended", n)
	}
	assertNoFaultSecrets(t, run.stdout+run.stderr, hostileSession, hostileSession[strings.Index(hostileSession, "!")+1:])
}
