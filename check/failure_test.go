package check_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

func TestFailure(t *testing.T) {
	t.Parallel()

	answer := func(api transport.API, kind transport.AnswerKind) error {
		return &transport.AnswerError{API: api, Kind: kind, Status: 200}
	}
	cases := []struct {
		name string
		err  error
		want check.Reason
	}{
		{"timeout", &transport.Error{Kind: transport.KindTimeout, Err: context.DeadlineExceeded}, check.Timeout},
		{"cancelled", &transport.Error{Kind: transport.KindCancelled}, check.Cancelled},
		{"answer too large", &transport.Error{Kind: transport.KindTooLarge}, check.UnexpectedResponse},
		{"refused by the egress gate", &transport.Error{Kind: transport.KindRefused}, check.UnexpectedResponse},
		{"DNS", &transport.Error{Kind: transport.KindDNS}, check.NetworkError},
		{"certificate", &transport.Error{Kind: transport.KindCertificate}, check.NetworkError},
		{"wrapped transport error", fmt.Errorf("failed to log in: %w", &transport.Error{Kind: transport.KindReset}), check.NetworkError},
		{"SOAP redirect", answer(transport.SOAP, transport.AnswerRedirect), check.WrongLoginHost},
		{"OAuth page", answer(transport.OAuth, transport.AnswerNotAPI), check.WrongLoginHost},
		{"SOAP 5xx page", answer(transport.SOAP, transport.AnswerServer), check.ServerError},
		{"OAuth malformed", answer(transport.OAuth, transport.AnswerMalformed), check.UnexpectedResponse},
		// The instance, not the login host, answers REST calls.
		{"REST redirect", answer(transport.REST, transport.AnswerRedirect), check.UnexpectedResponse},
		{"REST page", answer(transport.REST, transport.AnswerNotAPI), check.UnexpectedResponse},
		{"REST 5xx page", answer(transport.REST, transport.AnswerServer), check.ServerError},
		{"anything else", errors.New("surprise"), check.UnexpectedResponse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := check.Failure(tc.err); got != tc.want {
				t.Errorf("Failure(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}
