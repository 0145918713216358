package config

import (
	"errors"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// chooseFlow applies auth-flow: auto picks from what was given.
func chooseFlow(raw *Raw) (check.Flow, string) {
	given := func(s string) bool { return strings.TrimSpace(s) != "" }
	switch f := check.Flow(strings.ToLower(strings.TrimSpace(raw.AuthFlow))); f {
	case check.FlowSOAP, check.FlowPassword, check.FlowClientCredentials, check.FlowJWT, check.FlowRefreshToken:
		return f, ""
	case check.FlowAuto, "":
		switch {
		case given(raw.PrivateKey), given(raw.PrivateKeyFile):
			return check.FlowJWT, ""
		case given(raw.SFDXAuthURL), given(raw.RefreshToken):
			return check.FlowRefreshToken, ""
		case given(raw.ClientID) && given(raw.ClientSecret) && (given(raw.Username) || given(raw.Password)):
			return check.FlowPassword, ""
		case given(raw.ClientID) && given(raw.ClientSecret):
			return check.FlowClientCredentials, ""
		case given(raw.ClientID) || given(raw.ClientSecret):
			return "", "auth-flow auto found only one of client-id and client-secret: give both (OAuth flows), or neither with username and password (SOAP login)"
		case given(raw.Username) || given(raw.Password):
			return check.FlowSOAP, ""
		}
		return "", "no credentials were given: set username and password (and security-token), or client-id and client-secret, private-key, refresh-token or sfdx-auth-url for an OAuth flow"
	default:
		return "", "auth-flow is not one of auto, soap, password, client-credentials, jwt, refresh-token"
	}
}

// flow validates what the chosen flow needs and the login URL it talks to.
func (v *validator) flow(c *check.Config, raw *Raw) {
	flow, problem := chooseFlow(raw)
	if problem != "" {
		v.add("auth-flow", "%s", problem)
		return
	}
	c.Flow = flow
	loginURL := raw.LoginURL
	switch flow {
	case check.FlowSOAP:
		v.soapChecks(c, flow)
		// login() exists in API 31.0–64.0 only: 30.0 and older are
		// retired, 65.0 and later never had it (docs/salesforce.md §3).
		// Refused here, before any request: a retired version would cost a
		// login attempt and answer UNSUPPORTED_API_VERSION.
		if ver, ok := check.MajorVersion(c.APIVersion); ok && apiVersionRE.MatchString(c.APIVersion) {
			switch {
			case ver >= 65:
				v.add("api-version", "api-version %s has no SOAP login(): login() exists only from 31.0 to 64.0. Set api-version to 64.0, or move to an OAuth flow (auth-flow: client-credentials or jwt)", c.APIVersion)
			case ver < 31:
				v.add("api-version", "api-version %s is retired: Salesforce removed API 30.0 and older, and SOAP login() exists only from 31.0 to 64.0. Set api-version to 64.0", c.APIVersion)
			}
		}
	case check.FlowPassword:
		v.soapChecks(c, flow)
		v.require("client-id", c.ClientID, flow)
	case check.FlowClientCredentials:
		v.require("client-id", c.ClientID, flow)
		v.require("client-secret", c.ClientSecret, flow)
	case check.FlowJWT:
		v.require("client-id", c.ClientID, flow)
		v.require("username", c.Username, flow)
		v.privateKey(c, raw)
	case check.FlowRefreshToken:
		if strings.TrimSpace(raw.SFDXAuthURL) != "" {
			a, ok := ParseSFDXAuthURL(raw.SFDXAuthURL)
			if !ok {
				v.add("sfdx-auth-url", "sfdx-auth-url is not of the form force://<clientId>:<clientSecret>:<refreshToken>@<instance>: copy the Sfdx Auth Url line of sf org display --verbose")
				break
			}
			c.ClientID, c.ClientSecret, c.RefreshToken = a.ClientID, a.ClientSecret, a.RefreshToken
			loginURL = "https://" + a.Instance
		} else {
			v.require("refresh-token", c.RefreshToken, flow)
			v.require("client-id", c.ClientID, flow)
		}
	}
	lu, err := check.ParseLoginURL(loginURL, c.AllowCustomHost)
	if err != nil {
		var le *check.LoginURLError
		errors.As(err, &le)
		p := Problem{Input: "login-url", Env: "SF_LOGIN_URL", Reason: le.Reason, Message: le.Message}
		if flow == check.FlowRefreshToken && strings.TrimSpace(raw.SFDXAuthURL) != "" {
			p.Input, p.Env = "sfdx-auth-url", "SF_AUTH_URL"
			p.Message = "the instance of sfdx-auth-url: " + p.Message
		}
		v.problems = append(v.problems, p)
		return
	}
	host := lu.Host
	c.LoginURL, c.LoginHost, c.LoginOrigin = lu.URL, host, lu.Origin
	if flow == check.FlowClientCredentials && lu.Generic {
		v.add("login-url", "the client credentials flow only works on the org's My Domain host; %s answers \"request not supported on this domain\". Set login-url to https://<MyDomainName>.my.salesforce.com (Setup → My Domain)", host)
	}
	if flow == check.FlowJWT {
		c.JWTAudience = strings.TrimSpace(raw.JWTAudience)
		if c.JWTAudience == "" {
			c.JWTAudience = "https://login.salesforce.com"
			if lu.Sandbox {
				c.JWTAudience = "https://test.salesforce.com"
			}
		}
	}
	if (flow == check.FlowSOAP || flow == check.FlowPassword) && host == "login.salesforce.com" && sandboxUsername(c.Username) {
		c.Warnings = append(c.Warnings, check.Warning{Reason: check.SandboxUsernameOnProduction,
			Message: "username " + workflow.Cut(c.Username, 64, "…") + " looks like a sandbox username but login-url is https://login.salesforce.com: sandboxes log in at https://test.salesforce.com or their My Domain URL"})
	}
}

func (v *validator) require(input, value string, flow check.Flow) {
	if strings.TrimSpace(value) == "" {
		in, _ := InputByName(input)
		v.add(input, "%s is required for auth-flow %s: set the %s input or %s", input, flow, input, in.Env)
	}
}

// SFDXAuth is the content of an SFDX auth URL.
type SFDXAuth struct {
	ClientID, ClientSecret, RefreshToken, Instance string
}

// ParseSFDXAuthURL reads force://<clientId>:<clientSecret>:<refreshToken>@<instance>
// as `sf org display --verbose` prints it; the secret may be empty.
func ParseSFDXAuthURL(s string) (SFDXAuth, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "force://")
	if !ok {
		return SFDXAuth{}, false
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return SFDXAuth{}, false
	}
	creds, instance := rest[:at], strings.TrimRight(rest[at+1:], "/")
	parts := strings.SplitN(creds, ":", 3)
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" || instance == "" || strings.ContainsAny(instance, "/?#@ ") {
		return SFDXAuth{}, false
	}
	return SFDXAuth{ClientID: parts[0], ClientSecret: parts[1], RefreshToken: parts[2], Instance: instance}, true
}
