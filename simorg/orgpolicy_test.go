package simorg

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func readSecurity(session string) string {
	return `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:met="http://soap.sforce.com/2006/04/metadata">` +
		`<env:Header><met:SessionHeader><met:sessionId>` + session + `</met:sessionId></met:SessionHeader></env:Header>` +
		`<env:Body><met:readMetadata><met:type>SecuritySettings</met:type><met:fullNames>Security</met:fullNames></met:readMetadata></env:Body></env:Envelope>`
}

// TestMetadataFaultMatchesRecording: a user without Modify All Data or
// Modify Metadata is refused with the recorded Metadata API fault (HTTP 500,
// sf:INSUFFICIENT_ACCESS in the metadata namespace, no detail), worded as
// 2026 orgs word it; the recording is the same but for the older text and
// the whitespace between elements.
func TestMetadataFaultMatchesRecording(t *testing.T) {
	t.Parallel()
	base := startOrg(t, New("Acme", &User{Username: "a@acme.example.com", Password: "right"}))
	c := soapLogin(t, base, "a@acme.example.com", "right")
	status, got := post(t, base+"/services/Soap/m/64.0", readSecurity(c.session), false)
	if status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", status)
	}
	want := strings.Replace(string(fixture(t, "metadata-fault-insufficient-access.xml")),
		"requires a user with the ModifyAllData permission", "requires a user with the ModifyAllData or ModifyMetadata permissions", 1)
	if diff := cmp.Diff(betweenTags.ReplaceAllString(want, "><"), betweenTags.ReplaceAllString(string(got), "><")); diff != "" {
		t.Errorf("fault (-recorded, +simulated):\n%s", diff)
	}
}

// TestSecuritySettingsAnswer: an admin reads the org's trusted ranges,
// password policy and session settings in the documented elements.
func TestSecuritySettingsAnswer(t *testing.T) {
	t.Parallel()
	o := New("Acme", &User{Username: "a@acme.example.com", Password: "right", Perms: AdminPermissions})
	o.TrustedRanges = []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("2001:db8::/127")}
	o.PasswordExpiration = "OneYear"
	base := startOrg(t, o)
	c := soapLogin(t, base, "a@acme.example.com", "right")
	status, got := post(t, base+"/services/Soap/m/64.0/"+o.id15(), readSecurity(c.session), false)
	if status != 200 {
		t.Fatalf("status %d: %s", status, got)
	}
	for _, want := range []string{
		`<readMetadataResponse><result><records xsi:type="SecuritySettings"><fullName>Security</fullName>`,
		`<ipRanges><description>Trusted network</description><end>10.1.255.255</end><start>10.1.0.0</start></ipRanges>`,
		`<end>2001:db8::1</end><start>2001:db8::</start>`,
		`<expiration>OneYear</expiration>`,
		`<enforceIpRangesEveryRequest>false</enforceIpRangesEveryRequest>`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("answer lacks %s:\n%s", want, got)
		}
	}
}

// TestPermissionAccess: the describe lists the org's permission fields, a
// query of only those answers the user's own record, a field the org does
// not have is INVALID_FIELD, and before API 41.0 the object does not exist.
func TestPermissionAccess(t *testing.T) {
	t.Parallel()
	o := New("Acme", &User{Username: "a@acme.example.com", Password: "right", Perms: APIOnlyPermissions})
	o.UnknownPermissions = []string{"PermissionsModifyMetadata"}
	base := startOrg(t, o)
	c := soapLogin(t, base, "a@acme.example.com", "right")

	status, body := c.get("/services/data/v64.0/sobjects/UserPermissionAccess/describe")
	var d struct {
		Fields []struct{ Name, Type string }
	}
	if status != 200 || json.Unmarshal(body, &d) != nil {
		t.Fatalf("describe: %d %s", status, body)
	}
	for _, f := range d.Fields {
		if f.Name == "PermissionsModifyMetadata" || f.Type != "boolean" {
			t.Errorf("describe lists %s %s", f.Name, f.Type)
		}
	}
	q := func(v, soql string) (int, string) {
		s, b := c.get("/services/data/v" + v + "/query?q=" + url.QueryEscape(soql))
		return s, string(b)
	}
	if s, b := q("64.0", "SELECT PermissionsApiUserOnly, PermissionsPasswordNeverExpires, PermissionsViewSetup FROM UserPermissionAccess LIMIT 1"); s != 200 ||
		!strings.Contains(b, `"PermissionsApiUserOnly":true,"PermissionsPasswordNeverExpires":true,"PermissionsViewSetup":false`) {
		t.Errorf("query: %d %s", s, b)
	}
	if s, b := q("64.0", "SELECT PermissionsModifyMetadata FROM UserPermissionAccess LIMIT 1"); s != 400 || !strings.Contains(b, "INVALID_FIELD") {
		t.Errorf("unknown field: %d %s", s, b)
	}
	if s, b := q("40.0", "SELECT PermissionsViewSetup FROM UserPermissionAccess LIMIT 1"); s != 400 || !strings.Contains(b, "INVALID_TYPE") {
		t.Errorf("API 40.0 query: %d %s", s, b)
	}
	if s, _ := c.get("/services/data/v40.0/sobjects/UserPermissionAccess/describe"); s != 404 {
		t.Errorf("API 40.0 describe: %d, want 404", s)
	}
}

// TestAuthSessionAndPasswordExpiration: the current session's AuthSession
// row carries the login's address and LoginHistory row, and the User record
// its expiry date from the policy, or none for a password that never expires.
func TestAuthSessionAndPasswordExpiration(t *testing.T) {
	t.Parallel()
	changed := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	o := New("Acme",
		&User{Username: "a@acme.example.com", Password: "right", LastPasswordChange: changed},
		&User{Username: "b@acme.example.com", Password: "right", LastPasswordChange: changed, Perms: APIOnlyPermissions},
		&User{Username: "c@acme.example.com", Password: "right", LastPasswordChange: changed, HidePasswordExpiration: true})
	o.PasswordExpiration = "ThirtyDays"
	base := startOrg(t, o)
	c := soapLogin(t, base, "a@acme.example.com", "right")
	s, b := c.get("/services/data/v64.0/query?q=" + url.QueryEscape("SELECT Id, SourceIp, LoginHistoryId, IsCurrent FROM AuthSession WHERE IsCurrent = true ORDER BY CreatedDate DESC LIMIT 5"))
	if s != 200 || !strings.Contains(string(b), `"SourceIp":"127.0.0.1","LoginHistoryId":"0Ya`) || !strings.Contains(string(b), `"IsCurrent":true`) {
		t.Errorf("AuthSession: %d %s", s, b)
	}
	for user, want := range map[string]string{
		"a@acme.example.com": `"PasswordExpirationDate":"2026-12-01T09:00:00.000+0000"`,
		"b@acme.example.com": `"PasswordExpirationDate":null`,
		"c@acme.example.com": `INVALID_FIELD`,
	} {
		uc := soapLogin(t, base, user, "right")
		_, b := uc.get("/services/data/v64.0/query?q=" + url.QueryEscape("SELECT Id, PasswordExpirationDate FROM User WHERE Id = '"+uc.userID+"'"))
		if !strings.Contains(string(b), want) {
			t.Errorf("%s: %s, want %s", user, b, want)
		}
	}
}

// TestToolingProfile: with View Setup the profile's Login IP Ranges and
// Login Hours come back in the Metadata field; without it, 403
// INSUFFICIENT_ACCESS in the REST error shape.
func TestToolingProfile(t *testing.T) {
	t.Parallel()
	o := New("Acme",
		&User{Username: "a@acme.example.com", Password: "right", Perms: Permissions{ViewSetup: true},
			ProfileRanges: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, LoginHours: LoginHours{time.Monday: {Start: 420, End: 1140}}},
		&User{Username: "b@acme.example.com", Password: "right", ProfileRanges: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	base := startOrg(t, o)
	a := soapLogin(t, base, "a@acme.example.com", "right")
	s, b := a.get("/services/data/v64.0/tooling/sobjects/Profile/" + profileID)
	var p struct {
		Metadata struct {
			LoginIPRanges []map[string]string `json:"loginIpRanges"`
			LoginHours    map[string]*string  `json:"loginHours"`
		}
	}
	if s != 200 || json.Unmarshal(b, &p) != nil {
		t.Fatalf("profile: %d %s", s, b)
	}
	if diff := cmp.Diff([]map[string]string{{"description": "Office", "startAddress": "127.0.0.0", "endAddress": "127.255.255.255"}}, p.Metadata.LoginIPRanges); diff != "" {
		t.Errorf("loginIpRanges (-want, +got):\n%s", diff)
	}
	if m := p.Metadata.LoginHours; m["mondayStart"] == nil || *m["mondayStart"] != "420" || m["tuesdayStart"] != nil {
		t.Errorf("loginHours %s", b)
	}
	bc := soapLogin(t, base, "b@acme.example.com", "right")
	s, b = bc.get("/services/data/v64.0/tooling/sobjects/Profile/" + profileID)
	if s != 403 || !regexp.MustCompile(`^\[\{"message":"[^"]+","errorCode":"INSUFFICIENT_ACCESS"\}\]$`).Match(b) {
		t.Errorf("without View Setup: %d %s", s, b)
	}
}

// TestRouterSendsMetadataCallsBySession: on a shared login host a Metadata
// API call reaches the org whose session it carries (its SessionHeader is
// in the metadata namespace, not the Partner one).
func TestRouterSendsMetadataCallsBySession(t *testing.T) {
	t.Parallel()
	first := New("First", &User{Username: "a@first.example.com", Password: "right"})
	second := New("Second", &User{Username: "b@second.example.com", Password: "right", Perms: AdminPermissions})
	srv, err := Serve("127.0.0.1:0", false, NewRouter(first, second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c := soapLogin(t, srv.URL, "b@second.example.com", "right")
	status, got := post(t, srv.URL+"/services/Soap/m/64.0", readSecurity(c.session), false)
	if status != 200 || !strings.Contains(string(got), "<fullName>Security</fullName>") {
		t.Errorf("status %d: %s", status, got)
	}
	if n := second.Requests()["POST /services/Soap/m/{version} readMetadata"]; n != 1 {
		t.Errorf("the session's org saw %d readMetadata calls, want 1", n)
	}
}
