package simorg

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"time"
)

// Handler returns the org's HTTP handler.
func (o *Org) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/services/Soap/u/", o.serveSOAP)
	mux.HandleFunc("GET /services/data/{$}", o.serveVersions)
	mux.HandleFunc("GET /services/data", o.serveVersions)
	o.routes(mux)
	mux.HandleFunc("/", notFound)
	return salesforcePaths(mux)
}

// notFound is the HTML 404 page a login host shows for a wrong path.
func notFound(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html;charset=UTF-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = fmt.Fprint(w, "<html><head><title>Page Not Found</title></head><body>URL No Longer Exists</body></html>")
}

// Server is a running simulated org.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string
	// CACertPEM is the PEM certificate a client must trust (TLS only).
	CACertPEM []byte
	srv       *http.Server
	done      chan struct{}
}

// Start serves the org on addr ("127.0.0.1:0" for any free loopback port),
// over TLS with a fresh self-signed certificate for 127.0.0.1 and localhost
// when useTLS is set.
func (o *Org) Start(addr string, useTLS bool) (*Server, error) {
	return Serve(addr, useTLS, o.Handler())
}

// Serve serves any handler (several orgs behind a router, or a fault
// injector) the way Start does.
func Serve(addr string, useTLS bool, h http.Handler) (*Server, error) {
	var cert *Certificate
	if useTLS {
		c, err := NewCertificate()
		if err != nil {
			return nil, err
		}
		cert = c
	}
	return ServeWith(addr, cert, h)
}

// Certificate is a self-signed certificate for 127.0.0.1, ::1 and localhost.
// One is shared by every listener of a `simulate` run, so that a client
// trusts them all through one file.
type Certificate struct {
	cert tls.Certificate
	// PEM is the certificate a client must trust.
	PEM []byte
}

// NewCertificate makes a fresh Certificate.
func NewCertificate() (*Certificate, error) {
	cert, certPEM, err := selfSigned()
	if err != nil {
		return nil, err
	}
	return &Certificate{cert: cert, PEM: certPEM}, nil
}

// ServeWith serves h on addr, over TLS with cert unless cert is nil.
func ServeWith(addr string, cert *Certificate, h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("failed to listen on %s: %w", addr, err)
	}
	s := &Server{srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}, done: make(chan struct{})}
	scheme := "http"
	if cert != nil {
		s.CACertPEM = cert.PEM
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert.cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	s.URL = scheme + "://" + ln.Addr().String()
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener was closed under us; nothing to report
		}
	}()
	return s, nil
}

// Close stops the server and waits for it.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		_ = s.srv.Close()
	}
	<-s.done
	return err //nolint:wrapcheck // shutdown errors speak for themselves
}

// selfSigned makes a certificate for 127.0.0.1, ::1 and localhost.
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("failed to generate a key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "simulated Salesforce org", Organization: []string{"salesforce-login-check"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("failed to create a certificate: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}
