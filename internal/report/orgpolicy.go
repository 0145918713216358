package report

import (
	"fmt"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// orgPolicyRows are the lines of the Org policy section, as (label, text)
// pairs: the runner's IP against the ranges, the password's expiry and its
// source, the permissions read, the checklist, and what was not checked and
// why. Empty when the probe did not run.
func orgPolicyRows(r *check.Result) [][2]string {
	if r.Probes == nil || r.Probes.OrgPolicy == nil {
		return nil
	}
	p, pol := r.Probes, r.Probes.OrgPolicy
	var rows [][2]string
	add := func(k, v string) {
		if v != "" {
			rows = append(rows, [2]string{k, v})
		}
	}
	trusted := "unknown"
	if p.IPTrusted != nil {
		trusted = map[bool]string{true: "trusted", false: "not trusted"}[*p.IPTrusted]
	}
	add("Runner's IP", pol.Trust+" ("+trusted+")")
	list := func(read bool, items []string) string {
		switch {
		case !read:
			return ""
		case len(items) == 0:
			return "none"
		}
		return strings.Join(items, ", ")
	}
	add("Trusted IP ranges", list(pol.TrustedRangesRead, pol.TrustedRanges))
	add("Profile Login IP Ranges", list(pol.ProfileRead, pol.ProfileRanges))
	add("Login Hours", strings.Join(pol.LoginHours, ", "))
	if p.PasswordExpiresOn != "" {
		add("Password expires", fmt.Sprintf("%s (%s)", p.PasswordExpiresOn, p.PasswordExpirySource))
	}
	add("Password policy", pol.PasswordPolicy)
	add("Permissions held", strings.Join(pol.Permissions, ", "))
	for _, c := range pol.Checklist {
		add("Checklist", c)
	}
	for _, n := range pol.NotChecked {
		add("Not checked", n)
	}
	add("API calls", fmt.Sprint(pol.Calls))
	return rows
}
