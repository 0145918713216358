package tlsroots

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// ca is a certificate authority made for a test.
type ca struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// serial numbers the certificates of parallel tests.
var serial atomicSerial

type atomicSerial struct{ n atomic.Int64 }

func (s *atomicSerial) next() *big.Int { return big.NewInt(s.n.Add(1)) }

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// sign makes a certificate of tmpl for key, signed by parent (nil:
// self-signed).
func sign(t testing.TB, tmpl *x509.Certificate, key *ecdsa.PrivateKey, parent *ca) *x509.Certificate {
	t.Helper()
	signer, signerCert := key, tmpl
	if parent != nil {
		signer, signerCert = parent.key, parent.cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func caTemplate(name string, notBefore, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber: serial.next(), Subject: pkix.Name{CommonName: name, Organization: []string{"tlsroots test"}},
		NotBefore: notBefore, NotAfter: notAfter, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
}

func newCA(t testing.TB, name string, parent *ca) *ca {
	t.Helper()
	key := newKey(t)
	now := time.Now()
	return &ca{cert: sign(t, caTemplate(name, now.Add(-time.Hour), now.Add(24*time.Hour)), key, parent), key: key}
}

// leaf is a server certificate for the names (DNS names or IP addresses),
// valid from notBefore to notAfter.
func leaf(t testing.TB, parent *ca, notBefore, notAfter time.Time, names ...string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: serial.next(), Subject: pkix.Name{CommonName: names[0]},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	return sign(t, tmpl, key, parent), key
}

func pemOf(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// chainCase is a chain a server presents, the host it is asked for, and
// whether a pool of the bundle's roots trusts it.
type chainCase struct {
	name  string
	chain []*x509.Certificate
	host  string
	want  bool
}

// pki is a small world of authorities: the bundle trusts old and other;
// new is trusted only through its cross-certificate from old; rogue is not
// trusted; twin has the subject of other but a key of its own.
type pki struct {
	bundle []*x509.Certificate
	// dir is a root kept in a certificate directory, not in the bundle.
	dir   *x509.Certificate
	cases []chainCase
	// keys are the private keys of the certificates a case sends first.
	keys map[*x509.Certificate]*ecdsa.PrivateKey
}

func newPKI(t testing.TB) pki {
	t.Helper()
	now := time.Now()
	old := newCA(t, "Old Root", nil)
	other := newCA(t, "Other Root", nil)
	rogue := newCA(t, "Rogue Root", nil)
	// newRoot and its cross-certificate share subject and key.
	newKeyPair := newKey(t)
	newTmpl := caTemplate("New Root", now.Add(-time.Hour), now.Add(24*time.Hour))
	newRoot := &ca{cert: sign(t, newTmpl, newKeyPair, nil), key: newKeyPair}
	crossTmpl := caTemplate("New Root", now.Add(-time.Hour), now.Add(24*time.Hour))
	cross := sign(t, crossTmpl, newKeyPair, old)
	inter := newCA(t, "Issuing CA", newRoot)
	twinKey := newKey(t)
	twin := &ca{cert: sign(t, caTemplate("Other Root", now.Add(-time.Hour), now.Add(24*time.Hour)), twinKey, nil), key: twinKey}
	expiredRoot := &ca{key: newKey(t)}
	expiredRoot.cert = sign(t, caTemplate("Expired Root", now.Add(-48*time.Hour), now.Add(-24*time.Hour)), expiredRoot.key, nil)

	valid, validKey := leaf(t, other, now.Add(-time.Hour), now.Add(time.Hour), "login.example.com")
	viaInter, viaInterKey := leaf(t, inter, now.Add(-time.Hour), now.Add(time.Hour), "acme.my.example.com")
	expired, expiredKey := leaf(t, other, now.Add(-48*time.Hour), now.Add(-24*time.Hour), "login.example.com")
	notYet, notYetKey := leaf(t, other, now.Add(24*time.Hour), now.Add(48*time.Hour), "login.example.com")
	ipLeaf, ipLeafKey := leaf(t, other, now.Add(-time.Hour), now.Add(time.Hour), "127.0.0.1")
	unknown, unknownKey := leaf(t, rogue, now.Add(-time.Hour), now.Add(time.Hour), "login.example.com")
	byTwin, byTwinKey := leaf(t, twin, now.Add(-time.Hour), now.Add(time.Hour), "login.example.com")
	byExpiredRoot, byExpiredRootKey := leaf(t, expiredRoot, now.Add(-time.Hour), now.Add(time.Hour), "login.example.com")
	self := newCA(t, "self.example.com", nil)
	selfSigned := self.cert
	keys := map[*x509.Certificate]*ecdsa.PrivateKey{
		valid: validKey, viaInter: viaInterKey, expired: expiredKey, notYet: notYetKey, ipLeaf: ipLeafKey,
		unknown: unknownKey, byTwin: byTwinKey, byExpiredRoot: byExpiredRootKey, selfSigned: self.key, inter.cert: inter.key,
	}

	return pki{
		bundle: []*x509.Certificate{old.cert, other.cert, expiredRoot.cert},
		dir:    twin.cert,
		keys:   keys,
		cases: []chainCase{
			{"valid", []*x509.Certificate{valid}, "login.example.com", true},
			{"valid, the root sent too", []*x509.Certificate{valid, other.cert}, "login.example.com", true},
			{"valid, upper-case host", []*x509.Certificate{valid}, "LOGIN.example.com", true},
			{"cross-signed", []*x509.Certificate{viaInter, inter.cert, cross}, "acme.my.example.com", true},
			{"cross-signed without the cross-certificate", []*x509.Certificate{viaInter, inter.cert}, "acme.my.example.com", false},
			{"missing intermediate", []*x509.Certificate{viaInter}, "acme.my.example.com", false},
			{"expired", []*x509.Certificate{expired}, "login.example.com", false},
			{"not yet valid", []*x509.Certificate{notYet}, "login.example.com", false},
			{"wrong host", []*x509.Certificate{valid}, "evil.example.com", false},
			{"wrong host, a suffix", []*x509.Certificate{valid}, "example.com", false},
			{"IP address", []*x509.Certificate{ipLeaf}, "127.0.0.1", true},
			{"wrong IP address", []*x509.Certificate{ipLeaf}, "127.0.0.2", false},
			{"a name for an IP certificate", []*x509.Certificate{ipLeaf}, "localhost", false},
			{"unknown authority", []*x509.Certificate{unknown}, "login.example.com", false},
			{"unknown authority, its root sent", []*x509.Certificate{unknown, rogue.cert}, "login.example.com", false},
			{"a root's subject with another key", []*x509.Certificate{byTwin, twin.cert}, "login.example.com", false},
			{"expired root", []*x509.Certificate{byExpiredRoot}, "login.example.com", false},
			{"self-signed, not trusted", []*x509.Certificate{selfSigned}, "self.example.com", false},
			{"a CA certificate as the leaf", []*x509.Certificate{inter.cert, cross}, "Issuing CA", false},
		},
	}
}
