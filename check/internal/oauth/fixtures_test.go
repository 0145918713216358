package oauth_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	return fixtures.Salesforce(name)
}

// fixtureNames lists every recorded oauth-*.json answer.
func fixtureNames(tb testing.TB) []string {
	tb.Helper()
	return fixtures.SalesforceNames("oauth-*.json")
}

// requireEveryFixture fails when a test table misses a fixture.
func requireEveryFixture(t *testing.T, covered []string) {
	t.Helper()
	for _, name := range fixtureNames(t) {
		if !slices.Contains(covered, name) {
			t.Errorf("fixture %s has no test case", name)
		}
	}
}

// diffErrString reports how err fails to contain want ("" wants no error).
func diffErrString(err error, want string) string {
	switch {
	case err == nil && want == "":
		return ""
	case err == nil:
		return "got no error, want one containing " + quote(want)
	case want == "":
		return "got error " + quote(err.Error()) + ", want none"
	case !strings.Contains(err.Error(), want):
		return "got error " + quote(err.Error()) + ", want one containing " + quote(want)
	}
	return ""
}

func quote(s string) string { return "\"" + s + "\"" }

// newServer starts a fake endpoint closed with the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newClient is the check's transport with a short backoff for retries and
// the run's secrets as the check registers them from its configuration
// (what the flows learn, they register themselves).
func newClient(srv *httptest.Server) *transport.Client {
	secrets := redact.New(nil)
	secrets.Add(clientSecret, password, refreshToken)
	return transport.New(srv.Client(), transport.NewGate(srv.URL, true), transport.WithBackoff(time.Millisecond), transport.WithSecrets(secrets))
}
