package oauth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

const (
	clientID     = "3MVG9client.id"
	clientSecret = "clientSecret0123"
	username     = "integration@acme.com"
	password     = "pa55word!TOKEN123"
	refreshToken = "5Aep861.refresh/token=="
	audience     = "https://login.salesforce.com"
	tokenPath    = "/services/oauth2/token"
)

// now is the clock of the JWT flow; the fraction of a second checks that exp
// is rounded down.
var now = time.Date(2026, time.March, 1, 12, 0, 0, 999_000_000, time.UTC)

var testKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

func key(tb testing.TB) *rsa.PrivateKey {
	tb.Helper()
	k, err := testKey()
	if err != nil {
		tb.Fatalf("failed to generate key: %v", err)
	}
	return k
}

// flow is one token request as the check makes it.
type flow struct {
	name string
	call func(ctx context.Context, tc *transport.Client, loginURL string) (*oauth.Token, error)
	// wantForm is the form the request must carry; the JWT assertion is
	// checked by verifyAssertion instead.
	wantForm url.Values
	// secrets are the form fields that must never reach an error.
	secrets []string
}

func flows(tb testing.TB) []flow {
	k := key(tb)
	return []flow{
		{
			name: "password",
			call: func(ctx context.Context, tc *transport.Client, u string) (*oauth.Token, error) {
				return oauth.PasswordGrant(ctx, tc, u, clientID, clientSecret, username, password)
			},
			wantForm: url.Values{"grant_type": {"password"}, "client_id": {clientID}, "client_secret": {clientSecret},
				"username": {username}, "password": {password}},
			secrets: []string{"client_secret", "password"},
		},
		{
			name: "password_without_secret",
			call: func(ctx context.Context, tc *transport.Client, u string) (*oauth.Token, error) {
				return oauth.PasswordGrant(ctx, tc, u, clientID, "", username, password)
			},
			wantForm: url.Values{"grant_type": {"password"}, "client_id": {clientID}, "username": {username}, "password": {password}},
			secrets:  []string{"password"},
		},
		{
			name: "client_credentials",
			call: func(ctx context.Context, tc *transport.Client, u string) (*oauth.Token, error) {
				return oauth.ClientCredentials(ctx, tc, u, clientID, clientSecret)
			},
			wantForm: url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}},
			secrets:  []string{"client_secret"},
		},
		{
			name: "jwt_bearer",
			call: func(ctx context.Context, tc *transport.Client, u string) (*oauth.Token, error) {
				return oauth.JWTBearer(ctx, tc, u, clientID, username, audience, k, now)
			},
			wantForm: url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}},
			secrets:  []string{"assertion"},
		},
		{
			name: "refresh",
			call: func(ctx context.Context, tc *transport.Client, u string) (*oauth.Token, error) {
				return oauth.Refresh(ctx, tc, u, clientID, clientSecret, refreshToken)
			},
			wantForm: url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "client_secret": {clientSecret},
				"refresh_token": {refreshToken}},
			secrets: []string{"client_secret", "refresh_token"},
		},
		{
			name: "refresh_without_secret",
			call: func(ctx context.Context, tc *transport.Client, u string) (*oauth.Token, error) {
				return oauth.Refresh(ctx, tc, u, clientID, "", refreshToken)
			},
			wantForm: url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "refresh_token": {refreshToken}},
			secrets:  []string{"refresh_token"},
		},
	}
}

// readForm checks that a request is a token request with its credentials in
// a form body only, and returns the form.
func readForm(t *testing.T, r *http.Request, wantPath string) url.Values {
	t.Helper()
	if r.Method != http.MethodPost {
		t.Errorf("method = %s, want POST", r.Method)
	}
	if r.URL.Path != wantPath {
		t.Errorf("path = %s, want %s", r.URL.Path, wantPath)
	}
	if r.URL.RawQuery != "" || r.URL.ForceQuery {
		t.Errorf("URL has a query %q: credentials belong in the body", r.URL.RawQuery)
	}
	if got := r.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q, want application/x-www-form-urlencoded", got)
	}
	if got := r.Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization = %q, want none", got)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("failed to read body: %v", err)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		t.Errorf("body is not a form: %v", err)
	}
	return form
}

func TestFlows(t *testing.T) {
	t.Parallel()

	wantToken := &oauth.Token{
		AccessToken: "00Dx0000000BV7z!AR8AQAxo9UfVkh8AlV0Gomt9Czx9LjHnSSpwBMmbRcgKFmxOtvxjTrKW19ye6PE3Ds1eQz3z8jr3W7_VbWmEu4Q8TVGSTHxs",
		InstanceURL: "https://na1.salesforce.com",
		ID:          "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P",
		IssuedAt:    "1278448832702",
	}
	success := fixture(t, "oauth-token-success-password-docsample.json")
	for _, f := range flows(t) {
		for _, prefix := range []string{"", "/sub/path"} {
			t.Run(f.name+prefix, func(t *testing.T) {
				t.Parallel()

				var requests atomic.Int32
				srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
					requests.Add(1)
					form := readForm(t, r, prefix+tokenPath)
					if a := form.Get("assertion"); a != "" {
						verifyAssertion(t, a)
						form.Del("assertion")
					} else if f.name == "jwt_bearer" {
						t.Error("JWT bearer request without an assertion")
					}
					if diff := cmp.Diff(f.wantForm, form); diff != "" {
						t.Errorf("form mismatch (-want, +got):\n%s", diff)
					}
					w.Header().Set("Content-Type", "application/json;charset=UTF-8")
					_, _ = w.Write(success)
				})

				got, err := f.call(t.Context(), newClient(srv), srv.URL+prefix)
				if err != nil {
					t.Fatalf("got error %v", err)
				}
				if diff := cmp.Diff(wantToken, got); diff != "" {
					t.Errorf("token mismatch (-want, +got):\n%s", diff)
				}
				if n := requests.Load(); n != 1 {
					t.Errorf("got %d requests, want 1", n)
				}
			})
		}
	}
}

func TestFlowsAnswerErrors(t *testing.T) {
	t.Parallel()

	cases := []struct {
		fixture string
		want    error
	}{
		{"oauth-token-error-invalid-grant-authentication-failure.json", &oauth.Error{Code: "invalid_grant", Description: "authentication failure", HTTPStatus: 400}},
		{"oauth-token-error-invalid-client-id.json", &oauth.Error{Code: "invalid_client_id", Description: "client identifier invalid", HTTPStatus: 400}},
		{"oauth-token-error-no-client-credentials-user.json", &oauth.Error{Code: "invalid_grant", Description: "no client credentials user enabled", HTTPStatus: 400}},
		{"oauth-refresh-error-expired-token.json", &oauth.Error{Code: "invalid_grant", Description: "expired access/refresh token", HTTPStatus: 400}},
	}
	for _, f := range flows(t) {
		for _, tc := range cases {
			t.Run(f.name+"/"+tc.fixture, func(t *testing.T) {
				t.Parallel()

				body := fixture(t, tc.fixture)
				srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Type", "application/json;charset=UTF-8")
					w.WriteHeader(http.StatusBadRequest)
					_, _ = w.Write(body)
				})
				got, err := f.call(t.Context(), newClient(srv), srv.URL)
				if got != nil {
					t.Errorf("got token %+v, want none", got)
				}
				if diff := cmp.Diff(tc.want, err); diff != "" {
					t.Errorf("error mismatch (-want, +got):\n%s", diff)
				}
			})
		}
	}
}

func TestFlowsDoNotFollowRedirects(t *testing.T) {
	t.Parallel()

	for _, f := range flows(t) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()

			other := newServer(t, func(http.ResponseWriter, *http.Request) {
				t.Error("the redirect was followed: the other host got a request")
			})
			var requests atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				requests.Add(1)
				w.Header().Set("Location", other.URL+tokenPath)
				w.WriteHeader(http.StatusTemporaryRedirect)
			})

			got, err := f.call(t.Context(), newClient(srv), srv.URL)
			if got != nil {
				t.Errorf("got token %+v, want none", got)
			}
			want := &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerRedirect, Status: http.StatusTemporaryRedirect, Location: other.URL + tokenPath}
			if diff := cmp.Diff(want, err); diff != "" {
				t.Errorf("error mismatch (-want, +got):\n%s", diff)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("got %d requests, want 1", n)
			}
		})
	}
}

// TestFlowsErrorsHoldNoSecret has a server echo the request back in every
// place an error takes text from, and checks no secret reaches the error.
func TestFlowsErrorsHoldNoSecret(t *testing.T) {
	t.Parallel()

	echoes := []struct {
		name  string
		reply func(w http.ResponseWriter, raw string, secrets []string)
	}{
		{"json_description_raw", func(w http.ResponseWriter, raw string, _ []string) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "got " + raw})
		}},
		{"json_description_decoded", func(w http.ResponseWriter, _ string, secrets []string) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": strings.Join(secrets, " ")})
		}},
		{"json_description_cut_inside_a_secret", func(w http.ResponseWriter, _ string, secrets []string) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": strings.Repeat("x", 490) + secrets[0]})
		}},
		{"json_code", func(w http.ResponseWriter, _ string, secrets []string) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": secrets[0]})
		}},
		{"rest_array", func(w http.ResponseWriter, _ string, secrets []string) {
			writeJSON(w, http.StatusUnauthorized, []map[string]string{{"errorCode": "X", "message": strings.Join(secrets, " ")}})
		}},
		{"form_error", func(w http.ResponseWriter, _ string, secrets []string) {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, "error=invalid_grant&error_description="+url.QueryEscape(strings.Join(secrets, " ")))
		}},
		{"redirect_location", func(w http.ResponseWriter, raw string, secrets []string) {
			w.Header().Set("Location", "https://evil.example/"+url.PathEscape(secrets[0])+"?"+raw)
			w.WriteHeader(http.StatusFound)
		}},
		{"redirect_error_params", func(w http.ResponseWriter, _ string, secrets []string) {
			w.Header().Set("Location", "https://evil.example/cb?error=x&error_description="+url.QueryEscape(strings.Join(secrets, " ")))
			w.WriteHeader(http.StatusFound)
		}},
		{"html_body", func(w http.ResponseWriter, raw string, _ []string) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html>"+raw+"</html>")
		}},
		{"content_type", func(w http.ResponseWriter, _ string, secrets []string) {
			w.Header().Set("Content-Type", "text/html; x="+url.QueryEscape(secrets[0]))
			_, _ = io.WriteString(w, "<html></html>")
		}},
		{"server_body", func(w http.ResponseWriter, raw string, _ []string) {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, raw)
		}},
	}
	for _, f := range flows(t) {
		for _, echo := range echoes {
			t.Run(f.name+"/"+echo.name, func(t *testing.T) {
				t.Parallel()

				var (
					mu   sync.Mutex
					sent []string
				)
				srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
					raw, _ := io.ReadAll(r.Body)
					form, _ := url.ParseQuery(string(raw))
					var secrets []string
					for _, field := range f.secrets {
						secrets = append(secrets, form.Get(field))
					}
					mu.Lock()
					sent = append(sent, secrets...)
					mu.Unlock()
					echo.reply(w, string(raw), secrets)
				})

				_, err := f.call(t.Context(), newClient(srv), srv.URL)
				if err == nil {
					t.Fatal("got no error")
				}
				mu.Lock()
				defer mu.Unlock()
				if len(sent) == 0 {
					t.Fatal("the server saw no secret")
				}
				for _, secret := range sent {
					for _, text := range []string{err.Error(), fmt.Sprintf("%#v", err)} {
						// A prefix catches a secret cut rather than masked.
						for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), secret[:min(8, len(secret))]} {
							if strings.Contains(text, form) {
								t.Errorf("error holds a secret: %s", text)
							}
						}
					}
				}
			})
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func TestRetries(t *testing.T) {
	t.Parallel()

	type answer struct {
		status int
		ct     string
		body   string
	}
	gateway := answer{http.StatusServiceUnavailable, "text/html", "<html>Service Unavailable</html>"}
	token := answer{http.StatusOK, "application/json", `{"access_token":"t0k3n","instance_url":"https://na1.salesforce.com"}`}
	cases := []struct {
		name         string
		answers      []answer
		wantRequests int32
		wantToken    *oauth.Token
		wantErr      error
	}{
		{
			// A login is never resent once written: a 502 or 504 comes
			// after the gateway passed it on.
			name:         "gateway_page_is_not_retried",
			answers:      []answer{gateway},
			wantRequests: 1,
			wantErr:      &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 503, ContentType: "text/html"},
		},
		{
			name:         "bad_gateway_is_not_retried",
			answers:      []answer{{http.StatusBadGateway, "", ""}, token},
			wantRequests: 1,
			wantErr:      &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 502},
		},
		{
			name:         "oauth_error_in_503_is_not_retried",
			answers:      []answer{{http.StatusServiceUnavailable, "application/json", `{"error":"unknown_error","error_description":"retry your request"}`}},
			wantRequests: 1,
			wantErr:      &oauth.Error{Code: "unknown_error", Description: "retry your request", HTTPStatus: 503},
		},
		{
			name:         "500_is_not_retried",
			answers:      []answer{{http.StatusInternalServerError, "text/html", "<html>oops</html>"}},
			wantRequests: 1,
			wantErr:      &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 500, ContentType: "text/html"},
		},
		{
			name:         "rejected_login_is_not_retried",
			answers:      []answer{{http.StatusBadRequest, "application/json", `{"error":"invalid_grant","error_description":"authentication failure"}`}},
			wantRequests: 1,
			wantErr:      &oauth.Error{Code: "invalid_grant", Description: "authentication failure", HTTPStatus: 400},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			var requests atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				i := int(requests.Add(1)) - 1
				a := tc.answers[min(i, len(tc.answers)-1)]
				if a.ct != "" {
					w.Header().Set("Content-Type", a.ct)
				}
				w.WriteHeader(a.status)
				_, _ = io.WriteString(w, a.body)
			})

			got, err := oauth.PasswordGrant(t.Context(), newClient(srv), srv.URL, clientID, clientSecret, username, password)
			if diff := cmp.Diff(tc.wantToken, got); diff != "" {
				t.Errorf("token mismatch (-want, +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantErr, err); diff != "" {
				t.Errorf("error mismatch (-want, +got):\n%s", diff)
			}
			if n := requests.Load(); n != tc.wantRequests {
				t.Errorf("got %d requests, want %d", n, tc.wantRequests)
			}
		})
	}
}

func TestTransportErrorsPassThrough(t *testing.T) {
	t.Parallel()

	srv := newServer(t, func(http.ResponseWriter, *http.Request) {})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := oauth.ClientCredentials(ctx, newClient(srv), srv.URL, clientID, clientSecret)
	var te *transport.Error
	if !errors.As(err, &te) || te.Kind != transport.KindCancelled {
		t.Errorf("got %v, want a *transport.Error of kind cancelled", err)
	}
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name    string
		in      string
		want    string
		wantErr string
	}{
		{name: "host", in: "https://login.salesforce.com", want: "https://login.salesforce.com/services/oauth2/token"},
		{name: "trailing_slash", in: "https://acme.my.salesforce.com/", want: "https://acme.my.salesforce.com/services/oauth2/token"},
		{name: "site_path", in: "https://acme.my.site.com/partners", want: "https://acme.my.site.com/partners/services/oauth2/token"},
		{name: "http", in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/services/oauth2/token"},
		{name: "query", in: "https://login.salesforce.com?password=x", wantErr: oauth.ErrBaseURL.Error()},
		{name: "empty_query", in: "https://login.salesforce.com?", wantErr: oauth.ErrBaseURL.Error()},
		{name: "fragment", in: "https://login.salesforce.com#x", wantErr: oauth.ErrBaseURL.Error()},
		{name: "user_info", in: "https://u:p@login.salesforce.com", wantErr: oauth.ErrBaseURL.Error()},
		{name: "no_scheme", in: "login.salesforce.com", wantErr: oauth.ErrBaseURL.Error()},
		{name: "other_scheme", in: "ftp://login.salesforce.com", wantErr: oauth.ErrBaseURL.Error()},
		{name: "empty", in: "", wantErr: oauth.ErrBaseURL.Error()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			got, err := oauth.TokenEndpoint(tc.in)
			if diff := diffErrString(err, tc.wantErr); diff != "" {
				t.Error(diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("endpoint mismatch (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestBadLoginURLSendsNothing(t *testing.T) {
	t.Parallel()

	srv := newServer(t, func(http.ResponseWriter, *http.Request) {
		t.Error("a request was sent to a login URL with a query")
	})
	_, err := oauth.PasswordGrant(t.Context(), newClient(srv), srv.URL+"?password="+password, clientID, clientSecret, username, password)
	if !errors.Is(err, oauth.ErrBaseURL) {
		t.Errorf("got %v, want ErrBaseURL", err)
	}
	if err != nil && strings.Contains(err.Error(), password) {
		t.Errorf("error holds the password: %v", err)
	}
}
