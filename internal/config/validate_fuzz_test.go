package config_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

// fuzzInputs are the settings FuzzValidate varies; the others keep their
// action.yml defaults.
type fuzzInputs struct {
	loginURL, sfdxAuthURL, privateKey, username, password, token, timeout, authFlow string
}

func (in fuzzInputs) raw() *config.Raw {
	return &config.Raw{
		Username: in.username, Password: in.password, SecurityToken: in.token,
		LoginURL: in.loginURL, APIVersion: "64.0", Timeout: in.timeout,
		Pinpoint: "false", FailOnWarning: "false", AllowCustomHost: "false",
		AuthFlow: in.authFlow, ClientID: "3MVG9fuzzConsumerKey", PrivateKey: in.privateKey, SFDXAuthURL: in.sfdxAuthURL,
		ProbeSession: "true", ProbeLimits: "true", ProbePassword: "true", ProbeLoginHistory: "true",
		MinAPIRemaining: "10", PasswordWarningDays: "14", Parallelism: "8",
	}
}

// secrets are the secret inputs, by name.
func (in fuzzInputs) secrets() map[string]string {
	return map[string]string{"password": in.password, "security-token": in.token, "sfdx-auth-url": in.sfdxAuthURL, "private-key": in.privateKey}
}

// twin changes every letter and digit of the secrets, consistently (rot13,
// digits +5) and keeps everything else: the twin passes or fails the same
// character, whitespace, length and password-ends-with-token rules, so its
// messages hold the same fixed text, but never the original secrets.
func (in fuzzInputs) twin() fuzzInputs {
	// Byte by byte: ASCII bytes never occur inside a multi-byte UTF-8
	// sequence, so invalid UTF-8 stays exactly as invalid.
	rot := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			switch {
			case c >= 'a' && c <= 'z':
				b[i] = 'a' + (c-'a'+13)%26
			case c >= 'A' && c <= 'Z':
				b[i] = 'A' + (c-'A'+13)%26
			case c >= '0' && c <= '9':
				b[i] = '0' + (c-'0'+5)%10
			}
		}
		return string(b)
	}
	out := in
	out.password, out.token, out.sfdxAuthURL, out.privateKey = rot(in.password), rot(in.token), rot(in.sfdxAuthURL), rot(in.privateKey)
	return out
}

// knownInputs are the input names a problem may name.
func knownInputs() map[string]bool {
	m := map[string]bool{}
	for _, in := range config.Inputs {
		m[in.Name] = true
	}
	return m
}

// fuzzSeeds reads real hosts, usernames and secret-shaped values from the
// recorded answers in package fixtures.
func fuzzSeeds(f *testing.F) (hosts, usernames, secrets []string) {
	read := func(name string) string { return string(fixtures.Salesforce(name)) }
	var tok struct {
		InstanceURL string `json:"instance_url"`
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(read("oauth-token-success-password-docsample.json")), &tok); err != nil {
		f.Fatal(err)
	}
	hosts = append(hosts, tok.InstanceURL)
	secrets = append(secrets, tok.AccessToken)
	field := func(xml, name string) string {
		m := regexp.MustCompile("<" + name + ">([^<]*)</" + name + ">").FindStringSubmatch(xml)
		if m == nil {
			f.Fatalf("fixture has no %s", name)
		}
		return m[1]
	}
	for _, name := range []string{"soap-login-success-partner-soapforce.xml", "soap-login-success-partner-metaforce.xml"} {
		xml := read(name)
		hosts = append(hosts, field(xml, "serverUrl"))
		usernames = append(usernames, field(xml, "userName"))
		secrets = append(secrets, field(xml, "sessionId"))
	}
	return hosts, usernames, secrets
}

// FuzzValidate feeds Validate any login URL, sfdx auth URL, private key,
// username, password, security token, timeout and auth flow. It must never
// panic and must return either a *Config or a *config.Error whose problems
// each name an input and carry config-error or untrusted-login-host; no
// problem message may quote a password, token, auth URL or key of 8 bytes or
// more.
func FuzzValidate(f *testing.F) {
	hosts, usernames, secrets := fuzzSeeds(f)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		f.Fatal(err)
	}
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	seeds := []fuzzInputs{
		{loginURL: "https://login.salesforce.com", username: usernames[0], password: "Pa55word-7f3c", token: "Tok3nQ8x2Lm4Zr9", timeout: "30s", authFlow: "auto"},
		{loginURL: "https://test.salesforce.com", username: "user@acme.com.uat", password: "Pa55word Tok3n", token: "Tok3n", timeout: "2m", authFlow: "soap"},
		{loginURL: "https://acme.my.salesforce.com/", username: usernames[1], password: "Pa55word-7f3cTok3nQ8x2", token: "Tok3nQ8x2", timeout: "45", authFlow: "SOAP"},
		{loginURL: "https://acme.lightning.force.com", username: "nobody", password: " Pa55word\n", token: "not a token!", timeout: "-5s", authFlow: "kerberos"},
		{loginURL: "http://127.0.0.1:8484", username: "user@acme.com", password: secrets[1], timeout: "1000h", authFlow: "password"},
		{loginURL: "https://acme.my.salesforce.com", sfdxAuthURL: "force://PlatformCLI::" + secrets[0] + "@acme.my.salesforce.com", authFlow: "auto", timeout: "30s"},
		{loginURL: "https://login.salesforce.com", sfdxAuthURL: "force://PlatformCLI::5Aep861refresh@evil.example.com/", authFlow: "refresh-token", timeout: "30s"},
		{loginURL: "https://login.salesforce.com", privateKey: keyPEM, username: "user@acme.com", authFlow: "jwt", timeout: "30s"},
		{loginURL: "https://test.salesforce.com", privateKey: base64.StdEncoding.EncodeToString([]byte(keyPEM)), username: "user@acme.com", timeout: "30s"},
		{loginURL: "https://login.salesforce.com", privateKey: "-----BEGIN PRIVATE KEY-----\n" + secrets[2] + "\n-----END PRIVATE KEY-----", username: "u@a.co", authFlow: "jwt", timeout: "1s"},
		{loginURL: "https://user:" + secrets[0] + "@acme.my.salesforce.com?x=1#y", username: "user\x00@acme.com", password: "Pa55\xff\xfeword", token: "T\x00k", timeout: "", authFlow: ""},
	}
	for _, h := range hosts {
		seeds = append(seeds, fuzzInputs{loginURL: h, username: "user@acme.com", password: "Pa55word-7f3c", timeout: "30s", authFlow: "soap"})
	}
	for _, s := range seeds {
		f.Add(s.loginURL, s.sfdxAuthURL, s.privateKey, s.username, s.password, s.token, s.timeout, s.authFlow)
	}

	inputs := knownInputs()
	f.Fuzz(func(t *testing.T, loginURL, sfdxAuthURL, privateKey, username, password, token, timeout, authFlow string) {
		in := fuzzInputs{loginURL, sfdxAuthURL, privateKey, username, password, token, timeout, authFlow}
		s, err := config.Validate(in.raw())
		if (s == nil) == (err == nil) {
			t.Fatalf("Validate returned settings %+v and error %v: want exactly one", s, err)
		}
		if err == nil {
			cfg := s.Check
			if cfg.Timeout <= 0 || cfg.Timeout > 10*time.Minute {
				t.Errorf("accepted timeout %v from %q", cfg.Timeout, timeout)
			}
			if cfg.LoginURL == "" || cfg.LoginHost == "" || strings.HasSuffix(cfg.LoginURL, "/") {
				t.Errorf("accepted login URL %q (host %q)", cfg.LoginURL, cfg.LoginHost)
			}
			return
		}
		var ce *config.Error
		if !errors.As(err, &ce) {
			t.Fatalf("Validate returned %T (%v), want *config.Error", err, err)
		}
		if len(ce.Problems) == 0 {
			t.Fatal("config.Error without a problem")
		}
		twinErr := func() string {
			_, err := config.Validate(in.twin().raw())
			if err == nil {
				return ""
			}
			return err.Error()
		}()
		for _, p := range ce.Problems {
			if !inputs[p.Input] {
				t.Errorf("problem names no known input (%q): %+v", p.Input, p)
			}
			if p.Reason != check.ConfigError && p.Reason != check.UntrustedLoginHost {
				t.Errorf("problem with reason %q: %+v", p.Reason, p)
			}
			if strings.TrimSpace(p.Message) == "" {
				t.Errorf("problem without a message: %+v", p)
			}
			for name, secret := range in.secrets() {
				// A secret that is also the message's fixed text, or a value
				// quoted from a public input, shows in the twin's messages
				// too; only a quoted secret does not.
				if len(secret) >= 8 && strings.Contains(p.Message, secret) && !strings.Contains(twinErr, secret) {
					t.Errorf("problem of %s quotes the %s: %q", p.Input, name, p.Message)
				}
			}
		}
	})
}
