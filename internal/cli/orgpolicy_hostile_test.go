package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

var sessionInBody = regexp.MustCompile(`<met:sessionId>([^<]*)</met:sessionId>`)

// hostileOrgPolicy wraps a simulated org: every org-policy call is answered
// by answer, with the session the call carried; the login, the logout and
// the other probes are the org's own.
func hostileOrgPolicy(org *simorg.Org, calls *atomic.Int32, answer func(w http.ResponseWriter, r *http.Request, session string)) http.Handler {
	inner := org.Handler()
	answer0 := answer
	answer = func(w http.ResponseWriter, r *http.Request, session string) {
		calls.Add(1)
		answer0(w, r, session)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		q := r.URL.Query().Get("q")
		switch {
		case strings.Contains(p, "/sobjects/UserPermissionAccess/"), strings.Contains(p, "/tooling/"),
			strings.HasSuffix(p, "/query") && (strings.Contains(q, "UserPermissionAccess") || strings.Contains(q, "AuthSession") || strings.Contains(q, "FROM User")):
			answer(w, r, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		case strings.HasPrefix(p, "/services/Soap/m/"):
			b, _ := io.ReadAll(r.Body)
			session := ""
			if m := sessionInBody.FindSubmatch(b); m != nil {
				session = string(m[1])
			}
			answer(w, r, session)
		default:
			inner.ServeHTTP(w, r)
		}
	})
}

// TestOrgPolicyHostileAnswers: whatever the org-policy calls are answered —
// the session echoed in every field, workflow commands and markup, dates and
// addresses that are none, a huge text, errors that quote the session — the
// run keeps the login's verdict, says at most what it could read, and no
// output holds the session, the password or an injected command.
func TestOrgPolicyHostileAnswers(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("A", 200_000)
	jsonAnswer := func(status int, body func(session string) any) func(http.ResponseWriter, *http.Request, string) {
		return func(w http.ResponseWriter, r *http.Request, session string) {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			if strings.HasPrefix(r.URL.Path, "/services/Soap/m/") {
				w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
				w.WriteHeader(status)
				_, _ = io.WriteString(w, `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><readMetadataResponse><result><records><fullName>Security</fullName><networkAccess><ipRanges><description>`+
					xmlEscape(session+" "+injection+long)+`</description><start>`+xmlEscape(session)+`</start><end>10.0.0.1</end></ipRanges><ipRanges><description>x</description><start>0.0.0.0</start><end>255.255.255.255</end></ipRanges></networkAccess><passwordPolicies><expiration>`+
					xmlEscape(session+injection)+`</expiration></passwordPolicies></records></result></readMetadataResponse></soapenv:Body></soapenv:Envelope>`)
				return
			}
			w.WriteHeader(status)
			b, _ := json.Marshal(body(session))
			_, _ = w.Write(b)
		}
	}
	echo := func(session string) string { return session + " " + injection }
	cases := map[string]func(http.ResponseWriter, *http.Request, string){
		"every field echoes the session": jsonAnswer(200, func(s string) any {
			return map[string]any{
				"fields": []map[string]any{{"name": "PermissionsViewSetup"}, {"name": echo(s)}},
				"records": []map[string]any{{
					"PermissionsViewSetup": echo(s), "PermissionsModifyAllData": true, "ProfileId": echo(s),
					"LastPasswordChangeDate": echo(s), "PasswordExpirationDate": nil, "SourceIp": echo(s), "CreatedDate": echo(s),
				}},
				"Name": echo(s), "Metadata": map[string]any{
					"loginIpRanges": []map[string]any{{"startAddress": echo(s), "endAddress": s, "description": echo(s)}},
					"loginHours":    map[string]any{"mondayStart": echo(s)},
				},
			}
		}),
		"errors quote the session": jsonAnswer(400, func(s string) any {
			return []map[string]string{{"errorCode": "INVALID_FIELD " + echo(s), "message": echo(s) + long}}
		}),
		"permission errors quote the session": jsonAnswer(403, func(s string) any {
			return []map[string]string{{"errorCode": "INSUFFICIENT_ACCESS", "message": echo(s)}}
		}),
		"metadata fault quotes the session": func(w http.ResponseWriter, r *http.Request, s string) {
			if !strings.HasPrefix(r.URL.Path, "/services/Soap/m/") {
				jsonAnswer(200, func(string) any { return map[string]any{"fields": []any{}, "records": []any{}} })(w, r, s)
				return
			}
			w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
			w.WriteHeader(500)
			_, _ = io.WriteString(w, `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><soapenv:Fault><faultcode>sf:INSUFFICIENT_ACCESS</faultcode><faultstring>INSUFFICIENT_ACCESS: `+
				xmlEscape(echo(s)+long)+`</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
		},
		"not JSON at all": func(w http.ResponseWriter, _ *http.Request, s string) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html>"+echo(s)+"</html>")
		},
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := scenario(t, "org-policy-trusted-runner")
			org := sc.NewOrg()
			var calls atomic.Int32
			srv := httptest.NewServer(hostileOrgPolicy(org, &calls, answer))
			t.Cleanup(srv.Close)
			vars := map[string]string{"SF_LOGIN_URL": srv.URL, "SF_ALLOW_CUSTOM_HOST": "true"}
			for k, v := range sc.Env {
				vars[k] = v
			}
			inv := runCLI(t, asInputs(vars))
			if inv.exit != 0 || inv.outputs["reason"] != "flow-retiring" {
				t.Errorf("exit %d reason %q, want the login's verdict (0, flow-retiring)\n%s", inv.exit, inv.outputs["reason"], inv.stdout)
			}
			readStdoutAsRunner(t, inv.stdout)
			for k, v := range inv.outputs {
				if strings.ContainsAny(v, "\r\n") {
					t.Errorf("output %s spans lines: %q", k, v)
				}
			}
			if strings.Contains(inv.summary, "<script>") || strings.Contains(inv.summary, "<img") {
				t.Errorf("the summary holds live markup:\n%s", inv.summary)
			}
			if len(inv.stdout) > 60_000 || len(inv.summary) > 60_000 {
				t.Errorf("answer text was not cut: stdout %d bytes, summary %d", len(inv.stdout), len(inv.summary))
			}
			if v := inv.outputs["ip-trusted"]; v == "true" && name != "every field echoes the session" {
				t.Errorf("ip-trusted %q from answers that say nothing", v)
			}
			if n := calls.Load(); n > 6 {
				t.Errorf("%d org-policy requests, want at most 6", n)
			}
			assertNoSecrets(t, inv, scenarioSecrets(sc, org))
		})
	}
}
