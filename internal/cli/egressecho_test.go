package cli

import (
	"strings"
	"testing"
)

// TestEgressGate_secretEchoedInRefusedHost: a login answer that names, as
// the host of its serverUrl or instance_url, a secret of the run: the
// password, the session id, the part of it after "!", the access token,
// the client secret. The gate refuses the host and its finding names it;
// the name must reach no output in any spelling. The gate lower-cased the
// host it named, which the redaction, matching exact spellings, missed.
func TestEgressGate_secretEchoedInRefusedHost(t *testing.T) {
	t.Parallel()
	const clientSecret = "EgressSecret-99xQ"
	_, sessionRest, _ := strings.Cut(hostileSession, "!")
	oauth := map[string]string{"SF_AUTH_FLOW": "client-credentials", "SF_USERNAME": "", "SF_PASSWORD": "", "SF_SECURITY_TOKEN": "",
		"SF_CLIENT_ID": "3MVG9Egress", "SF_CLIENT_SECRET": clientSecret}
	for _, tc := range []struct {
		name   string
		flow   map[string]string
		host   string
		secret string
	}{
		{"soap password", map[string]string{"SF_AUTH_FLOW": "soap"}, faultPassword, faultPassword},
		{"soap password and token", map[string]string{"SF_AUTH_FLOW": "soap"}, faultPassword + faultToken, faultPassword + faultToken},
		{"soap session id", map[string]string{"SF_AUTH_FLOW": "soap"}, hostileSession, hostileSession},
		{"soap session after the bang", map[string]string{"SF_AUTH_FLOW": "soap"}, sessionRest, sessionRest},
		{"oauth access token", oauth, hostileToken, hostileToken},
		{"oauth client secret", oauth, clientSecret, clientSecret},
	} {
		for _, where := range []string{"https://%s.attacker.example", "https://acme.my.salesforce.com.%s", "http://%s:8080"} {
			t.Run(tc.name+"/"+where, func(t *testing.T) {
				t.Parallel()
				target := strings.Replace(where, "%s", tc.host, 1)
				login := startHostileLoginHost(t, func(string) string { return target })
				vars := soapVars(login.srv.URL, "10s")
				for k, v := range tc.flow {
					vars[k] = v
				}
				for _, args := range [][]string{nil, {"--json"}} {
					var dials dialRecorder
					run := runHostile(t.Context(), t, dials.client(), vars, args...)
					if named := strings.TrimPrefix(strings.SplitN(where, "://", 2)[1], "%s"); !strings.Contains(run.stdout, strings.TrimSuffix(named, "%s")) {
						t.Errorf("no finding names the refused host:\n%s", run.stdout)
					}
					out := strings.ToLower(run.stdout + run.stderr)
					if strings.Contains(out, strings.ToLower(tc.secret)) {
						t.Errorf("the %s reached the output (%v), in some spelling:\n%s", tc.name, args, run.stdout)
					}
				}
			})
		}
	}
}
