package check

import (
	"errors"
	"fmt"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
)

// call names the probe a failed request belonged to, for the findings.
type call struct {
	probe string
	input string
	// notPermitted ends "not readable by this user: …": what the answer
	// hides and what to grant. Empty: the call has no permission to lack.
	notPermitted string
}

// notPermittedCodes are the REST error codes of a probe the user's
// permissions do not allow. INVALID_FIELD is here because field-level
// security hides a field with exactly that code.
var notPermittedCodes = map[string]bool{
	"INSUFFICIENT_ACCESS":             true,
	"INSUFFICIENT_ACCESS_OR_READONLY": true,
	"INVALID_TYPE":                    true,
	"NOT_FOUND":                       true,
	"INVALID_FIELD":                   true,
}

// failed records what a failed request means and returns the probe's Health
// value and verdict, and whether the run must stop: a refused session, a
// disabled API, an exceeded request limit or an expired password make every
// later call fail the same way.
func (p *prober) failed(c call, err error) (value, verdict string, stop bool) {
	var ae *probe.APIError
	if errors.As(err, &ae) {
		if f, ok := fatal(ae); ok {
			p.add(f)
			usable := false
			p.out.SessionUsable = &usable
			return "refused: " + short(ae), verdictFail, true
		}
		switch {
		case c.notPermitted != "" && ae.Status >= 400 && ae.Status < 500 && notPermittedCodes[ae.Code]:
			p.info(ProbeNotPermitted, c.input,
				fmt.Sprintf("not readable by this user: %s (Salesforce: %s)", c.notPermitted, ae))
			return "not readable", verdictNotPermitted, false
		case ae.Status >= 500:
			p.info(ServerError, c.input, fmt.Sprintf("the %s probe could not finish: Salesforce answered %s", c.probe, ae))
		default:
			p.info(UnexpectedResponse, c.input, fmt.Sprintf("the %s probe could not finish: Salesforce answered %s", c.probe, ae))
		}
		return "unknown (" + short(ae) + ")", verdictUnknown, false
	}
	reason := Failure(err)
	p.info(reason, c.input, fmt.Sprintf("the %s probe could not finish: %v", c.probe, err))
	return "unknown (" + string(reason) + ")", verdictUnknown, false
}

// short is the code (or status) of an error, for a Health value.
func short(e *probe.APIError) string {
	if e.Code != "" {
		return fmt.Sprintf("HTTP %d %s", e.Status, e.Code)
	}
	return fmt.Sprintf("HTTP %d", e.Status)
}

// fatal maps the answers that make the session useless for any API call to
// a failing finding.
func fatal(e *probe.APIError) (Finding, bool) {
	sf := " (Salesforce: " + e.Error() + ")"
	// Codes first: a refused call for an expired password may come as a 401
	// too, and must not read as an IP restriction.
	switch e.Code {
	case "INVALID_OPERATION_WITH_EXPIRED_PASSWORD":
		return NewFinding(PasswordExpired,
			"the password has expired: Salesforce refuses every API call until it is changed"+sf), true
	case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED":
		return NewFinding(APIDisabled,
			"login worked but API calls are refused: the user lacks the \"API Enabled\" permission or the org has no API access"+sf), true
	case "REQUEST_LIMIT_EXCEEDED":
		return NewFinding(APILimitExhausted,
			"login worked but Salesforce refuses API calls because the org's request limit is exceeded"+sf), true
	}
	if e.Status != 401 && e.Code != "INVALID_SESSION_ID" {
		return Finding{}, false
	}
	if strings.Contains(strings.ToLower(e.Message), "not valid for use with the rest api") {
		// An OAuth session without the api scope: the IP explanation would
		// send the admin the wrong way.
		f := NewFinding(SessionRejected,
			"login worked but the session is not valid for the REST API: the connected app's OAuth scopes do not include api"+sf)
		f.Remedy = "An admin adds the scope \"Manage user data via APIs (api)\" to the connected app (or External Client App) " +
			"and the integration authorises again."
		return f, true
	}
	return NewFinding(SessionRejected,
		"login worked but the session is refused: the profile enforces Login IP ranges on every request, or sessions are locked to IP"+sf), true
}
