package probe

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The reads of the org-policy probe (docs/salesforce.md §11). Each method is
// exactly one request, so that the caller can hold the probe to its budget
// by counting calls.

// PermissionFields are the UserPermissionAccess fields the org-policy probe
// asks for, when the object's describe lists them.
var PermissionFields = []string{
	"PermissionsViewSetup",
	"PermissionsModifyAllData",
	"PermissionsModifyMetadata",
	"PermissionsApiUserOnly",
	"PermissionsPasswordNeverExpires",
}

// ErrNoPermissions says the UserPermissionAccess answer has no record.
var ErrNoPermissions = errors.New("the UserPermissionAccess query returned no record")

const pathPermissionDescribe = "/sobjects/UserPermissionAccess/describe"

// PermissionFieldsKnown describes UserPermissionAccess and returns those of
// PermissionFields the org knows, in that order: a query naming a field the
// org does not have fails whole with INVALID_FIELD.
func (c *Client) PermissionFieldsKnown(ctx context.Context) ([]string, error) {
	var d struct {
		Fields []struct {
			Name string `json:"name"`
		} `json:"fields"`
	}
	if _, err := c.get(ctx, pathPermissionDescribe, nil, &d); err != nil {
		return nil, err
	}
	var out []string
	for _, want := range PermissionFields {
		if slices.ContainsFunc(d.Fields, func(f struct {
			Name string `json:"name"`
		}) bool {
			return strings.EqualFold(f.Name, want)
		}) {
			out = append(out, want)
		}
	}
	return out, nil
}

// Permissions reads the session's own UserPermissionAccess record for the
// given fields (from PermissionFieldsKnown) and returns the value of each
// field it answered. A field answered with anything but a boolean is left
// out: unknown.
func (c *Client) Permissions(ctx context.Context, fields []string) (map[string]bool, error) {
	if len(fields) == 0 {
		return map[string]bool{}, nil
	}
	for _, f := range fields {
		if !slices.Contains(PermissionFields, f) {
			return nil, errors.New("not a permission field the probe knows: " + f)
		}
	}
	var ans struct {
		Records []map[string]json.RawMessage `json:"records"`
	}
	q := "SELECT " + strings.Join(fields, ", ") + " FROM UserPermissionAccess LIMIT 1"
	if _, err := c.get(ctx, pathQuery, url.Values{"q": {q}}, &ans); err != nil {
		return nil, err
	}
	if len(ans.Records) == 0 {
		return nil, ErrNoPermissions
	}
	out := map[string]bool{}
	for _, f := range fields {
		for k, v := range ans.Records[0] {
			var b bool
			if strings.EqualFold(k, f) && json.Unmarshal(v, &b) == nil {
				out[f] = b
			}
		}
	}
	return out, nil
}

// UserPolicy is what the user's own record says about its password and
// profile.
type UserPolicy struct {
	ProfileID string
	// LastPasswordChange is the zero time when no change is recorded.
	LastPasswordChange time.Time
	// PasswordExpiration is the zero time when the field was null or not
	// asked for.
	PasswordExpiration time.Time
}

// ErrUserNotFound says the User query found no record of the session's user.
var ErrUserNotFound = errors.New("the User query returned no record of the session's user")

// ErrUserDate says LastPasswordChangeDate or PasswordExpirationDate is not a date.
var ErrUserDate = errors.New("LastPasswordChangeDate or PasswordExpirationDate is not a date")

// UserPolicy reads the session user's profile id and password dates in one
// query; withExpiration adds PasswordExpirationDate, which an org may hide
// (400 INVALID_FIELD, which the caller answers by asking again without it).
func (c *Client) UserPolicy(ctx context.Context, withExpiration bool) (UserPolicy, error) {
	if !validID(c.userID) {
		return UserPolicy{}, ErrUserID
	}
	fields := "Id, ProfileId, LastPasswordChangeDate"
	if withExpiration {
		fields += ", PasswordExpirationDate"
	}
	var ans struct {
		Records []struct {
			ProfileID              string  `json:"ProfileId"`
			LastPasswordChangeDate *string `json:"LastPasswordChangeDate"`
			PasswordExpirationDate *string `json:"PasswordExpirationDate"`
		} `json:"records"`
	}
	q := "SELECT " + fields + " FROM User WHERE Id = '" + c.userID + "'"
	if _, err := c.get(ctx, pathQuery, url.Values{"q": {q}}, &ans); err != nil {
		return UserPolicy{}, err
	}
	if len(ans.Records) == 0 {
		return UserPolicy{}, ErrUserNotFound
	}
	rec := ans.Records[0]
	out := UserPolicy{ProfileID: strings.TrimSpace(rec.ProfileID)}
	if !validID(out.ProfileID) {
		out.ProfileID = ""
	}
	for _, d := range []struct {
		raw  *string
		into *time.Time
	}{{rec.LastPasswordChangeDate, &out.LastPasswordChange}, {rec.PasswordExpirationDate, &out.PasswordExpiration}} {
		if d.raw == nil || strings.TrimSpace(*d.raw) == "" {
			continue
		}
		t, ok := parseSFTime(strings.TrimSpace(*d.raw))
		if !ok {
			return UserPolicy{}, ErrUserDate
		}
		*d.into = t
	}
	return out, nil
}

// authSessionSOQL reads the session family's own login: the address
// Salesforce saw it come from (AuthSession, API 37.0+ for IsCurrent).
const authSessionSOQL = "SELECT Id, SourceIp, LoginHistoryId, LoginType, SessionType, CreatedDate FROM AuthSession " +
	"WHERE IsCurrent = true ORDER BY CreatedDate DESC LIMIT 5"

// SessionSourceIP reads the source address of the current session's login:
// the newest current AuthSession row with a SourceIp. "" when none has one.
func (c *Client) SessionSourceIP(ctx context.Context) (string, error) {
	var ans struct {
		Records []struct {
			SourceIP    string `json:"SourceIp"`
			CreatedDate string `json:"CreatedDate"`
		} `json:"records"`
	}
	resp, err := c.get(ctx, pathQuery, url.Values{"q": {authSessionSOQL}}, &ans)
	if err != nil {
		return "", err
	}
	best, bestAt := "", time.Time{}
	for _, r := range ans.Records {
		at, _ := parseSFTime(strings.TrimSpace(r.CreatedDate))
		if ip := resp.Keep(strings.TrimSpace(r.SourceIP), maxAddress); ip != "" && (best == "" || at.After(bestAt)) {
			best, bestAt = ip, at
		}
	}
	return best, nil
}

// Caps of the texts kept from the org-policy answers: an address (the
// longest IPv6 text is 45 characters) and a name or description.
const (
	maxAddress = 64
	maxName    = 80
)

// IPRange is one range as Salesforce writes it, not yet parsed, each text
// kept through transport.Response.Keep.
type IPRange struct {
	Start, End, Description string
}

// DayHours is one weekday of a profile's Login Hours, in minutes after
// midnight; Set is false for a day without a restriction.
type DayHours struct {
	Day        time.Weekday
	Start, End int
}

// Profile is a profile's Login IP Ranges and Login Hours.
type Profile struct {
	Name       string
	IPRanges   []IPRange
	LoginHours []DayHours
}

// ErrProfileHours says a Login Hours value is not a number of minutes in a day.
var ErrProfileHours = errors.New("a Login Hours value is not a number of minutes from 0 to 1440")

// Profile reads a profile's Metadata through the Tooling API: its Login IP
// Ranges and Login Hours (docs/salesforce.md §11). id must be a Salesforce
// id; anything else is ErrUserID's sibling, never sent.
func (c *Client) Profile(ctx context.Context, id string) (Profile, error) {
	if !validID(id) {
		return Profile{}, errors.New("the profile id is not a 15- or 18-character Salesforce id")
	}
	var ans struct {
		Name     string `json:"Name"`
		Metadata *struct {
			LoginIPRanges []struct {
				Start       string `json:"startAddress"`
				End         string `json:"endAddress"`
				Description string `json:"description"`
			} `json:"loginIpRanges"`
			LoginHours map[string]json.RawMessage `json:"loginHours"`
		} `json:"Metadata"`
	}
	toolingPath := "/tooling/sobjects/Profile/" + id
	resp, err := c.get(ctx, toolingPath, nil, &ans)
	if err != nil {
		return Profile{}, err
	}
	out := Profile{Name: resp.Keep(strings.TrimSpace(ans.Name), maxName)}
	if ans.Metadata == nil {
		return out, nil
	}
	for _, r := range ans.Metadata.LoginIPRanges {
		out.IPRanges = append(out.IPRanges, IPRange{
			Start: resp.Keep(strings.TrimSpace(r.Start), maxAddress), End: resp.Keep(strings.TrimSpace(r.End), maxAddress),
			Description: resp.Keep(r.Description, maxName),
		})
	}
	for day := time.Sunday; day <= time.Saturday; day++ {
		name := strings.ToLower(day.String())
		start, okS, err1 := minutes(ans.Metadata.LoginHours[name+"Start"])
		end, okE, err2 := minutes(ans.Metadata.LoginHours[name+"End"])
		if err1 != nil || err2 != nil {
			return Profile{}, ErrProfileHours
		}
		if okS && okE {
			out.LoginHours = append(out.LoginHours, DayHours{Day: day, Start: start, End: end})
		}
	}
	return out, nil
}

// minutes reads a Login Hours value: a number or a numeric string (the
// Metadata WSDL types them as strings); null or absent is not set.
func minutes(raw json.RawMessage) (int, bool, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, false, nil
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		s = strings.TrimSpace(str)
		if s == "" {
			return 0, false, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 24*60 {
		return 0, false, ErrProfileHours
	}
	return n, true, nil
}
