package config

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"regexp"
	"strings"
)

// KeyProblem says what was pasted into private-key instead of a usable RSA
// private key, and what to do. Its text never quotes the key.
type KeyProblem struct{ msg string }

func (p *KeyProblem) Error() string { return p.msg }

func keyProblem(msg string) *KeyProblem { return &KeyProblem{msg: msg} }

// The messages name what was pasted, the way OpenSSL and the sf CLI users
// meet it ("no start line", "bad decrypt"), and the fix.
var (
	errKeyNoStartLine = keyProblem("private-key has no PEM start line (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----; " +
		"OpenSSL says \"no start line\"): store the whole key file, first and last lines included, e.g. gh secret set SF_PRIVATE_KEY < server.key")
	errKeyCertificate = keyProblem("private-key holds a certificate (-----BEGIN CERTIFICATE-----): this is a certificate, not the " +
		"private key. The certificate is what you upload to the connected app or External Client App; private-key takes the key " +
		"it was made from (server.key, -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)")
	errKeyPublic = keyProblem("private-key holds a public key, not the private key: private-key takes the private key " +
		"(-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----) whose certificate is uploaded to the app")
	errKeyEncrypted = keyProblem("private-key is encrypted with a passphrase, which the check cannot enter: store a decrypted copy, " +
		"e.g. openssl pkey -in server.key -out server-decrypted.key (asks for the passphrase once)")
	errKeyOpenSSH = keyProblem("private-key is in OpenSSH format (-----BEGIN OPENSSH PRIVATE KEY-----): convert it to PEM with " +
		"ssh-keygen -p -m PEM -f <copy of the key>, or make the key with openssl genrsa as Salesforce's JWT guide does")
	errKeyNotRSA = keyProblem("private-key is not an RSA key: Salesforce signs JWT bearer assertions with RS256 only; make an RSA key " +
		"(openssl genrsa -out server.key 2048) and upload its certificate to the app")
	errKeyUnreadable = keyProblem("private-key is not an RSA private key: expected PEM (-----BEGIN RSA PRIVATE KEY----- PKCS#1 or " +
		"-----BEGIN PRIVATE KEY----- PKCS#8), or that PEM base64-encoded on one line")
)

// pemOnOneLine is a PEM whose line breaks became spaces (a secret pasted
// through a one-line form field): armour lines and base64 words, in order.
var (
	pemOnOneLine = regexp.MustCompile(`^-----BEGIN ([A-Z0-9 ]+)-----\s+(.+?)\s+-----END ([A-Z0-9 ]+)-----$`)
	base64Word   = regexp.MustCompile(`^[A-Za-z0-9+/]+={0,2}$`)
)

// unfold puts back the line breaks of a PEM pasted on one line, when what is
// left can only be one key: matching armour labels and base64 words only.
func unfold(text string) (string, bool) {
	m := pemOnOneLine.FindStringSubmatch(text)
	if m == nil || m[1] != m[3] {
		return "", false
	}
	words := strings.Fields(m[2])
	for _, w := range words {
		if !base64Word.MatchString(w) {
			return "", false
		}
	}
	return "-----BEGIN " + m[1] + "-----\n" + strings.Join(words, "\n") + "\n-----END " + m[3] + "-----", true
}

// ParsePrivateKey reads the RSA key of the JWT bearer flow. It repairs what
// can only mean one thing — literal "\n" sequences where the line breaks
// were, or line breaks turned into spaces — and says so in repaired; it
// refuses the rest with a *KeyProblem that names what was pasted.
func ParsePrivateKey(s string) (key *rsa.PrivateKey, repaired string, err error) {
	text := strings.TrimSpace(s)
	switch {
	case strings.Contains(text, `\n`) && !strings.Contains(text, "\n"):
		text = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(text, `\r\n`, "\n"), `\n`, "\n"))
		repaired = `private-key held literal \n sequences where its line breaks belong (an escaped copy of the file); ` +
			`the check read them as line breaks. Store the key file as it is to silence this: gh secret set SF_PRIVATE_KEY < server.key`
	case strings.HasPrefix(text, "-----BEGIN") && !strings.Contains(text, "\n"):
		if strings.Contains(text, "ENCRYPTED") {
			return nil, "", errKeyEncrypted
		}
		if unfolded, ok := unfold(text); ok {
			text = unfolded
			repaired = "private-key had its line breaks turned into spaces (a one-line paste); the check put them back. " +
				"Store the key file as it is to silence this: gh secret set SF_PRIVATE_KEY < server.key"
		}
	}
	if !strings.Contains(text, "-----BEGIN") {
		dec, decErr := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
		if decErr != nil || !strings.Contains(string(dec), "-----BEGIN") {
			return nil, "", errKeyNoStartLine
		}
		text = string(dec)
	}
	key, err = classifyPEM([]byte(text))
	if err != nil {
		return nil, "", err
	}
	return key, repaired, nil
}

// classifyPEM finds the first PEM block and turns it into an RSA key, or
// names what it is instead.
func classifyPEM(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errKeyUnreadable
	}
	if block.Headers["Proc-Type"] == "4,ENCRYPTED" {
		return nil, errKeyEncrypted
	}
	switch block.Type {
	case "CERTIFICATE", "TRUSTED CERTIFICATE", "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
		return nil, errKeyCertificate
	case "PUBLIC KEY", "RSA PUBLIC KEY", "SSH2 PUBLIC KEY":
		return nil, errKeyPublic
	case "ENCRYPTED PRIVATE KEY":
		return nil, errKeyEncrypted
	case "OPENSSH PRIVATE KEY":
		return nil, errKeyOpenSSH
	case "EC PRIVATE KEY", "DSA PRIVATE KEY":
		return nil, errKeyNotRSA
	case "RSA PRIVATE KEY":
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, errKeyUnreadable
		}
		return key, nil
	case "PRIVATE KEY":
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, errKeyUnreadable
		}
		key, ok := parsed.(*rsa.PrivateKey)
		if !ok {
			return nil, errKeyNotRSA
		}
		return key, nil
	}
	return nil, errKeyUnreadable
}
