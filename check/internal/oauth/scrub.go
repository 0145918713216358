package oauth

import (
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// minSecret is the shortest secret masked here: masking shorter values would
// shred Salesforce's own words ("authentication failure") for nothing. The
// report's redaction masks every secret again before printing.
const minSecret = 4

// keep masks the run's secrets and the request's own, in every form redact
// knows (a Location header carries a value escaped), in text taken from an
// answer, and only then cuts it to maxLen characters (resp.Keep), so that a
// server that echoes a secret cannot make it, or a prefix of it, part of an
// error.
func keep(resp *transport.Response, s string, maxLen int, secrets []string) string {
	var own []string
	for _, secret := range secrets {
		if len(secret) >= minSecret {
			own = append(own, secret)
		}
	}
	return resp.Keep(s, maxLen, own...)
}
