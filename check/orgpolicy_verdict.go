package check

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/soap"
)

// ipRange is a parsed range: from Start to End, both of one family.
type ipRange struct {
	start, end netip.Addr
	label      string
}

func (r ipRange) contains(ip netip.Addr) bool {
	return ip.Is4() == r.start.Is4() && r.start.Compare(ip) <= 0 && ip.Compare(r.end) <= 0
}

// parseRange reads a range as Salesforce writes it; ok is false for one
// whose ends are not addresses of one family in order (never quoted: the
// text came from the answer).
func parseRange(start, end string) (ipRange, bool) {
	s, err1 := netip.ParseAddr(strings.TrimSpace(start))
	e, err2 := netip.ParseAddr(strings.TrimSpace(end))
	if err1 != nil || err2 != nil {
		return ipRange{}, false
	}
	s, e = s.Unmap(), e.Unmap()
	if s.Is4() != e.Is4() || s.Compare(e) > 0 {
		return ipRange{}, false
	}
	label := s.String() + "–" + e.String()
	if s == e {
		label = s.String()
	}
	return ipRange{start: s, end: e, label: label}, true
}

func trustedRanges(st *soap.SecuritySettings) []ipRange {
	var out []ipRange
	for _, r := range st.TrustedRanges {
		if ir, ok := parseRange(r.Start, r.End); ok {
			if d := strings.TrimSpace(r.Description); d != "" {
				ir.label += " (" + d + ")"
			}
			out = append(out, ir)
		}
	}
	return out
}

func profileRanges(pr *probe.Profile) []ipRange {
	var out []ipRange
	for _, r := range pr.IPRanges {
		if ir, ok := parseRange(r.Start, r.End); ok {
			out = append(out, ir)
		}
	}
	return out
}

func labels(rs []ipRange) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.label)
	}
	return out
}

func inAny(ip netip.Addr, rs []ipRange) bool {
	for _, r := range rs {
		if r.contains(ip) {
			return true
		}
	}
	return false
}

// clock writes minutes after midnight as HH:MM.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// hoursText writes a profile's Login Hours, one entry per restricted day.
func hoursText(days []probe.DayHours) []string {
	out := make([]string, 0, len(days))
	for _, d := range days {
		if d.Start >= d.End {
			out = append(out, d.Day.String()+" no login")
			continue
		}
		out = append(out, fmt.Sprintf("%s %s–%s", d.Day, clock(d.Start), clock(d.End)))
	}
	return out
}

// finishOrgPolicy judges what the org-policy probe read once every probe
// has run: whether the runner's address is trusted, the admin checklist, and
// the probe's one Health row.
func (p *prober) finishOrgPolicy() {
	o := p.org
	pol := &OrgPolicy{Calls: o.calls}
	p.out.OrgPolicy = pol

	for _, f := range probe.PermissionFields {
		if held, known := o.has(f); known && held {
			pol.Permissions = append(pol.Permissions, permissionLabels[f])
		}
	}

	// The address Salesforce saw: the session's own login (AuthSession), else
	// the login's LoginHistory row the login-history probe found.
	egress := o.sessionIP
	if !egress.IsValid() {
		if a, err := netip.ParseAddr(p.out.EgressIP); err == nil {
			egress = a.Unmap()
		}
	}
	if egress.IsValid() {
		pol.EgressIP = egress.String()
		if p.out.EgressIP == "" {
			p.out.EgressIP = pol.EgressIP
		}
	}

	var org, prof []ipRange
	if o.settings != nil {
		org = trustedRanges(o.settings)
		pol.TrustedRangesRead, pol.TrustedRanges = true, labels(org)
		if days, ok := expirationDays[o.settings.PasswordExpiration]; ok {
			pol.PasswordPolicy = o.settings.PasswordExpiration
			if days > 0 {
				pol.PasswordPolicy += fmt.Sprintf(" (%d days)", days)
			}
		}
	}
	if o.profile != nil {
		prof = profileRanges(o.profile)
		pol.ProfileRead, pol.ProfileRanges = true, labels(prof)
		pol.LoginHours = hoursText(o.profile.LoginHours)
	}
	if o.expiry != nil {
		pol.PasswordExpiresOn, pol.PasswordExpirySource = p.out.PasswordExpiresOn, o.expiry.source
	}

	p.judgeTrust(pol, egress, org, prof)
	p.checklist(pol, prof)
	pol.NotChecked = o.notChecked

	read := 0
	for _, done := range []bool{o.perms != nil, o.user != nil, o.sessionIP.IsValid(), o.settings != nil, o.profile != nil} {
		if done {
			read++
		}
	}
	value := fmt.Sprintf("%d of 5 parts read in %s", read, count(o.calls, "call", "calls"))
	if pol.Trust != "" {
		value += "; " + pol.Trust
	}
	verdict := verdictOK
	switch {
	case read == 0:
		verdict = verdictNotPermitted
	case len(o.notChecked) > 0 && read < 2:
		verdict = verdictUnknown
	}
	p.health(nameOrgPolicy, value, "notices only, never fails", verdict)
}

// judgeTrust decides ip-trusted: inside the org's trusted ranges or the
// profile's Login IP Ranges is trusted; outside the trusted ranges with the
// profile read (and the address outside its ranges) is untrusted; anything
// else is unknown (docs/salesforce.md §11).
func (p *prober) judgeTrust(pol *OrgPolicy, egress netip.Addr, org, prof []ipRange) {
	o := p.org
	var trusted *bool
	yes, no := true, false
	switch {
	case !egress.IsValid():
		pol.Trust = "runner's IP unknown"
	case o.settings != nil && inAny(egress, org):
		trusted, pol.Trust = &yes, egress.String()+" is inside the org's trusted IP ranges"
	case o.profile != nil && inAny(egress, prof):
		trusted, pol.Trust = &yes, egress.String()+" is inside the profile's Login IP Ranges"
	case o.settings != nil && o.profile != nil:
		trusted, pol.Trust = &no, egress.String()+" is outside the org's trusted IP ranges"
	case o.settings != nil:
		pol.Trust = egress.String() + " is outside the org's trusted IP ranges; the profile's Login IP Ranges were not read"
	default:
		pol.Trust = egress.String() + "; the org's trusted IP ranges were not read"
	}
	p.out.IPTrusted = trusted
}

// checklist adds the notices of Salesforce's integration-user guidance
// that the reads can tell: never a failure.
func (p *prober) checklist(pol *OrgPolicy, prof []ipRange) {
	o := p.org
	var items []string
	if mad, known := o.has("PermissionsModifyAllData"); known && mad {
		items = append(items, "the integration user has Modify All Data: give it only the permissions the integration needs (least privilege), through a permission set")
	}
	if apiOnly, known := o.has("PermissionsApiUserOnly"); known && !apiOnly {
		items = append(items, "the user is not API Only: set API Only User on its profile or a permission set, so that its password cannot log in to the UI")
	}
	if o.profile != nil && len(prof) == 0 {
		items = append(items, "the user's profile has no Login IP Ranges: any address can log in with the password and token; an admin who can name the integration's egress addresses adds them")
	}
	if o.profile != nil && len(pol.LoginHours) > 0 {
		items = append(items, "the profile restricts Login Hours ("+strings.Join(pol.LoginHours, ", ")+
			"; in the org's time zone when they were set — the profile carries none): scheduled runs outside them fail with login-hours")
	}
	for _, it := range items {
		pol.Checklist = append(pol.Checklist, it)
		p.add(NewFinding(AdminChecklist, it))
	}
}

// runnerTrust is the finding about the security token for a login that
// sends a password: from outside the trusted ranges the token is needed, so
// a password change or token reset breaks the integration; from inside it
// is not needed from this address.
func runnerTrust(cfg *Config, p *Probes) (Finding, bool) {
	if p == nil || p.OrgPolicy == nil || p.IPTrusted == nil || (cfg.Flow != FlowSOAP && cfg.Flow != FlowPassword) {
		return Finding{}, false
	}
	ip := p.OrgPolicy.EgressIP
	if *p.IPTrusted {
		msg := fmt.Sprintf("this runner's IP %s is trusted by the org (%s): a password login needs no security token from this IP", ip, p.OrgPolicy.Trust)
		if cfg.TokenGiven() {
			msg += "; the token sent is not needed here, but is from any other runner"
		}
		return NewFinding(RunnerTrust, msg), true
	}
	msg := fmt.Sprintf("this runner's IP %s is outside the org's trusted IP ranges, so Salesforce requires the security token from this runner: "+
		"a password change or a token reset breaks this login until both secrets are updated", ip)
	return NewFinding(RunnerTrust, msg), true
}
