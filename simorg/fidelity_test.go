package simorg

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

// shape lists an XML document's elements as "depth namespace local" lines,
// in order: the structure a client parses, without the values.
func shape(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out []string
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			out = append(out, strings.Repeat(" ", depth)+el.Name.Space+" "+el.Name.Local)
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

func post(t *testing.T, url, body string, chunked bool) (int, []byte) {
	t.Helper()
	var r io.Reader = strings.NewReader(body)
	if chunked {
		// An io.Reader of unknown length is sent with chunked encoding.
		r = io.MultiReader(strings.NewReader(body[:len(body)/2]), strings.NewReader(body[len(body)/2:]))
	}
	req, err := http.NewRequest(http.MethodPost, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/xml; charset=UTF-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	return fixtures.Salesforce(name)
}

func startOrg(t *testing.T, o *Org) string {
	t.Helper()
	srv, err := o.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv.URL
}

var betweenTags = regexp.MustCompile(`>\s+<`)

// TestSOAPFaultMatchesRecording: an INVALID_LOGIN fault is byte-for-byte the
// recorded Partner fault, but for the whitespace between elements.
func TestSOAPFaultMatchesRecording(t *testing.T) {
	t.Parallel()
	base := startOrg(t, New("Acme", &User{Username: "a@acme.example.com", Password: "right"}))
	login := `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><n1:login xmlns:n1="urn:partner.soap.sforce.com"><n1:username>a@acme.example.com</n1:username><n1:password>wrong</n1:password></n1:login></env:Body></env:Envelope>`
	status, got := post(t, base+"/services/Soap/u/64.0", login, false)
	if status != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500 as recorded", status)
	}
	norm := func(b []byte) string { return betweenTags.ReplaceAllString(strings.TrimSpace(string(b)), "><") }
	if diff := cmp.Diff(norm(fixture(t, "soap-fault-invalid-login-partner.xml")), norm(got)); diff != "" {
		t.Errorf("fault differs from the recording (-recorded, +simulated):\n%s", diff)
	}
}

// TestSOAPLoginMatchesRecording: a successful login() has the recorded
// structure, and is accepted with any prefixes, escaping and a chunked body.
func TestSOAPLoginMatchesRecording(t *testing.T) {
	t.Parallel()
	base := startOrg(t, New("Acme", &User{Username: "a&b@acme.example.com", Password: `p<w>"&'`, Token: "Tok3n"}))
	// The prefixes and header simple-salesforce sends, an escaped password
	// and a CDATA section: a real XML decoder must read them all.
	login := `<?xml version="1.0" encoding="utf-8" ?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">
  <soapenv:Header><urn:CallOptions><urn:client>x</urn:client></urn:CallOptions></soapenv:Header>
  <soapenv:Body><urn:login><urn:username>a&amp;b@acme.example.com</urn:username><urn:password>p&lt;w&gt;<![CDATA["&']]>Tok3n</urn:password></urn:login></soapenv:Body>
</soapenv:Envelope>`
	for _, chunked := range []bool{false, true} {
		status, got := post(t, base+"/services/Soap/u/64.0", login, chunked)
		if status != http.StatusOK {
			t.Fatalf("chunked=%v: status %d:\n%s", chunked, status, got)
		}
		if diff := cmp.Diff(shape(t, fixture(t, "soap-login-success-partner-soapforce.xml")), shape(t, got)); diff != "" {
			t.Errorf("chunked=%v: login result structure differs from the recording (-recorded, +simulated):\n%s", chunked, diff)
		}
	}
}

// TestSOAPLogoutMatchesRecording: logout() answers the recorded empty
// logoutResponse (in the Partner namespace, the recording is Enterprise), and
// a dead session the recorded INVALID_SESSION_ID fault.
func TestSOAPLogoutMatchesRecording(t *testing.T) {
	t.Parallel()
	o := New("Acme", &User{Username: "a@acme.example.com", Password: "pw", Token: "Tok"})
	o.TrustedRanges = loopback
	base := startOrg(t, o)
	_, body := post(t, base+"/services/Soap/u/64.0", `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><p:login xmlns:p="urn:partner.soap.sforce.com"><p:username>a@acme.example.com</p:username><p:password>pw</p:password></p:login></e:Body></e:Envelope>`, false)
	m := regexp.MustCompile(`<sessionId>([^<]+)</sessionId>`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no session in %s", body)
	}
	logout := `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:p="urn:partner.soap.sforce.com"><e:Header><p:SessionHeader><p:sessionId>` + string(m[1]) + `</p:sessionId></p:SessionHeader></e:Header><e:Body><p:logout/></e:Body></e:Envelope>`
	status, got := post(t, base+"/services/Soap/u/64.0/"+o.id15(), logout, false)
	want := strings.ReplaceAll(strings.Join(shape(t, fixture(t, "soap-logout-success-enterprise-live2017.xml")), "\n"), "urn:enterprise.soap.sforce.com", "urn:partner.soap.sforce.com")
	if status != http.StatusOK || strings.Join(shape(t, got), "\n") != want {
		t.Errorf("logout: status %d, body %s", status, got)
	}
	status, got = post(t, base+"/services/Soap/u/64.0/"+o.id15(), logout, false)
	if status != http.StatusInternalServerError || !bytes.Contains(got, []byte("<faultcode>sf:INVALID_SESSION_ID</faultcode>")) {
		t.Errorf("second logout: status %d, body %s; want the INVALID_SESSION_ID fault", status, got)
	}
	if o.LiveSessions() != 0 {
		t.Errorf("session still live after logout")
	}
}

func keys(t *testing.T, b []byte) []string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		var arr []map[string]any
		if err := json.Unmarshal(b, &arr); err != nil || len(arr) == 0 {
			t.Fatalf("not a JSON object or array: %s", b)
		}
		m = arr[0]
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOAuthAndRESTMatchRecordings: token answers, OAuth errors and REST
// errors carry the recorded keys.
func TestOAuthAndRESTMatchRecordings(t *testing.T) {
	t.Parallel()
	u := &User{Username: "a@acme.example.com", Password: "pw", Token: "Tok"}
	o := New("Acme", u)
	app := &App{Name: "App", ConsumerKey: "key", ConsumerSecret: "secret", ClientCredentialsFlow: true, RunAs: u.Username}
	o.Apps["key"] = app
	base := startOrg(t, o)
	form := func(body string) (int, []byte) {
		resp, err := http.Post(base+"/services/oauth2/token", "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	status, got := form("grant_type=client_credentials&client_id=key&client_secret=secret")
	want := append(keys(t, fixture(t, "oauth-token-success-password-docsample.json")), "scope", "token_type")
	sort.Strings(want)
	if diff := cmp.Diff(want, keys(t, got)); status != 200 || diff != "" {
		t.Errorf("token answer status %d keys (-recorded+token_type+scope, +simulated):\n%s", status, diff)
	}
	app.RunAs = ""
	status, got = form("grant_type=client_credentials&client_id=key&client_secret=secret")
	if status != 400 || !bytes.Equal(got, fixture(t, "oauth-token-error-no-client-credentials-user.json")) {
		t.Errorf("no run-as user: status %d body %s, want 400 and the recorded body", status, got)
	}
	resp, err := http.Get(base + "/services/data/v64.0/limits")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ = io.ReadAll(resp.Body)
	if resp.StatusCode != 401 || !bytes.Equal(got, fixture(t, "rest-error-invalid-session-id.json")) {
		t.Errorf("REST without a session: status %d body %s, want 401 and the recorded body", resp.StatusCode, got)
	}
	if o.Attempts() != 2 {
		t.Errorf("attempts = %d, want the 2 token requests", o.Attempts())
	}
}
