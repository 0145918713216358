package check_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// TestRetirement: a check on a retiring flow passes with a dated warning
// until the retirement date, and fails after it.
func TestRetirement(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		scenario   string
		now        time.Time
		wantReason check.Reason
		wantStatus check.Status
		wantText   string
		wantDate   string
	}{
		{"soap before", "healthy", time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), check.FlowRetiring, check.StatusWarn, "183 days left", "2027-06-01"},
		{"soap after", "healthy", time.Date(2027, 6, 2, 0, 0, 0, 0, time.UTC), check.FlowRetired, check.StatusFail, "has passed", "2027-06-01"},
		{"password flow before", "oauth-password", time.Date(2027, 2, 19, 0, 0, 0, 0, time.UTC), check.FlowRetiring, check.StatusWarn, "1 day left", "2027-02-20"},
		{"password flow after", "oauth-password", time.Date(2027, 2, 20, 0, 0, 0, 0, time.UTC), check.FlowRetired, check.StatusFail, "has passed", "2027-02-20"},
		{"jwt is not retiring", "oauth-jwt", time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC), check.OK, check.StatusPass, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := scenario(t, tc.scenario)
			org := sc.NewOrg()
			org.Now = func() time.Time { return tc.now }
			srv, err := org.Start("127.0.0.1:0", false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			cfg := configFor(t, sc, srv.URL)
			cfg.Probes.LoginHistory, cfg.Probes.Password = false, false
			res := check.Run(context.Background(), cfg, check.WithClock(func() time.Time { return tc.now }))
			if res.Reason != tc.wantReason || res.Status != tc.wantStatus || res.RetiresOn != tc.wantDate {
				t.Fatalf("reason %s status %s retires %q, want %s %s %q", res.Reason, res.Status, res.RetiresOn, tc.wantReason, tc.wantStatus, tc.wantDate)
			}
			if tc.wantText != "" && !strings.Contains(res.Findings[0].Message, tc.wantText) {
				t.Errorf("message %q lacks %q", res.Findings[0].Message, tc.wantText)
			}
		})
	}
}
