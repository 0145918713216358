package check

import (
	"errors"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Failure is the reason for an error that is not Salesforce's verdict: the
// one place that maps a *transport.Error (by its kind) and a
// *transport.AnswerError (by its kind and API) to the vocabulary. Anything
// else is an unexpected response.
//
// A redirect or a page that is not the API, answering a login (SOAP or
// OAuth), means the login URL is not a Salesforce login host. A REST answer
// comes from the instance the login named, so there the same page is only
// unexpected.
func Failure(err error) Reason {
	var (
		te *transport.Error
		ae *transport.AnswerError
	)
	switch {
	case errors.As(err, &te):
		switch te.Kind {
		case transport.KindTimeout:
			return Timeout
		case transport.KindCancelled:
			return Cancelled
		case transport.KindTooLarge, transport.KindRefused:
			// Too large: not an answer the API gives. Refused: the login
			// answer named a host the egress gate does not send to.
			return UnexpectedResponse
		}
		return NetworkError
	case errors.As(err, &ae):
		switch {
		case ae.Kind == transport.AnswerServer:
			return ServerError
		case ae.API == transport.REST:
			return UnexpectedResponse
		case ae.Kind == transport.AnswerRedirect, ae.Kind == transport.AnswerNotAPI:
			return WrongLoginHost
		}
	}
	return UnexpectedResponse
}
