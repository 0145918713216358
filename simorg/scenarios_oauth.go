package simorg

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// The connected app of the OAuth scenarios.
const (
	appKey       = "3MVG9SimConsumerKey.ForTheCheck"
	appSecret    = "SimConsumerSecret8d2f4a"
	refreshToken = "5Aep861SimRefreshToken.Q9wX7"
)

// jwtKey is the RSA key of the JWT scenarios: generated once per process,
// never changed, its certificate held by the app.
var jwtKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("simorg: cannot generate an RSA key: " + err.Error())
	}
	return key
})

// JWTKeyPEM returns the scenarios' private key as PKCS#8 PEM.
func JWTKeyPEM() string {
	der, err := x509.MarshalPKCS8PrivateKey(jwtKey())
	if err != nil {
		panic("simorg: cannot encode the RSA key: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// The ways a key is mangled on its way into a secret (issue trackers of the
// sf CLI, setup-sfdx, jsforce and simple-salesforce), each made from the
// scenarios' own key.

// keyWithLiteralNewlines is the key as an escaped one-line copy: "\n"
// where the line breaks were.
func keyWithLiteralNewlines() string {
	return strings.ReplaceAll(strings.TrimSpace(JWTKeyPEM()), "\n", `\n`)
}

// keyOnOneLine is the key pasted through a one-line field: spaces for line
// breaks.
func keyOnOneLine() string {
	return strings.ReplaceAll(strings.TrimSpace(JWTKeyPEM()), "\n", " ")
}

// jwtCertificatePEM is the self-signed certificate uploaded to the app: what
// people paste by mistake.
func jwtCertificatePEM() string {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "salesforce-login-check JWT"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &jwtKey().PublicKey, jwtKey())
	if err != nil {
		panic("simorg: cannot make the JWT certificate: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// jwtPublicKeyPEM is the public half of the key.
func jwtPublicKeyPEM() string {
	der, err := x509.MarshalPKIXPublicKey(&jwtKey().PublicKey)
	if err != nil {
		panic("simorg: cannot encode the public key: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// jwtEncryptedKeyPEM is the key encrypted with a passphrase, as
// openssl genrsa -aes256 writes it (legacy PEM encryption).
func jwtEncryptedKeyPEM() string {
	//nolint:staticcheck // SA1019: a real legacy encrypted key is the point
	block, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(jwtKey()), []byte("passphrase"), x509.PEMCipherAES256)
	if err != nil {
		panic("simorg: cannot encrypt the key: " + err.Error())
	}
	return string(pem.EncodeToMemory(block))
}

// integrationApp is a connected app with every flow on and the scenario's
// user approved and set as run-as user.
func integrationApp(u *User) *App {
	return &App{
		Name: "Integration App", ConsumerKey: appKey, ConsumerSecret: appSecret,
		PasswordFlow: true, ClientCredentialsFlow: true, JWTFlow: true, RefreshTokenFlow: true,
		RunAs: u.Username, PreAuthorized: []string{u.Username}, Certificate: &jwtKey().PublicKey,
		RefreshTokens: map[string]string{refreshToken: u.Username},
	}
}

// oauthScenario builds a scenario whose org has the integration app,
// changed by mutate.
func oauthScenario(name, title string, headline bool, mutate func(*Org, *App, *User), env func(*User) map[string]string, reason string, exit, attempts int) Scenario {
	return Scenario{
		Name: name, Title: title, Headline: headline,
		NewOrg: func() *Org {
			u := integrationUser(name)
			app := integrationApp(u)
			o := New("Acme Corp")
			if mutate != nil {
				mutate(o, app, u)
			}
			o.AddUser(u)
			o.Apps[app.ConsumerKey] = app
			return o
		},
		Env:        env(integrationUser(name)),
		WantReason: reason, WantExit: exit, WantAttempts: attempts,
	}
}

func passwordFlow(u *User) map[string]string {
	return map[string]string{"SF_AUTH_FLOW": "password", "SF_CLIENT_ID": appKey, "SF_CLIENT_SECRET": appSecret,
		"SF_USERNAME": u.Username, "SF_PASSWORD": u.Password, "SF_SECURITY_TOKEN": u.Token}
}

func clientCredentials(_ *User) map[string]string {
	return map[string]string{"SF_AUTH_FLOW": "client-credentials", "SF_CLIENT_ID": appKey, "SF_CLIENT_SECRET": appSecret}
}

func jwtBearer(u *User) map[string]string {
	return map[string]string{"SF_AUTH_FLOW": "jwt", "SF_CLIENT_ID": appKey, "SF_USERNAME": u.Username, "SF_PRIVATE_KEY": JWTKeyPEM()}
}

func refreshFlow(_ *User) map[string]string {
	return map[string]string{"SF_AUTH_FLOW": "refresh-token", "SF_CLIENT_ID": appKey, "SF_CLIENT_SECRET": appSecret, "SF_REFRESH_TOKEN": refreshToken}
}

func with(env func(*User) map[string]string, kv ...string) func(*User) map[string]string {
	return func(u *User) map[string]string {
		m := env(u)
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
}

func oauthScenarios() []Scenario {
	return []Scenario{
		orgWide(oauthScenario("oauth-client-credentials", "OAuth client credentials (My Domain host)", true, nil, clientCredentials, "ok", 0, 1)),
		oauthScenario("oauth-jwt", "OAuth JWT bearer", true, nil, jwtBearer, "ok", 0, 1),
		orgWide(oauthScenario("oauth-refresh-token", "OAuth refresh token", true, nil, refreshFlow, "ok", 0, 1)),
		oauthScenario("oauth-password", "OAuth username-password (retiring 2027-02-20)", true, nil, passwordFlow, "flow-retiring", 0, 1),
		orgWide(oauthScenario("oauth-wrong-secret", "Consumer secret is wrong", true, nil,
			with(clientCredentials, "SF_CLIENT_SECRET", "WrongConsumerSecret000"), "invalid-client", 1, 1)),
		oauthScenario("oauth-not-approved", "JWT user not pre-authorized for the app", true,
			func(_ *Org, a *App, _ *User) { a.PreAuthorized = nil }, jwtBearer, "app-not-approved", 1, 1),
		orgWide(oauthScenario("oauth-no-run-as", "Client credentials without a run-as user", true,
			func(_ *Org, a *App, _ *User) { a.RunAs = "" }, clientCredentials, "no-run-as-user", 1, 1)),
		orgWide(oauthScenario("oauth-refresh-revoked", "Refresh token revoked", true,
			func(_ *Org, a *App, _ *User) { a.RefreshTokens = map[string]string{} }, refreshFlow, "expired-refresh-token", 1, 1)),
		orgWide(oauthScenario("oauth-password-blocked", "Username-password flow blocked in the org (pinpoint)", true,
			func(o *Org, _ *App, _ *User) { o.PasswordFlowBlocked = true }, with(passwordFlow, "SF_PINPOINT", "true"),
			"flow-blocked", 1, 2)),

		orgWide(oauthScenario("oauth-password-blocked-no-pinpoint", "Username-password flow blocked, no pinpoint", false,
			func(o *Org, _ *App, _ *User) { o.PasswordFlowBlocked = true }, passwordFlow, "invalid-credentials", 1, 1)),
		oauthScenario("oauth-password-stale-token-pinpoint", "Password flow, stale token (pinpoint via SOAP)", false, nil,
			with(passwordFlow, "SF_SECURITY_TOKEN", staleToken, "SF_PINPOINT", "true"), "invalid-credentials", 1, 2),
		orgWide(oauthScenario("oauth-unknown-client", "Consumer key unknown", false, nil,
			with(clientCredentials, "SF_CLIENT_ID", "3MVG9NoSuchApp"), "invalid-client", 1, 1)),
		oauthScenario("oauth-jwt-audience", "JWT with the My Domain URL as audience", false, nil,
			with(jwtBearer, "SF_JWT_AUDIENCE", "https://acme.my.salesforce.com"), "jwt-audience-invalid", 1, 1),
		orgWide(oauthScenario("oauth-jwt-sandbox-audience", "Sandbox JWT with the production audience", false,
			func(o *Org, _ *App, _ *User) { o.Sandbox = true }, jwtBearer, "jwt-audience-invalid", 1, 1)),
		oauthScenario("oauth-jwt-eca-not-installed", "JWT to an External Client App not installed in the org", false,
			func(_ *Org, a *App, _ *User) { a.External, a.NotInstalled = true, true }, jwtBearer, "app-not-installed", 1, 1),
		orgWide(oauthScenario("oauth-client-credentials-eca-not-installed", "Client credentials to an External Client App not installed in the org", false,
			func(_ *Org, a *App, _ *User) { a.External, a.NotInstalled = true, true }, clientCredentials, "app-not-installed", 1, 1)),
		orgWide(oauthScenario("oauth-refresh-ip-restricted", "Refresh token refused: app enforces IP restrictions", false,
			func(_ *Org, _ *App, u *User) {
				u.ProfileRanges = []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}
			}, refreshFlow, "refresh-ip-restricted", 1, 1)),
		oauthScenario("oauth-jwt-key-escaped-newlines", "JWT key stored with literal \\n (repaired)", false, nil,
			with(jwtBearer, "SF_PRIVATE_KEY", keyWithLiteralNewlines()), "ok", 0, 1),
		oauthScenario("oauth-jwt-key-one-line", "JWT key with spaces for line breaks (repaired)", false, nil,
			with(jwtBearer, "SF_PRIVATE_KEY", keyOnOneLine()), "ok", 0, 1),
		oauthScenario("oauth-jwt-key-certificate", "Certificate pasted as the JWT key", false, nil,
			with(jwtBearer, "SF_PRIVATE_KEY", jwtCertificatePEM()), "config-error", 2, 0),
		oauthScenario("oauth-jwt-key-public", "Public key pasted as the JWT key", false, nil,
			with(jwtBearer, "SF_PRIVATE_KEY", jwtPublicKeyPEM()), "config-error", 2, 0),
		oauthScenario("oauth-jwt-key-encrypted", "Passphrase-encrypted JWT key", false, nil,
			with(jwtBearer, "SF_PRIVATE_KEY", jwtEncryptedKeyPEM()), "config-error", 2, 0),
		oauthScenario("oauth-jwt-key-no-start-line", "JWT key without its BEGIN line", false, nil,
			with(jwtBearer, "SF_PRIVATE_KEY", strings.Join(strings.Split(strings.TrimSpace(JWTKeyPEM()), "\n")[1:], "\n")), "config-error", 2, 0),
		orgWide(oauthScenario("oauth-app-blocked", "App blocked by API Access Control", false,
			func(_ *Org, a *App, _ *User) { a.Blocked = true }, clientCredentials, "flow-blocked", 1, 1)),
		oauthScenario("oauth-inactive-user", "JWT for an inactive user", false,
			func(_ *Org, _ *App, u *User) { u.Inactive = true }, jwtBearer, "inactive-user", 1, 1),
		oauthScenario("oauth-ip-restricted", "JWT from outside the profile's Login IP Ranges", false,
			func(_ *Org, _ *App, u *User) {
				u.ProfileRanges = []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}
			}, jwtBearer, "ip-restricted", 1, 1),
	}
}
