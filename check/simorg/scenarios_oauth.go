package simorg

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/netip"
	"sync"
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
		oauthScenario("oauth-jwt-audience", "JWT with a wrong audience", false, nil,
			with(jwtBearer, "SF_JWT_AUDIENCE", "https://acme.my.salesforce.com"), "invalid-assertion", 1, 1),
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
