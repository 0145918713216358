package transport_test

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// TestDo_tlsHandshakeFailures holds https:// requests that never got past
// the handshake to the retry policy: classified as TLS handshake failures and
// retried (nothing was sent), while an untrusted certificate is final.
func TestDo_tlsHandshakeFailures(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name string
		// start serves the fault and returns the https:// URL to call.
		start     func(t *testing.T, seen *atomic.Int64) string
		wantKind  transport.Kind
		wantTries int
		wantText  string
	}{
		{
			// net/http reports a handshake answered by "HTTP/" as
			// http.ErrSchemeMismatch, not as a tls.RecordHeaderError.
			name: "plain HTTP server behind an https URL",
			start: func(t *testing.T, seen *atomic.Int64) string {
				srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
				srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
					if s == http.StateNew {
						seen.Add(1)
					}
				}
				srv.Start()
				t.Cleanup(srv.Close)
				return strings.Replace(srv.URL, "http://", "https://", 1)
			},
			wantKind:  transport.KindTLSHandshake,
			wantTries: 3,
			wantText:  "TLS handshake failed",
		},
		{
			name: "untrusted certificate",
			start: func(t *testing.T, seen *atomic.Int64) string {
				srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
				srv.Config.ErrorLog = log.New(io.Discard, "", 0)
				srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
					if s == http.StateNew {
						seen.Add(1)
					}
				}
				srv.StartTLS()
				t.Cleanup(srv.Close)
				return srv.URL
			},
			wantKind:  transport.KindCertificate,
			wantTries: 1,
			wantText:  "certificate is not trusted",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var seen atomic.Int64
			url := tc.start(t, &seen)
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.Proxy = nil
			c := transport.New(&http.Client{Transport: tr}, transport.NewGate(url, true), transport.WithBackoff(time.Millisecond))
			_, err := c.Do(context.Background(), transport.Request{Method: http.MethodPost, URL: url + "/services/Soap/u/64.0"})
			var te *transport.Error
			if !errors.As(err, &te) {
				t.Fatalf("Do returned %v, want a *transport.Error", err)
			}
			if te.Kind != tc.wantKind || int(seen.Load()) != tc.wantTries {
				t.Errorf("kind %v after %d connections, want %v after %d", te.Kind, seen.Load(), tc.wantKind, tc.wantTries)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not say %q", err, tc.wantText)
			}
		})
	}
}
