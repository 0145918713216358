package cli

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// TestExitError_keepsTheRunsCode: the exit code a run decided reaches main
// unchanged, with or without an error to print; a configuration that could
// not even be read exits 2 like any refused configuration (it used to
// become 3), and an error never exits 0.
func TestExitError_keepsTheRunsCode(t *testing.T) {
	t.Parallel()
	failed := errors.New("failed to load the configuration: boom")
	cases := []struct {
		name     string
		code     int
		err      error
		wantCode int
		wantErr  bool
	}{
		{"pass", check.ExitOK, nil, check.ExitOK, false},
		{"fail", check.ExitFail, nil, check.ExitFail, false},
		{"refused configuration", check.ExitConfig, nil, check.ExitConfig, false},
		{"inconclusive", check.ExitInconclusive, nil, check.ExitInconclusive, false},
		{"configuration not readable", check.ExitConfig, failed, check.ExitConfig, true},
		{"an error with code 0", check.ExitOK, failed, check.ExitInconclusive, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ExitErrorFor(tc.code, tc.err)
			got, gotErr := check.ExitOK, false
			var ee *ExitError
			if errors.As(err, &ee) {
				got, gotErr = ee.ExitCode(), ee.Err != nil
			} else if err != nil {
				t.Fatalf("exitError returned %T, not an *ExitError", err)
			}
			if diff := cmp.Diff([2]any{tc.wantCode, tc.wantErr}, [2]any{got, gotErr}); diff != "" {
				t.Errorf("(code, has error) (-want, +got):\n%s", diff)
			}
		})
	}
}
