package soap

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	return fixtures.Salesforce(name)
}

var xmlHeader = http.Header{"Content-Type": {"text/xml;charset=UTF-8"}}

func TestParseLogin_success(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		file string
		want *LoginResult
	}{
		{
			name: "soapforce API 28.0",
			file: "soap-login-success-partner-soapforce.xml",
			want: &LoginResult{
				SessionID:           "00DA0000000YpZ4!ARAAQEH.613sgjdpLDPsev9EBTxM0PMhEzbaCE505DYFCSm8tBkdDBl.NFsmPEISjp7Ccd.t9BTTFa1DRmtbxkikZPI8FqDj",
				ServerURL:           "https://na7.salesforce.com/services/Soap/u/28.0/00DA0000000YpZ4",
				InstanceURL:         "https://na7.salesforce.com",
				UserID:              "005A000000AAAAAIAY",
				OrgID:               "00DA0000000YpZ4MAK",
				OrgName:             "Developer",
				Username:            "john.doe@email.com",
				SessionSecondsValid: 7200,
				HasUserInfo:         true,
			},
		},
		{
			name: "metaforce API 23.0 legacy -api host",
			file: "soap-login-success-partner-metaforce.xml",
			want: &LoginResult{
				SessionID:           "00DU0000000Ilbh!AQoAQHVcube9Z6CRlbR9Eg8ZxpJlrJ6X8QDbnokfyVZItFKzJsLHIRGiqhzJkYsNYRkd3UVA9.s82sbjEbZGUqP3mG6TP_P8",
				ServerURL:           "https://na12-api.salesforce.com/services/Soap/u/23.0/00DU0000000Ilbh",
				InstanceURL:         "https://na12-api.salesforce.com",
				UserID:              "005U0000000FGpcIAG",
				OrgID:               "00DU0000000AlbhMAC",
				OrgName:             "Foo Org",
				Username:            "foo@bar.com",
				SessionSecondsValid: 7200,
				HasUserInfo:         true,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseLogin(200, xmlHeader, fixture(t, tc.file))
			if err != nil {
				t.Fatalf("ParseLogin: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("result (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestParseLogin_withoutUserInfo(t *testing.T) {
	t.Parallel()
	body := strings.Replace(string(fixture(t, "soap-login-success-partner-soapforce.xml")), "<userInfo>", "<dropped>", 1)
	body = body[:strings.Index(body, "<dropped>")] + body[strings.Index(body, "</userInfo>")+len("</userInfo>"):]
	got, err := ParseLogin(200, xmlHeader, []byte(body))
	if err != nil {
		t.Fatalf("ParseLogin: %v", err)
	}
	if got.HasUserInfo || got.OrgID != "00DA0000000YpZ4" || got.UserID != "005A000000AAAAAIAY" {
		t.Errorf("got HasUserInfo=%v OrgID=%q UserID=%q, want false, the session id's org prefix and the userId", got.HasUserInfo, got.OrgID, got.UserID)
	}
}

// TestParseLogin_sessionWithoutUsableServerURL: an answer that opened a
// session but names no serverUrl, or one that is no http(s) URL, returns
// the session with the error, so that the check masks it and ends it at the
// login host instead of dropping it.
func TestParseLogin_sessionWithoutUsableServerURL(t *testing.T) {
	t.Parallel()
	success := string(fixture(t, "soap-login-success-partner-soapforce.xml"))
	const serverURL = "<serverUrl>https://na7.salesforce.com/services/Soap/u/28.0/00DA0000000YpZ4</serverUrl>"
	if !strings.Contains(success, serverURL) {
		t.Fatalf("the fixture no longer holds %s", serverURL)
	}
	cases := []struct {
		name, replace, wantDetail string
	}{
		{"no serverUrl", "", "loginResponse without serverUrl"},
		{"empty serverUrl", "<serverUrl> </serverUrl>", "loginResponse without serverUrl"},
		{"serverUrl not a URL", "<serverUrl>::not a url::</serverUrl>", "serverUrl is not an http(s) URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseLogin(200, xmlHeader, []byte(strings.Replace(success, serverURL, tc.replace, 1)))
			var ae *transport.AnswerError
			if !errors.As(err, &ae) || ae.Kind != transport.AnswerMalformed || ae.Detail != tc.wantDetail {
				t.Fatalf("error = %v, want a malformed answer %q", err, tc.wantDetail)
			}
			if got == nil || got.SessionID != "00DA0000000YpZ4!ARAAQEH.613sgjdpLDPsev9EBTxM0PMhEzbaCE505DYFCSm8tBkdDBl.NFsmPEISjp7Ccd.t9BTTFa1DRmtbxkikZPI8FqDj" || got.ServerURL != "" {
				t.Errorf("result = %+v, want the session with no serverUrl", got)
			}
		})
	}
}

func TestParseLogin_faults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		file string
		want *Fault
	}{
		{"partner, sf: prefixed faultcode", "soap-fault-invalid-login-partner.xml",
			&Fault{Code: "INVALID_LOGIN", Message: "Invalid username, password, security token; or user locked out.", HTTPStatus: 500}},
		{"enterprise live 2017, unprefixed faultcode", "soap-fault-invalid-login-enterprise-live2017.xml",
			&Fault{Code: "INVALID_LOGIN", Message: "Invalid username, password, security token; or user locked out.", HTTPStatus: 500}},
		{"invalid session, UnexpectedErrorFault", "soap-fault-invalid-session-id-partner.xml",
			&Fault{Code: "INVALID_SESSION_ID", Message: "Invalid Session ID found in SessionHeader: Illegal Session", HTTPStatus: 500}},
		{"invalid session with a newline in the message, made one line", "soap-fault-invalid-session-id-enterprise-live2017.xml",
			&Fault{Code: "INVALID_SESSION_ID", Message: "Invalid Session ID found in SessionHeader: Illegal Session. Session not found, missing session hash: yNHBjIbNE79KEGtRRO+Qa/QH3oWryUWoKU2afYoBC0A= This error usually occurs after a session expires or a user logs out.", HTTPStatus: 500}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseLogin(500, xmlHeader, fixture(t, tc.file))
			var got *Fault
			if !errors.As(err, &got) {
				t.Fatalf("ParseLogin error = %v, want a *Fault", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("fault (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestParseLogin_faultWithoutDetail(t *testing.T) {
	t.Parallel()
	body := `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>` +
		`<faultcode>sf:LOGIN_MUST_USE_SECURITY_TOKEN</faultcode><faultstring>LOGIN_MUST_USE_SECURITY_TOKEN: Are you at a new location?</faultstring>` +
		`</soapenv:Fault></soapenv:Body></soapenv:Envelope>`
	_, err := ParseLogin(500, xmlHeader, []byte(body))
	want := &Fault{Code: "LOGIN_MUST_USE_SECURITY_TOKEN", Message: "Are you at a new location?", HTTPStatus: 500}
	var got *Fault
	if !errors.As(err, &got) {
		t.Fatalf("error = %v, want a *Fault", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fault (-want, +got):\n%s", diff)
	}
}

var sessionIDRE = regexp.MustCompile(`<sessionId>[^<]*</sessionId>`)

func TestParseLogin_unusableAnswers(t *testing.T) {
	t.Parallel()
	success := fixture(t, "soap-login-success-partner-soapforce.xml")
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   transport.AnswerKind
	}{
		{"redirect", 302, http.Header{"Location": {"https://elsewhere.example.com/"}}, "", transport.AnswerRedirect},
		{"HTML 404", 404, http.Header{"Content-Type": {"text/html"}}, "<html><body>Not Found</body></html>", transport.AnswerNotAPI},
		{"HTML 200", 200, http.Header{"Content-Type": {"text/html"}}, "<!DOCTYPE html><html></html>", transport.AnswerNotAPI},
		{"HTML 503", 503, http.Header{"Content-Type": {"text/html"}}, "<html>Service Unavailable</html>", transport.AnswerServer},
		{"truncated XML", 200, xmlHeader, string(success[:len(success)/2]), transport.AnswerMalformed},
		{"envelope without a result", 200, xmlHeader, `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>`, transport.AnswerMalformed},
		{"empty body", 200, xmlHeader, "", transport.AnswerNotAPI},
		{"session id of 20,000 lines", 200, xmlHeader, strings.Replace(string(success), "<sessionId>", "<sessionId>"+strings.Repeat("00D!AQ\n", 20000), 1), transport.AnswerMalformed},
		{"session id of common words", 200, xmlHeader, sessionIDRE.ReplaceAllString(string(success), "<sessionId>error warning failed</sessionId>"), transport.AnswerMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseLogin(tc.status, tc.header, []byte(tc.body))
			var got *transport.AnswerError
			if !errors.As(err, &got) {
				t.Fatalf("error = %v, want a *transport.AnswerError", err)
			}
			if got.Kind != tc.want {
				t.Errorf("kind = %v, want %v (%v)", got.Kind, tc.want, err)
			}
		})
	}
}

func TestLogin_request(t *testing.T) {
	t.Parallel()
	const user, pass = "a&b@acme.com", `p<a>ss"&`
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/services/Soap/u/64.0" || r.URL.RawQuery != "" {
			t.Errorf("request = %s %s, want POST /services/Soap/u/64.0 without a query", r.Method, r.URL)
		}
		if got := r.Header.Get("Content-Type"); got != "text/xml; charset=UTF-8" {
			t.Errorf("Content-Type = %q", got)
		}
		body, _ := io.ReadAll(r.Body)
		var env struct {
			Body struct {
				Login struct {
					Username string `xml:"urn:partner.soap.sforce.com username"`
					Password string `xml:"urn:partner.soap.sforce.com password"`
				} `xml:"urn:partner.soap.sforce.com login"`
			} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
		}
		if err := xml.Unmarshal(body, &env); err != nil {
			t.Errorf("request is not XML: %v", err)
		}
		if env.Body.Login.Username != user || env.Body.Login.Password != pass {
			t.Errorf("login(%q, %q), want the escaped values round-tripped", env.Body.Login.Username, env.Body.Login.Password)
		}
		w.WriteHeader(500)
		_, _ = w.Write(fixture(t, "soap-fault-invalid-login-partner.xml"))
	}))
	t.Cleanup(srv.Close)
	_, err := Login(context.Background(), transport.New(srv.Client(), transport.NewGate(srv.URL, true)), srv.URL, "64.0", user, pass)
	var f *Fault
	if !errors.As(err, &f) || f.Code != "INVALID_LOGIN" {
		t.Errorf("Login error = %v, want INVALID_LOGIN", err)
	}
	if n := seen.Load(); n != 1 {
		t.Errorf("the server saw %d logins, want 1: a SOAP fault is never retried", n)
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		status  int
		file    string
		wantErr bool
	}{
		{"logged out", 200, "soap-logout-success-enterprise-live2017.xml", false},
		{"dead session", 500, "soap-fault-invalid-session-id-enterprise-live2017.xml", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if !strings.Contains(string(body), "<n1:sessionId>SESSION-1</n1:sessionId>") || !strings.Contains(string(body), "<n1:logout/>") {
					t.Errorf("logout body = %s, want the session in SessionHeader and an empty logout", body)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write(fixture(t, tc.file))
			}))
			t.Cleanup(srv.Close)
			err := Logout(context.Background(), transport.New(srv.Client(), transport.NewGate(srv.URL, true)), srv.URL+"/services/Soap/u/64.0/00D", "SESSION-1")
			if (err != nil) != tc.wantErr {
				t.Errorf("Logout error = %v, want error: %v", err, tc.wantErr)
			}
		})
	}
}
