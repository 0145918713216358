package check

import (
	"context"
	"errors"
	"fmt"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/soap"
)

const (
	withToken    = "password+token"
	passwordOnly = "password alone"
)

// soap runs the SOAP login() check: one attempt, a second one only for
// pinpoint, and a logout of every session that was opened.
func (r *run) soap(ctx context.Context) {
	sent := withToken
	if !r.cfg.TokenGiven() {
		sent = passwordOnly
	}
	lr, err := r.soapAttempt(ctx, r.cfg.Password+r.cfg.SecurityToken, sent)
	r.elapsed()
	if err == nil {
		r.soapSuccess(ctx, lr)
		return
	}
	var f *soap.Fault
	if !errors.As(err, &f) {
		r.res.Add(failure(err, "login() request"))
		return
	}
	r.res.SalesforceError = f.Code
	reason := SOAPFault(f.Code, f.Message, r.cfg.TokenGiven())
	if reason == InvalidCredentials && r.cfg.Pinpoint && r.cfg.TokenGiven() {
		r.pinpoint(ctx, f)
		return
	}
	r.res.Add(faultFinding(reason, f.Code, f.Message, "login() ("+sent+")"))
}

// soapAttempt makes one login() and records it.
func (r *run) soapAttempt(ctx context.Context, password, sent string) (*soap.LoginResult, error) {
	r.res.Attempts++
	lr, err := soap.Login(ctx, r.tc, r.cfg.LoginURL, r.cfg.APIVersion, r.cfg.Username, password)
	att := Attempt{Kind: "soap", Password: sent, Outcome: "success"}
	if err != nil {
		att.Outcome = "no answer"
		var f *soap.Fault
		if errors.As(err, &f) {
			att.Outcome = f.Code
		}
	}
	if lr != nil {
		// The session id is masked before anything else happens with it.
		r.deps.secrets.AddSession(lr.SessionID)
		if err != nil {
			// A session in an answer unusable otherwise: ended at once,
			// at the login host (logoutURL).
			r.soapLogout(ctx, lr)
		}
	}
	r.res.AttemptLog = append(r.res.AttemptLog, att)
	return lr, err //nolint:wrapcheck // typed errors are classified by the caller
}

// soapSuccess reads the login result, runs the probes and logs out.
func (r *run) soapSuccess(ctx context.Context, lr *soap.LoginResult) {
	r.res.OrgID, r.res.OrgName, r.res.UserID = lr.OrgID, lr.OrgName, lr.UserID
	r.res.InstanceURL = lr.InstanceURL
	if lr.Username != "" {
		r.res.Username = lr.Username
	}
	sandbox := lr.Sandbox
	r.res.Sandbox = &sandbox
	defer r.soapLogout(ctx, lr)
	// serverUrl (and the instance URL made from it) comes from the answer:
	// the egress gate decides whether the session id may go there.
	if err := r.tc.Allow(lr.ServerURL); err != nil {
		r.res.Add(failure(err, "probes and logout()"))
		return
	}
	if lr.PasswordExpired {
		r.res.Add(NewFinding(PasswordExpired,
			"login() succeeded but reported passwordExpired=true: the session can only call setPassword, so the integration cannot work."))
		return
	}
	r.probes(ctx, probe.Session{InstanceURL: lr.InstanceURL, Token: lr.SessionID, UserID: lr.UserID})
}

func (r *run) soapLogout(ctx context.Context, lr *soap.LoginResult) {
	cctx, cancel := cleanupContext(ctx)
	defer cancel()
	if err := soap.Logout(cctx, r.tc, r.logoutURL(lr), lr.SessionID); err != nil {
		r.res.Add(Finding{Severity: SeverityInfo, Reason: OK, Title: "Logout failed",
			Message: fmt.Sprintf("logout() of the check's session failed (%v); the session expires by itself %s.", err, expiry(lr.SessionSecondsValid))})
	}
}

// expiry says when an open session ends by itself.
func expiry(seconds int) string {
	if seconds <= 0 {
		return "with the org's session timeout"
	}
	return fmt.Sprintf("after %d seconds", seconds)
}

// logoutURL is where logout() goes: the serverUrl of the answer, or the
// login URL's own SOAP endpoint when the gate refuses the serverUrl, so that
// a session opened by an answer the check distrusts is still ended at the
// host the user named. (That the login endpoint accepts logout() is not
// documented: UNCERTAIN; the session expires by itself otherwise.)
func (r *run) logoutURL(lr *soap.LoginResult) string {
	if r.tc.Allow(lr.ServerURL) != nil {
		return soap.Endpoint(r.cfg.LoginURL, r.cfg.APIVersion)
	}
	return lr.ServerURL
}

// pinpoint makes the one extra attempt with the password alone, to tell a
// stale token from a wrong password. Never more than two attempts per run.
func (r *run) pinpoint(ctx context.Context, first *soap.Fault) {
	lr, err := r.soapAttempt(ctx, r.cfg.Password, passwordOnly)
	firstSaid := fmt.Sprintf("Attempt 1 (password+token) was answered %s: %s", first.Code, first.Message)
	if err == nil {
		// The runner's IP is trusted, so the password alone logs in: the token
		// is stale, and not needed from here.
		r.res.SalesforceError = first.Code
		r.res.Add(NewFinding(StaleSecurityToken, firstSaid+
			" Attempt 2 (password alone) succeeded: the password is right and this runner's IP is trusted, so the token given is stale and not needed from here."))
		cctx, cancel := cleanupContext(ctx)
		defer cancel()
		_ = soap.Logout(cctx, r.tc, r.logoutURL(lr), lr.SessionID)
		return
	}
	var f *soap.Fault
	if !errors.As(err, &f) {
		r.res.Add(faultFinding(InvalidCredentials, first.Code, first.Message, "login() (password+token)"))
		fin := failure(err, "the pinpoint login() (password alone)")
		fin.Severity = SeverityInfo
		r.res.Add(fin)
		return
	}
	r.res.SalesforceError = f.Code
	switch reason := SOAPFault(f.Code, f.Message, false); reason {
	case MissingSecurityToken:
		r.res.Add(NewFinding(StaleSecurityToken, firstSaid+
			fmt.Sprintf(" Attempt 2 (password alone) was answered %s: the password is right, so the security token is stale.", f.Code)))
	case InvalidCredentials:
		r.res.Add(NewFinding(WrongPassword, firstSaid+
			fmt.Sprintf(" Attempt 2 (password alone) was answered %s too: the password itself is wrong (or the user is locked out or frozen).", f.Code)))
	default:
		r.res.Add(faultFinding(reason, f.Code, f.Message, "the pinpoint login() (password alone)"))
	}
}
