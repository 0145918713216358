package check

import (
	"context"
	"fmt"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/soap"
)

// A held session is a SOAP session id or an OAuth access token the check
// obtained. The run learns one only through hold (soapAttempt, tokenAttempt),
// which masks it and files it with the run at once; Run ends every held
// session exactly once, through endSession, when the flow returns, whatever
// path the flow took (success, pinpoint, an unusable answer, a refusal of
// the egress gate, a cancelled run). No flow logs out or revokes by itself.
type held struct {
	kind heldKind
	// secret is the session id or access token (never a refresh token:
	// revoking that would break the integration the check protects).
	secret string
	// at is where the answer says the session lives: the serverUrl of a
	// login() or the instance_url of a token; "" when it named none usable.
	at string
	// seconds is the session's sessionSecondsValid (0: unknown).
	seconds int
}

type heldKind int

const (
	soapSession heldKind = iota
	accessToken
)

// holdSOAP files the session of a login() answer, usable or not.
func (r *run) holdSOAP(lr *soap.LoginResult) {
	if lr == nil || lr.SessionID == "" {
		return
	}
	// The session id is a secret of the run already: soap.Login registered
	// it as it read the answer.
	r.hold(held{kind: soapSession, secret: lr.SessionID, at: lr.ServerURL, seconds: lr.SessionSecondsValid})
}

// holdToken files the access token of a token answer, usable or not.
func (r *run) holdToken(tok *oauth.Token) {
	if tok == nil || tok.AccessToken == "" {
		return
	}
	// The tokens are secrets of the run already: the token request
	// registered them as it read the answer.
	r.hold(held{kind: accessToken, secret: tok.AccessToken, at: tok.InstanceURL})
}

// hold files s once: an answer that hands out the same session twice is
// still ended once.
func (r *run) hold(s held) {
	for _, h := range r.held {
		if h.kind == s.kind && h.secret == s.secret {
			return
		}
	}
	r.held = append(r.held, s)
}

// endSessions ends every held session, in the order they were obtained.
func (r *run) endSessions(ctx context.Context) {
	sessions := r.held
	r.held = nil
	for _, s := range sessions {
		r.endSession(ctx, s)
	}
}

// endSession ends one session: logout() for a SOAP session, a revocation
// for an access token. It goes where the answer said the session lives when
// the egress gate allows that host, and to the login URL the user named
// otherwise (the answer named no usable URL, or one the check does not send
// a session to), so that a session opened by an answer the check distrusts
// is still ended where it came from. That the login endpoint accepts
// logout() and revoke for sessions of the org behind it is not documented
// (docs/salesforce.md: UNCERTAIN); a failure is reported as an info finding,
// and the session then expires by itself.
//
// It runs on a cleanup context: a cancelled or timed-out run still ends its
// sessions.
func (r *run) endSession(ctx context.Context, s held) {
	target, atLoginHost := s.at, s.at == "" || r.tc.Allow(s.at) != nil
	cctx, cancel := cleanupContext(ctx)
	defer cancel()
	var err error
	switch s.kind {
	case soapSession:
		if atLoginHost {
			target = soap.Endpoint(r.cfg.LoginURL, r.cfg.APIVersion)
		}
		err = soap.Logout(cctx, r.tc, target, s.secret)
	case accessToken:
		if atLoginHost {
			target = r.cfg.LoginURL
		}
		err = oauth.Revoke(cctx, r.tc, target, s.secret)
	}
	if err == nil {
		return
	}
	where := ""
	if atLoginHost {
		where = " at the login host"
	}
	switch s.kind {
	case soapSession:
		r.res.Add(Finding{Severity: SeverityInfo, Reason: OK, Title: "Logout failed",
			Message: fmt.Sprintf("logout() of the check's session%s failed (%v); the session expires by itself %s.", where, err, expiry(s.seconds))})
	case accessToken:
		r.res.Add(Finding{Severity: SeverityInfo, Reason: OK, Title: "Revoke failed",
			Message: fmt.Sprintf("Revoking the check's access token%s failed (%v); it expires with the org's session timeout.", where, err)})
	}
}

// expiry says when an open session ends by itself.
func expiry(seconds int) string {
	if seconds <= 0 {
		return "with the org's session timeout"
	}
	return fmt.Sprintf("after %d seconds", seconds)
}
