package oauth

import (
	"math"

	"github.com/salesforce-login-check/salesforce-login-check/internal/redact"
)

// minSecret is the shortest secret masked here: masking shorter values would
// shred Salesforce's own words ("authentication failure") for nothing. The
// report's redaction masks every secret again before printing.
const minSecret = 4

// scrubText masks the request's secrets, in every form redact knows (a
// Location header carries a value escaped), in text taken from an answer, so
// that a server that echoes the request cannot make a secret part of an
// error. It runs before any text is cut.
func scrubText(s string, secrets []string) string {
	var keep []string
	for _, secret := range secrets {
		if len(secret) >= minSecret {
			keep = append(keep, secret)
		}
	}
	return redact.Answer(s, math.MaxInt, keep...)
}
