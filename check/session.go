package check

// session is what a successful login produced, for the probes.
type session struct {
	InstanceURL string
	// Token is the session id or access token: a secret, already masked.
	Token  string
	UserID string
}
