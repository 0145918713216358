package cli

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// startInterimOrg serves org on loopback over raw TCP: every request goes to
// the org's handler, except those hostile picks, which get head (an interim
// answer) and then a connection held open until the test ends, as a hostile
// server that never closes would.
func startInterimOrg(t *testing.T, org *simorg.Org, hostile func(*http.Request) bool, head string) string {
	t.Helper()
	hold := make(chan struct{})
	h := org.Handler()
	addr, _ := startRawServer(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		for {
			req, err := http.ReadRequest(br)
			if err != nil {
				return
			}
			req.RemoteAddr = c.RemoteAddr().String()
			if hostile(req) {
				_, _ = io.WriteString(c, head)
				<-hold
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			resp := rec.Result()
			body := rec.Body.Bytes()
			resp.ContentLength = int64(len(body))
			resp.Body = io.NopCloser(bytes.NewReader(body))
			if err := resp.Write(c); err != nil {
				return
			}
		}
	})
	// Registered after the server's own cleanup, so it runs first: the
	// held connections let go, then the server waits for them.
	t.Cleanup(func() { close(hold) })
	return "http://" + addr
}

// TestRun_interimAnswerOnEveryPath answers one request of a check — the
// login, a probe, the logout, the OAuth token request, the revoke — with an
// interim answer (101 Switching Protocols: net/http hands its body over as
// the raw connection, read until the server closes) from a server that
// never closes. The run ends (runCheck's hang guard) and names the answer
// unusable.
func TestRun_interimAnswerOnEveryPath(t *testing.T) {
	t.Parallel()
	isPath := func(prefix string) func(*http.Request) bool {
		return func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, prefix) }
	}
	for _, tc := range []struct {
		name     string
		scenario string
		hostile  func(*http.Request) bool
		head     string
	}{
		{"SOAP login", "healthy", func(r *http.Request) bool { return soapAction(r) == "login" }, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"},
		{"REST probe", "healthy", isPath("/services/data/v"), "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"},
		{"SOAP logout", "healthy", isLogout, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"},
		{"OAuth token", "oauth-password", isPath("/services/oauth2/token"), "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"},
		{"OAuth revoke", "oauth-password", isPath("/services/oauth2/revoke"), "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"},
		{"101 without upgrade headers", "healthy", func(r *http.Request) bool { return soapAction(r) == "login" }, "HTTP/1.1 101 Switching Protocols\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := scenario(t, tc.scenario)
			org := sc.NewOrg()
			url := startInterimOrg(t, org, tc.hostile, tc.head)
			vars := map[string]string{"SF_LOGIN_URL": url, "SF_ALLOW_CUSTOM_HOST": "true", "SF_TIMEOUT": "1s"}
			for k, v := range sc.Env {
				vars[k] = strings.ReplaceAll(v, "{{URL}}", url)
			}
			run := runHostile(t.Context(), t, newFaultClient(new(atomic.Int64)), vars, "--json")
			if !strings.Contains(run.stdout, "HTTP 101") {
				t.Errorf("the report does not name the interim answer:\n%s", run.stdout)
			}
		})
	}
}
