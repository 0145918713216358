package check_test

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// scenario returns the simulated org's scenario of that name.
func scenario(t *testing.T, name string) simorg.Scenario {
	t.Helper()
	sc, ok := simorg.ScenarioNamed(name)
	if !ok {
		t.Fatalf("simorg has no scenario %q", name)
	}
	return sc
}

// configFor builds the check's configuration of a scenario directly, as a
// caller of the public API does, with the action's defaults: the settings a
// scenario gives (its SF_* variables) and the login URL where its org is
// served. Only settings the check's configuration holds are read; a
// scenario the configuration refuses (exit 2) is not run through Run.
func configFor(t *testing.T, sc simorg.Scenario, loginURL string) *check.Config {
	t.Helper()
	env := sc.Env
	u, err := url.Parse(loginURL)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &check.Config{
		Username:        env["SF_USERNAME"],
		Password:        env["SF_PASSWORD"],
		SecurityToken:   env["SF_SECURITY_TOKEN"],
		LoginURL:        loginURL,
		LoginHost:       u.Hostname(),
		APIVersion:      "64.0",
		Timeout:         10 * time.Second,
		Pinpoint:        env["SF_PINPOINT"] == "true",
		AllowCustomHost: true,
		Flow:            check.Flow(env["SF_AUTH_FLOW"]),
		ClientID:        env["SF_CLIENT_ID"],
		ClientSecret:    env["SF_CLIENT_SECRET"],
		RefreshToken:    env["SF_REFRESH_TOKEN"],
		JWTAudience:     "https://login.salesforce.com",
		Probes: check.ProbeSettings{Session: true, Limits: true, Password: true, LoginHistory: true, OrgPolicy: true,
			MinAPIRemaining: 10, PasswordWarningDays: 14},
	}
	if v, ok := env["SF_API_VERSION"]; ok {
		cfg.APIVersion = v
	}
	if v, ok := env["SF_TIMEOUT"]; ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("SF_TIMEOUT %q: %v", v, err)
		}
		cfg.Timeout = d
	}
	if v, ok := env["SF_PASSWORD_MAX_AGE_DAYS"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("SF_PASSWORD_MAX_AGE_DAYS %q: %v", v, err)
		}
		cfg.Probes.PasswordMaxAgeDays = n
	}
	if v, ok := env["SF_JWT_AUDIENCE"]; ok {
		cfg.JWTAudience = v
	}
	if _, ok := env["SF_PRIVATE_KEY"]; ok {
		// Every scenario that the configuration accepts signs with the
		// simulated org's key (some spell it oddly: repairing a spelling is
		// the configuration's job, not the check's).
		cfg.PrivateKey = jwtKey(t)
	}
	return cfg
}

// jwtKey is the simulated org's JWT signing key.
func jwtKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	block, _ := pem.Decode([]byte(simorg.JWTKeyPEM()))
	if block == nil {
		t.Fatal("simorg.JWTKeyPEM is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	key, ok := k.(*rsa.PrivateKey)
	if !ok {
		t.Fatalf("simorg's JWT key is a %T", k)
	}
	return key
}
