package report

import (
	"strconv"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// Outputs lists every action output the check writes, in order. action.yml
// and docs/inputs.md are kept in sync with it by a test.
var Outputs = []string{
	"status", "reason", "salesforce-error", "org-id", "user-id", "username", "instance-url", "sandbox",
	"api-version", "latency-ms", "auth-flow", "retires-on",
	"api-requests-remaining", "api-requests-max", "password-expires-in-days", "password-expires-on", "egress-ip", "ip-trusted",
	"failed-logins-24h",
	"failed-orgs",
}

func itoa(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func btoa(p *bool) string {
	if p == nil {
		return ""
	}
	return strconv.FormatBool(*p)
}

// outputValues returns the outputs of one result. Every value is one line.
func outputValues(r *check.Result) map[string]string {
	p := r.Probes
	if p == nil {
		p = &check.Probes{}
	}
	m := map[string]string{
		"status":                   string(r.Status),
		"reason":                   string(r.Reason),
		"salesforce-error":         r.SalesforceError,
		"org-id":                   r.OrgID,
		"user-id":                  r.UserID,
		"username":                 r.Username,
		"instance-url":             r.InstanceURL,
		"sandbox":                  btoa(r.Sandbox),
		"api-version":              r.APIVersion,
		"latency-ms":               strconv.FormatInt(r.LatencyMS, 10),
		"auth-flow":                r.AuthFlow,
		"retires-on":               r.RetiresOn,
		"api-requests-remaining":   itoa(p.APIRequestsRemaining),
		"api-requests-max":         itoa(p.APIRequestsMax),
		"password-expires-in-days": itoa(p.PasswordExpiresInDays),
		"egress-ip":                p.EgressIP,
		"password-expires-on":      p.PasswordExpiresOn,
		"ip-trusted":               btoa(p.IPTrusted),
		"failed-logins-24h":        itoa(p.FailedLogins24h),
		"failed-orgs":              "",
	}
	if r.Status == "fail" || r.Status == "error" {
		m["failed-orgs"] = r.Name
	}
	for k, v := range m {
		m[k] = workflow.OneLine(v)
	}
	return m
}

// defuse breaks every "##[" in text bound for stdout. The runner reads
// "##[name props]data" anywhere in a line of a step's output as a legacy
// workflow command (actions/runner ActionCommand.TryParse), so a Salesforce
// message or an input holding "##[set-output name=reason;]ok" or
// "##[stop-commands]token" would act. Apply it after scrubbing secrets, so
// that a secret is still recognised.
func defuse(s string) string {
	return strings.ReplaceAll(s, "##[", "## [")
}
