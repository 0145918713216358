package check

import (
	"errors"
	"fmt"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// failure turns an error that is not a Salesforce verdict (a transport
// failure or an unusable answer) into a finding; diagnose.Failure decides
// its reason. what names the request ("login() request", "token request").
func failure(err error, what string) Finding {
	reason := Failure(err)
	var (
		re *transport.RefusedError
		te *transport.Error
		ae *transport.AnswerError
	)
	switch {
	case errors.As(err, &re):
		return NewFinding(reason, fmt.Sprintf(
			"The login answer pointed the %s at %s://%s, and the check does not send a session there: %s. Nothing was sent to that host.",
			what, re.Scheme, re.Host, re.Rule))
	case errors.As(err, &te):
		switch te.Kind {
		case transport.KindTimeout:
			return NewFinding(reason, fmt.Sprintf("The %s got no complete answer before the deadline.", what))
		case transport.KindCancelled:
			return NewFinding(reason, fmt.Sprintf("The %s was cancelled.", what))
		case transport.KindTooLarge:
			return NewFinding(reason, fmt.Sprintf("The answer to the %s was larger than %d bytes and was not read.", what, transport.MaxBody))
		}
		return NewFinding(reason, fmt.Sprintf("The %s failed: %v.", what, te))
	case errors.As(err, &ae):
		return unusable(what, ae, reason)
	}
	return NewFinding(reason, fmt.Sprintf("The %s failed: %v.", what, err))
}

// unusable reports an answer that is neither a result nor a Salesforce
// verdict, SOAP or OAuth alike, in the words its reason calls for.
func unusable(what string, ae *transport.AnswerError, reason Reason) Finding {
	switch {
	case reason == WrongLoginHost && ae.Kind == transport.AnswerRedirect:
		return NewFinding(reason, fmt.Sprintf(
			"The login URL answered the %s with HTTP %d, a redirect to %s. The credentials were not sent there: a login host must answer itself.",
			what, ae.Status, transport.ShortLocation(ae.Location)))
	case reason == WrongLoginHost:
		return NewFinding(reason, fmt.Sprintf("The login URL answered the %s with %s.", what, ae.Error()))
	case reason == ServerError:
		return NewFinding(reason, fmt.Sprintf("The login host answered the %s with %s.", what, ae.Error()))
	}
	return NewFinding(reason, fmt.Sprintf("The answer to the %s could not be read: %s.", what, ae.Error()))
}

// faultFinding reports a Salesforce fault with its code and text verbatim.
func faultFinding(reason Reason, code, message, attempt string) Finding {
	msg := fmt.Sprintf("Salesforce refused %s with %s: %s", attempt, code, message)
	return NewFinding(reason, msg)
}
