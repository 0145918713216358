package simorg

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// field is one field of a record, in the order Salesforce returns it.
type field struct {
	Name  string
	Value any
}

// record is an sObject as the REST API writes it: "attributes" first, then
// the fields in order.
type record struct {
	Type, URL string
	Fields    []field
}

// MarshalJSON keeps the field order, which encoding/json would sort away
// for a map.
func (r record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	attrs, err := json.Marshal(map[string]string{"type": r.Type, "url": r.URL})
	if err != nil {
		return nil, err //nolint:wrapcheck // strings always marshal
	}
	b.WriteString(`{"attributes":`)
	b.Write(attrs)
	for _, f := range r.Fields {
		k, _ := json.Marshal(f.Name)
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, err //nolint:wrapcheck // the values are strings, bools, numbers and nil
		}
		b.WriteByte(',')
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// pick returns the record with only the named fields, in the order named,
// and the first name the object has no field of ("" when all exist). Names
// are matched case-insensitively and written as the object spells them, as
// the REST API does.
func (r record) pick(names []string) (record, string) {
	out := record{Type: r.Type, URL: r.URL}
	for _, n := range names {
		found := false
		for _, f := range r.Fields {
			if strings.EqualFold(f.Name, n) {
				out.Fields = append(out.Fields, f)
				found = true
				break
			}
		}
		if !found {
			return record{}, n
		}
	}
	return out, ""
}

// get returns the value of a field (nil when absent).
func (r record) get(name string) any {
	for _, f := range r.Fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// userRecord is the User record of u: the standard fields a client reads
// after a login (names from the User object reference; values the org's
// own). The org reads o's fields, so the caller holds no lock it needs.
func (o *Org) userRecord(u *User, version string) record {
	first, last, _ := strings.Cut(u.FullName, " ")
	if last == "" {
		first, last = "", u.FullName
	}
	changed := any(nil)
	if !u.LastPasswordChange.IsZero() {
		changed = sfTime(u.LastPasswordChange)
	}
	alias := strings.ToLower(u.Username)
	if len(alias) > 8 {
		alias = alias[:8]
	}
	rec := record{
		Type: "User", URL: "/services/data/v" + version + "/sobjects/User/" + u.ID,
		Fields: []field{
			{"Id", u.ID},
			{"Username", u.Username},
			{"LastName", last},
			{"FirstName", nullable(first)},
			{"Name", u.FullName},
			{"CompanyName", nullable(o.Name)},
			{"Email", nullable(u.Email)},
			{"Alias", alias},
			{"CommunityNickname", strings.SplitN(u.Username, "@", 2)[0]},
			{"IsActive", !u.Inactive},
			{"TimeZoneSidKey", "America/Los_Angeles"},
			{"UserRoleId", nil},
			{"LocaleSidKey", "en_US"},
			{"ReceivesInfoEmails", false},
			{"EmailEncodingKey", "UTF-8"},
			{"ProfileId", profileID},
			{"UserType", "Standard"},
			{"LanguageLocaleKey", "en_US"},
			{"LastLoginDate", nil},
			{"LastPasswordChangeDate", changed},
			{"PasswordExpirationDate", o.passwordExpiration(u)},
			{"CreatedDate", "2024-01-15T09:30:00.000+0000"},
			{"LastModifiedDate", "2024-01-15T09:30:00.000+0000"},
			{"FederationIdentifier", nil},
			{"UserPermissionsMarketingUser", false},
		},
	}
	if u.HidePasswordExpiration {
		rec.Fields = slices.DeleteFunc(rec.Fields, func(f field) bool { return f.Name == "PasswordExpirationDate" })
	}
	return rec
}

// loginHistoryRecord is one LoginHistory row with the object's fields
// (docs/salesforce.md §8 lists them; the org fills what it knows).
func loginHistoryRecord(row LoginHistoryRow, version string) record {
	subType := nullable("")
	apiType := nullable("")
	switch row.LoginType {
	case "Other Apex API":
		subType, apiType = "SoapApiLogin", "SOAP Partner"
	case "Remote Access 2.0":
		subType = "OauthUsernamePassword"
	}
	return record{
		Type: "LoginHistory", URL: "/services/data/v" + version + "/sobjects/LoginHistory/" + row.ID,
		Fields: []field{
			{"Id", row.ID},
			{"UserId", row.UserID},
			{"LoginTime", sfTime(row.LoginTime)},
			{"LoginType", row.LoginType},
			{"LoginSubType", subType},
			{"SourceIp", row.SourceIP},
			{"LoginUrl", nil},
			{"AuthenticationServiceId", nil},
			{"LoginGeoId", nil},
			{"TlsProtocol", "TLS 1.3"},
			{"CipherSuite", "TLS_AES_256_GCM_SHA384"},
			{"OptionsIsGet", false},
			{"OptionsIsPost", true},
			{"Browser", "Unknown"},
			{"Platform", "Unknown"},
			{"Status", row.Status},
			{"Application", row.Application},
			{"ClientVersion", "N/A"},
			{"ApiType", apiType},
			{"ApiVersion", nil},
			{"CountryIso", nil},
			{"NetworkId", nil},
		},
	}
}
