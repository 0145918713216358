package simorg

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/golang-jwt/jwt/v5"

	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

// identityFixture is oauth-identity-response.json (SwiftlySalesforce
// MockIdentity.json); the org fills in its own ids, user and URLs.
var identityFixture = sync.OnceValue(func() []byte { return fixtures.Salesforce("oauth-identity-response.json") })

// codeECANotInstalled and msgECANotInstalled are Salesforce's answer to a JWT
// or client credentials login with the consumer key of an External Client
// App that is not installed in the org (fixture
// oauth-token-error-app-not-found.json, docs/salesforce.md §10). The HTTP
// status is not recorded; 400 is every other token error's.
const (
	codeECANotInstalled = "app_not_found"
	msgECANotInstalled  = "External client app is not installed in this org"
)

// oauthError answers {"error","error_description"} with HTTP 400, the shape
// and status of the Help example (docs/salesforce.md §4.3).
func oauthError(w http.ResponseWriter, code, desc string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusBadRequest)
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	_, _ = w.Write(b)
}

// serveToken handles POST /services/oauth2/token. Every request that reaches
// it is a login attempt.
func (o *Org) serveToken(w http.ResponseWriter, r *http.Request) {
	o.count("POST /services/oauth2/token")
	o.mu.Lock()
	o.attempts++
	o.mu.Unlock()
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		// JSON bodies get this answer [OBS §4].
		oauthError(w, "unsupported_grant_type", "grant type not supported")
		return
	}
	if r.URL.RawQuery != "" {
		oauthError(w, "invalid_request", "credentials must not be sent in the query string")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request", "unreadable form")
		return
	}
	f := r.PostForm
	ip := clientIP(r)
	var (
		u    *User
		app  *App
		code string
		desc string
	)
	switch f.Get("grant_type") {
	case "password":
		app, code, desc = o.app(f.Get("client_id"), f.Get("client_secret"), true)
		if code == "" {
			u, code, desc = o.decidePasswordGrant(app, f.Get("username"), f.Get("password"), ip)
		}
	case "client_credentials":
		id, secret := f.Get("client_id"), f.Get("client_secret")
		if bu, bp, ok := r.BasicAuth(); ok {
			id, secret = bu, bp
		}
		app, code, desc = o.app(id, secret, true)
		if code == "" {
			u, code, desc = o.decideClientCredentials(app)
		}
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		u, app, code, desc = o.decideJWT(f.Get("assertion"))
	case "refresh_token":
		app, code, desc = o.app(f.Get("client_id"), f.Get("client_secret"), f.Get("client_secret") != "")
		if code == "" {
			u, code, desc = o.decideRefresh(app, f.Get("refresh_token"))
		}
	default:
		code, desc = "unsupported_grant_type", "grant type not supported"
	}
	if code == "" {
		code, desc = o.decideUser(u, ip)
	}
	if code != "" {
		oauthError(w, code, desc)
		return
	}
	o.mu.Lock()
	s := o.newSession(u, ip, true, app.ConsumerKey)
	o.record(u, ip.String(), StatusSuccess, "Remote Access 2.0", app.Name)
	o.mu.Unlock()
	base := baseURL(r)
	issued := strconv.FormatInt(o.now().UnixMilli(), 10)
	idURL := base + "/id/" + o.ID + "/" + u.ID
	mac := hmac.New(sha256.New, []byte(app.ConsumerSecret+"-signature"))
	mac.Write([]byte(idURL + issued))
	writeJSON(w, map[string]string{
		"access_token": s.ID, "instance_url": base, "id": idURL, "token_type": "Bearer",
		"issued_at": issued, "signature": base64.StdEncoding.EncodeToString(mac.Sum(nil)), "scope": "api",
	})
}

// app finds the app of a consumer key and checks its secret.
func (o *Org) app(key, secret string, checkSecret bool) (*App, string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	app := o.Apps[key]
	switch {
	case app == nil:
		return nil, "invalid_client_id", "client identifier invalid" // oauth-token-error-invalid-client-id.json
	case checkSecret && app.ConsumerSecret != secret:
		return nil, "invalid_client", "invalid client credentials" // oauth-token-error-invalid-client.json
	case app.NotInstalled:
		return nil, codeECANotInstalled, msgECANotInstalled
	case app.Blocked:
		// API Access Control; seen as error=OAUTH_APP_BLOCKED in the
		// redirect flows [OBS Salesforce-Inspector-reloaded]; its shape at the
		// token endpoint is UNCERTAIN.
		return nil, "OAUTH_APP_BLOCKED", "this app is blocked by admin"
	}
	return app, "", ""
}

// decidePasswordGrant checks the username-password flow, which collapses
// every credential failure into "authentication failure" (§2.3).
func (o *Org) decidePasswordGrant(app *App, username, password string, ip netip.Addr) (*User, string, string) {
	const fail = "authentication failure" // oauth-token-error-invalid-grant-authentication-failure.json
	o.mu.Lock()
	defer o.mu.Unlock()
	u := o.users[strings.ToLower(username)]
	if u == nil {
		return nil, "invalid_grant", fail
	}
	record := func(status string) { o.record(u, ip.String(), status, "Remote Access 2.0", app.Name) }
	switch {
	case app.External || !app.PasswordFlow || o.PasswordFlowBlocked:
		// Blocked by default since Summer '23; never in External Client Apps.
		record("Username-Password Flow Disabled")
		return nil, "invalid_grant", fail
	case u.Inactive || u.Frozen:
		return u, "", ""
	case u.OutsideLoginHours || (len(u.ProfileRanges) > 0 && !inRanges(ip, u.ProfileRanges)):
		return u, "", "" // decided by decideUser
	}
	trusted := inRanges(ip, o.TrustedRanges) || (len(u.ProfileRanges) > 0 && inRanges(ip, u.ProfileRanges))
	switch password {
	case u.Password + u.Token:
	case u.Password:
		if !trusted {
			record(StatusTokenRequired)
			return nil, "invalid_grant", fail
		}
	default:
		u.FailedLogins++
		record(StatusInvalidPassword)
		return nil, "invalid_grant", fail
	}
	return u, "", ""
}

func (o *Org) decideClientCredentials(app *App) (*User, string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !app.ClientCredentialsFlow {
		return nil, "invalid_grant", "client credentials flow is not enabled for this app" // wording UNCERTAIN
	}
	u := o.users[strings.ToLower(app.RunAs)]
	if app.RunAs == "" || u == nil {
		return nil, "invalid_grant", "no client credentials user enabled" // oauth-token-error-no-client-credentials-user.json
	}
	return u, "", ""
}

// decideJWT verifies a JWT bearer assertion against the app's certificate
// (Help remoteaccess_oauth_jwt_flow.htm; error texts §4.1). It needs an exp
// that has not passed, but sets no bound on how far ahead it lies, as
// Salesforce does not: @salesforce/core 9 (AuthInfo, the sf CLI's
// `org login jwt`) signs exp as Date.now() + 300, milliseconds read as
// seconds and so tens of thousands of years ahead, and that login works
// against every Salesforce org.
func (o *Org) decideJWT(assertion string) (*User, *App, string, string) {
	var claims jwt.RegisteredClaims
	var app *App
	_, err := jwt.ParseWithClaims(assertion, &claims, func(t *jwt.Token) (any, error) {
		iss, _ := t.Claims.GetIssuer()
		o.mu.Lock()
		app = o.Apps[iss]
		o.mu.Unlock()
		if app == nil || app.Certificate == nil {
			return nil, errors.New("unknown issuer")
		}
		return app.Certificate, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(o.now), jwt.WithExpirationRequired())
	switch {
	case app == nil:
		return nil, nil, "invalid_client_id", "client identifier invalid"
	case app.NotInstalled:
		return nil, nil, codeECANotInstalled, msgECANotInstalled
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, nil, "invalid_grant", "expired authorization code" // [OBS salesforce.stackexchange 282513]
	case err != nil:
		return nil, nil, "invalid_grant", "invalid assertion"
	}
	aud := ""
	if len(claims.Audience) == 1 {
		aud = claims.Audience[0]
	}
	// A production org takes https://login.salesforce.com, a sandbox
	// https://test.salesforce.com (Help remoteaccess_oauth_jwt_flow.htm); a
	// sandbox's JWT with the production audience is answered "audience is
	// invalid" (forcedotcom/cli#3482).
	want := "https://login.salesforce.com"
	if o.Sandbox {
		want = "https://test.salesforce.com"
	}
	if aud != want {
		return nil, nil, "invalid_grant", "audience is invalid"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	u := o.users[strings.ToLower(claims.Subject)]
	if u == nil || !app.JWTFlow {
		return nil, nil, "invalid_grant", "invalid assertion"
	}
	approved := false
	for _, name := range app.PreAuthorized {
		approved = approved || strings.EqualFold(name, u.Username)
	}
	if !approved {
		return nil, nil, "invalid_grant", "user hasn't approved this consumer"
	}
	return u, app, "", ""
}

func (o *Org) decideRefresh(app *App, token string) (*User, string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	name, ok := app.RefreshTokens[token]
	u := o.users[strings.ToLower(name)]
	if !ok || u == nil || !app.RefreshTokenFlow {
		return nil, "invalid_grant", "expired access/refresh token" // oauth-refresh-error-expired-token.json
	}
	return u, "", ""
}

// decideUser applies the user's own state to an OAuth login.
func (o *Org) decideUser(u *User, ip netip.Addr) (string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case u == nil:
		return "invalid_grant", "authentication failure"
	case u.Inactive || u.Frozen:
		return "inactive_user", "user is inactive" // documented code (§4.3); wire text UNCERTAIN
	case u.OutsideLoginHours:
		return "invalid_grant", "IP restricted or invalid login hours" // documented description
	case len(u.ProfileRanges) > 0 && !inRanges(ip, u.ProfileRanges):
		o.record(u, ip.String(), StatusRestrictedIP, "Remote Access 2.0", "")
		return "invalid_grant", "ip restricted" // [OBS forceworkbench#772]
	case u.APIDisabled:
		return "invalid_grant", "authentication failure"
	}
	return "", ""
}

// serveIdentity answers GET /id/{org}/{user} with the identity of the token's
// user, in the recorded shape.
func (o *Org) serveIdentity(w http.ResponseWriter, r *http.Request) {
	o.count("GET /id/{org}/{user}")
	id, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	o.mu.Lock()
	s := o.sessions[id]
	o.mu.Unlock()
	org := r.PathValue("org")
	if s == nil || s.User.ID != r.PathValue("user") || (org != o.ID && org != o.id15()) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("Bad_OAuth_Token"))
		return
	}
	writeJSON(w, o.identity(r, s))
}

// identity is the identity document of s's user: the recording with the
// org's ids, user and URLs.
func (o *Org) identity(r *http.Request, s *Session) map[string]any {
	var doc map[string]any
	_ = json.Unmarshal(identityFixture(), &doc)
	base := baseURL(r)
	doc["id"] = base + "/id/" + o.ID + "/" + s.User.ID
	doc["user_id"], doc["organization_id"], doc["username"] = s.User.ID, o.ID, s.User.Username
	doc["display_name"], doc["email"] = s.User.FullName, s.User.Email
	doc["active"] = !s.User.Inactive
	urls, _ := doc["urls"].(map[string]any)
	for k, v := range urls {
		if str, ok := v.(string); ok {
			if i := strings.Index(str, "/services/"); i >= 0 {
				urls[k] = base + str[i:]
			}
		}
	}
	urls["custom_domain"] = base
	return doc
}

// serveUserInfo answers GET or POST /services/oauth2/userinfo: the OpenID
// Connect claims of the token's user (Help "Query for User Information",
// remoteaccess_using_userinfo_endpoint.htm, lists them: sub is the identity
// URL, then the Salesforce ids, OpenID names and the same urls map as the
// identity URL). A bad token gets the identity URL's answer.
func (o *Org) serveUserInfo(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/oauth2/userinfo")
	id, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	o.mu.Lock()
	s := o.sessions[strings.TrimSpace(id)]
	o.mu.Unlock()
	if s == nil {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("Bad_OAuth_Token"))
		return
	}
	idDoc := o.identity(r, s)
	first, last, _ := strings.Cut(s.User.FullName, " ")
	photos, _ := idDoc["photos"].(map[string]any)
	writeJSON(w, map[string]any{
		"sub": idDoc["id"], "user_id": s.User.ID, "organization_id": o.ID,
		"preferred_username": s.User.Username, "nickname": idDoc["nick_name"], "name": s.User.FullName,
		"email": s.User.Email, "email_verified": true, "given_name": first, "family_name": last,
		"zoneinfo": idDoc["timezone"], "photos": idDoc["photos"], "profile": baseURL(r) + "/" + s.User.ID,
		"picture": photos["picture"], "address": map[string]any{"country": "US"},
		"is_salesforce_integration_user": false, "urls": idDoc["urls"], "active": !s.User.Inactive,
		"user_type": "STANDARD", "language": "en_US", "locale": "en_US", "utcOffset": idDoc["utcOffset"],
		"updated_at": idDoc["last_modified_date"], "is_app_installed": true,
	})
}

// serveRevoke handles POST /services/oauth2/revoke [DOC Mobile SDK "Revoking
// OAuth Tokens"]: an access token ends its session; a refresh token is
// revoked with its access tokens.
func (o *Org) serveRevoke(w http.ResponseWriter, r *http.Request) {
	o.count("POST /services/oauth2/revoke")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request", "unreadable form")
		return
	}
	token := r.PostForm.Get("token")
	if token == "" && r.Method == http.MethodGet {
		// GET …/revoke?token= is the documented alternative [DOC Mobile SDK
		// "Revoking OAuth Tokens"].
		token = r.URL.Query().Get("token")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.sessions[token]; ok {
		delete(o.sessions, token)
		o.revoked = append(o.revoked, token)
		w.WriteHeader(http.StatusOK)
		return
	}
	for _, app := range o.Apps {
		if _, ok := app.RefreshTokens[token]; ok {
			delete(app.RefreshTokens, token)
			o.revoked = append(o.revoked, token)
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(`{"error":"invalid_token","error_description":"invalid token"}`))
}
