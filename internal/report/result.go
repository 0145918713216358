package report

import (
	"sort"

	"github.com/salesforce-login-check/salesforce-login-check/internal/diagnose"
)

// Finding is one thing the check found.
type Finding struct {
	Severity diagnose.Severity `json:"severity"`
	Reason   diagnose.Reason   `json:"reason"`
	Title    string            `json:"title"`
	// Message says what happened, including Salesforce's own code and text.
	Message string `json:"message"`
	Remedy  string `json:"remedy"`
}

// NewFinding builds a finding with the vocabulary's title and remedy.
func NewFinding(r diagnose.Reason, message string) Finding {
	info := diagnose.Lookup(r)
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
	SessionUsable         *bool       `json:"session_usable,omitempty"`
	APIRequestsRemaining  *int        `json:"api_requests_remaining,omitempty"`
	APIRequestsMax        *int        `json:"api_requests_max,omitempty"`
	PasswordExpiresInDays *int        `json:"password_expires_in_days,omitempty"`
	EgressIP              string      `json:"egress_ip,omitempty"`
	FailedLogins24h       *int        `json:"failed_logins_24h,omitempty"`
	LoginsLastHour        *int        `json:"logins_last_hour,omitempty"`
	Health                []HealthRow `json:"health,omitempty"`
}

// Result is the outcome of one check.
type Result struct {
	// Name names the org in a multi-org run.
	Name            string          `json:"name,omitempty"`
	Status          diagnose.Status `json:"status"`
	Reason          diagnose.Reason `json:"reason"`
	SalesforceError string          `json:"salesforce_error"`
	OrgID           string          `json:"org_id"`
	OrgName         string          `json:"org_name,omitempty"`
	UserID          string          `json:"user_id"`
	Username        string          `json:"username"`
	InstanceURL     string          `json:"instance_url"`
	LoginHost       string          `json:"login_host,omitempty"`
	Sandbox         *bool           `json:"sandbox"`
	APIVersion      string          `json:"api_version"`
	LatencyMS       int64           `json:"latency_ms"`
	Attempts        int             `json:"attempts"`
	AuthFlow        string          `json:"auth_flow"`
	RetiresOn       string          `json:"retires_on"`
	AttemptLog      []Attempt       `json:"attempt_log,omitempty"`
	Findings        []Finding       `json:"findings"`
	Probes          *Probes         `json:"probes,omitempty"`
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
	status, reason := diagnose.StatusPass, diagnose.OK
	exit := diagnose.ExitOK
	for _, f := range r.Findings {
		info := diagnose.Lookup(f.Reason)
		st := statusOf(f)
		if diagnose.Rank(st) > diagnose.Rank(status) {
			status, reason, exit = st, f.Reason, info.Exit
		}
	}
	if status == diagnose.StatusWarn && r.FailOnWarning {
		exit = diagnose.ExitFail
	}
	r.Status, r.Reason, r.Exit = status, reason, exit
	// Errors first, then warnings, then notes; the order within each stays.
	sort.SliceStable(r.Findings, func(i, j int) bool {
		return severityRank(r.Findings[i].Severity) < severityRank(r.Findings[j].Severity)
	})
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
}

func severityRank(s diagnose.Severity) int {
	switch s {
	case diagnose.SeverityError:
		return 0
	case diagnose.SeverityWarning:
		return 1
	}
	return 2
}

// statusOf maps a finding to the status it gives: its vocabulary status,
// lowered to warn or pass when a finding was downgraded.
func statusOf(f Finding) diagnose.Status {
	info := diagnose.Lookup(f.Reason)
	switch f.Severity {
	case diagnose.SeverityInfo:
		return diagnose.StatusPass
	case diagnose.SeverityWarning:
		return diagnose.StatusWarn
	}
	if info.Status == diagnose.StatusPass || info.Status == diagnose.StatusWarn {
		return diagnose.StatusFail
	}
	return info.Status
}
