package tlsroots

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestMain also serves as the helper process of
// TestVerify_sameVerdictAsSystemCertPool: crypto/x509 reads SSL_CERT_FILE
// and SSL_CERT_DIR once per process, so its verdicts on a bundle come from
// a process started with them set.
func TestMain(m *testing.M) {
	if cases := os.Getenv("TLSROOTS_SYSTEM_VERDICTS"); cases != "" {
		if err := systemVerdicts(cases); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// wireCase is a chainCase as the helper process reads it.
type wireCase struct {
	Name, Host string
	Chain      [][]byte
}

// systemVerdicts prints, as JSON, whether crypto/x509's system pool
// trusts each chain in the file cases.
func systemVerdicts(cases string) error {
	b, err := os.ReadFile(cases)
	if err != nil {
		return err
	}
	var wcs []wireCase
	if err := json.Unmarshal(b, &wcs); err != nil {
		return err
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		return err
	}
	out := map[string]bool{}
	for _, wc := range wcs {
		var certs []*x509.Certificate
		for _, der := range wc.Chain {
			c, err := x509.ParseCertificate(der)
			if err != nil {
				return err
			}
			certs = append(certs, c)
		}
		inter := x509.NewCertPool()
		for _, c := range certs[1:] {
			inter.AddCert(c)
		}
		_, err := certs[0].Verify(x509.VerifyOptions{DNSName: wc.Host, Roots: pool, Intermediates: inter})
		out[wc.Name] = err == nil
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// TestVerify_sameVerdictAsSystemCertPool holds the lazy roots to
// crypto/x509's system pool on the same bundle and directory: valid,
// cross-signed, expired, wrong-host and unknown-authority chains, among
// others, each get the same verdict from both. The directory is read by
// the lazy roots only when the bundle does not decide.
func TestVerify_sameVerdictAsSystemCertPool(t *testing.T) {
	t.Parallel()
	p := newPKI(t)
	for _, layout := range []struct {
		name string
		dir  []*x509.Certificate
		// also are the cases whose verdict the directory changes.
		also map[string]bool
	}{
		{name: "bundle only"},
		{name: "bundle and a directory", dir: []*x509.Certificate{p.dir}, also: map[string]bool{"a root's subject with another key": true}},
	} {
		t.Run(layout.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			bundle, certDir := filepath.Join(dir, "bundle.pem"), filepath.Join(dir, "certs")
			if err := os.WriteFile(bundle, pemOf(p.bundle...), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(certDir, 0o700); err != nil {
				t.Fatal(err)
			}
			for i, c := range layout.dir {
				name := fmt.Sprintf("root-%d.pem", i)
				if err := os.WriteFile(filepath.Join(certDir, name), pemOf(c), 0o600); err != nil {
					t.Fatal(err)
				}
				// OpenSSL's hash link, which both skip.
				if err := os.Symlink(name, filepath.Join(certDir, fmt.Sprintf("abcdef%02d.0", i))); err != nil {
					t.Fatal(err)
				}
			}
			var wcs []wireCase
			want := map[string]bool{}
			for _, c := range p.cases {
				wc := wireCase{Name: c.name, Host: c.host}
				for _, cert := range c.chain {
					wc.Chain = append(wc.Chain, cert.Raw)
				}
				wcs = append(wcs, wc)
				want[c.name] = c.want || layout.also[c.name]
			}
			casesFile := filepath.Join(dir, "cases.json")
			b, err := json.Marshal(wcs)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(casesFile, b, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.CommandContext(t.Context(), os.Args[0])
			cmd.Env = append(os.Environ(), "TLSROOTS_SYSTEM_VERDICTS="+casesFile, "SSL_CERT_FILE="+bundle, "SSL_CERT_DIR="+certDir)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("helper process: %v", err)
			}
			system := map[string]bool{}
			if err := json.Unmarshal(out, &system); err != nil {
				t.Fatalf("helper process: %v\n%s", err, out)
			}
			if diff := cmp.Diff(want, system); diff != "" {
				t.Errorf("the system pool's verdicts are not the cases' (-want, +got): the cases are wrong\n%s", diff)
			}
			env := map[string]string{"SSL_CERT_FILE": bundle, "SSL_CERT_DIR": certDir}
			roots, err := NewSource(func(k string) string { return env[k] }).Load(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			lazy := map[string]bool{}
			for _, c := range p.cases {
				lazy[c.name] = roots.Verify(context.Background(), c.chain, c.host) == nil
			}
			if diff := cmp.Diff(system, lazy); diff != "" {
				t.Errorf("verdicts (-system pool, +lazy roots):\n%s", diff)
			}
		})
	}
}

// TestTransport_verifiesTheDialledHost: through the transport, a server on
// 127.0.0.1 is trusted only with a certificate for 127.0.0.1 from a trusted
// root: the host dialled is the name the chain is held to, an IP address
// too (crypto/tls reports no server name for one, and a verifier that
// trusted an empty name would skip the host check).
func TestTransport_verifiesTheDialledHost(t *testing.T) {
	t.Parallel()
	p := newPKI(t)
	bundle := filepath.Join(t.TempDir(), "bundle.pem")
	if err := os.WriteFile(bundle, pemOf(p.bundle...), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SSL_CERT_FILE": bundle, "SSL_CERT_DIR": t.TempDir()}
	client := &http.Client{Transport: NewSource(func(k string) string { return env[k] }).Transport()}
	t.Cleanup(client.CloseIdleConnections)
	got, want := map[string]bool{}, map[string]bool{}
	var ipLeaf *x509.Certificate
	for _, c := range p.cases {
		if c.name == "IP address" {
			ipLeaf = c.chain[0]
		}
	}
	for _, c := range p.cases {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		key := p.keys[c.chain[0]]
		if key == nil {
			continue
		}
		var chain [][]byte
		for _, cert := range c.chain {
			chain = append(chain, cert.Raw)
		}
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: chain, PrivateKey: key}}}
		srv.StartTLS()
		resp, err := client.Get(srv.URL)
		if err == nil {
			_ = resp.Body.Close()
		} else {
			var cve *tls.CertificateVerificationError
			if !errors.As(err, &cve) {
				t.Errorf("%s: %v, want a certificate verification error", c.name, err)
			}
		}
		got[c.name] = err == nil
		// At 127.0.0.1, only the certificate for 127.0.0.1 is valid.
		want[c.name] = c.chain[0] == ipLeaf
		srv.Close()
	}
	if len(want) < 5 {
		t.Fatalf("only %d chains were served", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trusted at 127.0.0.1 (-want, +got):\n%s", diff)
	}
}

// FuzzRawNames holds the ASN.1 walk to crypto/x509: it never panics, and
// on every certificate crypto/x509 parses it finds the same raw issuer and
// subject.
func FuzzRawNames(f *testing.F) {
	p := newPKI(f)
	for _, c := range append(p.bundle, p.dir) {
		f.Add(c.Raw)
	}
	for _, c := range p.cases {
		f.Add(c.chain[0].Raw)
	}
	block, _ := pem.Decode(pemOf(p.bundle[0]))
	f.Add(block.Bytes[:len(block.Bytes)/2])
	f.Add([]byte{0x30, 0x84, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0x30, 0x81, 0x05, 0x30})
	f.Fuzz(func(t *testing.T, der []byte) {
		issuer, subject, ok := rawNames(der)
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return
		}
		if !ok {
			t.Fatalf("crypto/x509 parses a certificate whose names the walk cannot read")
		}
		if diff := cmp.Diff(c.RawIssuer, issuer); diff != "" {
			t.Errorf("issuer (-x509, +walk):\n%s", diff)
		}
		if diff := cmp.Diff(c.RawSubject, subject); diff != "" {
			t.Errorf("subject (-x509, +walk):\n%s", diff)
		}
	})
}

// TestRawNames_embedded: the walk reads every root embedded in the binary
// as crypto/x509 does.
func TestRawNames_embedded(t *testing.T) {
	t.Parallel()
	ix := newIndex()
	ix.addEmbedded()
	if ix.n < 100 {
		t.Fatalf("%d embedded roots indexed, want the Mozilla set (100+)", ix.n)
	}
	for subject, roots := range ix.bySubject {
		for _, r := range roots {
			c, err := r.parse()
			if err != nil {
				t.Fatal(err)
			}
			if string(c.RawSubject) != subject {
				t.Errorf("%s is indexed under another subject", c.Subject)
			}
		}
	}
}

// TestTransport_proxiedHandshake: through a proxy, net/http runs the
// handshake itself with the transport's TLSClientConfig and the target's
// name as ServerName. That configuration verifies the chain against the
// name the handshake sent, and fails closed where crypto/tls sends none (an
// IP address): a certificate is never accepted without its host checked.
func TestTransport_proxiedHandshake(t *testing.T) {
	t.Parallel()
	p := newPKI(t)
	bundle := filepath.Join(t.TempDir(), "bundle.pem")
	if err := os.WriteFile(bundle, pemOf(p.bundle...), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SSL_CERT_FILE": bundle, "SSL_CERT_DIR": t.TempDir()}
	src := NewSource(func(k string) string { return env[k] })
	if _, err := src.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	tr, ok := src.Transport().(*httpsLoads)
	if !ok {
		t.Fatalf("the transport is %T", src.Transport())
	}
	byName := map[string]chainCase{}
	for _, c := range p.cases {
		byName[c.name] = c
	}
	for _, tc := range []struct {
		chain, serverName string
		want              bool
	}{
		{"valid", "login.example.com", true},
		{"valid", "evil.example.com", false},
		{"expired", "login.example.com", false},
		{"unknown authority", "login.example.com", false},
		// An IP address is left out of the handshake's server name:
		// nothing to verify the host against, so no.
		{"IP address", "127.0.0.1", false},
	} {
		c := byName[tc.chain]
		var chain [][]byte
		for _, cert := range c.chain {
			chain = append(chain, cert.Raw)
		}
		srvConf := &tls.Config{Certificates: []tls.Certificate{{Certificate: chain, PrivateKey: p.keys[c.chain[0]]}}}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			s := tls.Server(conn, srvConf)
			_ = s.HandshakeContext(context.Background())
			_ = s.Close()
		}()
		raw, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		_ = raw.SetDeadline(time.Now().Add(10 * time.Second))
		// As net/http's addTLS does: a clone with the target's name.
		cfg := tr.TLSClientConfig.Clone()
		cfg.ServerName = tc.serverName
		err = tls.Client(raw, cfg).HandshakeContext(context.Background())
		_ = raw.Close()
		_ = ln.Close()
		if got := err == nil; got != tc.want {
			t.Errorf("%s as %s: handshake error %v, want success %v", tc.chain, tc.serverName, err, tc.want)
		}
	}
}
