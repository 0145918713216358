package cli

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"
)

// TestRun_hostileAnswerText runs the binary against a login host whose
// answers carry the run's secrets split by control and format characters,
// line breaks and lower-case percent-escapes, bidi overrides, a 900 KB org
// name, and session ids or tokens that no Salesforce issues. In GitHub
// mode (text, annotations, outputs, summary) and with --json: no output
// holds a secret or a part of one of check.MinSecretLen bytes or more that
// the same run with the secret masked by the server does not hold; no
// output holds a control or format character; stdout stays small; and the
// runner is asked to mask a few single-line values, never a word of the
// log.
func TestRun_hostileAnswerText(t *testing.T) {
	t.Parallel()
	secret := faultPassword + faultToken
	split := func(s string) string {
		// The secret cut in four, each cut a different way (all of them
		// legal in XML: a SOAP answer with a control character does not
		// parse, see the OAuth case for those).
		q := len(s) / 4
		return s[:q] + "\u200b" + s[q:2*q] + "\u202e" + s[2*q:3*q] + "\n" + strings.ToLower(strings.ReplaceAll(s[3*q:], "-", "%2D"))
	}
	soapSuccess := func(t *testing.T, orgName, userName, sessionID string) http.HandlerFunc {
		body := fixtureBody(t, "soap-login-success-partner-soapforce.xml")
		body = strings.ReplaceAll(body, "https://na7.salesforce.com", "{{URL}}")
		body = strings.Replace(body, "<organizationName>Developer</organizationName>", "<organizationName>"+xmlEscape(orgName)+"</organizationName>", 1)
		body = strings.Replace(body, "<userName>john.doe@email.com</userName>", "<userName>"+xmlEscape(userName)+"</userName>", 1)
		if sessionID != "" {
			body = sessionIDElement.ReplaceAllLiteralString(body, "<sessionId>"+xmlEscape(sessionID)+"</sessionId>")
		}
		return answer(http.StatusOK, "text/xml;charset=UTF-8", body)
	}
	oauthError := func(description string) http.HandlerFunc {
		b, _ := json.Marshal(map[string]string{"error": "invalid_grant", "error_description": description})
		return answer(http.StatusBadRequest, "application/json", string(b))
	}
	oauthVars := func(url string) map[string]string {
		v := soapVars(url, "5s")
		v["SF_AUTH_FLOW"], v["SF_CLIENT_ID"], v["SF_CLIENT_SECRET"] = "password", "3MVG9hostile", "Client-Secret-0123"
		return v
	}
	cases := []struct {
		name string
		// handler answers with what (the secret, split) or, for the
		// baseline, with the mask in its place.
		handler func(t *testing.T, what string) http.HandlerFunc
		vars    func(url string) map[string]string
	}{
		{
			name: "SOAP fault echoing the secret",
			handler: func(_ *testing.T, what string) http.HandlerFunc {
				return answer(http.StatusInternalServerError, "text/xml;charset=UTF-8",
					soapFault("INVALID_LOGIN", "bad \u202e"+what+"\u2066 "+strings.Repeat("x y ", 200_000), true))
			},
			vars: func(url string) map[string]string { return soapVars(url, "5s") },
		},
		{
			name: "OAuth error echoing the secret with control characters",
			handler: func(_ *testing.T, what string) http.HandlerFunc {
				return oauthError("bad\x1b[31m " + strings.ReplaceAll(strings.ReplaceAll(what, "\n", "\x00"), "\u200b", "\a") + " \u200b")
			},
			vars: oauthVars,
		},
		{
			name: "900 KB org name with a bidi override and the secret",
			handler: func(t *testing.T, what string) http.HandlerFunc {
				return soapSuccess(t, "Acme\u202egnp.exe "+what+" "+strings.Repeat("x", 900_000), "john.doe@email.com\u202e", "")
			},
			vars: func(url string) map[string]string { return soapVars(url, "5s") },
		},
		{
			name: "session id of 20,000 lines",
			handler: func(t *testing.T, what string) http.HandlerFunc {
				return soapSuccess(t, what, "john.doe@email.com", strings.Repeat("00D000000000001!AQ\n", 20_000))
			},
			vars: func(url string) map[string]string { return soapVars(url, "5s") },
		},
		{
			name: "access token of common words",
			handler: func(_ *testing.T, what string) http.HandlerFunc {
				b, _ := json.Marshal(map[string]string{"access_token": "error\nwarning\nfailed", "instance_url": "{{URL}}", "id": "{{URL}}/id/00D/005", "scope": what})
				return answer(http.StatusOK, "application/json", string(b))
			},
			vars: oauthVars,
		},
	}
	for _, tc := range cases {
		for _, mode := range []string{"github", "json"} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				got := hostileOutputs(t, tc.handler(t, split(secret)), tc.vars, mode)
				baseline := hostileOutputs(t, tc.handler(t, "***"), tc.vars, mode)
				for _, s := range []string{secret, faultPassword, faultToken} {
					for n := len(s); n >= 5; n-- {
						for i := 0; i+n <= len(s); i++ {
							if part := s[i : i+n]; strings.Contains(got.shown, part) && !strings.Contains(baseline.shown, part) {
								t.Fatalf("an output shows %q, part of a secret:\n%.3000s", part, got.shown)
							}
						}
					}
				}
				if i := strings.IndexFunc(got.shown, func(r rune) bool {
					return r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028')
				}); i >= 0 {
					t.Errorf("an output holds the control or format character %q:\n%.400s", got.shown[i:], got.shown[max(0, i-200):])
				}
				if len(got.shown) > 200_000 {
					t.Errorf("the outputs are %d bytes: an answer's field was not capped", len(got.shown))
				}
				if len(got.masks) > 8 {
					t.Errorf("%d ::add-mask:: commands, want a few: %q", len(got.masks), got.masks)
				}
				for _, m := range got.masks {
					if len(m) < 5 || strings.ContainsAny(m, "\r\n%") || m == "error" || m == "warning" || m == "failed" {
						t.Errorf("the runner was asked to mask %q", m)
					}
				}
			})
		}
	}
}

// sessionIDElement is the session id of a recorded login answer.
var sessionIDElement = regexp.MustCompile(`<sessionId>[^<]*</sessionId>`)

// hostileRun is what one hostile run showed: every output but the masks,
// and the masks.
type hostileRun struct {
	shown string
	masks []string
}

func hostileOutputs(t *testing.T, h http.HandlerFunc, vars func(string) map[string]string, mode string) hostileRun {
	t.Helper()
	srv, _, _ := startFaultServer(t, false, h)
	env := vars(srv.URL)
	var args []string
	if mode == "json" {
		args = append(args, "--json")
	}
	env["GITHUB_ACTIONS"] = "true"
	var dials atomic.Int64
	run := runHostile(t.Context(), t, newFaultClient(&dials), env, args...)
	var out hostileRun
	var shown []string
	for _, line := range strings.Split(run.stdout+"\n"+run.stderr, "\n") {
		if m, ok := strings.CutPrefix(line, "::add-mask::"); ok {
			out.masks = append(out.masks, m)
			continue
		}
		shown = append(shown, line)
	}
	for k, v := range run.outputs {
		shown = append(shown, k+"="+v)
	}
	out.shown = strings.Join(append(shown, run.summary), "\n")
	return out
}
