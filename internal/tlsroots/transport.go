package tlsroots

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// MaxIdleConnsPerHost is how many idle connections to one host the
// transport keeps: the highest parallelism of a multi-org run.
const MaxIdleConnsPerHost = 64

// Transport returns the round tripper of the check's HTTP client. Plain
// HTTP (the simulated org on loopback) never touches the roots. An HTTPS
// request first loads them under its own context (Source.Load), then each
// new connection verifies the server's chain with Roots.Verify: the
// transport dials TLS itself, so that the host name the chain is verified
// against is the one dialled (an IP address included, which crypto/tls
// leaves out of the server name it reports). InsecureSkipVerify is set only
// as crypto/tls documents for handing verification to VerifyConnection;
// verification is never skipped. Proxies follow the check's one rule
// (check.Proxy).
func (s *Source) Transport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	// A multi-org run sends up to 64 logins at once, many to one login host
	// (login.salesforce.com, test.salesforce.com). The default keeps 2 idle
	// connections per host and closes the rest after each answer, so every
	// other login paid a new TCP and TLS handshake; keep one per worker.
	t.MaxIdleConnsPerHost = MaxIdleConnsPerHost
	// Plain http (loopback only) never goes through a proxy, whatever
	// HTTP_PROXY says: the check's one proxy rule.
	t.Proxy = check.Proxy
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t.DialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err //nolint:wrapcheck // net's own message
		}
		roots, err := s.Load(ctx)
		if err != nil {
			return nil, err
		}
		raw, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err //nolint:wrapcheck // classified by the check's transport
		}
		tc := tls.Client(raw, s.config(ctx, roots, host))
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = raw.Close()
			return nil, err //nolint:wrapcheck // classified by the check's transport
		}
		return tc, nil
	}
	// Through a proxy, net/http runs the handshake itself with this
	// configuration (the host name is then the one in the handshake).
	t.TLSClientConfig = s.config(context.Background(), nil, "")
	return &httpsLoads{Transport: t, src: s}
}

// config is the TLS configuration of one connection to host; with host ""
// (net/http's own handshake through a proxy), the name the handshake sent
// and the roots loaded by then.
func (s *Source) config(ctx context.Context, roots *Roots, host string) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		ServerName: host,
		NextProtos: []string{"h2", "http/1.1"},
		// Not skipped: handed to VerifyConnection, as crypto/tls
		// documents for custom verification.
		InsecureSkipVerify: true, //nolint:gosec // verified in VerifyConnection with crypto/x509's Verify
		VerifyConnection: func(cs tls.ConnectionState) error {
			name, r := host, roots
			if name == "" {
				name = cs.ServerName
			}
			if r == nil {
				r = s.loaded()
			}
			var err error
			switch {
			case name == "":
				// crypto/tls reports no server name for an IP address:
				// without one, a certificate cannot be held to the host.
				err = errors.New("no host name to verify the server's certificate against")
			case r == nil:
				err = errors.New("the trusted roots were not loaded")
			default:
				err = r.Verify(ctx, cs.PeerCertificates, name)
			}
			if err != nil {
				return &tls.CertificateVerificationError{UnverifiedCertificates: cs.PeerCertificates, Err: err}
			}
			return nil
		},
	}
}

// httpsLoads loads the roots under an HTTPS request's own context before
// the request is sent: a bundle that cannot be read in time ends the
// request at its deadline.
type httpsLoads struct {
	*http.Transport
	src *Source
}

func (h *httpsLoads) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme == "https" {
		if _, err := h.src.Load(r.Context()); err != nil {
			return nil, err
		}
	}
	return h.Transport.RoundTrip(r) //nolint:wrapcheck // a RoundTripper passes errors through as they are
}
