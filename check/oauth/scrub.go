package oauth

import (
	"net/url"
	"strings"
)

// mask replaces a secret that an answer echoed back.
const mask = "***"

// minSecret is the shortest secret masked here: masking shorter values would
// shred Salesforce's own words ("authentication failure") for nothing. The
// report's redaction masks every secret again before printing.
const minSecret = 4

// scrubText masks the request's secrets in text taken from an answer, so
// that a server that echoes the request cannot make a secret part of an error.
// A Location header carries a value escaped, so the escaped forms go too.
func scrubText(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) < minSecret {
			continue
		}
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret)} {
			s = strings.ReplaceAll(s, form, mask)
		}
	}
	return s
}
