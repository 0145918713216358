package probe

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

const (
	// testToken is a made-up session id in Salesforce's shape.
	testToken  = "00Dxx0000001gPL!AR8AQFakeSessionIdForProbeTests.0123456789abcdefghijklmnop"
	testUserID = "005xx000001Sv6eAAC"
	testAPI    = "64.0"
)

// newClient is a transport with short retries whose gate allows the test
// server at instanceURL.
func newClient(instanceURL string) *transport.Client {
	return transport.New(nil, transport.NewGate(instanceURL, true), transport.WithBackoff(time.Millisecond))
}

// serve answers every request with status and body, and counts them.
func serve(t *testing.T, status int, body string) (*Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return NewClient(newClient(srv.URL), Session{InstanceURL: srv.URL, Token: testToken, UserID: testUserID, APIVersion: testAPI}), &n
}

// TestClient_unusableAnswers holds each measurement to its typed error for
// an answer it cannot use; the health package turns them into findings.
func TestClient_unusableAnswers(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name string
		body string
		call func(c *Client) error
		want error
	}{
		{"limits without DailyApiRequests", `{}`, func(c *Client) error { _, _, err := c.DailyRequests(t.Context()); return err }, ErrDailyRequests},
		{"limits with Remaining above Max", `{"DailyApiRequests":{"Max":10,"Remaining":11}}`,
			func(c *Client) error { _, _, err := c.DailyRequests(t.Context()); return err }, ErrDailyRequests},
		{"limits with a fraction", `{"DailyApiRequests":{"Max":5000.5,"Remaining":1}}`,
			func(c *Client) error { _, _, err := c.DailyRequests(t.Context()); return err }, ErrDailyRequests},
		{"password status without isExpired", `{}`, func(c *Client) error { _, err := c.PasswordExpired(t.Context()); return err }, ErrNoIsExpired},
		{"password change that is not a date", `{"LastPasswordChangeDate":"yesterday"}`,
			func(c *Client) error { _, err := c.LastPasswordChange(t.Context()); return err }, ErrPasswordChangeDate},
		{"login history row without a date", `{"totalSize":1,"done":true,"records":[{"LoginTime":"soon","Status":"Success"}]}`,
			func(c *Client) error { _, err := c.LoginHistory(t.Context(), time.Now()); return err }, ErrLoginTime},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := serve(t, http.StatusOK, tc.body)
			if err := tc.call(c); !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// TestClient_badUserIDSendsNothing: a user id that is not a Salesforce id
// never goes into a URL or a query.
func TestClient_badUserIDSendsNothing(t *testing.T) {
	t.Parallel()

	c, n := serve(t, http.StatusOK, `{}`)
	c.userID = "005' OR Id != '"
	calls := map[string]func() error{
		"PasswordExpired":    func() error { _, err := c.PasswordExpired(t.Context()); return err },
		"LastPasswordChange": func() error { _, err := c.LastPasswordChange(t.Context()); return err },
		"LoginHistory":       func() error { _, err := c.LoginHistory(t.Context(), time.Now()); return err },
		"LoginCount":         func() error { _, err := c.LoginCount(t.Context(), time.Now()); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrUserID) {
			t.Errorf("%s: error %v, want ErrUserID", name, err)
		}
	}
	if got := n.Load(); got != 0 {
		t.Errorf("the org saw %d requests, want 0", got)
	}
}

// TestClient_LoginHistory reads the rows newest first, whatever the order
// of the answer, and says when the page is cut off.
func TestClient_LoginHistory(t *testing.T) {
	t.Parallel()

	c, _ := serve(t, http.StatusOK, `{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v64.0/query/01g-2000","records":[`+
		`{"LoginTime":"2026-11-29T12:00:00.000+0000","SourceIp":" 198.51.100.7 ","Status":"Invalid Password"},`+
		`{"LoginTime":"2026-11-29T13:00:00.000+0000","SourceIp":"203.0.113.9","Status":"Success"}]}`)
	got, err := c.LoginHistory(t.Context(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := History{Truncated: true, Attempts: []Attempt{
		{At: time.Date(2026, 11, 29, 13, 0, 0, 0, time.UTC), IP: "203.0.113.9", Status: "Success"},
		{At: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), IP: "198.51.100.7", Status: "Invalid Password"},
	}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("history (-want, +got):\n%s", diff)
	}
}

// TestClient_refusedCall returns Salesforce's error as an *APIError.
func TestClient_refusedCall(t *testing.T) {
	t.Parallel()

	c, _ := serve(t, http.StatusUnauthorized, `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`)
	err := c.Root(t.Context())
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 401 || ae.Code != "INVALID_SESSION_ID" {
		t.Errorf("Root error %v, want an *APIError 401 INVALID_SESSION_ID", err)
	}
}

// TestClient_requests holds each measurement to the request it sends: one
// GET of its path (the SOQL decoded), the session in the Authorization
// header only, JSON asked for.
func TestClient_requests(t *testing.T) {
	t.Parallel()

	since := time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)
	const base = "/services/data/v" + testAPI
	cases := []struct {
		name string
		body string
		call func(ctx context.Context, c *Client) error
		want string
	}{
		{"Root", `{}`, func(ctx context.Context, c *Client) error { return c.Root(ctx) }, base + "/"},
		{"DailyRequests", `{"DailyApiRequests":{"Max":15000,"Remaining":14953}}`,
			func(ctx context.Context, c *Client) error { _, _, err := c.DailyRequests(ctx); return err }, base + "/limits"},
		{"PasswordExpired", `{"isExpired":false}`,
			func(ctx context.Context, c *Client) error { _, err := c.PasswordExpired(ctx); return err },
			base + "/sobjects/User/" + testUserID + "/password"},
		{"LastPasswordChange", `{"LastPasswordChangeDate":null}`,
			func(ctx context.Context, c *Client) error { _, err := c.LastPasswordChange(ctx); return err },
			base + "/sobjects/User/" + testUserID + "?fields=LastPasswordChangeDate"},
		{"LoginHistory", `{"totalSize":0,"done":true,"records":[]}`,
			func(ctx context.Context, c *Client) error { _, err := c.LoginHistory(ctx, since); return err },
			base + "/query?q=SELECT Id, LoginTime, SourceIp, Status, LoginType, Application FROM LoginHistory WHERE UserId = '" +
				testUserID + "' AND LoginTime >= 2026-11-28T14:00:00Z ORDER BY LoginTime DESC LIMIT 2000"},
		{"LoginCount", `{"totalSize":2500,"done":true,"records":[]}`,
			func(ctx context.Context, c *Client) error { _, err := c.LoginCount(ctx, since); return err },
			base + "/query?q=SELECT COUNT() FROM LoginHistory WHERE UserId = '" + testUserID + "' AND LoginTime >= 2026-11-28T14:00:00Z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			var mu sync.Mutex
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				u := r.URL.Path
				if q := r.URL.Query(); len(q) > 0 {
					k := "q"
					if q.Has("fields") {
						k = "fields"
					}
					u += "?" + k + "=" + q.Get(k)
				}
				mu.Lock()
				got = append(got, r.Method+" "+u)
				mu.Unlock()
				if a := r.Header.Get("Authorization"); a != "Bearer "+testToken {
					t.Errorf("Authorization = %q, want the bearer token", a)
				}
				if a := r.Header.Get("Accept"); a != "application/json" {
					t.Errorf("Accept = %q, want application/json", a)
				}
				if strings.Contains(r.URL.String(), testToken) {
					t.Errorf("the token is in the URL %s", r.URL)
				}
				w.Header().Set("Content-Type", "application/json;charset=UTF-8")
				_, _ = io.WriteString(w, tc.body)
			}))
			t.Cleanup(srv.Close)
			c := NewClient(newClient(srv.URL), Session{InstanceURL: srv.URL + "/", Token: testToken, UserID: testUserID, APIVersion: "v" + testAPI})
			if err := tc.call(t.Context(), c); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if diff := cmp.Diff([]string{"GET " + tc.want}, got); diff != "" {
				t.Errorf("requests (-want, +got):\n%s", diff)
			}
		})
	}
}
