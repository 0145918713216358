package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// passphrase is a password with blanks. Its first words are no secret a
// masking recognises: only the whole passphrase is.
const passphrase = "correct horse battery staple 42"

// passphraseStart is a part of passphrase that must reach no output.
const passphraseStart = "correct horse"

// intoBattery is how far into passphrase a cut lands: in "battery", after
// "correct horse ". A cut drops the word it lands in, not the words before.
const intoBattery = 16

// atCut returns text whose character cut lands intoBattery characters into
// passphrase: a blank-free run, a blank, the passphrase and more words.
func atCut(cut int) string {
	return strings.Repeat("x", cut-intoBattery-1) + " " + passphrase + " and more"
}

// TestRedaction_passphraseEchoedAtACut: an answer that echoes the password,
// a passphrase with blanks, in the text the report quotes, placed so that
// the cut to length lands inside it: a SOAP fault's code (100 characters)
// and message (2,000) in logout(), an OAuth error's code (100) and
// description (500) from the identity URL, a probe's REST error code (100)
// and message (300). Those requests carry a session, not the password, and
// only the request's own secrets were masked before the cut: the cut
// dropped the word it landed in and left "correct horse", which the
// report's redaction, matching the whole passphrase, did not recognise.
// Every answer text is now cut only after all of the run's secrets are
// masked (transport.Response.Keep).
func TestRedaction_passphraseEchoedAtACut(t *testing.T) {
	t.Parallel()
	const clientID, clientSecret = "3MVG9Passphrase", "PassphraseSecret-77q"
	isProbe := func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/services/data/") }
	isIdentity := func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/id/") }
	soapAnswer := func(code, message string) func(http.ResponseWriter) {
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(soapFault(code, message, false)))
		}
	}
	jsonAnswer := func(status int, v any) func(http.ResponseWriter) {
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(v)
		}
	}
	for _, tc := range []struct {
		name string
		// hit reports whether the request is the one to spoil.
		hit    func(*http.Request) bool
		answer func(http.ResponseWriter)
		vars   map[string]string
	}{
		{name: "soap fault code", hit: isLogout, answer: soapAnswer(atCut(100), "the session is not valid")},
		{name: "soap fault message", hit: isLogout, answer: soapAnswer("INVALID_SESSION_ID", atCut(2000))},
		{
			name: "oauth error code", hit: isIdentity,
			answer: jsonAnswer(http.StatusForbidden, map[string]string{"error": atCut(100), "error_description": "bad token"}),
			vars:   map[string]string{"SF_AUTH_FLOW": "password", "SF_CLIENT_ID": clientID, "SF_CLIENT_SECRET": clientSecret},
		},
		{
			name: "oauth error description", hit: isIdentity,
			answer: jsonAnswer(http.StatusForbidden, map[string]string{"error": "Bad_OAuth_Token", "error_description": atCut(500)}),
			vars:   map[string]string{"SF_AUTH_FLOW": "password", "SF_CLIENT_ID": clientID, "SF_CLIENT_SECRET": clientSecret},
		},
		{
			name: "probe error code", hit: isProbe,
			answer: jsonAnswer(http.StatusBadRequest, []map[string]string{{"errorCode": atCut(100), "message": "no such column"}}),
			vars:   map[string]string{"SF_PROBE_LIMITS": "true"},
		},
		{
			name: "probe error message", hit: isProbe,
			answer: jsonAnswer(http.StatusBadRequest, []map[string]string{{"errorCode": "INVALID_QUERY_FILTER_OPERATOR", "message": atCut(300)}}),
			vars:   map[string]string{"SF_PROBE_LIMITS": "true"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := simorg.New("Passphrase Inc", &simorg.User{Username: faultUser, Password: passphrase, Token: faultToken})
			org.Apps[clientID] = &simorg.App{Name: "Passphrase", ConsumerKey: clientID, ConsumerSecret: clientSecret, PasswordFlow: true}
			var spoiled atomic.Int64
			srv, _, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				if !tc.hit(r) {
					org.Handler().ServeHTTP(w, r)
					return
				}
				spoiled.Add(1)
				tc.answer(w)
			})
			vars := soapVars(srv.URL, "5s")
			vars["SF_PASSWORD"] = passphrase
			for k, v := range tc.vars {
				vars[k] = v
			}
			var dials atomic.Int64
			written := map[string]string{
				"github":   runInMode(t, "github", newFaultClient(&dials), vars),
				"terminal": runInMode(t, "terminal", newFaultClient(&dials), vars),
				"json":     runHostile(t.Context(), t, newFaultClient(&dials), vars, "--json").stdout,
			}
			if spoiled.Load() == 0 {
				t.Fatal("no request received the spoiled answer: the case tests nothing")
			}
			for mode, out := range written {
				if !strings.Contains(out, "xxxx") {
					t.Errorf("%s: the answer's text is not quoted, so the case tests nothing:\n%s", mode, around(out, "Salesforce login check"))
				}
				if strings.Contains(unmasked(out), passphraseStart) {
					t.Errorf("%s: the first words of the passphrase reached the output:\n%s", mode, around(unmasked(out), passphraseStart))
				}
			}
		})
	}
}

// TestRedaction_otherOrgsPassphraseAtACut: in a multi-org run, org A's
// login() fault echoes org B's password, a passphrase, where the fault's
// message is cut. The request carried only A's password, so B's was masked
// only after the cut, which left its first words.
func TestRedaction_otherOrgsPassphraseAtACut(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"code", "message"} {
		t.Run(where, func(t *testing.T) {
			t.Parallel()
			a, _, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				code, message := "INVALID_LOGIN", atCut(2000)
				if where == "code" {
					code, message = atCut(100), "Invalid username, password, security token; or user locked out."
				}
				w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(soapFault(code, message, true)))
			})
			b := simorg.New("Org B", &simorg.User{Username: "b." + faultUser, Password: passphrase, Token: faultToken})
			bsrv, _, _ := startFaultServer(t, false, b.Handler().ServeHTTP)
			orgs := fmt.Sprintf("- name: a\n  login-url: %s\n  auth-flow: soap\n  username: %s\n  password-env: A_PASSWORD\n  security-token-env: A_TOKEN\n"+
				"- name: b\n  login-url: %s\n  auth-flow: soap\n  username: b.%s\n  password-env: B_PASSWORD\n  security-token-env: B_TOKEN\n",
				a.URL, faultUser, bsrv.URL, faultUser)
			vars := map[string]string{
				"SF_ORGS": orgs, "SF_ALLOW_CUSTOM_HOST": "true",
				"A_PASSWORD": faultPassword, "A_TOKEN": faultToken, "B_PASSWORD": passphrase, "B_TOKEN": faultToken,
				"SF_PROBE_SESSION": "false", "SF_PROBE_LIMITS": "false", "SF_PROBE_PASSWORD": "false", "SF_PROBE_LOGIN_HISTORY": "false", "SF_PROBE_ORG_POLICY": "false",
			}
			var dials atomic.Int64
			written := map[string]string{
				"github":   runInMode(t, "github", newFaultClient(&dials), vars),
				"terminal": runInMode(t, "terminal", newFaultClient(&dials), vars),
				"json":     runHostile(t.Context(), t, newFaultClient(&dials), vars, "--json").stdout,
			}
			for mode, out := range written {
				if !strings.Contains(out, "xxxx") {
					t.Errorf("%s: org a's fault is not quoted, so the case tests nothing:\n%s", mode, around(out, "Salesforce login check"))
				}
				if strings.Contains(unmasked(out), passphraseStart) {
					t.Errorf("%s: the first words of org b's passphrase reached the output:\n%s", mode, around(unmasked(out), passphraseStart))
				}
			}
		})
	}
}

// around returns the part of out around the first mark (or its start), so
// that a failure does not print kilobytes of padding.
func around(out, mark string) string {
	i := max(strings.Index(out, mark), 0)
	return out[max(i-200, 0):min(i+200, len(out))]
}

// unmasked is out without its ::add-mask:: commands, which hand the secrets
// to the runner's masking: the one place they belong.
func unmasked(out string) string {
	var kept []string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "::add-mask::") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}
