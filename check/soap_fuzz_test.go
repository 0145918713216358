package check_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

// soapFaultFixture is what a recorded fault says: its faultcode and the
// detail's exception.
type soapFaultFixture struct {
	Body struct {
		Fault struct {
			Code   string `xml:"faultcode"`
			String string `xml:"faultstring"`
			Detail struct {
				Items []struct {
					Code    string `xml:"exceptionCode"`
					Message string `xml:"exceptionMessage"`
				} `xml:",any"`
			} `xml:"detail"`
		} `xml:"Fault"`
	} `xml:"Body"`
}

// soapFuzzCodes are the login-relevant exception codes of the Partner WSDL 47
// enum and the texts observed with them (docs/salesforce.md §2).
var soapFuzzCodes = []struct{ code, message string }{
	{"LOGIN_MUST_USE_SECURITY_TOKEN", "Invalid username, password, security token; or user locked out. Are you at a new location?"},
	{"INVALID_LOGIN", "Invalid username, password, security token; or user locked out."},
	{"LOGIN_DURING_RESTRICTED_DOMAIN", "cannot log in from current domain"},
	{"LOGIN_DURING_RESTRICTED_TIME", "cannot log in during restricted time"},
	{"INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "The users password has expired, you must call SetPassword before attempting any other API operations"},
	{"PASSWORD_LOCKOUT", "Your account has been locked"},
	{"API_CURRENTLY_DISABLED", "API is disabled for this User"},
	{"API_DISABLED_FOR_ORG", "API is not enabled for this Organization or Partner"},
	{"INVALID_OPERATION", "SOAP API login() is disabled by default in this org."},
	{"INVALID_OPERATION", "The SOAP Login operation is not available in the API version specified (65.0)."},
	{"UNSUPPORTED_API_VERSION", "Invalid Api version specified on URL"},
	{"INSUFFICIENT_ACCESS", "The user does not have the Use Any API Auth permission"},
	{"LOGIN_CHALLENGE_ISSUED", ""},
	{"INVALID_SSO_GATEWAY_URL", "The Single Sign-On Gateway URL is invalid"},
	{"ORG_LOCKED", ""},
	{"REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."},
	{"LOGIN_RATE_EXCEEDED", ""},
	{"UNKNOWN_EXCEPTION", "Login Rate Exceeded"},
	{"SERVER_UNAVAILABLE", ""},
	{"INACTIVE_OWNER_OR_USER", ""},
}

// FuzzSOAPFault feeds SOAPFault any code and message: every answer must end
// in a reason of the vocabulary that judges the login (never a pass, never
// a configuration error), the same every time, with or without the code's
// namespace prefix.
//
// Seeds: the recorded faults of package fixtures (soap-fault-*.xml) and
// the exception codes of docs/salesforce.md §2.
func FuzzSOAPFault(f *testing.F) {
	for _, name := range fixtures.SalesforceNames("soap-fault-*.xml") {
		b := fixtures.Salesforce(name)
		var env soapFaultFixture
		if err := xml.Unmarshal(b, &env); err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		fault := env.Body.Fault
		for _, it := range fault.Detail.Items {
			f.Add(it.Code, it.Message, false)
			f.Add(it.Code, it.Message, true)
		}
		f.Add(fault.Code, fault.String, true)
	}
	for _, c := range soapFuzzCodes {
		f.Add(c.code, c.message, false)
		f.Add("sf:"+c.code, c.message, true)
		f.Add(strings.ToLower(c.code), "", false)
	}

	f.Fuzz(func(t *testing.T, code, message string, tokenGiven bool) {
		reason := check.SOAPFault(code, message, tokenGiven)
		if check.Lookup(reason).Reason != reason {
			t.Fatalf("SOAPFault(%q, %q, %v) = %q, not in the vocabulary", code, message, tokenGiven, reason)
		}
		info := check.Lookup(reason)
		if info.Status == check.StatusPass || info.Exit == check.ExitConfig {
			t.Errorf("SOAPFault(%q, %q, %v) = %q (status %s, exit %d): a fault neither passes nor is a configuration error",
				code, message, tokenGiven, reason, info.Status, info.Exit)
		}
		if again := check.SOAPFault(code, message, tokenGiven); again != reason {
			t.Errorf("SOAPFault(%q, %q, %v) is %q, then %q", code, message, tokenGiven, reason, again)
		}
		// faultcode comes as sf:CODE or CODE (docs/salesforce.md §1.3).
		if bare := strings.TrimSpace(code); bare != "" && !strings.Contains(bare, ":") {
			if prefixed := check.SOAPFault("sf:"+bare, message, tokenGiven); prefixed != reason {
				t.Errorf("SOAPFault(%q) = %q but SOAPFault(%q) = %q", code, reason, "sf:"+bare, prefixed)
			}
		}
	})
}
