package check_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// verdict is what a check of a scenario must reach, and what the org must
// have seen of it.
type verdict struct {
	Reason   check.Reason
	Status   check.Status
	Exit     int
	Attempts int
	// OrgAttempts is the number of login attempts the org counted.
	OrgAttempts int
	// Live is the number of sessions the org issued that were not ended
	// (logged out or revoked) once Run returned.
	Live int
	// Also are the scenario's other reasons that are among the findings.
	Also []string
}

// TestRun_simorgScenarios runs check.Run, with a configuration built
// directly, against the simulated org of every scenario it serves: every
// flow (SOAP, OAuth password, client credentials, JWT bearer, refresh
// token), both pinpoint paths and every fault an org can have (credentials,
// user, profile, org settings, connected app, probes, a hung org). The
// verdict is the scenario's, the org saw exactly the attempts the lockout
// budget allows, and every session it issued was ended.
//
// Scenarios whose settings the configuration refuses (exit 2: a retired
// API version, a certificate or encrypted key pasted as the JWT key) never
// reach Run and are not served by an org; internal/config holds them.
func TestRun_simorgScenarios(t *testing.T) {
	t.Parallel()
	var cases []simorg.Scenario
	for _, sc := range simorg.Scenarios() {
		if sc.WantExit != check.ExitConfig {
			cases = append(cases, sc)
		}
	}
	if len(cases) < 40 {
		t.Fatalf("only %d scenarios reach the check; simorg.Scenarios lost some", len(cases))
	}
	for _, sc := range cases {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			org := sc.NewOrg()
			srv, err := org.Start("127.0.0.1:0", false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })

			res := check.Run(context.Background(), configFor(t, sc, srv.URL))

			want := verdict{
				Reason: check.Reason(sc.WantReason), Status: check.Lookup(check.Reason(sc.WantReason)).Status, Exit: sc.WantExit,
				Attempts: sc.WantAttempts, OrgAttempts: sc.WantAttempts, Also: sc.WantAlso,
			}
			got := verdict{Reason: res.Reason, Status: res.Status, Exit: res.Exit, Attempts: res.Attempts,
				OrgAttempts: org.Attempts(), Live: org.LiveSessions()}
			for _, also := range sc.WantAlso {
				if slices.ContainsFunc(res.Findings, func(f check.Finding) bool { return string(f.Reason) == also }) {
					got.Also = append(got.Also, also)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("verdict (-want, +got):\n%s\nfindings: %+v", diff, res.Findings)
			}
			// Every session the org issued was ended by the check: logged
			// out or revoked, once each.
			reqs := org.Requests()
			ended := reqs["POST /services/Soap/u/{version}/{orgId} logout"] + reqs["POST /services/oauth2/revoke"]
			if issued := len(org.Issued()); ended != issued {
				t.Errorf("the org issued %d sessions and saw %d logouts and revocations", issued, ended)
			}
		})
	}
}
