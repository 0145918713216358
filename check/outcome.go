package check

import (
	"errors"
	"fmt"

	"github.com/salesforce-login-check/salesforce-login-check/check/diagnose"
	"github.com/salesforce-login-check/salesforce-login-check/check/oauth"
	"github.com/salesforce-login-check/salesforce-login-check/check/report"
	"github.com/salesforce-login-check/salesforce-login-check/check/soap"
	"github.com/salesforce-login-check/salesforce-login-check/check/transport"
)

// failure turns an error that is not a Salesforce verdict (a transport
// failure or an unreadable answer) into a finding. what names the request
// ("login", "token request").
func failure(err error, what string) report.Finding {
	var (
		te *transport.Error
		ae *soap.AnswerError
		oa *oauth.AnswerError
	)
	switch {
	case errors.As(err, &te):
		switch te.Kind {
		case transport.KindTimeout:
			return report.NewFinding(diagnose.Timeout, fmt.Sprintf("The %s got no complete answer before the deadline.", what))
		case transport.KindCancelled:
			return report.NewFinding(diagnose.Cancelled, fmt.Sprintf("The %s was cancelled.", what))
		case transport.KindTooLarge:
			return report.NewFinding(diagnose.UnexpectedResponse, fmt.Sprintf("The answer to the %s was larger than %d bytes and was not read.", what, transport.MaxBody))
		case transport.KindRefused:
			var re *transport.RefusedError
			if errors.As(err, &re) {
				return report.NewFinding(diagnose.UnexpectedResponse, fmt.Sprintf(
					"The login answer pointed the %s at %s://%s, and the check does not send a session there: %s. Nothing was sent to that host.",
					what, re.Scheme, re.Host, re.Rule))
			}
		}
		return report.NewFinding(diagnose.NetworkError, fmt.Sprintf("The %s failed: %v.", what, te))
	case errors.As(err, &ae):
		return unusable(what, ae, ae.Status, ae.Location, map[soap.AnswerKind]diagnose.Reason{
			soap.AnswerRedirect: diagnose.WrongLoginHost, soap.AnswerNotSOAP: diagnose.WrongLoginHost, soap.AnswerServer: diagnose.ServerError,
		}[ae.Kind], ae.Kind == soap.AnswerRedirect)
	case errors.As(err, &oa):
		return unusable(what, oa, oa.Status, oa.Location, map[oauth.AnswerKind]diagnose.Reason{
			oauth.AnswerRedirect: diagnose.WrongLoginHost, oauth.AnswerNotJSON: diagnose.WrongLoginHost, oauth.AnswerServer: diagnose.ServerError,
		}[oa.Kind], oa.Kind == oauth.AnswerRedirect)
	}
	return report.NewFinding(diagnose.UnexpectedResponse, fmt.Sprintf("The %s failed: %v.", what, err))
}

// unusable reports an answer that is neither a result nor a Salesforce
// verdict (SOAP or OAuth alike): a redirect or a page that is not the API
// means a wrong login host; a 5xx page a server error; anything else an
// unreadable answer (reason "" here).
func unusable(what string, err error, status int, location string, reason diagnose.Reason, redirect bool) report.Finding {
	switch {
	case redirect:
		return report.NewFinding(diagnose.WrongLoginHost, fmt.Sprintf(
			"The login URL answered the %s with HTTP %d, a redirect to %s. The credentials were not sent there: a login host must answer itself.",
			what, status, quoteLocation(location)))
	case reason == diagnose.WrongLoginHost:
		return report.NewFinding(reason, fmt.Sprintf("The login URL answered the %s with %s.", what, err.Error()))
	case reason == diagnose.ServerError:
		return report.NewFinding(reason, fmt.Sprintf("The login host answered the %s with %s.", what, err.Error()))
	}
	return report.NewFinding(diagnose.UnexpectedResponse, fmt.Sprintf("The answer to the %s could not be read: %s.", what, err.Error()))
}

func quoteLocation(loc string) string {
	if loc == "" {
		return "an unnamed location"
	}
	if len(loc) > 200 {
		loc = loc[:200] + "…"
	}
	return fmt.Sprintf("%q", loc)
}

// faultFinding reports a Salesforce fault with its code and text verbatim.
func faultFinding(reason diagnose.Reason, code, message, attempt string) report.Finding {
	msg := fmt.Sprintf("Salesforce refused %s with %s: %s", attempt, code, message)
	return report.NewFinding(reason, msg)
}
