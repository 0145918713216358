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

// soap runs the SOAP login() check: one attempt, and a second one only for
// pinpoint. Run ends every session either opened (endSession).
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
	// A session, even in an answer unusable otherwise, is masked and filed
	// to be ended before anything else happens with it.
	r.holdSOAP(lr)
	r.res.AttemptLog = append(r.res.AttemptLog, att)
	return lr, err //nolint:wrapcheck // typed errors are classified by the caller
}

// soapSuccess reads the login result and runs the probes.
func (r *run) soapSuccess(ctx context.Context, lr *soap.LoginResult) {
	r.res.OrgID, r.res.OrgName, r.res.UserID = lr.OrgID, lr.OrgName, lr.UserID
	r.res.InstanceURL = lr.InstanceURL
	if lr.Username != "" {
		r.res.Username = lr.Username
	}
	sandbox := lr.Sandbox
	r.res.Sandbox = &sandbox
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

// pinpoint makes the one extra attempt with the password alone, to tell a
// stale token from a wrong password. Never more than two attempts per run.
func (r *run) pinpoint(ctx context.Context, first *soap.Fault) {
	_, err := r.soapAttempt(ctx, r.cfg.Password, passwordOnly)
	firstSaid := fmt.Sprintf("Attempt 1 (password+token) was answered %s: %s", first.Code, first.Message)
	if err == nil {
		// The runner's IP is trusted, so the password alone logs in: the token
		// is stale, and not needed from here.
		r.res.SalesforceError = first.Code
		r.res.Add(NewFinding(StaleSecurityToken, firstSaid+
			" Attempt 2 (password alone) succeeded: the password is right and this runner's IP is trusted, so the token given is stale and not needed from here."))
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
