package transport_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

func TestGate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		loginURL string
		custom   bool
		target   string
		// wantHost is the host a refusal names; "" when allowed.
		wantHost string
	}{
		{"login host", "https://login.salesforce.com", false, "https://login.salesforce.com/services/Soap/u/64.0", ""},
		{"My Domain from an answer", "https://login.salesforce.com", false, "https://acme.my.salesforce.com/services/Soap/u/64.0/00D", ""},
		{"legacy instance host", "https://login.salesforce.com", false, "https://na7.salesforce.com/services/Soap/u/28.0/00D", ""},
		{"Experience Cloud", "https://login.salesforce.com", false, "https://acme.my.site.com/services/data", ""},
		{"Salesforce domain over http", "https://login.salesforce.com", false, "http://acme.my.salesforce.com/x", "acme.my.salesforce.com"},
		{"look-alike", "https://login.salesforce.com", false, "https://acme.my.salesforce.com.evil.example/x", "acme.my.salesforce.com.evil.example"},
		{"suffix without a dot", "https://login.salesforce.com", false, "https://evilsalesforce.com/x", "evilsalesforce.com"},
		{"other host", "https://login.salesforce.com", false, "https://collector.example/x", "collector.example"},
		{"user info", "https://login.salesforce.com", false, "https://u:p@acme.my.salesforce.com/x", "acme.my.salesforce.com"},
		{"other scheme", "https://login.salesforce.com", false, "ftp://acme.my.salesforce.com/x", "acme.my.salesforce.com"},
		{"no host", "https://login.salesforce.com", false, "/services/data", "(none)"},
		{"loopback without allow-custom-host", "https://login.salesforce.com", false, "http://127.0.0.1:8484/x", "127.0.0.1:8484"},
		{"custom login host", "http://127.0.0.1:8484", true, "http://127.0.0.1:8484/services/Soap/u/64.0/00D", ""},
		{"custom login host, another port", "http://127.0.0.1:8484", true, "http://127.0.0.1:8485/x", "127.0.0.1:8485"},
		{"custom login host, another scheme", "http://127.0.0.1:8484", true, "https://127.0.0.1:8484/x", "127.0.0.1:8484"},
		{"custom login host, another loopback name", "http://127.0.0.1:8484", true, "http://localhost:8484/x", "localhost:8484"},
		{"custom https proxy", "https://proxy.corp.example", true, "https://proxy.corp.example/services/oauth2/revoke", ""},
		{"custom https proxy, another host", "https://proxy.corp.example", true, "https://other.corp.example/x", "other.corp.example"},
		{"custom https proxy, its default port", "https://proxy.corp.example", true, "https://proxy.corp.example:443/x", ""},
		{"custom https proxy, another port", "https://proxy.corp.example", true, "https://proxy.corp.example:8443/x", "proxy.corp.example:8443"},
		{"Salesforce still allowed with a custom host", "https://proxy.corp.example", true, "https://acme.my.salesforce.com/x", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := transport.NewGate(tc.loginURL, tc.custom).Check(tc.target)
			var re *transport.RefusedError
			switch {
			case tc.wantHost == "" && err != nil:
				t.Errorf("Check(%q) = %v, want allowed", tc.target, err)
			case tc.wantHost != "" && !errors.As(err, &re):
				t.Errorf("Check(%q) = %v, want a *RefusedError", tc.target, err)
			case tc.wantHost != "" && re.Host != tc.wantHost:
				t.Errorf("refusal names host %q, want %q", re.Host, tc.wantHost)
			case err != nil && strings.Contains(err.Error(), "u:p"):
				t.Errorf("refusal quotes the user info: %v", err)
			}
		})
	}
}

func TestGate_zeroRefusesEverything(t *testing.T) {
	t.Parallel()
	if err := (transport.Gate{}).Check("https://login.salesforce.com"); err == nil {
		t.Errorf("the zero Gate allowed a request")
	}
}

// TestClient_gateBeforeAnyConnection: a refused URL is never dialled, and
// the error is of KindRefused.
func TestClient_gateBeforeAnyConnection(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	c := transport.New(srv.Client(), transport.NewGate("https://login.salesforce.com", false))
	_, err := c.Do(context.Background(), transport.Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("secret")})
	var te *transport.Error
	if !errors.As(err, &te) || te.Kind != transport.KindRefused {
		t.Errorf("Do() = %v; want a KindRefused error", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server saw %d requests, want 0", n)
	}
}
