package diagnose_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/internal/diagnose"
	"github.com/salesforce-login-check/salesforce-login-check/internal/transport"
)

func TestFailure(t *testing.T) {
	t.Parallel()

	answer := func(api transport.API, kind transport.AnswerKind) error {
		return &transport.AnswerError{API: api, Kind: kind, Status: 200}
	}
	cases := []struct {
		name string
		err  error
		want diagnose.Reason
	}{
		{"timeout", &transport.Error{Kind: transport.KindTimeout, Err: context.DeadlineExceeded}, diagnose.Timeout},
		{"cancelled", &transport.Error{Kind: transport.KindCancelled}, diagnose.Cancelled},
		{"answer too large", &transport.Error{Kind: transport.KindTooLarge}, diagnose.UnexpectedResponse},
		{"refused by the egress gate", &transport.Error{Kind: transport.KindRefused}, diagnose.UnexpectedResponse},
		{"DNS", &transport.Error{Kind: transport.KindDNS}, diagnose.NetworkError},
		{"certificate", &transport.Error{Kind: transport.KindCertificate}, diagnose.NetworkError},
		{"wrapped transport error", fmt.Errorf("failed to log in: %w", &transport.Error{Kind: transport.KindReset}), diagnose.NetworkError},
		{"SOAP redirect", answer(transport.SOAP, transport.AnswerRedirect), diagnose.WrongLoginHost},
		{"OAuth page", answer(transport.OAuth, transport.AnswerNotAPI), diagnose.WrongLoginHost},
		{"SOAP 5xx page", answer(transport.SOAP, transport.AnswerServer), diagnose.ServerError},
		{"OAuth malformed", answer(transport.OAuth, transport.AnswerMalformed), diagnose.UnexpectedResponse},
		// The instance, not the login host, answers REST calls.
		{"REST redirect", answer(transport.REST, transport.AnswerRedirect), diagnose.UnexpectedResponse},
		{"REST page", answer(transport.REST, transport.AnswerNotAPI), diagnose.UnexpectedResponse},
		{"REST 5xx page", answer(transport.REST, transport.AnswerServer), diagnose.ServerError},
		{"anything else", errors.New("surprise"), diagnose.UnexpectedResponse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := diagnose.Failure(tc.err); got != tc.want {
				t.Errorf("Failure(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}
