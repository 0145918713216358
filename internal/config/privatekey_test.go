package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

var testRSAKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

func pemOf(typ string, der []byte, headers map[string]string) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Headers: headers, Bytes: der}))
}

// TestParsePrivateKey holds each way a key is mangled on its way into a
// secret (the sf CLI, setup-sfdx and jsforce issue trackers) to its answer:
// repaired with a note when it can only mean one thing, refused naming what
// was pasted otherwise.
func TestParsePrivateKey(t *testing.T) {
	t.Parallel()
	key := testRSAKey()
	pkcs1 := pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key), nil)
	pkcs8der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := pemOf("PRIVATE KEY", pkcs8der, nil)
	pubder, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jwt"}, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	certder, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecder, err := x509.MarshalECPrivateKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	ec8der, err := x509.MarshalPKCS8PrivateKey(ec)
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name         string
		in           string
		wantRepaired string // substring of the note; "" for none
		wantErr      string // substring of the refusal; "" for a key
	}{
		{name: "pkcs1", in: pkcs1},
		{name: "pkcs8", in: pkcs8},
		{name: "pkcs8_crlf", in: strings.ReplaceAll(pkcs8, "\n", "\r\n")},
		{name: "base64_of_pem", in: base64.StdEncoding.EncodeToString([]byte(pkcs8))},
		{name: "literal_backslash_n", in: strings.ReplaceAll(pkcs1, "\n", `\n`), wantRepaired: `literal \n`},
		{name: "literal_backslash_r_n", in: strings.ReplaceAll(pkcs8, "\n", `\r\n`), wantRepaired: `literal \n`},
		{name: "spaces_for_newlines", in: strings.ReplaceAll(strings.TrimSpace(pkcs8), "\n", " "), wantRepaired: "spaces"},
		{name: "spaces_for_newlines_pkcs1", in: strings.ReplaceAll(strings.TrimSpace(pkcs1), "\n", " "), wantRepaired: "spaces"},
		{name: "certificate", in: pemOf("CERTIFICATE", certder, nil), wantErr: "holds a certificate"},
		{name: "certificate_on_one_line", in: strings.ReplaceAll(strings.TrimSpace(pemOf("CERTIFICATE", certder, nil)), "\n", " "), wantErr: "holds a certificate"},
		{name: "certificate_before_key", in: pemOf("CERTIFICATE", certder, nil) + pkcs8, wantErr: "holds a certificate"},
		{name: "public_key", in: pemOf("PUBLIC KEY", pubder, nil), wantErr: "holds a public key"},
		{name: "rsa_public_key", in: pemOf("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&key.PublicKey), nil), wantErr: "holds a public key"},
		{name: "encrypted_pkcs8", in: pemOf("ENCRYPTED PRIVATE KEY", pkcs8der, nil), wantErr: "encrypted with a passphrase"},
		{name: "encrypted_legacy", in: pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key), map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,0123456789ABCDEF0123456789ABCDEF"}), wantErr: "encrypted with a passphrase"},
		{name: "encrypted_legacy_one_line", in: strings.ReplaceAll(strings.TrimSpace(pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key), map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,0123456789ABCDEF0123456789ABCDEF"})), "\n", " "), wantErr: "encrypted with a passphrase"},
		{name: "openssh", in: pemOf("OPENSSH PRIVATE KEY", []byte("openssh-key-v1"), nil), wantErr: "OpenSSH format"},
		{name: "ec_key", in: pemOf("EC PRIVATE KEY", ecder, nil), wantErr: "not an RSA key"},
		{name: "ec_key_pkcs8", in: pemOf("PRIVATE KEY", ec8der, nil), wantErr: "not an RSA key"},
		{name: "no_start_line", in: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", wantErr: "no start line"},
		{name: "words", in: "not a key", wantErr: "no start line"},
		{name: "truncated", in: pkcs8[:len(pkcs8)/2] + "\n-----END PRIVATE KEY-----\n", wantErr: "PKCS#8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, repaired, err := ParsePrivateKey(tc.in)
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if err != nil && strings.Contains(err.Error(), "MII") {
					t.Errorf("the refusal quotes the key: %v", err)
				}
			case err != nil:
				t.Errorf("err = %v, want the key", err)
			case !got.Equal(key):
				t.Error("a different key came out")
			}
			if tc.wantRepaired == "" && repaired != "" || !strings.Contains(repaired, tc.wantRepaired) {
				t.Errorf("repaired = %q, want %q", repaired, tc.wantRepaired)
			}
		})
	}
}
