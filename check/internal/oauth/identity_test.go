package oauth_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

const accessToken = "00Dx0000000BV7z!AR8AQ.access"

func TestGetIdentity(t *testing.T) {
	t.Parallel()

	identity := fixture(t, "oauth-identity-response.json")
	cases := []struct {
		name    string
		status  int
		body    string
		want    *oauth.Identity
		wantErr error
	}{
		{
			name:   "fixture",
			status: http.StatusOK,
			body:   string(identity),
			want: &oauth.Identity{UserID: "005i00000016AAAAAA", OrgID: "00Di0000000bAAAAAAA", Username: "john@playground.com",
				Active: true, UserType: "STANDARD"},
		},
		{
			name:   "inactive",
			status: http.StatusOK,
			body:   `{"user_id":"005","organization_id":"00D","username":"u@x.com","active":false,"user_type":"STANDARD"}`,
			want:   &oauth.Identity{UserID: "005", OrgID: "00D", Username: "u@x.com", UserType: "STANDARD"},
		},
		{
			name:   "active_absent",
			status: http.StatusOK,
			body:   `{"user_id":"005","organization_id":"00D"}`,
			want:   &oauth.Identity{UserID: "005", OrgID: "00D", Active: true},
		},
		{
			name:    "no_ids",
			status:  http.StatusOK,
			body:    `{"username":"u@x.com"}`,
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerMalformed, Status: 200, ContentType: "application/json", Detail: "identity without user_id or organization_id"},
		},
		{
			name:    "bad_token_text",
			status:  http.StatusForbidden,
			body:    "Bad_OAuth_Token",
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 403, ContentType: "application/json"},
		},
		{
			name:    "rest_error",
			status:  http.StatusUnauthorized,
			body:    `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`,
			wantErr: &oauth.Error{Code: "INVALID_SESSION_ID", Description: "Session expired or invalid", HTTPStatus: 401},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			var requests atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				if r.Method != http.MethodGet {
					t.Errorf("method = %s, want GET", r.Method)
				}
				if r.URL.Path != "/id/00Di0000000bAAAAAAA/005i00000016AAAAAA" {
					t.Errorf("path = %s", r.URL.Path)
				}
				if got, want := r.Header.Get("Authorization"), "Bearer "+accessToken; got != want {
					t.Errorf("Authorization = %q, want %q", got, want)
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})

			got, err := oauth.GetIdentity(t.Context(), newClient(srv), srv.URL+"/id/00Di0000000bAAAAAAA/005i00000016AAAAAA", accessToken)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("identity mismatch (-want, +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantErr, err); diff != "" {
				t.Errorf("error mismatch (-want, +got):\n%s", diff)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("got %d requests, want 1", n)
			}
		})
	}
}

func TestGetIdentityBadURL(t *testing.T) {
	t.Parallel()

	srv := newServer(t, func(http.ResponseWriter, *http.Request) { t.Error("request sent") })
	_, err := oauth.GetIdentity(t.Context(), newClient(srv), "file:///etc/passwd", accessToken)
	if diff := diffErrString(err, "identity URL"); diff != "" {
		t.Error(diff)
	}
}

func TestGetIdentityErrorHoldsNoToken(t *testing.T) {
	t.Parallel()

	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "bad " + r.Header.Get("Authorization")})
	})
	// The token request registered the token as a secret of the run.
	tc := newClient(srv)
	tc.Session(accessToken)
	_, err := oauth.GetIdentity(t.Context(), tc, srv.URL+"/id/x/y", accessToken)
	if err == nil || strings.Contains(err.Error(), accessToken) {
		t.Errorf("got %v, want an error without the access token", err)
	}
}
