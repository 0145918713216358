package check

import (
	"sort"
)

// Finding is one thing the check found.
type Finding struct {
	Severity Severity `json:"severity"`
	Reason   Reason   `json:"reason"`
	Title    string   `json:"title"`
	// Message says what happened, including Salesforce's own code and text.
	Message string `json:"message"`
	Remedy  string `json:"remedy"`
}

// NewFinding builds a finding with the vocabulary's title and remedy.
func NewFinding(r Reason, message string) Finding {
	info := Lookup(r)
	return Finding{Severity: info.Severity, Reason: info.Reason, Title: info.Title, Message: message, Remedy: info.Remedy}
}

// Attempt records one login attempt (one per run, two with pinpoint).
type Attempt struct {
	// Kind is the flow of the attempt ("soap", "password", …).
	Kind string `json:"kind"`
	// Password says what was sent as the password ("password+token",
	// "password alone") for SOAP and password-flow attempts.
	Password string `json:"password,omitempty"`
	// Outcome is "success" or Salesforce's code.
	Outcome string `json:"outcome"`
}

// HealthRow is one line of the summary's Health section.
type HealthRow struct {
	Probe     string `json:"probe"`
	Value     string `json:"value"`
	Threshold string `json:"threshold"`
	Verdict   string `json:"verdict"`
}

// Probes are the post-login measurements; pointers and empty strings mean
// unknown or not measured.
type Probes struct {
	SessionUsable         *bool `json:"session_usable,omitempty"`
	APIRequestsRemaining  *int  `json:"api_requests_remaining,omitempty"`
	APIRequestsMax        *int  `json:"api_requests_max,omitempty"`
	PasswordExpiresInDays *int  `json:"password_expires_in_days,omitempty"`
	// PasswordExpiresOn is YYYY-MM-DD, "never", or "" when unknown; the
	// source says where it was read (user-field, never-expires, org-policy,
	// configured).
	PasswordExpiresOn    string `json:"password_expires_on,omitempty"`
	PasswordExpirySource string `json:"password_expiry_source,omitempty"`
	// IPTrusted says whether the runner's address is inside the org's
	// trusted IP ranges or the profile's Login IP Ranges; nil: unknown.
	IPTrusted       *bool       `json:"ip_trusted,omitempty"`
	OrgPolicy       *OrgPolicy  `json:"org_policy,omitempty"`
	EgressIP        string      `json:"egress_ip,omitempty"`
	FailedLogins24h *int        `json:"failed_logins_24h,omitempty"`
	LoginsLastHour  *int        `json:"logins_last_hour,omitempty"`
	Health          []HealthRow `json:"health,omitempty"`
}

// OrgPolicy is what the org-policy probe read of the org's own settings
// (docs/salesforce.md §11). Empty fields were not read.
type OrgPolicy struct {
	// Permissions are the Setup labels of the permissions the user holds,
	// among those the probe asks about.
	Permissions []string `json:"permissions,omitempty"`
	// EgressIP is the address Salesforce saw the login come from.
	EgressIP string `json:"egress_ip,omitempty"`
	// TrustedRangesRead says the org's SecuritySettings were read, and
	// TrustedRanges are its trusted IP ranges (Network Access).
	TrustedRangesRead bool     `json:"trusted_ranges_read"`
	TrustedRanges     []string `json:"trusted_ranges,omitempty"`
	// ProfileRead says the profile was read, and ProfileRanges are its
	// Login IP Ranges.
	ProfileRead   bool     `json:"profile_read"`
	ProfileRanges []string `json:"profile_ranges,omitempty"`
	// LoginHours are the profile's Login Hours, one entry per restricted
	// day, in the org's time zone when they were set.
	LoginHours []string `json:"login_hours,omitempty"`
	// Trust says where the egress IP stands against the ranges.
	Trust string `json:"trust,omitempty"`
	// PasswordPolicy is the org's password expiration policy.
	PasswordPolicy       string `json:"password_policy,omitempty"`
	PasswordExpiresOn    string `json:"password_expires_on,omitempty"`
	PasswordExpirySource string `json:"password_expiry_source,omitempty"`
	// Checklist are the admin checklist's notices for this user.
	Checklist []string `json:"checklist,omitempty"`
	// NotChecked says, for each part not read, why.
	NotChecked []string `json:"not_checked,omitempty"`
	// Calls is the number of API requests the probe made.
	Calls int `json:"calls"`
}

// Result is the outcome of one check.
type Result struct {
	// Name names the org in a multi-org run.
	Name            string    `json:"name,omitempty"`
	Status          Status    `json:"status"`
	Reason          Reason    `json:"reason"`
	SalesforceError string    `json:"salesforce_error"`
	OrgID           string    `json:"org_id"`
	OrgName         string    `json:"org_name,omitempty"`
	UserID          string    `json:"user_id"`
	Username        string    `json:"username"`
	InstanceURL     string    `json:"instance_url"`
	LoginHost       string    `json:"login_host,omitempty"`
	Sandbox         *bool     `json:"sandbox"`
	APIVersion      string    `json:"api_version"`
	LatencyMS       int64     `json:"latency_ms"`
	Attempts        int       `json:"attempts"`
	AuthFlow        string    `json:"auth_flow"`
	RetiresOn       string    `json:"retires_on"`
	AttemptLog      []Attempt `json:"attempt_log,omitempty"`
	Findings        []Finding `json:"findings"`
	Probes          *Probes   `json:"probes,omitempty"`
	// Exit is the process exit code this result asks for.
	Exit int `json:"-"`
	// FailOnWarning turns a warn verdict into exit 1.
	FailOnWarning bool `json:"-"`
}

// Add appends a finding.
func (r *Result) Add(f Finding) { r.Findings = append(r.Findings, f) }

// Finish decides status, reason and exit code from the findings: the worst
// finding wins; among equals, the first one recorded.
func (r *Result) Finish() {
	status, reason := StatusPass, OK
	exit := ExitOK
	for _, f := range r.Findings {
		info := Lookup(f.Reason)
		st := FindingStatus(f)
		if Rank(st) > Rank(status) {
			status, reason, exit = st, f.Reason, info.Exit
		}
	}
	if status == StatusWarn && r.FailOnWarning {
		exit = ExitFail
	}
	r.Status, r.Reason, r.Exit = status, reason, exit
	// Errors first, then warnings, then notes; the order within each stays.
	sort.SliceStable(r.Findings, func(i, j int) bool {
		return SeverityRank(r.Findings[i].Severity) < SeverityRank(r.Findings[j].Severity)
	})
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
}

// SeverityRank orders severities: error first, then warning, then info.
func SeverityRank(s Severity) int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// FindingStatus maps a finding to the status it gives: its vocabulary status,
// lowered to warn or pass when a finding was downgraded.
func FindingStatus(f Finding) Status {
	info := Lookup(f.Reason)
	switch f.Severity {
	case SeverityInfo:
		return StatusPass
	case SeverityWarning:
		return StatusWarn
	}
	if info.Status == StatusPass || info.Status == StatusWarn {
		return StatusFail
	}
	return info.Status
}
