package check

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/soap"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// grantNames are the grant types as the report names them.
var grantNames = map[Flow]string{
	FlowPassword:          "grant_type=password",
	FlowClientCredentials: "grant_type=client_credentials",
	FlowJWT:               "grant_type=jwt-bearer",
	FlowRefreshToken:      "grant_type=refresh_token",
}

// oauth runs a check with one of the OAuth flows: one token request, the
// identity of the token and the probes. Run revokes the access token (never
// a refresh token) through endSession.
func (r *run) oauth(ctx context.Context) {
	tok, err := r.tokenAttempt(ctx)
	r.elapsed()
	if err != nil {
		r.oauthFailure(ctx, err)
		return
	}
	r.res.InstanceURL = tok.InstanceURL
	if host := hostOf(tok.InstanceURL); transport.IsSandboxHost(host) || transport.IsSandboxHost(r.cfg.LoginHost) {
		sandbox := true
		r.res.Sandbox = &sandbox
	}

	// The identity URL and instance_url come from the answer: the egress
	// gate decides whether the access token may go there (a refusal is a
	// finding that names the host).
	if err := r.tc.Allow(tok.ID); err != nil {
		r.res.Add(failure(err, "identity request"))
	} else {
		id, err := oauth.GetIdentity(ctx, r.tc, tok.ID, tok.AccessToken)
		switch {
		case err != nil:
			fin := failure(err, "identity request")
			fin.Severity, fin.Title = SeverityInfo, "Identity not read"
			r.res.Add(fin)
		default:
			r.res.OrgID, r.res.UserID, r.res.Username = id.OrgID, id.UserID, id.Username
			if !id.Active {
				r.res.Add(NewFinding(InactiveUser, "The token was issued, but the identity service reports the user "+id.Username+" as inactive."))
				return
			}
		}
	}
	if err := r.tc.Allow(tok.InstanceURL); err != nil {
		r.res.Add(failure(err, "probes"))
		return
	}
	r.probes(ctx, probe.Session{InstanceURL: tok.InstanceURL, Token: tok.AccessToken, UserID: r.res.UserID})
}

// tokenAttempt makes the one token request of the configured flow.
func (r *run) tokenAttempt(ctx context.Context) (*oauth.Token, error) {
	c := r.cfg
	r.res.Attempts++
	var (
		tok *oauth.Token
		err error
	)
	switch c.Flow {
	case FlowPassword:
		tok, err = oauth.PasswordGrant(ctx, r.tc, c.LoginURL, c.ClientID, c.ClientSecret, c.Username, c.Password+c.SecurityToken)
	case FlowClientCredentials:
		tok, err = oauth.ClientCredentials(ctx, r.tc, c.LoginURL, c.ClientID, c.ClientSecret)
	case FlowJWT:
		tok, err = oauth.JWTBearer(ctx, r.tc, c.LoginURL, c.ClientID, c.Username, c.JWTAudience, c.PrivateKey, r.deps.now())
	case FlowRefreshToken:
		tok, err = oauth.Refresh(ctx, r.tc, c.LoginURL, c.ClientID, c.ClientSecret, c.RefreshToken)
	default:
		err = fmt.Errorf("auth-flow %q has no token request", c.Flow)
	}
	att := Attempt{Kind: string(c.Flow), Outcome: "success"}
	if c.Flow == FlowPassword {
		att.Password = withToken
		if !c.TokenGiven() {
			att.Password = passwordOnly
		}
	}
	// A token, even in an answer unusable otherwise (issued without a
	// usable instance_url), is masked and filed to be revoked before
	// anything else happens with it.
	r.holdToken(tok)
	var oe *oauth.Error
	switch {
	case err == nil:
	case errors.As(err, &oe):
		att.Outcome = oe.Code
	default:
		att.Outcome = "no answer"
	}
	r.res.AttemptLog = append(r.res.AttemptLog, att)
	return tok, err
}

// oauthFailure reports a failed token request.
func (r *run) oauthFailure(ctx context.Context, err error) {
	var oe *oauth.Error
	if !errors.As(err, &oe) {
		r.res.Add(failure(err, "token request ("+grantNames[r.cfg.Flow]+")"))
		return
	}
	r.res.SalesforceError = oe.Code
	reason := OAuthError(oe.Code, oe.Description, oe.HTTPStatus)
	said := fmt.Sprintf("Salesforce refused the token request (%s) with %s: %s.", grantNames[r.cfg.Flow], oe.Code, oe.Description)
	switch {
	case reason == IPRestricted && r.cfg.Flow == FlowRefreshToken:
		// A refresh is refused by the app's IP Relaxation policy, not at a
		// login (sf CLI: "Error authenticating with the refresh token due
		// to: ip restricted", docs/salesforce.md §2.3 d).
		reason = RefreshIPRestricted
	case reason == JWTAudienceInvalid && r.cfg.Flow == FlowJWT:
		said += fmt.Sprintf(" The assertion's audience was %s and login-url is %s.", r.cfg.JWTAudience, r.cfg.LoginURL)
	}
	if reason == InvalidCredentials && r.cfg.Flow == FlowPassword {
		// One answer covers four causes (docs/salesforce.md §2.3).
		said += " This one answer covers, in order of likelihood: a wrong or reset password or security token; a missing " +
			"security token from an IP outside the org's trusted ranges; the username-password flow being blocked in the org " +
			"(the default since Summer '23: Setup → OAuth and OpenID Connect Settings → \"Allow OAuth Username-Password Flows\"); " +
			"or an External Client App, which never supports this flow. Setup → Users → the user → Login History shows which."
		if r.cfg.Pinpoint {
			r.pinpointWithSOAP(ctx, said)
			return
		}
	}
	r.res.Add(NewFinding(reason, said))
}

// pinpointWithSOAP makes the one extra attempt for the password flow's
// ambiguous "authentication failure": a SOAP login() with the same username
// and password+token, whose faults are precise.
func (r *run) pinpointWithSOAP(ctx context.Context, first string) {
	if v, ok := MajorVersion(r.cfg.APIVersion); ok && v >= 65 {
		r.res.Add(NewFinding(InvalidCredentials, first+" Pinpoint was skipped: SOAP login() does not exist in API "+r.cfg.APIVersion+"."))
		return
	}
	sent := withToken
	if !r.cfg.TokenGiven() {
		sent = passwordOnly
	}
	_, err := r.soapAttempt(ctx, r.cfg.Password+r.cfg.SecurityToken, sent)
	attempt1 := "Attempt 1 (OAuth username-password flow): " + first
	var f *soap.Fault
	switch {
	case err == nil:
		r.res.Add(NewFinding(FlowBlocked, attempt1+
			" Attempt 2 (SOAP login(), "+sent+") succeeded: the credentials are right, so the org or the app refuses the username-password flow."))
	case errors.As(err, &f):
		reason := SOAPFault(f.Code, f.Message, r.cfg.TokenGiven())
		r.res.Add(NewFinding(reason, attempt1+fmt.Sprintf(" Attempt 2 (SOAP login(), %s) was refused with %s: %s", sent, f.Code, f.Message)))
	default:
		r.res.Add(NewFinding(InvalidCredentials, attempt1))
		fin := failure(err, "pinpoint SOAP login()")
		fin.Severity = SeverityInfo
		r.res.Add(fin)
	}
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}
