package simorg

import (
	"net/netip"
	"time"
)

// orgPolicyScenario is a healthy SOAP login by a user with the given
// permissions, whose org or user is changed further by mutate, so that the
// org-policy probe has something to read (docs/salesforce.md §11).
func orgPolicyScenario(name, title string, headline bool, perms Permissions, mutate func(*Org, *User), extra []string, reason string, also ...string) Scenario {
	sc := probeScenario(name, title, headline, func(o *Org, u *User) {
		u.Perms = perms
		if mutate != nil {
			mutate(o, u)
		}
	}, extra, reason, 0, also...)
	sc.OrgPolicyRow = true
	return sc
}

// elsewhere is a trusted range the loopback runner is not in.
var elsewhere = []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}

func orgPolicyScenarios() []Scenario {
	return []Scenario{
		orgWide(orgPolicyScenario("org-policy-trusted-runner", "Org policy: admin user, runner in trusted ranges", true,
			AdminPermissions, func(o *Org, _ *User) { o.TrustedRanges = loopback }, nil,
			"flow-retiring", "runner-trust", "admin-checklist")),
		orgWide(orgPolicyScenario("org-policy-untrusted-runner", "Org policy: admin user, runner outside them", true,
			AdminPermissions, func(o *Org, _ *User) { o.TrustedRanges = elsewhere }, nil,
			"flow-retiring", "runner-trust", "admin-checklist")),
		orgWide(orgPolicyScenario("org-policy-expiry-from-org", "Org policy: expiry from the 60-day policy", true,
			AdminPermissions, func(o *Org, u *User) {
				o.PasswordExpiration = "SixtyDays"
				u.HidePasswordExpiration = true
				u.LastPasswordChange = time.Now().Add(-50 * 24 * time.Hour)
			}, nil, "password-expiring", "admin-checklist")),

		orgPolicyScenario("org-policy-plain-user", "Plain user: permissions and expiry read, org settings not readable", false,
			PlainPermissions, nil, nil, "flow-retiring", "probe-not-permitted", "admin-checklist"),
		orgPolicyScenario("org-policy-api-only", "Minimal API-only user whose password never expires", false,
			APIOnlyPermissions, func(_ *Org, u *User) { u.HidePasswordExpiration = true }, nil,
			"flow-retiring", "probe-not-permitted"),
		orgPolicyScenario("org-policy-login-hours", "Profile with Login IP Ranges and Login Hours, read with View Setup", false,
			Permissions{ViewSetup: true, APIUserOnly: true}, func(_ *Org, u *User) {
				u.ProfileRanges = loopback
				u.LoginHours = LoginHours{time.Monday: {Start: 420, End: 1140}, time.Tuesday: {Start: 420, End: 1140}, time.Sunday: {Start: 0, End: 0}}
			}, nil, "flow-retiring", "runner-trust", "admin-checklist"),
		orgWide(orgPolicyScenario("org-policy-older-release", "An org whose UserPermissionAccess lacks a permission field", false,
			AdminPermissions, func(o *Org, _ *User) {
				o.TrustedRanges = loopback
				o.UnknownPermissions = []string{"PermissionsModifyMetadata", "PermissionsApiUserOnly"}
			}, nil, "flow-retiring", "runner-trust", "admin-checklist")),
		orgWide(orgPolicyScenario("org-policy-never-policy", "The org's password policy is Never (read by an admin)", false,
			AdminPermissions, func(o *Org, u *User) {
				o.PasswordExpiration = "Never"
				o.TrustedRanges = loopback
				u.HidePasswordExpiration = true
			}, nil, "flow-retiring", "admin-checklist")),
		orgPolicyScenario("org-policy-api-40", "API 40.0: permissions unknown, each read tried and refused", false,
			PlainPermissions, nil, []string{"SF_API_VERSION", "40.0"}, "flow-retiring", "api-version-deprecated", "probe-not-permitted"),
	}
}
