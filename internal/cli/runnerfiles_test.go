package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// libraryDelimiter is go-githubactions v1.4.0's fixed heredoc delimiter
// (actions.go): a value equal to it ended its block early.
const libraryDelimiter = "_GitHubActionsFileCommandDelimeter_"

// TestRunnerFiles_outputEqualToTheLibraryDelimiter: a login host whose
// fault code is go-githubactions' delimiter, written to the salesforce-error
// output, leaves a GITHUB_OUTPUT the runner reads whole.
func TestRunnerFiles_outputEqualToTheLibraryDelimiter(t *testing.T) {
	t.Parallel()
	srv, _, _ := startFaultServer(t, false, answer(http.StatusInternalServerError, "text/xml;charset=UTF-8",
		soapFault(libraryDelimiter, "Invalid username, password, security token; or user locked out.", true)))
	dir := t.TempDir()
	vars := soapVars(srv.URL, "5s")
	vars["GITHUB_ACTIONS"], vars["GITHUB_OUTPUT"], vars["GITHUB_STEP_SUMMARY"] = "true", filepath.Join(dir, "output"), filepath.Join(dir, "summary")
	var dials atomic.Int64
	run := runHostile(t.Context(), t, newFaultClient(&dials), vars)
	if run.exit != 1 {
		t.Errorf("exit = %d, want 1", run.exit)
	}
	out, err := os.ReadFile(vars["GITHUB_OUTPUT"])
	if err != nil {
		t.Fatal(err)
	}
	names, values, err := readOutputsAsRunner(string(out))
	if err != nil {
		t.Fatalf("the runner cannot read GITHUB_OUTPUT: %v\n%s", err, out)
	}
	if diff := cmp.Diff(report.Outputs, names); diff != "" {
		t.Errorf("output names (-want, +got):\n%s", diff)
	}
	if got := values["salesforce-error"]; got != libraryDelimiter {
		t.Errorf("salesforce-error = %q, want %q", got, libraryDelimiter)
	}
}

// brokenStdout fails every write, as a closed pipe does.
type brokenStdout struct{ writes atomic.Int64 }

func (b *brokenStdout) Write([]byte) (int, error) {
	b.writes.Add(1)
	return 0, errors.New("write /dev/stdout: broken pipe")
}

// TestRunnerFiles_failedWritesKeepTheVerdict: a runner file that cannot be
// written, or a broken stdout, never panics (masks are written from the
// check's goroutines) and never changes the exit code, which would turn a
// definite fail into exit 3 and invite a retry that spends another failed
// login. The failure is an error line on stderr.
func TestRunnerFiles_failedWritesKeepTheVerdict(t *testing.T) {
	t.Parallel()
	success := fixtureBody(t, "soap-login-success-partner-soapforce.xml")
	success = strings.ReplaceAll(success, "https://na7.salesforce.com", "{{URL}}")
	cases := []struct {
		name    string
		handler http.HandlerFunc
		// missingFiles points GITHUB_OUTPUT and GITHUB_STEP_SUMMARY into a
		// directory that does not exist.
		missingFiles bool
		brokenStdout bool
		wantExit     int
		wantStderr   []string
	}{
		{
			name:         "unwritable runner files, definite fail",
			handler:      answer(http.StatusInternalServerError, "text/xml;charset=UTF-8", soapFault("INVALID_LOGIN", "Invalid username, password, security token; or user locked out.", true)),
			missingFiles: true, wantExit: 1,
			wantStderr: []string{"the report was not fully written", "output", "step-summary"},
		},
		{
			name:         "broken stdout, a session to mask",
			handler:      answer(http.StatusOK, "text/xml;charset=UTF-8", success),
			brokenStdout: true, wantExit: 0,
			wantStderr: []string{"the report was not fully written", "broken pipe"},
		},
		{
			name:         "broken stdout, definite fail",
			handler:      answer(http.StatusInternalServerError, "text/xml;charset=UTF-8", soapFault("INVALID_LOGIN", "Invalid username, password, security token; or user locked out.", true)),
			brokenStdout: true, missingFiles: true, wantExit: 1,
			wantStderr: []string{"the report was not fully written", "broken pipe", "output"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, st, _ := startFaultServer(t, false, tc.handler)
			dir := t.TempDir()
			if tc.missingFiles {
				dir = filepath.Join(dir, "gone")
			}
			vars := soapVars(srv.URL, "5s")
			vars["GITHUB_ACTIONS"], vars["GITHUB_OUTPUT"], vars["GITHUB_STEP_SUMMARY"] = "true", filepath.Join(dir, "output"), filepath.Join(dir, "summary")
			var stdout io.Writer = &bytes.Buffer{}
			broken := &brokenStdout{}
			if tc.brokenStdout {
				stdout = broken
			}
			var dials atomic.Int64
			// Strict: Run keeps the verdict instead of failing with an error.
			run := runWith(t, ambient{ctx: t.Context(), client: newFaultClient(&dials), now: faultClock, stdout: stdout, strict: true}, vars)
			if run.exit != tc.wantExit {
				t.Errorf("exit = %d, want %d (the verdict's)\nstderr: %s", run.exit, tc.wantExit, run.stderr)
			}
			for _, want := range tc.wantStderr {
				if !strings.Contains(run.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, run.stderr)
				}
			}
			if tc.brokenStdout && broken.writes.Load() == 0 {
				t.Errorf("nothing was written to stdout; the test proves nothing")
			}
			if n := st.logins.Load(); n != 1 {
				t.Errorf("the login host saw %d logins, want 1", n)
			}
			if n := st.logouts.Load(); tc.wantExit == 0 && n != 1 {
				t.Errorf("the session was logged out %d times, want 1", n)
			}
		})
	}
}

// TestRunnerFiles_brokenStdoutWithManyOrgs: orgs checked in parallel mask
// their session ids from their own goroutines as they log in. With stdout
// gone, none of that panics, every session is still logged out, and the exit
// code is the run's verdict.
func TestRunnerFiles_brokenStdoutWithManyOrgs(t *testing.T) {
	t.Parallel()
	sc := scenario(t, "healthy")
	var entries strings.Builder
	vars := map[string]string{"GITHUB_ACTIONS": "true", "SF_PARALLELISM": "4", "SF_ALLOW_CUSTOM_HOST": "true"}
	var orgs []*simorg.Org
	for i := range 6 {
		org := sc.NewOrg()
		srv, err := org.Start("127.0.0.1:0", false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
		env := maps.Clone(sc.Env)
		env["SF_LOGIN_URL"] = srv.URL
		orgs = append(orgs, org)
		pw := fmt.Sprintf("PW_%d", i)
		vars[pw] = env["SF_PASSWORD"] + env["SF_SECURITY_TOKEN"]
		fmt.Fprintf(&entries, "- name: org%d\n  login-url: %s\n  username: %s\n  password-env: %s\n", i, env["SF_LOGIN_URL"], env["SF_USERNAME"], pw)
	}
	vars["SF_ORGS"] = entries.String()
	broken := &brokenStdout{}
	run := runWith(t, ambient{ctx: t.Context(), now: faultClock, stdout: broken}, vars)
	if run.exit != 0 {
		t.Errorf("exit = %d (%v), want 0 (every org passes with a warning)\nstderr: %s", run.exit, run.err, run.stderr)
	}
	if !strings.Contains(run.stderr, "broken pipe") {
		t.Errorf("stderr does not report the failed stdout:\n%s", run.stderr)
	}
	for i, org := range orgs {
		if n := org.LiveSessions(); n != 0 {
			t.Errorf("org%d has %d sessions open, want 0", i, n)
		}
	}
}
