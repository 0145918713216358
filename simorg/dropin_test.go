package simorg

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

// The tests of this file hold the org to what Salesforce answers the clients
// people point at it (the sf CLI, @salesforce/core, jsforce, nforce,
// simple-salesforce); each names the behaviour and where it is recorded.

// noRedirects is a client that reports a redirect instead of following it.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// do sends a GET with the session and headers, and returns the answer.
func (c *client) do(path string, header ...string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.session)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (c *client) getJSON(path string, v any, header ...string) *http.Response {
	c.t.Helper()
	resp, b := c.do(path, header...)
	if resp.StatusCode != 200 {
		c.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		c.t.Fatalf("GET %s: not JSON: %v: %s", path, err, b)
	}
	return resp
}

// TestRepeatedSlashesAreServed: the sf CLI keeps the instance URL with a
// trailing slash and sends //services/data/…; Salesforce serves such paths
// as the path with single slashes (forcedotcom/sfdx-core#1310,
// jsforce/jsforce#1525), with no redirect, on the org and through the
// login host's router alike.
func TestRepeatedSlashesAreServed(t *testing.T) {
	t.Parallel()
	u := integrationUser("slashes")
	o := New("Acme", u)
	srv, err := Serve("127.0.0.1:0", false, NewRouter(New("Other", integrationUser("other")), o))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for _, base := range []string{startOrg(t, o), srv.URL} {
		c := soapLogin(t, base, u.Username, u.Password+u.Token)
		for _, tc := range []struct{ path, want string }{
			{"//services/data/v64.0/limits", `"DailyApiRequests"`},
			{"//services/data/v64.0/query?q=SELECT+Id+FROM+User", `"totalSize":1`},
			{"/services//data///v64.0//sobjects/User/describe", `"name":"Username"`},
			{"//services/data/", `"version":"64.0"`},
			{"//services/oauth2/userinfo", `"preferred_username"`},
		} {
			resp, got := c.do(tc.path)
			if resp.StatusCode != 200 || !strings.Contains(string(got), tc.want) {
				t.Errorf("%s GET %s: %d %s, want 200 with %s", base, tc.path, resp.StatusCode, got, tc.want)
			}
		}
	}
	// A login through the router with a doubled slash reaches the user's org.
	form := url.Values{"grant_type": {"password"}, "client_id": {"nobody"}, "username": {u.Username}, "password": {"x"}}
	resp, err := http.PostForm(srv.URL+"//services/oauth2/token", form)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 400 || o.Attempts() != 3 {
		t.Errorf("token request on //services/oauth2/token: %d, attempts at the user's org %d, want 400 and 3 (two SOAP logins and this)", resp.StatusCode, o.Attempts())
	}
}

// TestNoPathIsARedirect: Salesforce answers no REST or login path with a
// redirect; Go's ServeMux would answer paths it cleans (repeated slashes,
// dot segments, a subtree without its slash) with one. Every spelling of
// every route, and odd ones, must get a non-3xx answer.
func TestNoPathIsARedirect(t *testing.T) {
	t.Parallel()
	u := integrationUser("noredirect")
	o := New("Acme", u)
	srv, err := Serve("127.0.0.1:0", false, NewRouter(o))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for _, base := range []string{startOrg(t, o), srv.URL} {
		c := soapLogin(t, base, u.Username, u.Password+u.Token)
		paths := []string{
			"/services", "/services/Soap/u", "/services/Soap", "/services/data/v64.0/sobjects/User",
			"/id", "/id/" + o.ID, "/services/oauth2", "/", "//", "///services", "/services/data/v64.0/query/",
			"/services/data/v64.0/query/01gXXXXXXXXXXXXAAQ-2000/",
		}
		for _, p := range []string{
			"/services/data/", "/services/data/v64.0/", "/services/data/v64.0/limits/", "/services/data/v64.0/sobjects/",
			"/services/data/v64.0/sobjects/User/describe/", "/services/data/v64.0/sobjects/User/" + c.userID + "/",
			"/services/data/v64.0/query/", "/services/data/v64.0/queryAll/", "/services/oauth2/userinfo/", "/id/" + o.ID + "/" + c.userID + "/",
		} {
			trimmed := strings.TrimSuffix(p, "/")
			paths = append(paths, p, trimmed, "/"+p, strings.ReplaceAll(p, "/", "//"), strings.Replace(p, "/", "/./", 2),
				strings.Replace(p, "/data/", "/data/../data/", 1), trimmed+"/.", strings.ToUpper(p))
		}
		for _, p := range paths {
			resp, got := c.do(p)
			if resp.StatusCode >= 300 && resp.StatusCode < 400 {
				t.Errorf("%s GET %q: %d (Location %q) %s, want no redirect", base, p, resp.StatusCode, resp.Header.Get("Location"), got)
			}
		}
	}
}

// jwtOrg is an org whose app takes JWT assertions signed with the
// scenarios' key for u.
func jwtOrg(t *testing.T, sandbox bool) (*Org, *User, string) {
	t.Helper()
	u := integrationUser("jwt")
	o := New("Acme", u)
	o.Sandbox = sandbox
	o.Apps[appKey] = integrationApp(u)
	return o, u, startOrg(t, o)
}

// TestJWTExpiryIsLenientAsSalesforce: Salesforce takes an assertion whose
// exp lies far ahead: @salesforce/core 9 signs exp as Date.now() + 300
// (milliseconds where seconds belong; AuthInfo's JWT flow, which `sf org
// login jwt` uses), and that is the CI login that works against every org.
// It still refuses an assertion that has expired, has no exp, is signed
// with another key, or names another audience or an unknown subject
// (Help remoteaccess_oauth_jwt_flow.htm; docs/salesforce.md §4.1, §10).
func TestJWTExpiryIsLenientAsSalesforce(t *testing.T) {
	t.Parallel()
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, tc := range []struct {
		name     string
		claims   func(u *User) jwt.MapClaims
		key      *rsa.PrivateKey
		wantCode string
	}{
		{"core_exp_in_milliseconds", func(u *User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": u.Username, "aud": "https://login.salesforce.com", "exp": now.UnixMilli() + 300}
		}, nil, ""},
		{"exp_in_three_minutes", func(u *User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": u.Username, "aud": "https://login.salesforce.com", "exp": now.Add(3 * time.Minute).Unix()}
		}, nil, ""},
		{"exp_a_day_ahead", func(u *User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": u.Username, "aud": "https://login.salesforce.com", "exp": now.Add(24 * time.Hour).Unix()}
		}, nil, ""},
		{"expired", func(u *User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": u.Username, "aud": "https://login.salesforce.com", "exp": now.Add(-time.Minute).Unix()}
		}, nil, "invalid_grant"},
		{"no_exp", func(u *User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": u.Username, "aud": "https://login.salesforce.com"}
		}, nil, "invalid_grant"},
		{"signed_with_another_key", func(u *User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": u.Username, "aud": "https://login.salesforce.com", "exp": now.UnixMilli() + 300}
		}, other, "invalid_grant"},
		{"wrong_audience", func(u *User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": u.Username, "aud": "https://test.salesforce.com", "exp": now.UnixMilli() + 300}
		}, nil, "invalid_grant"},
		{"unknown_subject", func(*User) jwt.MapClaims {
			return jwt.MapClaims{"iss": appKey, "sub": "nobody@acme.example.com", "aud": "https://login.salesforce.com", "exp": now.UnixMilli() + 300}
		}, nil, "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, u, base := jwtOrg(t, false)
			key := tc.key
			if key == nil {
				key = jwtKey()
			}
			assertion, err := jwt.NewWithClaims(jwt.SigningMethodRS256, tc.claims(u)).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.PostForm(base+"/services/oauth2/token", url.Values{
				"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion},
			})
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got struct {
				Error       string `json:"error"`
				AccessToken string `json:"access_token"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if got.Error != tc.wantCode || (tc.wantCode == "") != (got.AccessToken != "") {
				t.Errorf("error %q (token issued: %v), want %q", got.Error, got.AccessToken != "", tc.wantCode)
			}
			if o.Attempts() != 1 {
				t.Errorf("attempts %d, want 1", o.Attempts())
			}
		})
	}
}

// TestColumnMetadata: GET …/query?q=…&columns=true answers the select list's
// columns instead of records; `sf data query` asks for it after every query
// with results and reads columnName, joinColumns, aggregate and displayName
// (@salesforce/plugin-data, retrieveColumns). Names come back as the object
// spells them.
func TestColumnMetadata(t *testing.T) {
	t.Parallel()
	u := integrationUser("columns")
	c := soapLogin(t, startOrg(t, New("Acme", u)), u.Username, u.Password+u.Token)
	var got struct {
		ColumnMetadata []struct {
			ColumnName  string `json:"columnName"`
			DisplayName string `json:"displayName"`
			Aggregate   bool   `json:"aggregate"`
			JoinColumns []any  `json:"joinColumns"`
			ApexType    string `json:"apexType"`
		} `json:"columnMetadata"`
		EntityName string `json:"entityName"`
		IDSelected bool   `json:"idSelected"`
		KeyPrefix  string `json:"keyPrefix"`
		Records    []any  `json:"records"`
	}
	c.getJSON("/services/data/v64.0/query?columns=true&q="+url.QueryEscape("select id, username, isactive from user"), &got)
	var names []string
	for _, col := range got.ColumnMetadata {
		names = append(names, col.ColumnName+" "+col.DisplayName+" "+col.ApexType+fmt.Sprint(" ", col.Aggregate, len(col.JoinColumns)))
		if col.JoinColumns == nil {
			t.Errorf("column %s: joinColumns missing, the CLI reads it as an array", col.ColumnName)
		}
	}
	want := []string{"Id Id Id false 0", "Username Username String false 0", "IsActive IsActive Boolean false 0"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("columns (-want, +got):\n%s", diff)
	}
	if got.EntityName != "User" || !got.IDSelected || got.KeyPrefix != "005" || got.Records != nil {
		t.Errorf("entity %q idSelected %v keyPrefix %q records %v", got.EntityName, got.IDSelected, got.KeyPrefix, got.Records)
	}
	resp, body := c.do("/services/data/v64.0/query?columns=true&q=" + url.QueryEscape("SELECT Bogus FROM User"))
	if resp.StatusCode != 400 || restErrorCode(t, body) != "INVALID_FIELD" {
		t.Errorf("columns of an unknown field: %d %s", resp.StatusCode, body)
	}
}

// TestOrganization: the Organization object answers @salesforce/core's
// query after every login (SELECT Name, InstanceName, IsSandbox,
// TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization)
// and simple-salesforce's is_sandbox(), by query, by id and by describe,
// with the org's own values (Object Reference, Organization).
func TestOrganization(t *testing.T) {
	t.Parallel()
	for _, sandbox := range []bool{false, true} {
		u := integrationUser("organization")
		o := New("Acme Corp", u)
		o.Sandbox = sandbox
		c := soapLogin(t, startOrg(t, o), u.Username, u.Password+u.Token)
		var res struct {
			TotalSize int              `json:"totalSize"`
			Records   []map[string]any `json:"records"`
		}
		c.getJSON("/services/data/v64.0/query?q="+url.QueryEscape("SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization"), &res)
		if res.TotalSize != 1 || len(res.Records) != 1 {
			t.Fatalf("sandbox %v: %d Organization records", sandbox, res.TotalSize)
		}
		rec := res.Records[0]
		delete(rec, "attributes")
		want := map[string]any{
			"Name": "Acme Corp", "InstanceName": o.instanceName(), "IsSandbox": sandbox,
			"TrialExpirationDate": nil, "NamespacePrefix": nil, "OrganizationType": "Developer Edition",
		}
		if diff := cmp.Diff(want, rec); diff != "" {
			t.Errorf("sandbox %v (-want, +got):\n%s", sandbox, diff)
		}
		var byID map[string]any
		c.getJSON("/services/data/v64.0/sobjects/Organization/"+o.id15(), &byID)
		if byID["Id"] != o.ID || byID["IsSandbox"] != sandbox {
			t.Errorf("sobjects/Organization/{id}: %v", byID)
		}
		var describe struct {
			Name, KeyPrefix string
			Fields          []struct{ Name, Type string }
		}
		c.getJSON("/services/data/v64.0/sobjects/Organization/describe", &describe)
		if describe.Name != "Organization" || describe.KeyPrefix != "00D" || len(describe.Fields) < 6 {
			t.Errorf("describe: %+v", describe)
		}
	}
}

// TestLimitInfoHeader: every REST answer carries "Sforce-Limit-Info:
// api-usage=used/max" of the daily API requests, but the versions list,
// which does not count (REST API Developer Guide, "Limit Info Header"); its
// numbers are the ones /limits answers in DailyApiRequests at that call.
func TestLimitInfoHeader(t *testing.T) {
	t.Parallel()
	u := integrationUser("limitinfo")
	o := New("Acme", u)
	c := soapLogin(t, startOrg(t, o), u.Username, u.Password+u.Token)
	var limits struct {
		DailyAPIRequests struct{ Max, Remaining int } `json:"DailyApiRequests"`
	}
	resp := c.getJSON("/services/data/v64.0/limits", &limits)
	d := limits.DailyAPIRequests
	if want := fmt.Sprintf("api-usage=%d/%d", d.Max-d.Remaining, d.Max); resp.Header.Get("Sforce-Limit-Info") != want {
		t.Errorf("Sforce-Limit-Info %q, want %q (the /limits answer of the same call)", resp.Header.Get("Sforce-Limit-Info"), want)
	}
	for _, p := range []string{"/services/data/v64.0/", "/services/data/v64.0/query?q=SELECT+Id+FROM+User", "/services/data/v64.0/sobjects/", "/services/data/v64.0/query?q=SELECT+Bogus+FROM+User"} {
		resp, _ := c.do(p)
		if !regexp.MustCompile(`^api-usage=\d+/15000$`).MatchString(resp.Header.Get("Sforce-Limit-Info")) {
			t.Errorf("GET %s: Sforce-Limit-Info %q", p, resp.Header.Get("Sforce-Limit-Info"))
		}
	}
	before := d.Max - d.Remaining
	resp, _ = c.do("/services/data/v64.0/limits")
	if want := fmt.Sprintf("api-usage=%d/%d", before+5, d.Max); resp.Header.Get("Sforce-Limit-Info") != want {
		t.Errorf("after five more calls: %q, want %q", resp.Header.Get("Sforce-Limit-Info"), want)
	}
	if resp, _ := c.do("/services/data/"); resp.Header.Get("Sforce-Limit-Info") != "" {
		t.Errorf("the versions list carries Sforce-Limit-Info %q; it does not count", resp.Header.Get("Sforce-Limit-Info"))
	}
}

// TestSObjectNamesInAnyCase: Salesforce matches object names in any letter
// case, in URLs (REST API Developer Guide, list of REST resources: object
// and field names in a URI are not case-sensitive, ids are) and in SOQL,
// and answers with the object's own spelling (nforce lowercases every type
// it sends).
func TestSObjectNamesInAnyCase(t *testing.T) {
	t.Parallel()
	u := integrationUser("anycase")
	o := New("Acme", u)
	c := soapLogin(t, startOrg(t, o), u.Username, u.Password+u.Token)
	for _, p := range []string{
		"/services/data/v64.0/sobjects/user/" + c.userID, "/services/data/v64.0/sobjects/USER/" + c.userID,
		"/services/data/v64.0/sobjects/organization/" + o.ID,
	} {
		var rec struct{ Attributes struct{ Type string } }
		c.getJSON(p, &rec)
		if rec.Attributes.Type != "User" && rec.Attributes.Type != "Organization" {
			t.Errorf("GET %s: attributes.type %q, want the object's own spelling", p, rec.Attributes.Type)
		}
	}
	var describe struct{ Name string }
	c.getJSON("/services/data/v64.0/sobjects/loginhistory/describe", &describe)
	if describe.Name != "LoginHistory" {
		t.Errorf("describe of loginhistory: name %q", describe.Name)
	}
	for q, want := range map[string]string{"select id from user": "User", "SELECT Id FROM ORGANIZATION": "Organization", "select status from loginhistory": "LoginHistory"} {
		var res struct {
			Records []struct{ Attributes struct{ Type string } }
		}
		c.getJSON("/services/data/v64.0/query?q="+url.QueryEscape(q), &res)
		if len(res.Records) == 0 || res.Records[0].Attributes.Type != want {
			t.Errorf("%s: %+v, want records of %s", q, res.Records, want)
		}
	}
	resp, body := c.do("/services/data/v64.0/sobjects/usr/" + c.userID)
	if resp.StatusCode != 404 || restErrorCode(t, body) != "NOT_FOUND" {
		t.Errorf("unknown object: %d %s", resp.StatusCode, body)
	}
}

// TestQueryAll: GET …/queryAll?q=… answers as query does, plus deleted and
// archived records, of which the org has none (REST API Developer Guide,
// "QueryAll"); its batches page on …/queryAll/<locator>.
func TestQueryAll(t *testing.T) {
	t.Parallel()
	u := integrationUser("queryall")
	c := soapLogin(t, startOrg(t, New("Acme", u)), u.Username, u.Password+u.Token)
	var query, all map[string]any
	q := url.QueryEscape("SELECT Id, Username FROM User")
	c.getJSON("/services/data/v64.0/query?q="+q, &query)
	c.getJSON("/services/data/v64.0/queryAll/?q="+q, &all)
	if diff := cmp.Diff(query, all); diff != "" {
		t.Errorf("queryAll differs from query (-query, +queryAll):\n%s", diff)
	}
}

// TestOnlyListedVersionsAreServed: every version GET /services/data/ lists
// is served, and any other (v99.0, a retired v30.0, v64 without .0) is
// answered 404 NOT_FOUND in the REST error shape (REST API Developer Guide,
// "Status Codes and Error Responses").
func TestOnlyListedVersionsAreServed(t *testing.T) {
	t.Parallel()
	u := integrationUser("versions")
	o := New("Acme", u)
	c := soapLogin(t, startOrg(t, o), u.Username, u.Password+u.Token)
	var listed []struct{ URL string }
	c.getJSON("/services/data/", &listed)
	if len(listed) != 66-31+1 {
		t.Errorf("%d versions listed, want 31.0 to 66.0", len(listed))
	}
	for _, v := range listed {
		resp, body := c.do(v.URL + "/limits")
		if resp.StatusCode != 200 {
			t.Errorf("listed version %s: %d %s", v.URL, resp.StatusCode, body)
		}
	}
	for _, ver := range []string{"v99.0", "v67.0", "v30.0", "v64", "64.0", "v62.00", "v062.0", "vX"} {
		for _, rest := range []string{"", "/", "/limits", "/query?q=SELECT+Id+FROM+User", "/sobjects/User/describe"} {
			resp, body := c.do("/services/data/" + ver + rest)
			if resp.StatusCode != 404 || restErrorCode(t, body) != "NOT_FOUND" {
				t.Errorf("/services/data/%s%s: %d %s, want 404 NOT_FOUND", ver, rest, resp.StatusCode, body)
			}
		}
	}
}

// pageOf is one batch of a query answer.
type pageOf struct {
	TotalSize      int               `json:"totalSize"`
	Done           bool              `json:"done"`
	NextRecordsURL string            `json:"nextRecordsUrl"`
	Records        []json.RawMessage `json:"records"`
}

// TestQueryPaging: a query answers 2,000 records at most per batch, with
// done=false and nextRecordsUrl …/query/<locator>-<offset> for the next;
// "Sforce-Query-Options: batchSize=N" asks for N, held to 200–2,000 (REST
// API Developer Guide, "Query Options Header", "Execute a SOQL Query").
// totalSize is the whole result's in every batch.
func TestQueryPaging(t *testing.T) {
	t.Parallel()
	const extra = 4500
	for _, tc := range []struct {
		name    string
		header  []string
		batches []int
	}{
		{"default_2000", nil, []int{2000, 2000, 501}},
		{"batch_size_1000", []string{"Sforce-Query-Options", "batchSize=1000"}, []int{1000, 1000, 1000, 1000, 501}},
		{"below_minimum_is_200", []string{"Sforce-Query-Options", "batchSize=50"}, nil},
		{"above_maximum_is_2000", []string{"Sforce-Query-Options", "batchSize=5000"}, []int{2000, 2000, 501}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := integrationUser("paging")
			o := New("Acme", u)
			c := soapLogin(t, startOrg(t, o), u.Username, u.Password+u.Token)
			rows := make([]LoginHistoryRow, extra)
			for i := range rows {
				rows[i] = LoginHistoryRow{ID: fmt.Sprintf("0Ya5g%013d", i), UserID: c.userID, LoginTime: time.Now().Add(-time.Duration(i+1) * time.Minute), Status: StatusSuccess}
			}
			o.AddHistory(rows...)
			path := "/services/data/v64.0/query?q=" + url.QueryEscape("SELECT Id, Status FROM LoginHistory")
			var sizes []int
			seen := map[string]bool{}
			for range 30 {
				var p pageOf
				c.getJSON(path, &p, tc.header...)
				if p.TotalSize != extra+1 {
					t.Errorf("totalSize %d, want %d in every batch", p.TotalSize, extra+1)
				}
				sizes = append(sizes, len(p.Records))
				for _, r := range p.Records {
					seen[string(r)] = true
				}
				if p.Done != (p.NextRecordsURL == "") {
					t.Fatalf("done %v with nextRecordsUrl %q", p.Done, p.NextRecordsURL)
				}
				if p.Done {
					break
				}
				if !regexp.MustCompile(`^/services/data/v64\.0/query/01g\w{15}-\d+$`).MatchString(p.NextRecordsURL) {
					t.Fatalf("nextRecordsUrl %q", p.NextRecordsURL)
				}
				path = p.NextRecordsURL
			}
			want := tc.batches
			if want == nil {
				want = make([]int, 22)
				for i := range want {
					want[i] = 200
				}
				want = append(want, 101)
			}
			if diff := cmp.Diff(want, sizes); diff != "" {
				t.Errorf("batch sizes (-want, +got):\n%s", diff)
			}
			if len(seen) != extra+1 {
				t.Errorf("%d distinct records over all batches, want %d", len(seen), extra+1)
			}
			// A used-up locator is gone.
			resp, body := c.do(path)
			if resp.StatusCode != 400 || restErrorCode(t, body) != "INVALID_QUERY_LOCATOR" {
				t.Errorf("used-up locator: %d %s", resp.StatusCode, body)
			}
		})
	}
}

// TestQueryLocatorsBelongToTheirUser: a locator is refused to another user,
// and a user keeps at most ten open: the eleventh releases the oldest (SOAP
// API Developer Guide, queryMore()).
func TestQueryLocatorsBelongToTheirUser(t *testing.T) {
	t.Parallel()
	a, b := integrationUser("alpha"), integrationUser("bravo")
	o := New("Acme", a, b)
	base := startOrg(t, o)
	ca := soapLogin(t, base, a.Username, a.Password+a.Token)
	cb := soapLogin(t, base, b.Username, b.Password+b.Token)
	var rows []LoginHistoryRow
	for i := range 2100 {
		rows = append(rows, LoginHistoryRow{ID: fmt.Sprintf("0Ya5g%013d", i), UserID: ca.userID, LoginTime: time.Now(), Status: StatusSuccess})
	}
	o.AddHistory(rows...)
	q := "/services/data/v64.0/query?q=" + url.QueryEscape("SELECT Id FROM LoginHistory")
	var next []string
	for range 11 {
		var p pageOf
		ca.getJSON(q, &p)
		next = append(next, p.NextRecordsURL)
	}
	if resp, body := cb.do(next[10]); resp.StatusCode != 400 || restErrorCode(t, body) != "INVALID_QUERY_LOCATOR" {
		t.Errorf("another user's locator: %d %s", resp.StatusCode, body)
	}
	if resp, body := ca.do(next[0]); resp.StatusCode != 400 || restErrorCode(t, body) != "INVALID_QUERY_LOCATOR" {
		t.Errorf("the oldest of eleven locators: %d %s, want it released", resp.StatusCode, body)
	}
	if resp, body := ca.do(next[1]); resp.StatusCode != 200 {
		t.Errorf("the second of eleven locators: %d %s, want it open", resp.StatusCode, body)
	}
}

// FuzzNoRedirect: whatever the path, neither an org nor the router answers
// with a redirect, which Salesforce never sends (TestNoPathIsARedirect
// names the spellings that would get one from ServeMux).
func FuzzNoRedirect(f *testing.F) {
	for _, seed := range []string{
		"/services", "//services/data/v64.0/limits", "/services/./data", "/services/data/../data/v64.0/",
		"/services/Soap/u", "/id", "/a/b/../../services//", "/%2e%2e/services", "/services/data/v64.0/query/x-1/",
	} {
		f.Add(seed)
	}
	o := New("Acme", integrationUser("fuzz"))
	handlers := []http.Handler{o.Handler(), NewRouter(o)}
	f.Fuzz(func(t *testing.T, p string) {
		if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, " ?#\x00\r\n") {
			return
		}
		if _, err := url.ParseRequestURI(p); err != nil {
			return // no client sends it; http.Server answers 400 first
		}
		for _, h := range handlers {
			req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+p, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 300 && rec.Code < 400 {
				t.Errorf("GET %q: %d to %q", p, rec.Code, rec.Header().Get("Location"))
			}
		}
	})
}
