package oauth_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// FuzzParseToken checks that no answer makes ParseToken panic, and that every
// answer is exactly one of a usable token, an *Error or an *AnswerError.
func FuzzParseToken(f *testing.F) {
	for _, name := range fixtureNames(f) {
		body := fixture(f, name)
		for _, status := range []int{200, 400, 503} {
			f.Add(status, "application/json;charset=UTF-8", "", body)
		}
	}
	f.Add(200, "text/html", "", []byte("<html></html>"))
	f.Add(302, "", "https://x.example/cb?error=OAUTH_APP_BLOCKED&error_description=blocked", []byte(nil))
	f.Add(307, "", "%zz", []byte(nil))
	f.Add(400, "application/x-www-form-urlencoded", "", []byte("error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin"))
	f.Add(401, "application/json", "", []byte(`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`))
	// Found by the fuzzer: an error code that is only invalid UTF-8 is no
	// OAuth error (it used to become one with an empty code).
	f.Add(400, "0", "", []byte("error=\xe1"))
	f.Add(400, "application/json", "", []byte("{\"error\":\"\\u0001\"}"))
	f.Add(200, "", "", []byte("\uFEFF{\"access_token\":\"a\",\"instance_url\":\"https://x\",\"issued_at\":1e400}"))
	// Found by the fuzzer: a token without instance_url comes back with the
	// error, so that the caller masks and revokes it.
	f.Add(200, "0", "", []byte(`{"access_token":"0"}`))

	f.Fuzz(func(t *testing.T, status int, contentType, location string, body []byte) {
		header := http.Header{}
		if contentType != "" {
			header.Set("Content-Type", contentType)
		}
		if location != "" {
			header.Set("Location", location)
		}
		tok, err := oauth.ParseToken(status, header, body)
		var (
			oe *oauth.Error
			ae *transport.AnswerError
		)
		switch {
		case err == nil:
			if tok == nil || tok.AccessToken == "" || tok.InstanceURL == "" {
				t.Fatalf("no error, but token %+v", tok)
			}
		case tok != nil:
			// Only an issued token without a usable instance_url comes back
			// with its error: the caller must still mask and revoke it.
			if !errors.As(err, &ae) || ae.Kind != transport.AnswerMalformed || tok.AccessToken == "" || tok.InstanceURL != "" {
				t.Fatalf("got token %+v and error %v", tok, err)
			}
		case errors.As(err, &oe):
			if oe.Code == "" {
				t.Fatalf("OAuth error without a code: %#v", oe)
			}
			_ = oe.Error()
		case errors.As(err, &ae):
			if ae.Kind < transport.AnswerRedirect || ae.Kind > transport.AnswerMalformed {
				t.Fatalf("answer error of unknown kind: %#v", ae)
			}
			_ = ae.Error()
		default:
			t.Fatalf("error of type %T: %v", err, err)
		}
	})
}
