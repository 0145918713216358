package oauth

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// AssertionLifetime is how long a JWT assertion is valid. Salesforce wants a
// short expiry; simple-salesforce uses the same three minutes
// (docs/salesforce.md §4.1).
const AssertionLifetime = 3 * time.Minute

// NewAssertion returns the JWT of the JWT bearer flow, signed RS256 with key:
// iss is the consumer key, sub the username, aud the login host
// (https://login.salesforce.com, https://test.salesforce.com or an Experience
// Cloud site URL), exp now plus AssertionLifetime, rounded down to the second.
// The result is a secret.
func NewAssertion(clientID, username, audience string, key *rsa.PrivateKey, now time.Time) (string, error) {
	switch {
	case key == nil:
		return "", errAssertion(errors.New("no private key"))
	case strings.TrimSpace(clientID) == "":
		return "", errAssertion(errors.New("no client id for iss"))
	case strings.TrimSpace(username) == "":
		return "", errAssertion(errors.New("no username for sub"))
	case strings.TrimSpace(audience) == "":
		return "", errAssertion(errors.New("no audience for aud"))
	}
	// MapClaims keeps aud a single string; RegisteredClaims would send an
	// array, which Salesforce's documentation never shows.
	claims := jwt.MapClaims{
		"iss": clientID,
		"sub": username,
		"aud": audience,
		"exp": now.Add(AssertionLifetime).Unix(),
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(key)
	if err != nil {
		return "", errAssertion(err)
	}
	return signed, nil
}

// errAssertion wraps a failure to build the JWT; it never holds the key.
func errAssertion(err error) error {
	return fmt.Errorf("failed to build the JWT assertion: %w", err)
}
