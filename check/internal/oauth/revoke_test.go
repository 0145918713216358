package oauth_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

func TestRevoke(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name    string
		status  int
		ct      string
		body    string
		wantErr error
	}{
		{name: "revoked", status: http.StatusOK},
		{name: "revoked_with_json", status: http.StatusOK, ct: "application/json", body: "{}"},
		{
			name:    "invalid_token",
			status:  http.StatusBadRequest,
			ct:      "application/json",
			body:    `{"error":"invalid_token","error_description":"invalid token"}`,
			wantErr: &oauth.Error{Code: "invalid_token", Description: "invalid token", HTTPStatus: 400},
		},
		{
			name:    "unsupported_token_type",
			status:  http.StatusBadRequest,
			ct:      "application/json",
			body:    `{"error":"unsupported_token_type","error_description":"this token type is not supported"}`,
			wantErr: &oauth.Error{Code: "unsupported_token_type", Description: "this token type is not supported", HTTPStatus: 400},
		},
		{
			name:    "html",
			status:  http.StatusNotFound,
			ct:      "text/html",
			body:    "<html>not found</html>",
			wantErr: &transport.AnswerError{API: transport.OAuth, Kind: transport.AnswerNotAPI, Status: 404, ContentType: "text/html"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			var requests atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				form := readForm(t, r, "/services/oauth2/revoke")
				if diff := cmp.Diff(map[string][]string{"token": {accessToken}}, map[string][]string(form)); diff != "" {
					t.Errorf("form mismatch (-want, +got):\n%s", diff)
				}
				if tc.ct != "" {
					w.Header().Set("Content-Type", tc.ct)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})

			err := oauth.Revoke(t.Context(), newClient(srv), srv.URL, accessToken)
			if diff := cmp.Diff(tc.wantErr, err); diff != "" {
				t.Errorf("error mismatch (-want, +got):\n%s", diff)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("got %d requests, want 1", n)
			}
		})
	}
}

// TestRevokeNeverSendsRefreshToken revokes after a refresh-token login and
// checks that only the access token travels: revoking the refresh token would
// end the integration's own sessions.
func TestRevokeNeverSendsRefreshToken(t *testing.T) {
	t.Parallel()

	const refreshed = "00Dx!refreshed.access.token"
	var bodies atomic.Value
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case tokenPath:
			writeJSON(w, http.StatusOK, map[string]string{
				"access_token": refreshed, "refresh_token": "5Aep.new.refresh.token", "instance_url": "https://na1.salesforce.com",
			})
		case "/services/oauth2/revoke":
			raw, _ := io.ReadAll(r.Body)
			bodies.Store(string(raw))
		default:
			t.Errorf("unexpected path %s", r.URL.Path)
		}
	})
	tc := newClient(srv)
	tok, err := oauth.Refresh(t.Context(), tc, srv.URL, clientID, clientSecret, refreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := oauth.Revoke(t.Context(), tc, srv.URL, tok.AccessToken); err != nil {
		t.Fatal(err)
	}
	got, _ := bodies.Load().(string)
	if want := "token=" + "00Dx%21refreshed.access.token"; got != want {
		t.Errorf("revoke body = %q, want %q", got, want)
	}
	for _, secret := range []string{refreshToken, "5Aep", tok.RefreshToken} {
		if strings.Contains(got, secret) {
			t.Errorf("revoke body holds a refresh token: %q", got)
		}
	}
}
