package simorg

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// Router serves several orgs on one login host, one user per scenario, and
// sends each request to the org it belongs to the way Salesforce routes a
// login on login.salesforce.com to the user's org: by the username of a
// login, and afterwards by the session it issued. Every URL an org hands out
// is therefore on the router's own scheme and host, with no path before
// /services/, as a My Domain login answers.
//
// A request that names no known user or session goes to the first org, which
// answers it as Salesforce answers a stranger (INVALID_LOGIN, 401
// INVALID_SESSION_ID). Cases that change the whole org, or whose login names
// no user (client credentials, refresh token), need a host of their own.
type Router struct {
	orgs     []*Org
	handlers []http.Handler
	serve    http.Handler
}

// NewRouter returns a router over orgs; the first answers strangers.
func NewRouter(orgs ...*Org) *Router {
	r := &Router{orgs: orgs}
	for _, o := range orgs {
		r.handlers = append(r.handlers, o.Handler())
	}
	// The router reads the path to pick the org, so it reads it as the
	// orgs will: repeated slashes collapsed.
	r.serve = salesforcePaths(http.HandlerFunc(r.route))
	return r
}

// maxRoutedBody bounds what the router reads to find the username; SOAP
// login() requests are limited to 10 KB by Salesforce (login() page).
const maxRoutedBody = 1 << 20

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt.serve.ServeHTTP(w, r)
}

// route sends a request with a collapsed path to its org.
func (rt *Router) route(w http.ResponseWriter, r *http.Request) {
	if len(rt.orgs) == 0 {
		notFound(w, r)
		return
	}
	var body []byte
	if r.Method == http.MethodPost && r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, maxRoutedBody))
		if err != nil {
			restError(w, http.StatusBadRequest, "INVALID_REQUEST", "unreadable request body")
			return
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	rt.handlers[rt.pick(r, body)].ServeHTTP(w, r)
}

// pick returns the index of the org a request belongs to.
func (rt *Router) pick(r *http.Request, body []byte) int {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return rt.bySession(strings.TrimSpace(tok))
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/services/Soap/m/"):
		var env metadataRequest
		if xml.Unmarshal(body, &env) != nil {
			return 0
		}
		return rt.bySession(env.Header.Session.ID)
	case strings.HasPrefix(r.URL.Path, "/services/Soap/"):
		var env soapRequest
		if xml.Unmarshal(body, &env) != nil {
			return 0
		}
		if env.Body.Login != nil {
			return rt.byUser(env.Body.Login.Username)
		}
		return rt.bySession(env.Header.Session.ID)
	case r.URL.Path == "/services/oauth2/token":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return 0
		}
		switch form.Get("grant_type") {
		case "password":
			return rt.byUser(form.Get("username"))
		case "urn:ietf:params:oauth:grant-type:jwt-bearer":
			// The org verifies the assertion; the router only reads whom it
			// names, as Salesforce must before it knows which certificate
			// to check it with.
			var claims jwt.MapClaims
			if _, _, err := jwt.NewParser().ParseUnverified(form.Get("assertion"), &claims); err != nil {
				return 0
			}
			sub, _ := claims.GetSubject()
			return rt.byUser(sub)
		}
	case r.URL.Path == "/services/oauth2/revoke":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return 0
		}
		tok := form.Get("token")
		if tok == "" {
			tok = r.URL.Query().Get("token")
		}
		if tok != "" {
			for i, o := range rt.orgs {
				if o.hasRefreshToken(tok) {
					return i
				}
			}
			return rt.bySession(tok)
		}
	}
	return 0
}

func (rt *Router) byUser(username string) int {
	for i, o := range rt.orgs {
		if o.User(username) != nil {
			return i
		}
	}
	return 0
}

func (rt *Router) bySession(id string) int {
	if id == "" {
		return 0
	}
	for i, o := range rt.orgs {
		if o.HasSession(id) {
			return i
		}
	}
	return 0
}
