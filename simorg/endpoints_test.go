package simorg

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// client is a test client of one org host: it logs in with SOAP and calls
// what real clients call next, with the session as bearer token.
type client struct {
	t       *testing.T
	base    string
	session string
	userID  string
	server  string
}

var (
	serverURLRE = regexp.MustCompile(`<serverUrl>([^<]+)</serverUrl>`)
	sessionRE   = regexp.MustCompile(`<sessionId>([^<]+)</sessionId>`)
	userIDRE    = regexp.MustCompile(`<userId>([^<]+)</userId>`)
)

func soapLogin(t *testing.T, base, username, password string) *client {
	t.Helper()
	body := `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><n1:login xmlns:n1="urn:partner.soap.sforce.com"><n1:username>` +
		username + `</n1:username><n1:password>` + password + `</n1:password></n1:login></env:Body></env:Envelope>`
	status, got := post(t, base+"/services/Soap/u/64.0", body, false)
	if status != 200 {
		t.Fatalf("login of %s: status %d: %s", username, status, got)
	}
	c := &client{t: t, base: base}
	c.server = serverURLRE.FindStringSubmatch(string(got))[1]
	c.session = sessionRE.FindStringSubmatch(string(got))[1]
	c.userID = userIDRE.FindStringSubmatch(string(got))[1]
	return c
}

func (c *client) get(path string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.session)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (c *client) soap(op string) (int, []byte) {
	c.t.Helper()
	body := `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><env:Header><urn:SessionHeader><urn:sessionId>` +
		c.session + `</urn:sessionId></urn:SessionHeader></env:Header><env:Body><urn:` + op + `/></env:Body></env:Envelope>`
	return post(c.t, c.server, body, false)
}

// orderedKeys lists a JSON object's keys in document order.
func orderedKeys(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %s", b)
	}
	var out []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// restErrorCode reads a REST error array and returns its one errorCode.
func restErrorCode(t *testing.T, b []byte) string {
	t.Helper()
	var arr []struct {
		Message   string `json:"message"`
		ErrorCode string `json:"errorCode"`
	}
	if err := json.Unmarshal(b, &arr); err != nil || len(arr) != 1 || arr[0].Message == "" {
		t.Errorf("not a REST error array: %s", b)
		return ""
	}
	return arr[0].ErrorCode
}

// TestRouterRoutesByUsername: one login host, two orgs; each login reaches
// its user's org, and every URL handed back is the login host's own, with
// nothing before /services/.
func TestRouterRoutesByUsername(t *testing.T) {
	t.Parallel()
	a := New("A", &User{Username: "a@acme.example.com", Password: "pa"})
	b := New("B", &User{Username: "b@acme.example.com", Password: "pb"})
	b.SOAPLoginDisabled = true
	srv, err := Serve("127.0.0.1:0", false, NewRouter(a, b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c := soapLogin(t, srv.URL, "a@acme.example.com", "pa")
	if !strings.HasPrefix(c.server, srv.URL+"/services/Soap/u/64.0/") {
		t.Errorf("serverUrl %s, want it on %s with nothing before /services/", c.server, srv.URL)
	}
	status, got := post(t, srv.URL+"/services/Soap/u/64.0", `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><login xmlns="urn:partner.soap.sforce.com"><username>b@acme.example.com</username><password>pb</password></login></e:Body></e:Envelope>`, false)
	if status != 500 || !strings.Contains(string(got), "SOAP API login() is disabled") {
		t.Errorf("b's login reached the wrong org: %d %s", status, got)
	}
	if a.Attempts() != 1 || b.Attempts() != 1 {
		t.Errorf("attempts a=%d b=%d, want one each", a.Attempts(), b.Attempts())
	}
	if status, got := c.get("/services/data/v64.0/limits"); status != 200 {
		t.Errorf("a's session on the login host: %d %s", status, got)
	}
	if status, _ := c.soap("logout"); status != 200 || a.LiveSessions() != 0 {
		t.Errorf("logout through the router: status %d, live sessions %d", status, a.LiveSessions())
	}
}

// TestEndpointsAfterLogin calls what jsforce, simple-salesforce, simpleforce
// and go-salesforce call after a login, and holds each answer to
// Salesforce's shape.
func TestEndpointsAfterLogin(t *testing.T) {
	t.Parallel()
	u := integrationUser("endpoints")
	o := New("Acme Corp", u)
	base := startOrg(t, o)
	c := soapLogin(t, base, u.Username, u.Password+u.Token)

	t.Run("getUserInfo", func(t *testing.T) {
		status, got := c.soap("getUserInfo")
		if status != 200 {
			t.Fatalf("status %d: %s", status, got)
		}
		if diff := cmp.Diff(shape(t, fixture(t, "soap-getuserinfo-success-partner.xml")), shape(t, got)); diff != "" {
			t.Errorf("getUserInfo differs from the recording (-recorded, +simulated):\n%s", diff)
		}
	})
	t.Run("identity_with_15_char_org_id", func(t *testing.T) {
		status, got := c.get("/id/" + o.id15() + "/" + c.userID)
		if status != 200 || !strings.Contains(string(got), `"username":"`+u.Username+`"`) {
			t.Errorf("identity: %d %s", status, got)
		}
	})
	t.Run("userinfo", func(t *testing.T) {
		status, got := c.get("/services/oauth2/userinfo")
		var doc map[string]any
		if status != 200 || json.Unmarshal(got, &doc) != nil {
			t.Fatalf("userinfo: %d %s", status, got)
		}
		if doc["user_id"] != c.userID || doc["preferred_username"] != u.Username || doc["organization_id"] != o.ID {
			t.Errorf("userinfo names another user: %s", got)
		}
		if sub, _ := doc["sub"].(string); !strings.HasSuffix(sub, "/id/"+o.ID+"/"+c.userID) {
			t.Errorf("sub = %q, want the identity URL", sub)
		}
	})
	t.Run("user_record_whole_and_by_fields", func(t *testing.T) {
		status, got := c.get("/services/data/v64.0/sobjects/User/" + c.userID)
		keys := orderedKeys(t, got)
		if status != 200 || len(keys) < 20 || keys[0] != "attributes" || keys[1] != "Id" {
			t.Errorf("whole record: %d keys %v", status, keys)
		}
		status, got = c.get("/services/data/v64.0/sobjects/User/" + c.userID + "?fields=email,Username")
		if diff := cmp.Diff([]string{"attributes", "Id", "Email", "Username"}, orderedKeys(t, got)); status != 200 || diff != "" {
			t.Errorf("?fields=email,Username: %d (-want, +got):\n%s", status, diff)
		}
		status, got = c.get("/services/data/v64.0/sobjects/User/" + c.userID + "?fields=NoSuchField")
		if status != 400 || restErrorCode(t, got) != "INVALID_FIELD" {
			t.Errorf("unknown field: %d %s", status, got)
		}
	})
	t.Run("query_honours_select_list", func(t *testing.T) {
		status, got := c.get("/services/data/v64.0/query?q=" + url.QueryEscape("SELECT Id, Username FROM User"))
		var res struct {
			TotalSize int               `json:"totalSize"`
			Records   []json.RawMessage `json:"records"`
		}
		if status != 200 || json.Unmarshal(got, &res) != nil || res.TotalSize != 1 || len(res.Records) != 1 {
			t.Fatalf("SELECT Id, Username FROM User: %d %s", status, got)
		}
		if diff := cmp.Diff([]string{"attributes", "Id", "Username"}, orderedKeys(t, res.Records[0])); diff != "" {
			t.Errorf("record keys (-want, +got):\n%s", diff)
		}
	})
	t.Run("own_login_history_without_user_filter", func(t *testing.T) {
		status, got := c.get("/services/data/v64.0/query/?q=" + url.QueryEscape("SELECT Status, LoginTime FROM LoginHistory ORDER BY LoginTime DESC LIMIT 5"))
		if status != 200 || !strings.Contains(string(got), `"Status":"Success"`) || !strings.Contains(string(got), `"totalSize":1`) {
			t.Errorf("own LoginHistory: %d %s", status, got)
		}
		q := "SELECT Id FROM LoginHistory WHERE UserId = '" + c.userID[:15] + "' AND LoginTime > 2999-01-01T00:00:00Z"
		status, got = c.get("/services/data/v64.0/query?q=" + url.QueryEscape(q))
		if status != 200 || !strings.Contains(string(got), `"totalSize":0`) {
			t.Errorf("LoginTime in the future: %d %s", status, got)
		}
		status, got = c.get("/services/data/v64.0/query?q=" + url.QueryEscape("SELECT COUNT() FROM LoginHistory WHERE UserId = '"+c.userID+"'"))
		if status != 200 || !strings.Contains(string(got), `"totalSize":1`) {
			t.Errorf("COUNT(): %d %s", status, got)
		}
	})
	t.Run("query_refusals", func(t *testing.T) {
		for q, want := range map[string]string{
			"SELECT Id, Bogus FROM User": "INVALID_FIELD",
			"SELECT Id FROM Account":     "INVALID_TYPE",
			"SELEKT Id FROM User":        "MALFORMED_QUERY",
		} {
			status, got := c.get("/services/data/v64.0/query?q=" + url.QueryEscape(q))
			if status != 400 || restErrorCode(t, got) != want {
				t.Errorf("%s: %d %s, want 400 %s", q, status, got, want)
			}
		}
	})
	t.Run("describe", func(t *testing.T) {
		status, got := c.get("/services/data/v64.0/sobjects/User/describe")
		if status != 200 || !strings.Contains(string(got), `"name":"Username"`) || !strings.Contains(string(got), `"keyPrefix":"005"`) {
			t.Errorf("describe User: %d %s", status, got)
		}
		status, got = c.get("/services/data/v64.0/sobjects/")
		if status != 200 || !strings.Contains(string(got), `"name":"LoginHistory"`) {
			t.Errorf("describe global: %d %s", status, got)
		}
	})
	t.Run("unknown_rest_path_is_a_json_error", func(t *testing.T) {
		for _, p := range []string{"/services/data/v64.0/nothing-here", "/services/data/v64.0/sobjects/Account/describe", "/services/apexrest/x"} {
			status, got := c.get(p)
			if status != 404 || restErrorCode(t, got) != "NOT_FOUND" {
				t.Errorf("%s: %d %s, want 404 and a REST error array", p, status, got)
			}
		}
	})
	t.Run("zz_logout_ends_the_session", func(t *testing.T) {
		if status, got := c.soap("logout"); status != 200 {
			t.Fatalf("logout: %d %s", status, got)
		}
		if status, got := c.get("/services/data/v64.0/limits"); status != 401 || restErrorCode(t, got) != "INVALID_SESSION_ID" {
			t.Errorf("after logout: %d %s", status, got)
		}
	})
}

// TestRetiredAPIVersion: login() in API 30.0 or lower is answered as a
// retired version and leaves "Failed: API Version Removed" in LoginHistory.
func TestRetiredAPIVersion(t *testing.T) {
	t.Parallel()
	u := &User{Username: "old@acme.example.com", Password: "pw"}
	o := New("Acme", u)
	base := startOrg(t, o)
	body := `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><login xmlns="urn:partner.soap.sforce.com"><username>old@acme.example.com</username><password>pw</password></login></e:Body></e:Envelope>`
	status, got := post(t, base+"/services/Soap/u/30.0", body, false)
	if status != 500 || !strings.Contains(string(got), "<faultcode>sf:UNSUPPORTED_API_VERSION</faultcode>") {
		t.Errorf("login() in 30.0: %d %s", status, got)
	}
	h := o.History()
	if len(h) != 1 || h[0].Status != StatusAPIVersionRemoved {
		t.Errorf("LoginHistory = %+v, want one %q row", h, StatusAPIVersionRemoved)
	}
}

// TestNoRedirects: the resource lists answer with and without the trailing
// slash, as Salesforce does; a redirect would not be followed by jsforce or
// by the check.
func TestNoRedirects(t *testing.T) {
	t.Parallel()
	u := integrationUser("redirects")
	base := startOrg(t, New("Acme", u))
	c := soapLogin(t, base, u.Username, u.Password+u.Token)
	for _, p := range []string{"/services/data", "/services/data/", "/services/data/v64.0", "/services/data/v64.0/"} {
		status, got := c.get(p)
		if status != 200 {
			t.Errorf("GET %s: %d %s, want 200", p, status, got)
		}
	}
	if status, got := c.get("/services/data/v64.0"); status == 200 && !strings.Contains(string(got), `"identity":"`+base+`/id/`) {
		t.Errorf("the resource list names no identity URL: %s", got)
	}
}

// TestRevokeThroughTheRouter: a token is revoked at the login host by POST
// or GET, and the router finds its org by the token.
func TestRevokeThroughTheRouter(t *testing.T) {
	t.Parallel()
	a := New("A", &User{Username: "a@acme.example.com", Password: "pa"})
	b := New("B", &User{Username: "b@acme.example.com", Password: "pb"})
	srv, err := Serve("127.0.0.1:0", false, NewRouter(a, b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	first := soapLogin(t, srv.URL, "b@acme.example.com", "pb")
	second := soapLogin(t, srv.URL, "b@acme.example.com", "pb")
	resp, err := http.PostForm(srv.URL+"/services/oauth2/revoke", url.Values{"token": {first.session}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || b.HasSession(first.session) {
		t.Errorf("POST revoke: status %d, session still live: %v", resp.StatusCode, b.HasSession(first.session))
	}
	resp, err = http.Get(srv.URL + "/services/oauth2/revoke?token=" + url.QueryEscape(second.session))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || b.LiveSessions() != 0 {
		t.Errorf("GET revoke: status %d, %d sessions live", resp.StatusCode, b.LiveSessions())
	}
}
