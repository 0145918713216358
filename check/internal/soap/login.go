package soap

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// LoginResult is what a successful login() tells about the user and org.
type LoginResult struct {
	// SessionID is a secret: mask it before anything is printed.
	SessionID           string
	ServerURL           string
	InstanceURL         string
	UserID              string
	OrgID               string
	OrgName             string
	Username            string
	Sandbox             bool
	PasswordExpired     bool
	SessionSecondsValid int
	// HasUserInfo is false when the answer carried no userInfo; OrgID is then
	// taken from the session id's prefix.
	HasUserInfo bool
}

// Endpoint returns the Partner SOAP endpoint of a login URL for a version.
func Endpoint(loginURL, apiVersion string) string {
	return strings.TrimRight(loginURL, "/") + "/services/Soap/u/" + apiVersion
}

func headers() http.Header {
	return http.Header{
		"Content-Type": {"text/xml; charset=UTF-8"},
		"Soapaction":   {"login"},
	}
}

// Login sends exactly one login() (retried by the transport only where the
// request cannot have reached Salesforce) and returns the result, a *Fault, an
// *transport.AnswerError or a *transport.Error.
func Login(ctx context.Context, tc *transport.Client, loginURL, apiVersion, username, password string) (*LoginResult, error) {
	resp, err := tc.Do(ctx, transport.Request{
		Method: http.MethodPost,
		URL:    Endpoint(loginURL, apiVersion),
		Header: headers(),
		Body:   loginRequest(username, password),
	})
	if err != nil {
		return nil, err //nolint:wrapcheck // typed errors are classified by the caller
	}
	lr, err := parseLogin(resp)
	if lr != nil {
		// The session id is a secret of the run before anything else
		// happens with it, even in an answer unusable otherwise.
		tc.Session(lr.SessionID)
	}
	return lr, err
}

// parseLogin reads a login() answer. A fault's text and every field of
// the user's information are kept through transport.Response.Keep.
func parseLogin(resp *transport.Response) (*LoginResult, error) {
	status, header := resp.Status, resp.Header
	env, err := parse(resp)
	if err != nil {
		return nil, err
	}
	if env.Body.Login == nil || env.Body.Login.Result == nil {
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: status, ContentType: header.Get("Content-Type"), Detail: "no loginResponse result"}
	}
	r := env.Body.Login.Result
	if strings.TrimSpace(r.SessionID) == "" {
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: status, ContentType: header.Get("Content-Type"), Detail: "loginResponse without sessionId"}
	}
	if !transport.SessionShaped(strings.TrimSpace(r.SessionID)) {
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: status, ContentType: header.Get("Content-Type"),
			Detail: "sessionId is not the shape of a Salesforce session id (one line of letters, digits and !._-)"}
	}
	out := &LoginResult{
		SessionID:       strings.TrimSpace(r.SessionID),
		ServerURL:       strings.TrimSpace(r.ServerURL),
		UserID:          resp.Keep(r.UserID, redact.MaxCode),
		Sandbox:         xmlBool(r.Sandbox),
		PasswordExpired: xmlBool(r.PasswordExpired),
	}
	if u, perr := url.Parse(out.ServerURL); perr == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http") {
		// The instance is serverUrl's scheme and host: Salesforce never puts
		// a path before /services/ (ForceCLI lib/force.go keeps the same
		// part), and neither does the simulated org. A path that is not the
		// SOAP endpoint's is no part of the instance either.
		out.InstanceURL = u.Scheme + "://" + u.Host
	} else {
		// No serverUrl, or one that is no http(s) URL: the session exists
		// all the same, and is returned with the error, so that the caller
		// masks it and logs it out at the login host.
		detail := "serverUrl is not an http(s) URL"
		if out.ServerURL == "" {
			detail = "loginResponse without serverUrl"
		}
		out.ServerURL = ""
		return out, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: status, Detail: detail}
	}
	if ui := r.UserInfo; ui != nil {
		out.HasUserInfo = true
		out.OrgID = resp.Keep(ui.OrganizationID, redact.MaxCode)
		out.OrgName = resp.Keep(ui.OrganizationName, redact.MaxName)
		out.Username = resp.Keep(ui.UserName, redact.MaxName)
		out.SessionSecondsValid = sessionSeconds(ui.SessionSecondsValid)
		if out.UserID == "" {
			out.UserID = resp.Keep(ui.UserID, redact.MaxCode)
		}
	}
	if out.OrgID == "" {
		// The session id starts with the 15-character org id and "!" (fixtures;
		// ForceCLI lib/force.go reads it the same way).
		if id, _, ok := strings.Cut(out.SessionID, "!"); ok && len(id) == 15 {
			out.OrgID = id
		}
	}
	return out, nil
}

// Logout ends a session with logout() sent to the serverUrl login returned.
func Logout(ctx context.Context, tc *transport.Client, serverURL, sessionID string) error {
	resp, err := tc.Do(ctx, transport.Request{
		Method: http.MethodPost,
		URL:    serverURL,
		Header: http.Header{"Content-Type": {"text/xml; charset=UTF-8"}, "Soapaction": {"logout"}},
		Body:   logoutRequest(sessionID),
	})
	if err != nil {
		return err //nolint:wrapcheck // typed errors are classified by the caller
	}
	env, err := parse(resp)
	if err != nil {
		return err
	}
	if env.Body.Logout == nil {
		return &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: resp.Status, Detail: "no logoutResponse"}
	}
	return nil
}

// xmlBool reads an xsd:boolean ("true", "1"); anything else is false.
func xmlBool(s string) bool {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	return err == nil && b
}

// maxSessionSeconds is Salesforce's longest session timeout (24 hours).
const maxSessionSeconds = 24 * 60 * 60

// sessionSeconds reads sessionSecondsValid; a value that is not a whole
// number from 1 to 24 hours is unknown (0).
func sessionSeconds(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 || n > maxSessionSeconds {
		return 0
	}
	return n
}
