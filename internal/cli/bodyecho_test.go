package cli

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestRedaction_secretEchoedInMessageAtACut: an answer whose error message
// echoes a secret of the run where the message is cut to length (a probe's
// REST error at 300 characters, a logout() fault at 2,000). Only the
// request's own secrets (there the session) were masked before the cut, so
// the cut left a prefix of the password that no later masking recognised.
func TestRedaction_secretEchoedInMessageAtACut(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		hit    func(*http.Request) bool
		answer func(w http.ResponseWriter, message string)
		cut    int
		probes bool
	}{
		{
			name: "probe", cut: 300, probes: true,
			hit: func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/services/data/") },
			answer: func(w http.ResponseWriter, message string) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `[{"message":%q,"errorCode":"INVALID_QUERY_FILTER_OPERATOR"}]`, message)
			},
		},
		{
			name: "logout", cut: 2000, hit: isLogout,
			answer: func(w http.ResponseWriter, message string) {
				w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(soapFault("sf:INVALID_SESSION_ID", message, false)))
			},
		},
	} {
		for _, before := range []int{8, 12} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, before), func(t *testing.T) {
				t.Parallel()
				org := simorg.New("Echo Inc", &simorg.User{Username: faultUser, Password: faultPassword, Token: faultToken})
				srv, _, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
					if !tc.hit(r) {
						org.Handler().ServeHTTP(w, r)
						return
					}
					// The cut lands before bytes of the password.
					tc.answer(w, strings.Repeat("x", tc.cut-before)+" "+faultPassword+" and more")
				})
				vars := soapVars(srv.URL, "5s")
				if tc.probes {
					vars["SF_PROBE_LIMITS"] = "true"
				}
				for _, args := range [][]string{nil, {"--json"}} {
					var dials atomic.Int64
					run := runHostile(t.Context(), t, newFaultClient(&dials), vars, args...)
					if out := run.stdout + run.stderr; strings.Contains(out, faultPassword[:6]) {
						t.Errorf("a prefix of the password reached the output (%v):\n%s", args, out)
					}
				}
			})
		}
	}
}
