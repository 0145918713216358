package probe

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

func TestDecode(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name   string
		status int
		ct     string
		body   string
		want   error
	}{
		{name: "json object", status: 200, body: `{"a":1}`},
		{name: "html on 200", status: 200, ct: "text/html; charset=utf-8", body: "<html></html>",
			want: &transport.AnswerError{API: transport.REST, Kind: transport.AnswerNotAPI, Status: 200, ContentType: "text/html; charset=utf-8"}},
		{name: "empty 200", status: 200, want: &transport.AnswerError{API: transport.REST, Kind: transport.AnswerNotAPI, Status: 200}},
		{name: "recorded invalid session", status: 401, body: `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`,
			want: &APIError{Status: 401, Code: "INVALID_SESSION_ID", Message: "Session expired or invalid"}},
		{name: "single error object", status: 403, body: `{"message":"no","errorCode":"INSUFFICIENT_ACCESS"}`,
			want: &APIError{Status: 403, Code: "INSUFFICIENT_ACCESS", Message: "no"}},
		// Kept whole here: get masks the session, cuts and folds it.
		{name: "multi-line message", status: 400, body: `[{"message":"a\n  b\tc","errorCode":"MALFORMED_QUERY"}]`,
			want: &APIError{Status: 400, Code: "MALFORMED_QUERY", Message: "a\n  b\tc"}},
		{name: "empty array", status: 500, body: `[]`, want: &APIError{Status: 500}},
		{name: "proxy page", status: 502, body: "<html>Bad Gateway</html>", want: &APIError{Status: 502}},
		{name: "redirect", status: 302, want: &transport.AnswerError{API: transport.REST, Kind: transport.AnswerRedirect, Status: 302}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			resp := &transport.Response{Status: tc.status, Header: http.Header{}, Body: []byte(tc.body)}
			if tc.ct != "" {
				resp.Header.Set("Content-Type", tc.ct)
			}
			var into map[string]any
			got := decode(resp, &into)
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b error) bool { return errorsEqual(a, b) })); diff != "" {
				t.Errorf("decode (-want, +got):\n%s", diff)
			}
		})
	}
}

func errorsEqual(a, b error) bool {
	var ae1, ae2 *APIError
	if errors.As(a, &ae1) && errors.As(b, &ae2) {
		return *ae1 == *ae2
	}
	var an1, an2 *transport.AnswerError
	if errors.As(a, &an1) && errors.As(b, &an2) {
		return *an1 == *an2
	}
	return a == nil && b == nil
}

func TestDecode_WrongShape(t *testing.T) {
	t.Parallel()

	var ans limitsAnswer
	err := decode(&transport.Response{Status: 200, Body: []byte(`{"DailyApiRequests":"lots"}`)}, &ans)
	want := "HTTP 200 with an unreadable REST answer: field DailyApiRequests has the wrong type"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

func TestGet_RetriesGatewayPage(t *testing.T) {
	t.Parallel()

	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("<html>Service Unavailable</html>"))
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)

	c := NewClient(newClient(srv.URL), Session{InstanceURL: srv.URL, Token: testToken, APIVersion: "v" + testAPI})
	if _, err := c.get(t.Context(), pathRoot, nil, nil); err != nil {
		t.Fatalf("get: %v", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("sent %d requests, want 2: a gateway's page is retried once", got)
	}
}
