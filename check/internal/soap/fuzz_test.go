package soap_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/soap"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

// FuzzParseLogin feeds ParseLogin any status, content type and body: it must
// never panic, and must return exactly one of a usable *LoginResult, a
// *soap.Fault with a code, or a *transport.AnswerError.
//
// Seeds: the recorded SOAP answers of package fixtures (soap-*.xml) with the status each came with, and the non-SOAP answers login hosts give.
func FuzzParseLogin(f *testing.F) {
	for _, name := range fixtures.SalesforceNames("soap-*.xml") {
		body := fixtures.Salesforce(name)
		status := http.StatusOK
		if strings.Contains(name, "fault") {
			status = http.StatusInternalServerError
		}
		f.Add(status, "text/xml;charset=UTF-8", body)
		// Cut short, and under the other status.
		f.Add(status, "text/xml;charset=UTF-8", body[:len(body)/2])
		f.Add(http.StatusOK+http.StatusInternalServerError-status, "text/xml", body)
	}
	f.Add(http.StatusOK, "text/html;charset=UTF-8", []byte("<!DOCTYPE html><html><body>Login</body></html>"))
	f.Add(http.StatusMethodNotAllowed, "text/html", []byte("<html><body>405 Method Not Allowed</body></html>"))
	f.Add(http.StatusBadGateway, "text/html", []byte("<html><body>Bad gateway</body></html>"))
	f.Add(http.StatusTemporaryRedirect, "", []byte{})
	f.Add(http.StatusOK, "application/json", []byte(`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`))
	f.Add(http.StatusOK, "text/xml", []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:</faultcode><faultstring>: </faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`))
	f.Add(http.StatusOK, "text/xml", []byte(`<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><loginResponse><result><serverUrl> https://x </serverUrl><sessionId>a!b</sessionId></result></loginResponse></Body></Envelope>`))

	f.Add(http.StatusOK, "text/xml", []byte(`<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><loginResponse><result><serverUrl>https://x</serverUrl><sessionId>00Dx0000000BV7z!AQxxxxxxxx</sessionId>`+
		`<userInfo><organizationName>Acme&#x202e;gpj.exe&#7;`+strings.Repeat("x", 3000)+`</organizationName></userInfo></result></loginResponse></Body></Envelope>`))

	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		header := http.Header{"Content-Type": {contentType}, "Location": {"https://elsewhere.example/services/Soap/u/64.0"}}
		res, err := soap.ParseLogin(status, header, body)
		switch {
		case res == nil && err == nil:
			t.Fatal("ParseLogin returned neither a result nor an error")
		case res != nil && err != nil:
			// Only an answer that issued a session it cannot be used with
			// (a serverUrl that is no URL) comes with its result: the
			// session, so that the caller masks it and logs it out.
			var ae *transport.AnswerError
			if !errors.As(err, &ae) || ae.Kind != transport.AnswerMalformed || res.SessionID == "" || res.ServerURL != "" {
				t.Fatalf("ParseLogin returned result %+v with error %v: want a result only to end its session", res, err)
			}
		}
		if err != nil {
			var (
				fault *soap.Fault
				ae    *transport.AnswerError
			)
			switch {
			case errors.As(err, &fault):
				if strings.TrimSpace(fault.Code) == "" {
					t.Fatalf("fault without a code: %+v", fault)
				}
				keptText(t, "fault code", fault.Code, redact.MaxCode)
				keptText(t, "fault message", fault.Message, redact.MaxMessage)
				if fault.HTTPStatus != status {
					t.Errorf("fault HTTPStatus = %d, want %d", fault.HTTPStatus, status)
				}
			case errors.As(err, &ae):
				if ae.Kind < transport.AnswerRedirect || ae.Kind > transport.AnswerMalformed {
					t.Errorf("answer error of unknown kind %d", ae.Kind)
				}
				_ = ae.Error()
			default:
				t.Fatalf("ParseLogin returned %T (%v), want *soap.Fault or *transport.AnswerError", err, err)
			}
			return
		}
		if !transport.SessionShaped(res.SessionID) {
			t.Errorf("result with session id %q, not the shape Salesforce issues", res.SessionID)
		}
		keptText(t, "org name", res.OrgName, redact.MaxName)
		keptText(t, "username", res.Username, redact.MaxName)
		keptText(t, "org id", res.OrgID, redact.MaxCode)
		keptText(t, "user id", res.UserID, redact.MaxCode)
		if res.ServerURL == "" {
			t.Errorf("result without serverUrl")
		}
		if u, err := url.Parse(res.InstanceURL); err != nil || u.Host == "" || u.Path != "" {
			t.Errorf("instance URL %q is not scheme://host", res.InstanceURL)
		}
		if !res.HasUserInfo && res.OrgID != "" && !strings.HasPrefix(res.SessionID, res.OrgID+"!") {
			t.Errorf("org id %q without userInfo does not come from the session id %q", res.OrgID, res.SessionID)
		}
	})
}

// keptText fails unless s is text as transport.Response.Keep keeps it: inert
// (one line, no control or format character) and at most maxLen
// characters, the cut's "…" aside.
func keptText(t *testing.T, what, s string, maxLen int) {
	t.Helper()
	if redact.Inert(s) != s {
		t.Errorf("%s %q is not inert", what, s)
	}
	if n := utf8.RuneCountInString(strings.TrimSuffix(s, "…")); n > maxLen {
		t.Errorf("%s is %d characters, more than %d", what, n, maxLen)
	}
}
