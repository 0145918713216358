package simorg

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Permissions are the system permissions of a user, as UserPermissionAccess
// reports them for the user's own session (docs/salesforce.md §11).
type Permissions struct {
	ViewSetup            bool
	ModifyAllData        bool
	ModifyMetadata       bool
	ManageUsers          bool
	APIUserOnly          bool
	PasswordNeverExpires bool
}

// The permission sets the scenarios use.
var (
	// AdminPermissions: a System Administrator used as an integration user.
	AdminPermissions = Permissions{ViewSetup: true, ModifyAllData: true, ModifyMetadata: true, ManageUsers: true}
	// PlainPermissions: a standard user with API Enabled and nothing else.
	PlainPermissions = Permissions{}
	// APIOnlyPermissions: a minimal integration user, API Only, whose
	// password never expires.
	APIOnlyPermissions = Permissions{APIUserOnly: true, PasswordNeverExpires: true}
)

// HoursOfDay is one day of a profile's Login Hours, in minutes after
// midnight (ProfileLoginHours: whole hours, Start not after End; Start = End
// means no login that day).
type HoursOfDay struct{ Start, End int }

// LoginHours are a profile's Login Hours by weekday; a day that is missing
// has no restriction. They carry no time zone (docs/salesforce.md §11).
type LoginHours map[time.Weekday]HoursOfDay

// profileID is the one profile every simulated user has.
const profileID = "00e5g000000AAAAAA2"

// Password policies (SecuritySettings.passwordPolicies.expiration) and the
// days each allows.
var expirationDays = map[string]int{
	"ThirtyDays": 30, "SixtyDays": 60, "NinetyDays": 90, "SixMonths": 180, "OneYear": 365, "Never": 0,
}

// passwordPolicy is the org's expiration policy, NinetyDays by default.
func (o *Org) passwordPolicy() string {
	if o.PasswordExpiration == "" {
		return "NinetyDays"
	}
	return o.PasswordExpiration
}

// passwordExpiration is User.PasswordExpirationDate as the org computes it:
// the last change plus the policy, nil when the password never expires (by
// the user's permission or the org's policy) or was never changed. That
// Salesforce writes null for a password that never expires is UNCERTAIN.
func (o *Org) passwordExpiration(u *User) any {
	days := expirationDays[o.passwordPolicy()]
	if u.Perms.PasswordNeverExpires || days == 0 || u.LastPasswordChange.IsZero() {
		return nil
	}
	return sfTime(u.LastPasswordChange.Add(time.Duration(days) * 24 * time.Hour))
}

// The UserPermissionAccess fields the org knows, in the order the describe
// lists them. An org without one of them (Org.UnknownPermissions: an older
// release) answers INVALID_FIELD to a query that names it.
func (o *Org) permissionRecord(u *User, version string) record {
	fields := []field{
		{"PermissionsApiEnabled", !u.APIDisabled},
		{"PermissionsApiUserOnly", u.Perms.APIUserOnly},
		{"PermissionsViewSetup", u.Perms.ViewSetup},
		{"PermissionsModifyAllData", u.Perms.ModifyAllData},
		{"PermissionsManageUsers", u.Perms.ManageUsers},
		{"PermissionsPasswordNeverExpires", u.Perms.PasswordNeverExpires},
		{"PermissionsModifyMetadata", u.Perms.ModifyMetadata},
		{"PermissionsViewAllData", u.Perms.ModifyAllData},
		{"PermissionsCustomizeApplication", u.Perms.ModifyAllData},
	}
	kept := fields[:0]
	for _, f := range fields {
		unknown := false
		for _, name := range o.UnknownPermissions {
			unknown = unknown || strings.EqualFold(name, f.Name)
		}
		if !unknown {
			kept = append(kept, f)
		}
	}
	return record{Type: "UserPermissionAccess", URL: "/services/data/v" + version + "/sobjects/UserPermissionAccess/" + u.ID, Fields: kept}
}

// permissionAccessVersion is the first API version with UserPermissionAccess.
const permissionAccessVersion = 41.0

func versionAtLeast(version string, v float64) bool {
	f, err := strconv.ParseFloat(version, 64)
	return err == nil && f >= v
}

// authSessionRecord is one AuthSession row: the session's own login. Only
// the user's own sessions are visible to a user without Manage Users
// (docs/salesforce.md §11). The SessionType and LoginType values are
// UNCERTAIN: the picklists are documented, which value an API login gets is
// not.
func (o *Org) authSessionRecord(s, current *Session, version string) record {
	sessionType, loginType := "API", "Other Apex API"
	if s.OAuth {
		sessionType, loginType = "Oauth2", "Remote Access 2.0"
	}
	return record{
		Type: "AuthSession", URL: "/services/data/v" + version + "/sobjects/AuthSession/" + authSessionID(s),
		Fields: []field{
			{"Id", authSessionID(s)},
			{"UsersId", s.User.ID},
			{"CreatedDate", sfTime(s.Created)},
			{"LastModifiedDate", sfTime(s.Created)},
			{"NumSecondsValid", 7200},
			{"UserType", "Standard"},
			{"SourceIp", s.ClientIP.String()},
			{"LoginType", loginType},
			{"SessionType", sessionType},
			{"SessionSecurityLevel", "STANDARD"},
			{"LogoutUrl", nil},
			{"ParentId", nil},
			{"LoginHistoryId", o.loginHistoryID(s)},
			{"LoginGeoId", nil},
			{"IsCurrent", s == current},
		},
	}
}

// authSessionID is an AuthSession id (key prefix 0Ak) made from the session.
func authSessionID(s *Session) string {
	return "0Ak5g0000" + strings.ToUpper(s.ID[len(s.ID)-6:]) + "AAA"
}

// loginHistoryID is the LoginHistory row of the session's login: the user's
// successful row written at the session's login time.
func (o *Org) loginHistoryID(s *Session) any {
	for _, row := range o.History() {
		if row.UserID == s.User.ID && row.Status == StatusSuccess && !row.LoginTime.Before(s.LoginTime.Add(-time.Second)) && !row.LoginTime.After(s.LoginTime.Add(time.Second)) {
			return row.ID
		}
	}
	return nil
}

// orgPolicySchema is a record of UserPermissionAccess or AuthSession with
// every field the org knows.
func (o *Org) orgPolicySchema(so sobjectType, s *Session, version string) record {
	if so.name == "UserPermissionAccess" {
		return o.permissionRecord(s.User, version)
	}
	return o.authSessionRecord(s, s, version)
}

// orgPolicyRows are the rows s may read: its own UserPermissionAccess
// record, and the AuthSession rows of its user's live sessions (a user
// without Manage Users sees only its own, docs/salesforce.md §11).
func (o *Org) orgPolicyRows(so sobjectType, s *Session, version string) []record {
	if so.name == "UserPermissionAccess" {
		return []record{o.permissionRecord(s.User, version)}
	}
	o.mu.Lock()
	var mine []*Session
	for _, other := range o.sessions {
		if other.User == s.User {
			mine = append(mine, other)
		}
	}
	o.mu.Unlock()
	rows := make([]record, 0, len(mine))
	for _, other := range mine {
		rows = append(rows, o.authSessionRecord(other, s, version))
	}
	return rows
}

// serveToolingProfile answers GET …/tooling/sobjects/Profile/{id}: the
// profile with its Metadata, whose loginIpRanges and loginHours OrgCheck
// reads the same way (docs/salesforce.md §11). Which permission it needs is
// UNCERTAIN; the org asks for View Setup and Configuration and answers 403
// INSUFFICIENT_ACCESS without it (the text is UNCERTAIN too).
func (o *Org) serveToolingProfile(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/tooling/sobjects/Profile/{id}")
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	id := r.PathValue("id")
	switch {
	case !s.User.Perms.ViewSetup:
		restError(w, 403, "INSUFFICIENT_ACCESS", "insufficient access rights on object id")
		return
	case len(id) < 15 || id[:15] != profileID[:15]:
		restError(w, 404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "+id)
		return
	}
	u := s.User
	ranges := make([]map[string]any, 0, len(u.ProfileRanges))
	for _, p := range u.ProfileRanges {
		start, end := bounds(p)
		ranges = append(ranges, map[string]any{"description": "Office", "endAddress": end.String(), "startAddress": start.String()})
	}
	var hours any
	if len(u.LoginHours) > 0 {
		h := map[string]any{}
		for day := time.Sunday; day <= time.Saturday; day++ {
			name := strings.ToLower(day.String())
			if d, ok := u.LoginHours[day]; ok {
				h[name+"Start"], h[name+"End"] = strconv.Itoa(d.Start), strconv.Itoa(d.End)
			} else {
				h[name+"Start"], h[name+"End"] = nil, nil
			}
		}
		hours = h
	}
	writeJSON(w, map[string]any{
		"attributes": map[string]string{"type": "Profile", "url": "/services/data/v" + version(r) + "/tooling/sobjects/Profile/" + profileID},
		"Id":         profileID,
		"Name":       "Integration Profile",
		"FullName":   "Integration Profile",
		"Metadata": map[string]any{
			"custom":        true,
			"description":   nil,
			"loginHours":    hours,
			"loginIpRanges": ranges,
			"userLicense":   "Salesforce",
		},
	})
}

// bounds are the first and last address of a prefix, as Login IP Ranges and
// trusted ranges write a range.
func bounds(p netip.Prefix) (netip.Addr, netip.Addr) {
	p = p.Masked()
	start := p.Addr()
	b := start.AsSlice()
	host := b
	bits := p.Bits()
	for i := range host {
		for j := 0; j < 8; j++ {
			if i*8+j >= bits {
				host[i] |= 0x80 >> j
			}
		}
	}
	end, _ := netip.AddrFromSlice(host)
	return start, end
}

// metadataNS is the Metadata API's namespace.
const metadataNS = "http://soap.sforce.com/2006/04/metadata"

// metadataRequest is the part of a Metadata API call the org reads.
type metadataRequest struct {
	Header struct {
		Session struct {
			ID string `xml:"http://soap.sforce.com/2006/04/metadata sessionId"`
		} `xml:"http://soap.sforce.com/2006/04/metadata SessionHeader"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Header"`
	Body struct {
		ReadMetadata *struct {
			Type      string   `xml:"http://soap.sforce.com/2006/04/metadata type"`
			FullNames []string `xml:"http://soap.sforce.com/2006/04/metadata fullNames"`
		} `xml:"http://soap.sforce.com/2006/04/metadata readMetadata"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

// metadataFault answers a Metadata API fault: HTTP 500, the faultcode with
// the sf: prefix of the metadata namespace, "CODE: message", no detail
// (fixture metadata-fault-insufficient-access.xml).
func metadataFault(w http.ResponseWriter, code, msg string) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` + "\n" +
		`xmlns:sf="` + metadataNS + `">` + "\n" + `<soapenv:Body><soapenv:Fault><faultcode>sf:`)
	b.WriteString(xmlText(code))
	b.WriteString("</faultcode>\n<faultstring>")
	b.WriteString(xmlText(code + ": " + msg))
	b.WriteString("</faultstring>\n</soapenv:Fault></soapenv:Body>\n</soapenv:Envelope>")
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(b.String()))
}

// msgMetadataAccess is the 2026 wording of the Metadata API's refusal
// (docs/salesforce.md §11; the recorded fixture has the older "…the
// ModifyAllData permission").
const msgMetadataAccess = "use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions"

// securitySettingsXML writes the org's SecuritySettings record: its trusted
// IP ranges, password policy and session settings, in the elements of the
// Metadata API reference (docs/salesforce.md §11).
func (o *Org) securitySettingsXML(u *User) string {
	var b strings.Builder
	b.WriteString(`<records xsi:type="SecuritySettings"><fullName>Security</fullName><networkAccess>`)
	for _, p := range o.TrustedRanges {
		start, end := bounds(p)
		fmt.Fprintf(&b, "<ipRanges><description>%s</description><end>%s</end><start>%s</start></ipRanges>",
			xmlText("Trusted network"), end, start)
	}
	b.WriteString(`</networkAccess><passwordPolicies>`)
	fmt.Fprintf(&b, "<complexity>AlphaNumeric</complexity><expiration>%s</expiration><historyRestriction>3</historyRestriction>"+
		"<lockoutInterval>FifteenMinutes</lockoutInterval><maxLoginAttempts>TenAttempts</maxLoginAttempts>"+
		"<minimumPasswordLength>8</minimumPasswordLength><obscureSecretAnswer>false</obscureSecretAnswer>",
		xmlText(o.passwordPolicy()))
	b.WriteString(`</passwordPolicies><sessionSettings>`)
	fmt.Fprintf(&b, "<enforceIpRangesEveryRequest>%t</enforceIpRangesEveryRequest><lockSessionsToIp>false</lockSessionsToIp>"+
		"<sessionTimeout>TwoHours</sessionTimeout>", u.EnforceIPEveryRequest)
	b.WriteString(`</sessionSettings></records>`)
	return b.String()
}

// serveMetadata answers POST /services/Soap/m/{version}[/{orgId}]: only
// readMetadata, of SecuritySettings. Without Modify All Data or Modify
// Metadata the answer is the recorded INSUFFICIENT_ACCESS fault, in its
// 2026 wording; each call counts against the daily API requests.
func (o *Org) serveMetadata(w http.ResponseWriter, r *http.Request) {
	o.count("POST /services/Soap/m/{version} readMetadata")
	var req metadataRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil || xml.Unmarshal(body, &req) != nil {
		metadataFault(w, "INVALID_XML", "unable to parse the request envelope")
		return
	}
	o.mu.Lock()
	s := o.sessions[strings.TrimSpace(req.Header.Session.ID)]
	code, msg := "", ""
	switch {
	case s == nil:
		code, msg = "INVALID_SESSION_ID", msgInvalidSession
	case s.User.APIDisabled:
		code, msg = "API_DISABLED_FOR_ORG", "API is not enabled for this Organization or Partner"
	case o.DailyAPIRemaining <= 0:
		code, msg = "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."
	case !s.User.Perms.ModifyAllData && !s.User.Perms.ModifyMetadata:
		o.DailyAPIRemaining--
		code, msg = "INSUFFICIENT_ACCESS", msgMetadataAccess
	default:
		o.DailyAPIRemaining--
	}
	o.mu.Unlock()
	if code != "" {
		metadataFault(w, code, msg)
		return
	}
	rm := req.Body.ReadMetadata
	if rm == nil {
		metadataFault(w, "INVALID_OPERATION", "operation not supported by the simulated org")
		return
	}
	var records strings.Builder
	for _, name := range rm.FullNames {
		switch {
		case rm.Type == "SecuritySettings" && name == "Security":
			records.WriteString(o.securitySettingsXML(s.User))
		default:
			// A component that does not exist comes back as a record
			// with its fullName only (docs/salesforce.md §11).
			records.WriteString("<records><fullName>" + xmlText(name) + "</fullName></records>")
		}
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="` +
		metadataNS + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><readMetadataResponse><result>` +
		records.String() + `</result></readMetadataResponse></soapenv:Body></soapenv:Envelope>`))
}

// xmlText escapes s for an XML element.
func xmlText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
