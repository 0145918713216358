package simorg

import "crypto/rsa"

// App is a connected app (or External Client App) of the org.
type App struct {
	Name           string
	ConsumerKey    string
	ConsumerSecret string
	// External marks an External Client App, which never supported the
	// username-password flow.
	External bool

	PasswordFlow          bool
	ClientCredentialsFlow bool
	JWTFlow               bool
	RefreshTokenFlow      bool
	// RunAs is the username of the client credentials flow's execution user.
	RunAs string
	// PreAuthorized lists usernames approved for the app (JWT bearer).
	PreAuthorized []string
	// Certificate verifies JWT assertions.
	Certificate *rsa.PublicKey
	// RefreshTokens maps issued refresh tokens to usernames.
	RefreshTokens map[string]string
	// Blocked is API Access Control blocking the app.
	Blocked bool
	// NotInstalled is an External Client App made in another org and not
	// installed in this one (a sandbox refreshed since, say): its consumer
	// key is known, its logins are refused.
	NotInstalled bool
}
