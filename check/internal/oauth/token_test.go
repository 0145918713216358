package oauth_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

var jsonHeader = http.Header{"Content-Type": {"application/json;charset=UTF-8"}}

func TestParseToken_Fixtures(t *testing.T) {
	t.Parallel()

	const ct = "application/json;charset=UTF-8"
	cases := []struct {
		fixture   string
		status    int
		wantToken *oauth.Token
		wantErr   error
	}{
		{
			fixture: "oauth-token-success-password-docsample.json",
			status:  http.StatusOK,
			wantToken: &oauth.Token{
				AccessToken: "00Dx0000000BV7z!AR8AQAxo9UfVkh8AlV0Gomt9Czx9LjHnSSpwBMmbRcgKFmxOtvxjTrKW19ye6PE3Ds1eQz3z8jr3W7_VbWmEu4Q8TVGSTHxs",
				InstanceURL: "https://na1.salesforce.com",
				ID:          "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P",
				IssuedAt:    "1278448832702",
			},
		},
		{
			fixture: "oauth-refresh-success.json",
			status:  http.StatusOK,
			wantToken: &oauth.Token{
				AccessToken: "refreshed_access_token",
				InstanceURL: "https://na1.salesforce.com",
				ID:          "https://login.salesforce.com/id/foo/bar",
				IssuedAt:    "1309974610026",
			},
		},
		{
			fixture: "oauth-refresh-error-expired-token.json",
			status:  http.StatusBadRequest,
			wantErr: &oauth.Error{Code: "invalid_grant", Description: "expired access/refresh token", HTTPStatus: 400},
		},
		{
			fixture: "oauth-token-error-invalid-client-id.json",
			status:  http.StatusBadRequest,
			wantErr: &oauth.Error{Code: "invalid_client_id", Description: "client identifier invalid", HTTPStatus: 400},
		},
		{
			fixture: "oauth-token-error-invalid-client.json",
			status:  http.StatusBadRequest,
			wantErr: &oauth.Error{Code: "invalid_client", Description: "invalid client credentials", HTTPStatus: 400},
		},
		{
			fixture: "oauth-token-error-invalid-grant-authentication-failure.json",
			status:  http.StatusBadRequest,
			wantErr: &oauth.Error{Code: "invalid_grant", Description: "authentication failure", HTTPStatus: 400},
		},
		{
			fixture: "oauth-token-error-invalid-grant-invalid-password.json",
			status:  http.StatusBadRequest,
			wantErr: &oauth.Error{Code: "invalid_grant", Description: "authentication failure - Invalid Password", HTTPStatus: 400},
		},
		{
			fixture: "oauth-token-error-no-client-credentials-user.json",
			status:  http.StatusBadRequest,
			wantErr: &oauth.Error{Code: "invalid_grant", Description: "no client credentials user enabled", HTTPStatus: 400},
		},
		{
			fixture: "oauth-token-error-app-not-found.json",
			status:  http.StatusBadRequest,
			wantErr: &oauth.Error{Code: "app_not_found", Description: "External client app is not installed in this org", HTTPStatus: 400},
		},
		{
			// An OAuth error is Salesforce's verdict in any status.
			fixture: "oauth-token-error-unknown-error-retry.json",
			status:  http.StatusServiceUnavailable,
			wantErr: &oauth.Error{Code: "unknown_error", Description: "retry your request", HTTPStatus: 503},
		},
		{
			// The identity answer is JSON, but not a token.
			fixture: "oauth-identity-response.json",
			status:  http.StatusOK,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, ContentType: ct, Detail: "no access_token"},
		},
	}
	var covered []string
	for _, tc := range cases {
		covered = append(covered, tc.fixture)
	}
	requireEveryFixture(t, covered)

	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()

			got, err := oauth.ParseToken(tc.status, jsonHeader, fixture(t, tc.fixture))
			if diff := cmp.Diff(tc.wantToken, got); diff != "" {
				t.Errorf("token mismatch (-want, +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantErr, err); diff != "" {
				t.Errorf("error mismatch (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestParseToken(t *testing.T) {
	t.Parallel()

	html := http.Header{"Content-Type": {"text/html; charset=UTF-8"}}
	cases := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		wantToken *oauth.Token
		wantErr   error
	}{
		{
			name:   "modern_answer_with_extra_fields",
			status: 200,
			header: jsonHeader,
			body: `{"access_token":"00Dx0000000BV7z!AQ","refresh_token":"5Aep","signature":"c2ln","scope":"api refresh_token",` +
				`"id_token":"eyJ","instance_url":"https://acme.my.salesforce.com/","api_instance_url":"https://api.salesforce.com",` +
				`"id":"https://login.salesforce.com/id/00D/005","token_type":"Bearer","issued_at":"1700000000000","extra":{"a":[1,2]}}`,
			wantToken: &oauth.Token{
				AccessToken: "00Dx0000000BV7z!AQ", RefreshToken: "5Aep", InstanceURL: "https://acme.my.salesforce.com",
				ID: "https://login.salesforce.com/id/00D/005", IssuedAt: "1700000000000", Scope: "api refresh_token", TokenType: "Bearer",
			},
		},
		{
			name:      "issued_at_as_number_and_byte_order_mark",
			status:    200,
			header:    http.Header{},
			body:      "\uFEFF" + `{"access_token":"00Dx0000000BV7z!AQt0k3n","instance_url":"https://na1.salesforce.com","issued_at":1700000000000}`,
			wantToken: &oauth.Token{AccessToken: "00Dx0000000BV7z!AQt0k3n", InstanceURL: "https://na1.salesforce.com", IssuedAt: "1700000000000"},
		},
		{
			name:    "no_access_token",
			status:  200,
			header:  jsonHeader,
			body:    `{"instance_url":"https://na1.salesforce.com"}`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, ContentType: jsonHeader.Get("Content-Type"), Detail: "no access_token"},
		},
		{
			name:    "access_token_not_a_string",
			status:  200,
			header:  http.Header{},
			body:    `{"access_token":12,"instance_url":"https://na1.salesforce.com"}`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, Detail: "no access_token"},
		},
		{
			name:   "no_instance_url",
			status: 200,
			header: http.Header{},
			body:   `{"access_token":"00Dx0000000BV7z!AQt0k3n"}`,
			// The token was issued: returned with the error, to be revoked.
			wantToken: &oauth.Token{AccessToken: "00Dx0000000BV7z!AQt0k3n"},
			wantErr:   &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, Detail: "no instance_url"},
		},
		{
			name:      "instance_url_not_web",
			status:    200,
			header:    http.Header{},
			body:      `{"access_token":"00Dx0000000BV7z!AQt0k3n","instance_url":"javascript:alert(1)"}`,
			wantToken: &oauth.Token{AccessToken: "00Dx0000000BV7z!AQt0k3n"},
			wantErr:   &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, Detail: "instance_url is not an http(s) URL"},
		},
		{
			name:    "syntax_error",
			status:  200,
			header:  http.Header{},
			body:    `{"access_token":`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, Detail: "JSON syntax error at byte 16"},
		},
		{
			name:    "array",
			status:  200,
			header:  http.Header{},
			body:    `[]`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, Detail: "a JSON array, not an object"},
		},
		{
			name:    "json_400_without_error",
			status:  400,
			header:  http.Header{},
			body:    `{"message":"bad"}`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 400, Detail: "a JSON object without an OAuth error"},
		},
		{
			name:    "error_not_a_string",
			status:  400,
			header:  http.Header{},
			body:    `{"error":5,"error_description":"x"}`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 400, Detail: "a JSON object without an OAuth error"},
		},
		{
			name:    "html_page",
			status:  200,
			header:  html,
			body:    "<!DOCTYPE html><html><body>My Domain login</body></html>",
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 200, ContentType: "text/html; charset=UTF-8"},
		},
		{
			name:    "html_404",
			status:  404,
			header:  html,
			body:    "<html>not found</html>",
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 404, ContentType: "text/html; charset=UTF-8"},
		},
		{
			name:    "empty_200",
			status:  200,
			header:  http.Header{},
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 200, Detail: "empty body"},
		},
		{
			name:    "gateway_page",
			status:  503,
			header:  html,
			body:    "<html>Service Unavailable</html>",
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 503, ContentType: "text/html; charset=UTF-8"},
		},
		{
			name:    "server_json_without_error",
			status:  500,
			header:  jsonHeader,
			body:    `{"message":"oops"}`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 500, ContentType: jsonHeader.Get("Content-Type")},
		},
		{
			name:    "server_broken_json",
			status:  502,
			header:  http.Header{},
			body:    `{"error":`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 502},
		},
		{
			name:    "server_empty",
			status:  504,
			header:  http.Header{},
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 504},
		},
		{
			name:    "oauth_error_in_500",
			status:  500,
			header:  jsonHeader,
			body:    `{"error":"unknown_error","error_description":"retry your request"}`,
			wantErr: &oauth.Error{Code: "unknown_error", Description: "retry your request", HTTPStatus: 500},
		},
		{
			name:    "oauth_error_in_200",
			status:  200,
			header:  jsonHeader,
			body:    `{"error":"invalid_grant","error_description":"ip restricted"}`,
			wantErr: &oauth.Error{Code: "invalid_grant", Description: "ip restricted", HTTPStatus: 200},
		},
		{
			name:    "error_without_description",
			status:  400,
			header:  jsonHeader,
			body:    `{"error":"invalid_request"}`,
			wantErr: &oauth.Error{Code: "invalid_request", HTTPStatus: 400},
		},
		{
			name:    "description_cleaned_and_cut",
			status:  400,
			header:  jsonHeader,
			body:    `{"error":"invalid_grant\n","error_description":"line one\nline\ttwo\u0007` + strings.Repeat("x", 600) + `"}`,
			wantErr: &oauth.Error{Code: "invalid_grant", Description: "line one line two\uFFFD" + strings.Repeat("x", 482) + "…", HTTPStatus: 400},
		},
		{
			name:    "url_param_form",
			status:  400,
			header:  http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			body:    "error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin",
			wantErr: &oauth.Error{Code: "OAUTH_APP_BLOCKED", Description: "this app is blocked by admin", HTTPStatus: 400},
		},
		{
			name:    "url_param_form_in_redirect",
			status:  302,
			header:  http.Header{"Location": {"https://acme.my.salesforce.com/services/oauth2/callback?error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin"}},
			wantErr: &oauth.Error{Code: "OAUTH_APP_BLOCKED", Description: "this app is blocked by admin", HTTPStatus: 302},
		},
		{
			name:    "url_param_form_in_redirect_fragment",
			status:  302,
			header:  http.Header{"Location": {"https://acme.my.salesforce.com/callback#error=OAUTH_APP_BLOCKED&error_description=this%20app%20is%20blocked%20by%20admin"}},
			wantErr: &oauth.Error{Code: "OAUTH_APP_BLOCKED", Description: "this app is blocked by admin", HTTPStatus: 302},
		},
		{
			name:    "redirect",
			status:  307,
			header:  http.Header{"Location": {"https://acme.my.salesforce.com/services/oauth2/token"}},
			body:    `{"access_token":"00Dx0000000BV7z!AQt0k3n","instance_url":"https://na1.salesforce.com"}`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerRedirect, Status: 307, Location: "https://acme.my.salesforce.com/services/oauth2/token"},
		},
		{
			name:    "redirect_without_location",
			status:  301,
			header:  http.Header{},
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerRedirect, Status: 301},
		},
		{
			name:    "rest_error_array",
			status:  401,
			header:  jsonHeader,
			body:    `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`,
			wantErr: &oauth.Error{Code: "INVALID_SESSION_ID", Description: "Session expired or invalid", HTTPStatus: 401},
		},
		{
			name:    "plain_text",
			status:  400,
			header:  http.Header{"Content-Type": {"text/plain"}},
			body:    "Bad_OAuth_Token",
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 400, ContentType: "text/plain"},
		},
		{
			name:    "html_with_error_param_is_not_a_form",
			status:  400,
			header:  html,
			body:    `<a href="/x?a=1&error=no">x</a>`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 400, ContentType: "text/html; charset=UTF-8"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			got, err := oauth.ParseToken(tc.status, tc.header, []byte(tc.body))
			if diff := cmp.Diff(tc.wantToken, got); diff != "" {
				t.Errorf("token mismatch (-want, +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantErr, err); diff != "" {
				t.Errorf("error mismatch (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name string
		err  error
		want string
	}{
		{
			name: "oauth_error",
			err:  &oauth.Error{Code: "invalid_grant", Description: "authentication failure", HTTPStatus: 400},
			want: "invalid_grant: authentication failure",
		},
		{
			name: "oauth_error_without_description",
			err:  &oauth.Error{Code: "invalid_request", HTTPStatus: 400},
			want: "invalid_request",
		},
		{
			name: "redirect",
			err:  &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerRedirect, Status: 307, Location: "https://acme.my.salesforce.com/services/oauth2/token"},
			want: `HTTP 307 redirect to "https://acme.my.salesforce.com/services/oauth2/token"`,
		},
		{
			name: "redirect_query_and_user_info_dropped",
			err:  &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerRedirect, Status: 302, Location: "https://u:p@example.com/login?startURL=%2Fx#frag"},
			want: `HTTP 302 redirect to "https://example.com/login?…"`,
		},
		{
			name: "not_json",
			err:  &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 200, ContentType: "text/html; charset=UTF-8"},
			want: "HTTP 200 with a text/html body, not an OAuth JSON answer",
		},
		{
			name: "not_json_untyped",
			err:  &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 404},
			want: "HTTP 404 with a untyped body, not an OAuth JSON answer",
		},
		{
			name: "server",
			err:  &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerServer, Status: 503},
			want: "HTTP 503 without an OAuth error",
		},
		{
			name: "malformed",
			err:  &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, Detail: "no access_token"},
			want: "HTTP 200 with an unreadable OAuth answer: no access_token",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			if diff := cmp.Diff(tc.want, tc.err.Error()); diff != "" {
				t.Errorf("message mismatch (-want, +got):\n%s", diff)
			}
		})
	}
}

// TestAnswerErrorHoldsNoBody feeds answers whose body carries a marker and
// checks that no error (message or field) repeats it.
func TestAnswerErrorHoldsNoBody(t *testing.T) {
	t.Parallel()

	const marker = "BODY-MARKER-7f3a"
	cases := []struct {
		name   string
		status int
		body   string
	}{
		{name: "html", status: 200, body: "<html>" + marker + "</html>"},
		{name: "text", status: 400, body: marker},
		{name: "server", status: 500, body: marker},
		{name: "json_no_token", status: 200, body: `{"x":"` + marker + `"}`},
		{name: "json_bad_instance", status: 200, body: `{"access_token":"00Dx0000000BV7z!AQa","instance_url":"` + marker + `"}`},
		{name: "json_syntax", status: 200, body: `{"` + marker + `" 1}`},
		{name: "json_400", status: 400, body: `{"x":"` + marker + `"}`},
		{name: "array", status: 400, body: `["` + marker + `"]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			_, err := oauth.ParseToken(tc.status, http.Header{}, []byte(tc.body))
			if err == nil {
				t.Fatal("got no error")
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%#v", err)} {
				if strings.Contains(s, marker) {
					t.Errorf("error repeats the body: %s", s)
				}
			}
		})
	}
}
