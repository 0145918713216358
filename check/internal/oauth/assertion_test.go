package oauth_test

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
)

// verifyAssertion checks a JWT of the bearer flow as Salesforce would: RS256
// over the public key of the app's certificate, iss, sub and a single-string
// aud, and an expiry no later than three minutes from now.
func verifyAssertion(t *testing.T, assertion string) {
	t.Helper()
	verifyAssertionWith(t, assertion, &key(t).PublicKey, clientID, username, audience)
}

func verifyAssertionWith(t *testing.T, assertion string, pub *rsa.PublicKey, iss, sub, aud string) {
	t.Helper()
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(assertion, claims,
		func(*jwt.Token) (any, error) { return pub, nil },
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(iss),
		jwt.WithSubject(sub),
		jwt.WithAudience(aud),
	)
	if err != nil {
		t.Errorf("assertion does not verify: %v", err)
		return
	}
	exp, err := claims.GetExpirationTime()
	if err != nil || exp == nil {
		t.Errorf("assertion has no exp: %v", err)
		return
	}
	if latest := now.Add(3 * time.Minute); exp.After(latest) {
		t.Errorf("exp = %v, later than now+3min (%v)", exp.Time, latest)
	}
	if earliest := now.Add(2 * time.Minute); exp.Before(earliest) {
		t.Errorf("exp = %v, too short to reach Salesforce (before %v)", exp.Time, earliest)
	}
	// Salesforce's documentation shows aud as a string, never an array.
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		t.Errorf("assertion has %d parts, want 3", len(parts))
		return
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Errorf("payload is not base64url: %v", err)
		return
	}
	var raw map[string]any
	if err := json.Unmarshal(payload, &raw); err != nil {
		t.Errorf("payload is not JSON: %v", err)
		return
	}
	if got, ok := raw["aud"].(string); !ok || got != aud {
		t.Errorf("aud = %#v, want the string %q", raw["aud"], aud)
	}
	if _, ok := raw["exp"].(float64); !ok {
		t.Errorf("exp = %#v, want seconds since the epoch", raw["exp"])
	}
}

func TestNewAssertion(t *testing.T) {
	t.Parallel()

	k := key(t)
	cases := []struct {
		name     string
		clientID string
		username string
		audience string
		key      *rsa.PrivateKey
		wantErr  string
	}{
		{name: "production", clientID: clientID, username: username, audience: audience, key: k},
		{name: "sandbox", clientID: clientID, username: username + ".dev", audience: "https://test.salesforce.com", key: k},
		{name: "no_key", clientID: clientID, username: username, audience: audience, wantErr: "failed to build the JWT assertion: no private key"},
		{name: "no_client_id", username: username, audience: audience, key: k, wantErr: "no client id"},
		{name: "no_username", clientID: clientID, audience: audience, key: k, wantErr: "no username"},
		{name: "no_audience", clientID: clientID, username: username, audience: " ", key: k, wantErr: "no audience"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			got, err := oauth.NewAssertion(tc.clientID, tc.username, tc.audience, tc.key, now)
			if diff := diffErrString(err, tc.wantErr); diff != "" {
				t.Fatal(diff)
			}
			if tc.wantErr != "" {
				if got != "" {
					t.Errorf("got assertion %q with an error", got)
				}
				return
			}
			verifyAssertionWith(t, got, &k.PublicKey, tc.clientID, tc.username, tc.audience)
		})
	}
}

func TestNewAssertionExpiry(t *testing.T) {
	t.Parallel()

	got, err := oauth.NewAssertion(clientID, username, audience, key(t), now)
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(got, claims); err != nil {
		t.Fatal(err)
	}
	want := jwt.MapClaims{
		"iss": clientID,
		"sub": username,
		"aud": audience,
		// now has 999ms past the second: exp is rounded down, never up.
		"exp": float64(now.Add(oauth.AssertionLifetime).Unix()),
	}
	if diff := cmp.Diff(want, claims); diff != "" {
		t.Errorf("claims mismatch (-want, +got):\n%s", diff)
	}
	if oauth.AssertionLifetime > 3*time.Minute {
		t.Errorf("AssertionLifetime = %v, more than 3 minutes", oauth.AssertionLifetime)
	}
}

func TestNewAssertionOtherKeyDoesNotVerify(t *testing.T) {
	t.Parallel()

	got, err := oauth.NewAssertion(clientID, username, audience, key(t), now)
	if err != nil {
		t.Fatal(err)
	}
	other := &rsa.PublicKey{N: key(t).N, E: 3} // any other public key
	_, err = jwt.Parse(got, func(*jwt.Token) (any, error) { return other, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(func() time.Time { return now }))
	if err == nil {
		t.Error("assertion verified with another public key")
	}
}
