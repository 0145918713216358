package check_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// answerFault is how the hostile login host bends what the org answers.
type answerFault int

const (
	// asAnswered passes every answer through.
	asAnswered answerFault = iota
	// refusedHost points serverUrl, instance_url and the identity URL at
	// another loopback server, a host the egress gate refuses.
	refusedHost
	// missingURL drops serverUrl (SOAP) or instance_url (OAuth).
	missingURL
	// endFails answers every logout() and revocation with an error.
	endFails
	// cancelled cancels the run when the first call on the session arrives.
	cancelled
)

var answerFaults = []struct {
	name  string
	fault answerFault
}{
	{"as answered", asAnswered},
	{"serverUrl refused by the gate", refusedHost},
	{"serverUrl missing", missingURL},
	{"logout fails", endFails},
	{"run cancelled after login", cancelled},
}

var logoutBody = regexp.MustCompile(`<(\w+:)?logout\b`)

// hostileHost is a login host in front of a simulated org that bends the
// org's login answers (fault) and counts, server-side, every logout() and
// revocation it receives.
type hostileHost struct {
	fault answerFault
	org   http.Handler
	// self and elsewhere are the host's own URL and the refused one.
	self, elsewhere string
	cancel          context.CancelFunc

	mu   sync.Mutex
	ends []string
}

func (h *hostileHost) ended() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.ends)
}

func (h *hostileHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "unreadable", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	soapCall := strings.HasPrefix(r.URL.Path, "/services/Soap/u/")
	switch {
	case soapCall && logoutBody.Match(body), r.URL.Path == "/services/oauth2/revoke":
		h.mu.Lock()
		kind := "revoke"
		if soapCall {
			kind = "logout()"
		}
		h.ends = append(h.ends, kind)
		h.mu.Unlock()
		if h.fault == endFails {
			h.failEnd(w, r, body, soapCall)
			return
		}
		h.org.ServeHTTP(w, r)
	case soapCall, r.URL.Path == "/services/oauth2/token":
		rec := httptest.NewRecorder()
		h.org.ServeHTTP(rec, r)
		out := rec.Body.Bytes()
		if rec.Code == http.StatusOK {
			out = h.bend(out, soapCall)
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(out)
	default:
		if h.fault == cancelled {
			h.cancel()
		}
		h.org.ServeHTTP(w, r)
	}
}

// failEnd answers a logout() with a SOAP fault, a revocation with an OAuth
// error, each echoing the session it was asked to end (a hostile host
// fishing for it in the check's output); neither is forwarded, so the org
// still holds the session.
func (h *hostileHost) failEnd(w http.ResponseWriter, r *http.Request, body []byte, soapCall bool) {
	if soapCall {
		session := ""
		if m := sessionElement.FindSubmatch(body); m != nil {
			session = string(m[1])
		}
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body><soapenv:Fault><faultcode>sf:UNKNOWN_EXCEPTION</faultcode><faultstring>UNKNOWN_EXCEPTION: logout is down for `+session+`</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
		return
	}
	token := ""
	if err := r.ParseForm(); err == nil {
		token = r.PostForm.Get("token")
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusBadRequest)
	desc, _ := json.Marshal("this token type is not supported: " + token)
	_, _ = io.WriteString(w, `{"error":"unsupported_token_type","error_description":`+string(desc)+`}`)
}

var sessionElement = regexp.MustCompile(`sessionId>([^<]+)<`)

var serverURLElement = regexp.MustCompile(`<serverUrl>[^<]*</serverUrl>`)

// bend changes a successful login answer as the fault asks.
func (h *hostileHost) bend(body []byte, soapCall bool) []byte {
	switch h.fault {
	case refusedHost:
		return bytes.ReplaceAll(body, []byte(h.self), []byte(h.elsewhere))
	case missingURL:
		if soapCall {
			return serverURLElement.ReplaceAll(body, nil)
		}
		var tok map[string]any
		if json.Unmarshal(body, &tok) != nil {
			return body
		}
		delete(tok, "instance_url")
		out, err := json.Marshal(tok)
		if err != nil {
			return body
		}
		return out
	}
	return body
}

// TestEndSession_everyPathEndsItsSessionOnce holds the invariant of
// endSession against a hostile login host: for every flow (SOAP, each OAuth
// flow, and both pinpoint paths, whose second login opens the session) and
// every way an answer can bend (the session's URL refused by the egress gate
// or missing, the logout failing, the run cancelled while it holds the
// session), the session is ended exactly once, at the login host (the only
// host allowed to get it), never sent to the refused host, and a failed
// end is reported, never dropped.
func TestEndSession_everyPathEndsItsSessionOnce(t *testing.T) {
	t.Parallel()
	flows := []struct {
		name     string
		scenario string
		// wantEnd is what ends the session at the login host.
		wantEnd string
		// failTitle is the finding's title when the end fails.
		failTitle string
	}{
		{"soap", "healthy", "logout()", "Logout failed"},
		{"soap pinpoint, second login succeeds", "stale-token-trusted-ip", "logout()", "Logout failed"},
		{"password", "oauth-password", "revoke", "Revoke failed"},
		{"password pinpoint via SOAP, second login succeeds", "oauth-password-blocked", "logout()", "Logout failed"},
		{"client credentials", "oauth-client-credentials", "revoke", "Revoke failed"},
		{"jwt", "oauth-jwt", "revoke", "Revoke failed"},
		{"refresh token", "oauth-refresh-token", "revoke", "Revoke failed"},
	}
	for _, fl := range flows {
		for _, af := range answerFaults {
			t.Run(fl.name+"/"+af.name, func(t *testing.T) {
				t.Parallel()
				var elsewhereHits sync.Map
				elsewhere := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
					elsewhereHits.Store(r.Method+" "+r.URL.Path, true)
				}))
				t.Cleanup(elsewhere.Close)

				sc := scenario(t, fl.scenario)
				org := sc.NewOrg()
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				host := &hostileHost{fault: af.fault, org: org.Handler(), elsewhere: elsewhere.URL, cancel: cancel}
				srv := httptest.NewServer(host)
				t.Cleanup(srv.Close)
				host.self = srv.URL

				res := check.Run(ctx, configFor(t, sc, srv.URL))

				if diff := cmp.Diff([]string{fl.wantEnd}, host.ended()); diff != "" {
					t.Errorf("ends of the session at the login host (-want, +got):\n%s\nfindings: %+v", diff, res.Findings)
				}
				elsewhereHits.Range(func(k, _ any) bool {
					t.Errorf("the refused host got %v", k)
					return true
				})
				wantLive := 0
				if af.fault == endFails {
					wantLive = 1
				}
				if got := org.LiveSessions(); got != wantLive {
					t.Errorf("the org holds %d live sessions, want %d", got, wantLive)
				}
				// The failure is reported with the host's words, the session it
				// echoed masked.
				failed := slices.ContainsFunc(res.Findings, func(f check.Finding) bool {
					return f.Title == fl.failTitle && f.Severity == check.SeverityInfo && strings.Contains(f.Message, check.Mask)
				})
				if failed != (af.fault == endFails) {
					t.Errorf("a %q finding: %v, want %v; findings: %+v", fl.failTitle, failed, af.fault == endFails, res.Findings)
				}
				for _, f := range res.Findings {
					for _, id := range org.Issued() {
						if strings.Contains(f.Title+f.Message+f.Remedy, id) {
							t.Errorf("a finding shows a session the org issued: %+v", f)
						}
					}
				}
				if got := fmt.Sprint(res.Attempts); got != fmt.Sprint(sc.WantAttempts) {
					t.Errorf("attempts %s, want %d", got, sc.WantAttempts)
				}
			})
		}
	}
}
