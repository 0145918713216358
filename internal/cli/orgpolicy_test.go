package cli

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// orgPolicyJSON is the part of the JSON report the org-policy tests read.
type orgPolicyJSON struct {
	Status   string
	Reason   string
	Findings []check.Finding
	Probes   *struct {
		PasswordExpiresOn     string           `json:"password_expires_on"`
		PasswordExpirySource  string           `json:"password_expiry_source"`
		PasswordExpiresInDays *int             `json:"password_expires_in_days"`
		IPTrusted             *bool            `json:"ip_trusted"`
		EgressIP              string           `json:"egress_ip"`
		OrgPolicy             *check.OrgPolicy `json:"org_policy"`
		Health                []check.HealthRow
	}
}

func decodeReport(t *testing.T, stdout string) orgPolicyJSON {
	t.Helper()
	var got orgPolicyJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	return got
}

// messages returns the messages of the findings of a reason.
func messages(r orgPolicyJSON, reason check.Reason) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Reason == reason {
			out = append(out, f.Message)
		}
	}
	return out
}

// orgPolicyEndpoints are the simulated org's counters of the org-policy
// calls (the query counter also counts the login history's).
var orgPolicyEndpoints = []string{
	"GET /services/data/v{version}/sobjects/{object}/describe",
	"GET /services/data/v{version}/tooling/sobjects/Profile/{id}",
	"POST /services/Soap/m/{version} readMetadata",
}

// TestOrgPolicyVariants runs each permission variant of the simulated org
// through the binary and holds what the org-policy probe reads: the expiry
// date and its source, whether the runner is trusted, the info line naming
// the permission for each part not read, and the checklist — in the JSON
// report and in the action's outputs.
func TestOrgPolicyVariants(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	// The user-field date is the org's own: the last change plus the policy.
	userField := func(org *simorg.Org, days int) string {
		u := org.Users()[0]
		return u.LastPasswordChange.Add(time.Duration(days) * 24 * time.Hour).UTC().Format(time.DateOnly)
	}
	cases := []struct {
		scenario    string
		wantOn      func(*simorg.Org) string
		wantSource  string
		wantTrusted *bool
		// wantInfo are words of the probe-not-permitted lines, one per part.
		wantInfo      []string
		wantChecklist []string
		wantTrust     string
	}{
		{
			scenario: "org-policy-trusted-runner", wantOn: func(o *simorg.Org) string { return userField(o, 90) }, wantSource: "user-field",
			wantTrusted:   &yes,
			wantChecklist: []string{"Modify All Data", "not API Only", "no Login IP Ranges"},
			wantTrust:     "is trusted by the org (127.0.0.1 is inside the org's trusted IP ranges): a password login needs no security token from this IP",
		},
		{
			scenario: "org-policy-untrusted-runner", wantOn: func(o *simorg.Org) string { return userField(o, 90) }, wantSource: "user-field",
			wantTrusted:   &no,
			wantChecklist: []string{"Modify All Data", "not API Only", "no Login IP Ranges"},
			wantTrust:     "127.0.0.1 is outside the org's trusted IP ranges, so Salesforce requires the security token from this runner: a password change or a token reset breaks this login",
		},
		{
			scenario: "org-policy-expiry-from-org", wantOn: func(o *simorg.Org) string { return userField(o, 60) }, wantSource: "org-policy",
			wantTrusted:   &no,
			wantInfo:      []string{"User.PasswordExpirationDate"},
			wantChecklist: []string{"Modify All Data", "not API Only", "no Login IP Ranges"},
			wantTrust:     "requires the security token",
		},
		{
			scenario: "org-policy-plain-user", wantOn: func(o *simorg.Org) string { return userField(o, 90) }, wantSource: "user-field",
			wantInfo:      []string{"needs Modify All Data or Modify Metadata", "needs View Setup and Configuration"},
			wantChecklist: []string{"not API Only"},
		},
		{
			scenario: "org-policy-api-only", wantOn: func(*simorg.Org) string { return "never" }, wantSource: "never-expires",
			wantInfo: []string{"User.PasswordExpirationDate", "needs Modify All Data or Modify Metadata", "needs View Setup and Configuration"},
		},
		{
			scenario: "org-policy-login-hours", wantOn: func(o *simorg.Org) string { return userField(o, 90) }, wantSource: "user-field",
			wantTrusted:   &yes,
			wantInfo:      []string{"needs Modify All Data or Modify Metadata"},
			wantChecklist: []string{"Login Hours (Sunday no login, Monday 07:00–19:00, Tuesday 07:00–19:00; in the org's time zone when they were set"},
			wantTrust:     "inside the profile's Login IP Ranges",
		},
		{
			scenario: "org-policy-older-release", wantOn: func(o *simorg.Org) string { return userField(o, 90) }, wantSource: "user-field",
			wantTrusted: &yes,
			// API Only is not asked (the org lacks the field), so it is no notice.
			wantChecklist: []string{"Modify All Data", "no Login IP Ranges"},
			wantTrust:     "inside the org's trusted IP ranges",
		},
		{
			// The policy says never; the hidden field costs the retry, so the
			// AuthSession read is dropped and the login history gives the IP.
			scenario: "org-policy-never-policy", wantOn: func(*simorg.Org) string { return "never" }, wantSource: "org-policy",
			wantTrusted:   &yes,
			wantInfo:      []string{"User.PasswordExpirationDate"},
			wantChecklist: []string{"Modify All Data", "not API Only", "no Login IP Ranges"},
			wantTrust:     "inside the org's trusted IP ranges",
		},
		{
			scenario: "org-policy-api-40", wantOn: func(o *simorg.Org) string { return userField(o, 90) }, wantSource: "user-field",
			// Permissions unknown: each read is tried and refused as
			// Salesforce refuses it, quoted.
			wantInfo: []string{
				"needs API version 41.0 or later",
				"needs Modify All Data or Modify Metadata Through Metadata API Functions (Salesforce: INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions)",
				"needs View Setup and Configuration (Salesforce: HTTP 403 INSUFFICIENT_ACCESS",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			sc := scenario(t, tc.scenario)
			org, env := serve(t, sc)
			got := decodeReport(t, runCLI(t, env, "--json").stdout)
			if got.Probes == nil || got.Probes.OrgPolicy == nil {
				t.Fatalf("no probes.org_policy in the report")
			}
			p := got.Probes
			if want := tc.wantOn(org); p.PasswordExpiresOn != want || p.PasswordExpirySource != tc.wantSource {
				t.Errorf("password_expires_on %q from %q, want %q from %q", p.PasswordExpiresOn, p.PasswordExpirySource, want, tc.wantSource)
			}
			if diff := cmp.Diff(tc.wantTrusted, p.IPTrusted); diff != "" {
				t.Errorf("ip_trusted (-want, +got):\n%s", diff)
			}
			info := messages(got, check.ProbeNotPermitted)
			if len(info) != len(tc.wantInfo) {
				t.Errorf("%d probe-not-permitted lines, want %d: %q", len(info), len(tc.wantInfo), info)
			}
			for _, want := range tc.wantInfo {
				if !strings.Contains(strings.Join(info, "\n"), want) {
					t.Errorf("no probe-not-permitted line says %q: %q", want, info)
				}
			}
			notes := messages(got, check.AdminChecklist)
			if len(notes) != len(tc.wantChecklist) {
				t.Errorf("%d checklist notices, want %d: %q", len(notes), len(tc.wantChecklist), notes)
			}
			for i, want := range tc.wantChecklist {
				if i < len(notes) && !strings.Contains(notes[i], want) {
					t.Errorf("checklist notice %d = %q, want it to say %q", i, notes[i], want)
				}
			}
			trust := messages(got, check.RunnerTrust)
			switch {
			case tc.wantTrust == "" && len(trust) > 0:
				t.Errorf("runner-trust %q, want none (trust unknown)", trust)
			case tc.wantTrust != "" && (len(trust) != 1 || !strings.Contains(trust[0], tc.wantTrust)):
				t.Errorf("runner-trust %q, want one saying %q", trust, tc.wantTrust)
			}
			for _, f := range got.Findings {
				switch f.Reason {
				case check.ProbeNotPermitted, check.AdminChecklist, check.RunnerTrust:
					if f.Severity != check.SeverityInfo {
						t.Errorf("%s has severity %s, want info: never a failure", f.Reason, f.Severity)
					}
				}
			}
			if got.Status != "warn" || got.Reason != sc.WantReason {
				t.Errorf("status %s reason %s, want warn %s", got.Status, got.Reason, sc.WantReason)
			}

			// The same run as an action: the outputs say it too.
			org2, env2 := serve(t, sc)
			inv := runCLI(t, asInputs(env2))
			wantTrusted := ""
			if tc.wantTrusted != nil {
				wantTrusted = map[bool]string{true: "true", false: "false"}[*tc.wantTrusted]
			}
			if inv.outputs["password-expires-on"] != tc.wantOn(org2) || inv.outputs["ip-trusted"] != wantTrusted {
				t.Errorf("outputs password-expires-on %q ip-trusted %q, want %q %q",
					inv.outputs["password-expires-on"], inv.outputs["ip-trusted"], tc.wantOn(org2), wantTrusted)
			}
			if !strings.Contains(inv.summary, "### Org policy") {
				t.Errorf("job summary has no Org policy section:\n%s", inv.summary)
			}
		})
	}
}

// TestOrgPolicyCallBudget counts, at the simulated org, the requests a run
// makes with probe-org-policy on and off: never more than 6 more, for every
// permission variant and for the other scenarios that log in, and the
// report's count matches what the org saw.
func TestOrgPolicyCallBudget(t *testing.T) {
	t.Parallel()
	total := func(m map[string]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	for _, sc := range simorg.Scenarios() {
		if sc.WantExit == 2 || sc.WantAttempts == 0 {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			onOrg, on := serve(t, sc)
			inv := runCLI(t, on, "--json")
			offOrg, off := serve(t, sc)
			off["SF_PROBE_ORG_POLICY"] = "false"
			offInv := runCLI(t, off, "--json")
			extra := total(onOrg.Requests()) - total(offOrg.Requests())
			if extra > 6 {
				t.Errorf("probe-org-policy made %d more requests, want at most 6\non:  %v\noff: %v", extra, onOrg.Requests(), offOrg.Requests())
			}
			if inv.exit != offInv.exit {
				t.Errorf("exit %d with the org policy, %d without", inv.exit, offInv.exit)
			}
			got := decodeReport(t, inv.stdout)
			if got.Probes == nil || got.Probes.OrgPolicy == nil {
				return // the login or the session failed before the probes
			}
			if calls := got.Probes.OrgPolicy.Calls; calls > 6 {
				t.Errorf("the report counts %d org-policy calls, want at most 6", calls)
			}
			seen := 0
			for _, k := range orgPolicyEndpoints {
				seen += onOrg.Requests()[k]
			}
			if seen > got.Probes.OrgPolicy.Calls {
				t.Errorf("the org saw %d describe, Metadata and Tooling requests, more than the %d calls reported", seen, got.Probes.OrgPolicy.Calls)
			}
		})
	}
}

// withoutPermissions strips every permission from the scenario's users and
// hides PasswordExpirationDate: a user that may read nothing of its org.
func withoutPermissions(sc simorg.Scenario) simorg.Scenario {
	inner := sc.NewOrg
	sc.NewOrg = func() *simorg.Org {
		o := inner()
		for _, u := range o.Users() {
			u.Perms = simorg.Permissions{}
			u.HidePasswordExpiration = true
		}
		return o
	}
	return sc
}

// TestOrgPolicyWithoutPermissionPassesAsToday: for a user without any
// permission, a run with the org policy reaches exactly the verdict, the
// warnings and errors, the other Health rows and outputs of a run without
// it; what it adds is info lines, the org-policy Health row and the new
// outputs.
func TestOrgPolicyWithoutPermissionPassesAsToday(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"healthy", "password-expiring", "recent-login-failures", "api-limit-low", "session-rejected",
		"probes-not-permitted", "password-expired", "oauth-client-credentials", "oauth-jwt", "trusted-ip-no-token"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := withoutPermissions(scenario(t, name))
			_, on := serve(t, sc)
			_, off := serve(t, sc)
			off["SF_PROBE_ORG_POLICY"] = "false"
			withIt, without := decodeReport(t, runCLI(t, on, "--json").stdout), decodeReport(t, runCLI(t, off, "--json").stdout)
			if withIt.Status != without.Status || withIt.Reason != without.Reason {
				t.Errorf("status %s reason %s, want %s %s as without the org policy", withIt.Status, withIt.Reason, without.Status, without.Reason)
			}
			var added []check.Finding
			kept := withIt.Findings[:0:0]
			for _, f := range withIt.Findings {
				if f.Severity == check.SeverityInfo && (f.Reason == check.ProbeNotPermitted || f.Reason == check.AdminChecklist || f.Reason == check.RunnerTrust) &&
					!containsFinding(without.Findings, f) {
					added = append(added, f)
					continue
				}
				kept = append(kept, f)
			}
			if diff := cmp.Diff(normalized(without.Findings), normalized(kept)); diff != "" {
				t.Errorf("findings other than the added info lines differ (-without, +with):\n%s", diff)
			}
			if without.Probes != nil && withIt.Probes != nil {
				var rows []check.HealthRow
				for _, h := range withIt.Probes.Health {
					if h.Probe != "org-policy" {
						rows = append(rows, h)
					}
				}
				if diff := cmp.Diff(without.Probes.Health, rows); diff != "" {
					t.Errorf("Health rows differ (-without, +with):\n%s", diff)
				}
				if diff := cmp.Diff(without.Probes.PasswordExpiresInDays, withIt.Probes.PasswordExpiresInDays); diff != "" {
					t.Errorf("password_expires_in_days differs (-without, +with):\n%s", diff)
				}
			}
			for _, f := range added {
				if f.Reason == check.RunnerTrust {
					t.Errorf("a user that may read nothing got a trust verdict: %s", f.Message)
				}
			}
		})
	}
}

// runVarying matches what differs between two orgs and two runs a moment
// apart: the user id, and the query's time in a quoted SOQL text.
var runVarying = regexp.MustCompile(`005\w{15}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

func normalized(list []check.Finding) []check.Finding {
	out := make([]check.Finding, len(list))
	for i, f := range list {
		f.Message = runVarying.ReplaceAllString(f.Message, "…")
		out[i] = f
	}
	return out
}

func containsFinding(list []check.Finding, f check.Finding) bool {
	f = normalized([]check.Finding{f})[0]
	for _, g := range normalized(list) {
		if g == f {
			return true
		}
	}
	return false
}

// TestOrgPolicyOff: probe-org-policy false makes none of its requests and
// writes no org_policy, and its outputs are empty.
func TestOrgPolicyOff(t *testing.T) {
	t.Parallel()
	org, env := serve(t, scenario(t, "org-policy-trusted-runner"))
	env["SF_PROBE_ORG_POLICY"] = "false"
	inv := runCLI(t, asInputs(env))
	for _, k := range orgPolicyEndpoints {
		if n := org.Requests()[k]; n != 0 {
			t.Errorf("%s: %d requests with probe-org-policy false", k, n)
		}
	}
	if inv.outputs["ip-trusted"] != "" || inv.outputs["password-expires-on"] != "" {
		t.Errorf("outputs ip-trusted %q password-expires-on %q, want both empty", inv.outputs["ip-trusted"], inv.outputs["password-expires-on"])
	}
	if strings.Contains(inv.summary, "Org policy") {
		t.Errorf("the summary has an Org policy section with the probe off:\n%s", inv.summary)
	}
}

// TestOrgPolicyTextSection: the terminal report shows the Org policy
// section with the runner's IP against the ranges, the expiry and its
// source, the checklist and what was not checked and why.
func TestOrgPolicyTextSection(t *testing.T) {
	t.Parallel()
	_, env := serve(t, scenario(t, "org-policy-expiry-from-org"))
	inv := runCLI(t, env)
	for _, want := range []string{
		"Org policy",
		"Runner's IP: 127.0.0.1 is outside the org's trusted IP ranges (not trusted)",
		"Trusted IP ranges: none",
		"(org-policy)",
		"Password policy: SixtyDays (60 days)",
		"Checklist: the integration user has Modify All Data",
		"Not checked: the password's expiry date (User.PasswordExpirationDate)",
		"health: org-policy",
	} {
		if !strings.Contains(inv.stdout, want) {
			t.Errorf("terminal report lacks %q:\n%s", want, inv.stdout)
		}
	}
}

// TestOrgPolicyPasswordSourceConfigured: with no source in the org, the
// configured password-max-age-days gives the date, and says so.
func TestOrgPolicyPasswordSourceConfigured(t *testing.T) {
	t.Parallel()
	org, env := serve(t, withoutPermissions(scenario(t, "password-expiring")))
	got := decodeReport(t, runCLI(t, env, "--json").stdout)
	u := org.Users()[0]
	want := u.LastPasswordChange.Add(90 * 24 * time.Hour).UTC().Format(time.DateOnly)
	if got.Probes == nil || got.Probes.PasswordExpiresOn != want || got.Probes.PasswordExpirySource != "configured" {
		t.Fatalf("probes %+v, want password_expires_on %s from configured", got.Probes, want)
	}
	if got.Reason != "password-expiring" {
		t.Errorf("reason %s, want password-expiring from the configured policy", got.Reason)
	}
}
