package oauth_test

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/transport"
)

// fixtureDir holds copies of the shared OAuth fixtures (see its README.md).
var fixtureDir = filepath.Join("testdata", "salesforce")

// sharedDir is where the originals live when ../shared is beside the checkout.
var sharedDir = filepath.Join("..", "..", "..", "shared", "fixtures", "salesforce")

func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		tb.Fatalf("failed to read fixture: %v", err)
	}
	return b
}

// fixtureNames lists every oauth-*.json fixture.
func fixtureNames(tb testing.TB) []string {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join(fixtureDir, "oauth-*.json"))
	if err != nil || len(names) == 0 {
		tb.Fatalf("no fixtures in %s: %v", fixtureDir, err)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
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

func TestFixturesMatchShared(t *testing.T) {
	t.Parallel()

	shared, err := filepath.Glob(filepath.Join(sharedDir, "oauth-*.json"))
	if err != nil || len(shared) == 0 {
		t.Skipf("no shared fixtures at %s", sharedDir)
	}
	var sharedNames []string
	for _, path := range shared {
		name := filepath.Base(path)
		sharedNames = append(sharedNames, name)
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if errors.Is(err, fs.ErrNotExist) {
			t.Errorf("shared fixture %s is not copied into %s", name, fixtureDir)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs from the shared original", name)
		}
	}
	for _, name := range fixtureNames(t) {
		if !slices.Contains(sharedNames, name) {
			t.Errorf("%s is not a shared fixture", name)
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

// newClient is the check's transport with a short backoff for retries.
func newClient(srv *httptest.Server) *transport.Client {
	return transport.New(srv.Client(), transport.WithBackoff(time.Millisecond))
}
