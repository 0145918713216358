package check

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/soap"
)

const (
	nameOrgPolicy  = "org-policy"
	inputOrgPolicy = "probe-org-policy"

	// orgPolicyBudget is the most requests the org-policy probe makes: each
	// counts toward the org's daily API requests (docs/salesforce.md §11).
	orgPolicyBudget = 6
	// permissionAccessVersion is the first API version with
	// UserPermissionAccess.
	permissionAccessVersion = 41

	permViewSetup = "View Setup and Configuration"
	permMetadata  = "Modify All Data or Modify Metadata Through Metadata API Functions"
)

// Sources of the password's expiry date, in the order they are tried.
const (
	SourceUserField    = "user-field"
	SourceNeverExpires = "never-expires"
	SourceOrgPolicy    = "org-policy"
	SourceConfigured   = "configured"
)

// permissionLabels are the Setup labels of the UserPermissionAccess fields.
var permissionLabels = map[string]string{
	"PermissionsViewSetup":            "View Setup and Configuration",
	"PermissionsModifyAllData":        "Modify All Data",
	"PermissionsModifyMetadata":       "Modify Metadata Through Metadata API Functions",
	"PermissionsApiUserOnly":          "API Only User",
	"PermissionsPasswordNeverExpires": "Password Never Expires",
}

// expirationDays are the days each SecuritySettings.passwordPolicies.expiration
// allows; Never is 0 (docs/salesforce.md §11).
var expirationDays = map[string]int{
	"Never": 0, "ThirtyDays": 30, "SixtyDays": 60, "NinetyDays": 90, "SixMonths": 180, "OneYear": 365,
}

// orgState is what the org-policy probe read; nil fields were not read.
type orgState struct {
	// left is the budget: every request of the probe takes one first.
	left  int
	calls int
	// perms holds the permissions the org answered; nil: unknown.
	perms     map[string]bool
	user      *probe.UserPolicy
	settings  *soap.SecuritySettings
	profile   *probe.Profile
	sessionIP netip.Addr
	expiry    *pwExpiry
	// notChecked says, for each part not read, why.
	notChecked []string
	// broken: a request failed for another reason than a permission.
	broken bool
}

// notTaken is why take refused, for the part it refused.
func (o *orgState) notTaken() string {
	if o.broken {
		return "not tried after an earlier request failed"
	}
	return "the probe's request budget was spent"
}

// pwExpiry is when the password expires, and where that was read.
type pwExpiry struct {
	on     time.Time
	never  bool
	source string
}

// take spends one request of the budget; false when none is left, or when
// an earlier request failed for another reason than a permission (the
// org is unreachable or answers what the probe cannot read: one info line
// says so, not one per part).
func (o *orgState) take() bool {
	if o.left <= 0 || o.broken {
		return false
	}
	o.left--
	o.calls++
	return true
}

// has reports whether the session holds a permission: known is false when
// the permissions could not be read.
func (o *orgState) has(field string) (held, known bool) {
	if o.perms == nil {
		return false, false
	}
	v, ok := o.perms[field]
	return v, ok
}

// skip records a part not read, as one info line naming what it needs.
func (p *prober) skip(part, why string) {
	p.org.notChecked = append(p.org.notChecked, part+": "+why)
	p.info(ProbeNotPermitted, inputOrgPolicy, "not checked: "+part+" — "+why)
}

// orgFailed records a failed org-policy request: a permission error is one
// info line naming the permission; a refused session stops the probes.
func (p *prober) orgFailed(part, needs string, err error) (stop bool) {
	var f *soap.Fault
	if errors.As(err, &f) {
		switch f.Code {
		case "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY":
			p.org.notChecked = append(p.org.notChecked, part+": needs "+needs)
			p.info(ProbeNotPermitted, inputOrgPolicy, fmt.Sprintf("not readable by this user: %s needs %s (Salesforce: %s)", part, needs, f))
		default:
			p.org.notChecked = append(p.org.notChecked, part+": Salesforce answered "+f.Code)
			p.org.broken = true
			p.info(UnexpectedResponse, inputOrgPolicy, fmt.Sprintf("the org-policy probe could not read %s: Salesforce answered %s", part, f))
		}
		return false
	}
	_, verdict, stop := p.failed(call{probe: nameOrgPolicy, input: inputOrgPolicy, notPermitted: part + " needs " + needs}, err)
	if verdict == verdictNotPermitted {
		p.org.notChecked = append(p.org.notChecked, part+": needs "+needs)
	} else {
		p.org.notChecked = append(p.org.notChecked, part+": could not be read")
		p.org.broken = true
	}
	return stop
}

// orgPolicy reads what the org itself says about the user, in at most
// orgPolicyBudget requests: its permissions (UserPermissionAccess, describe
// then query), its User record (password dates, profile), the org's
// SecuritySettings (Metadata API: trusted IP ranges, password policy), its
// profile's Login IP Ranges and Login Hours (Tooling API) and, last because
// the login-history probe can stand in for it, the current session's source
// address (AuthSession). A part the permissions do
// not allow is skipped without a request when the permissions are known.
// Its Health row is added by finishOrgPolicy, after the other probes, whose
// egress IP it may use.
func (p *prober) orgPolicy(ctx context.Context) bool {
	o := &orgState{left: orgPolicyBudget}
	p.org = o
	major, _ := MajorVersion(p.s.APIVersion)

	if major >= permissionAccessVersion {
		if stop := p.readPermissions(ctx); stop {
			return true
		}
	} else {
		p.skip("the user's permissions (UserPermissionAccess)", fmt.Sprintf("needs API version %d.0 or later (api-version)", permissionAccessVersion))
	}
	if stop := p.readUser(ctx); stop {
		return true
	}
	if stop := p.readSecuritySettings(ctx); stop {
		return true
	}
	if stop := p.readProfile(ctx); stop {
		return true
	}
	if !o.take() {
		o.notChecked = append(o.notChecked, "the session's source IP (AuthSession): "+o.notTaken())
	} else {
		ip, err := p.rest.SessionSourceIP(ctx)
		switch {
		case err != nil:
			if p.orgFailed("the session's source IP (AuthSession)", "API version 37.0 or later", err) {
				return true
			}
		default:
			if a, perr := netip.ParseAddr(ip); perr == nil {
				o.sessionIP = a.Unmap()
			}
		}
	}
	p.decideExpiry()
	return false
}

func (p *prober) readPermissions(ctx context.Context) bool {
	o := p.org
	const part = "the user's permissions (UserPermissionAccess)"
	if !o.take() {
		o.notChecked = append(o.notChecked, part+": "+o.notTaken())
		return false
	}
	fields, err := p.rest.PermissionFieldsKnown(ctx)
	if err != nil {
		return p.orgFailed(part, "API version 41.0 or later", err)
	}
	if !o.take() {
		o.notChecked = append(o.notChecked, part+": "+o.notTaken())
		return false
	}
	perms, err := p.rest.Permissions(ctx, fields)
	if err != nil {
		return p.orgFailed(part, "API version 41.0 or later", err)
	}
	o.perms = perms
	return false
}

// readUser reads the user's own record; when PasswordExpirationDate is
// hidden (INVALID_FIELD) it asks once more without it, if the budget allows.
func (p *prober) readUser(ctx context.Context) bool {
	o := p.org
	if !o.take() {
		o.notChecked = append(o.notChecked, "the user's record (User): "+o.notTaken())
		return false
	}
	u, err := p.rest.UserPolicy(ctx, true)
	var ae *probe.APIError
	if errors.As(err, &ae) && ae.Code == "INVALID_FIELD" {
		p.skip("the password's expiry date (User.PasswordExpirationDate)",
			"the field is hidden from this user (which permission shows it is not documented; View Setup and Configuration or Manage Users is likely)")
		if !o.take() {
			o.notChecked = append(o.notChecked, "the user's record (User): "+o.notTaken())
			return false
		}
		u, err = p.rest.UserPolicy(ctx, false)
	}
	switch {
	case errors.Is(err, probe.ErrUserID), errors.Is(err, probe.ErrUserNotFound), errors.Is(err, probe.ErrUserDate):
		o.notChecked = append(o.notChecked, "the user's record: "+err.Error())
		o.broken = true
		p.info(UnexpectedResponse, inputOrgPolicy, "the org-policy probe could not read the user's record: "+err.Error())
		return false
	case err != nil:
		return p.orgFailed("the user's record (User)", "access to its own User record", err)
	}
	o.user = &u
	return false
}

func (p *prober) readSecuritySettings(ctx context.Context) bool {
	o := p.org
	const part = "the org's trusted IP ranges and password policy (Metadata API SecuritySettings)"
	mad, known := o.has("PermissionsModifyAllData")
	mm, _ := o.has("PermissionsModifyMetadata")
	if known && !mad && !mm {
		p.skip(part, "needs "+permMetadata)
		return false
	}
	if !o.take() {
		o.notChecked = append(o.notChecked, part+": "+o.notTaken())
		return false
	}
	st, err := soap.ReadSecuritySettings(ctx, p.tc, p.s.InstanceURL, p.s.APIVersion, p.s.Token)
	if err != nil {
		return p.orgFailed(part, permMetadata, err)
	}
	if !st.Found {
		o.notChecked = append(o.notChecked, part+": the answer held no SecuritySettings")
		return false
	}
	o.settings = st
	return false
}

func (p *prober) readProfile(ctx context.Context) bool {
	o := p.org
	const part = "the profile's Login IP Ranges and Login Hours (Tooling API Profile)"
	if vs, known := o.has("PermissionsViewSetup"); known && !vs {
		p.skip(part, "needs "+permViewSetup)
		return false
	}
	if o.user == nil || o.user.ProfileID == "" {
		o.notChecked = append(o.notChecked, part+": the user's profile is unknown")
		return false
	}
	if !o.take() {
		o.notChecked = append(o.notChecked, part+": "+o.notTaken())
		return false
	}
	prof, err := p.rest.Profile(ctx, o.user.ProfileID)
	if errors.Is(err, probe.ErrProfileHours) {
		o.notChecked = append(o.notChecked, part+": "+err.Error())
		p.info(UnexpectedResponse, inputOrgPolicy, "the org-policy probe could not read the profile: "+err.Error())
		return false
	}
	if err != nil {
		return p.orgFailed(part, permViewSetup, err)
	}
	o.profile = &prof
	return false
}

// decideExpiry takes the password's expiry from the first source that
// answers: the user's PasswordExpirationDate, its Password Never Expires
// permission, the org's policy counted from the last change. The configured
// password-max-age-days is the password probe's. The outputs are set here,
// so that they hold with probe-password off too.
func (p *prober) decideExpiry() {
	o := p.org
	var e *pwExpiry
	switch never, _ := o.has("PermissionsPasswordNeverExpires"); {
	case o.user != nil && !o.user.PasswordExpiration.IsZero():
		e = &pwExpiry{on: o.user.PasswordExpiration, source: SourceUserField}
	case never:
		e = &pwExpiry{never: true, source: SourceNeverExpires}
	case o.settings != nil && o.user != nil && !o.user.LastPasswordChange.IsZero():
		days, ok := expirationDays[o.settings.PasswordExpiration]
		switch {
		case !ok:
		case days == 0:
			e = &pwExpiry{never: true, source: SourceOrgPolicy}
		default:
			e = &pwExpiry{on: o.user.LastPasswordChange.Add(time.Duration(days) * 24 * time.Hour), source: SourceOrgPolicy}
		}
	}
	if e == nil {
		return
	}
	o.expiry = e
	p.setExpiry(*e)
}

// setExpiry writes an pwExpiry to the outputs.
func (p *prober) setExpiry(e pwExpiry) {
	p.out.PasswordExpirySource = e.source
	if e.never {
		p.out.PasswordExpiresOn = "never"
		p.out.PasswordExpiresInDays = nil
		return
	}
	p.out.PasswordExpiresOn = e.on.UTC().Format(time.DateOnly)
	left := max(daysUntil(p.now, e.on), 0)
	p.out.PasswordExpiresInDays = &left
}

// daysUntil is the whole days from now until t (negative once passed).
func daysUntil(now, t time.Time) int {
	d := t.Sub(now)
	if d < 0 {
		return -int(-d / (24 * time.Hour))
	}
	return int(d / (24 * time.Hour))
}

// sourceLabel says where an pwExpiry was read, for a message.
func sourceLabel(source string) string {
	switch source {
	case SourceUserField:
		return "the user's PasswordExpirationDate"
	case SourceNeverExpires:
		return "the user's Password Never Expires permission"
	case SourceOrgPolicy:
		return "the org's password policy, counted from the last change"
	}
	return "password-max-age-days, counted from the last change"
}
