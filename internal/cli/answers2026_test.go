package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAPIVersionDeprecationThroughTheBinary: a check on API 31.0–40.0 passes
// with a dated warning, api-version-deprecated, naming Summer '27 and Summer
// '28; 30.0 is refused before any login and 41.0 is not warned about.
func TestAPIVersionDeprecationThroughTheBinary(t *testing.T) {
	t.Parallel()
	cases := []struct {
		version  string
		wantWarn bool
		wantExit int
	}{
		{"31.0", true, 0},
		{"37.0", true, 0},
		{"40.0", true, 0},
		{"41.0", false, 0},
		{"64.0", false, 0},
		{"30.0", false, 2},
	}
	for _, tc := range cases {
		t.Run(tc.version, func(t *testing.T) {
			t.Parallel()
			_, env := serve(t, scenario(t, "healthy"))
			env["SF_API_VERSION"] = tc.version
			inv := runCLI(t, env, "--json")
			if inv.exit != tc.wantExit {
				t.Fatalf("exit %d, want %d\n%s", inv.exit, tc.wantExit, inv.stdout)
			}
			var got struct {
				Findings []struct{ Reason, Severity, Message string }
			}
			if err := json.Unmarshal([]byte(inv.stdout), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, inv.stdout)
			}
			i := slices.IndexFunc(got.Findings, func(f struct{ Reason, Severity, Message string }) bool {
				return f.Reason == "api-version-deprecated"
			})
			if (i >= 0) != tc.wantWarn {
				t.Fatalf("api-version-deprecated found %v, want %v\n%s", i >= 0, tc.wantWarn, inv.stdout)
			}
			if i < 0 {
				return
			}
			f := got.Findings[i]
			for _, want := range []string{"api-version " + tc.version, "Summer '27", "Summer '28", "2027-06-01", "2028-06-01", "days left"} {
				if !strings.Contains(f.Message, want) {
					t.Errorf("message %q lacks %q", f.Message, want)
				}
			}
			if f.Severity != "warning" {
				t.Errorf("severity %q, want warning", f.Severity)
			}
		})
	}
}

// TestAPIVersionDeprecationAfterSummer27 holds the dated wording on the
// clock: after the deprecation the warning names the retirement's days left.
func TestAPIVersionDeprecationAfterSummer27(t *testing.T) {
	t.Parallel()
	_, env := serve(t, scenario(t, "oauth-client-credentials"))
	env["SF_API_VERSION"] = "39.0"
	run := runWith(t, ambient{now: func() time.Time { return time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC) }}, env, "--json")
	if run.exit != 0 {
		t.Fatalf("exit = %d, want 0\n%s", run.exit, run.stdout)
	}
	if !strings.Contains(run.stdout, "deprecated since the Summer '27 release and retired with Summer '28 (expected 2028-06-01, 183 days left)") {
		t.Errorf("no dated wording after Summer '27:\n%s", run.stdout)
	}
}
