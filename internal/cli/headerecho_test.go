package cli

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestRedaction_secretEchoedInHeaderAtACut: an answer that echoes a secret
// of the run in a header the report quotes (Content-Type, Location), placed
// where the quote is cut to length. The quote was cut before the report's
// redaction saw it, and only the request's own secrets were masked first,
// so the cut left a prefix of the password that no later masking
// recognised: in a logout() or probe answer (whose request carries the
// session, not the password), and in a Content-Type of any answer. Every
// header is now masked with all of the run's secrets as it is read.
func TestRedaction_secretEchoedInHeaderAtACut(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// hit reports whether the request is the one to spoil.
		hit    func(*http.Request) bool
		probes bool
	}{
		{name: "login", hit: func(r *http.Request) bool { return soapAction(r) == "login" }},
		{name: "logout", hit: isLogout},
		{name: "probe", hit: func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/services/data/") }, probes: true},
	} {
		for _, header := range []string{"Content-Type", "Location"} {
			// Padded so that the cuts (a media type at 80 bytes, a
			// redirect target at 200) land inside the secret, or not.
			for _, pad := range []int{0, 64, 70, 160, 166} {
				t.Run(tc.name+"/"+header, func(t *testing.T) {
					t.Parallel()
					org := simorg.New("Echo Inc", &simorg.User{Username: faultUser, Password: faultPassword, Token: faultToken})
					srv, _, _ := startFaultServer(t, false, func(w http.ResponseWriter, r *http.Request) {
						if !tc.hit(r) {
							org.Handler().ServeHTTP(w, r)
							return
						}
						echo := strings.Repeat("x", pad) + faultPassword + faultToken
						if header == "Location" {
							w.Header().Set("Location", "https://acme.my.salesforce.com/"+echo)
							w.WriteHeader(http.StatusFound)
							return
						}
						w.Header().Set("Content-Type", "text/"+echo)
						_, _ = w.Write([]byte("<html>not here</html>"))
					})
					vars := soapVars(srv.URL, "5s")
					if tc.probes {
						vars["SF_PROBE_LIMITS"] = "true"
					}
					for _, args := range [][]string{nil, {"--json"}} {
						var dials atomic.Int64
						run := runHostile(t.Context(), t, newFaultClient(&dials), vars, args...)
						out := run.stdout + run.stderr
						for _, s := range []string{faultPassword, faultToken} {
							for n := 6; n <= len(s); n++ {
								if strings.Contains(out, s[:n]) || strings.Contains(out, s[len(s)-n:]) {
									t.Fatalf("pad %d: a part of a secret reached the output (%v):\n%s", pad, args, out)
								}
							}
						}
					}
				})
			}
		}
	}
}
