package cli

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// TestBounds_hostileAnswers: a login host whose fault code and message are
// hundreds of kilobytes long, and an org whose limits make no sense. Every
// text from Salesforce is capped when read (a code at 100 characters, a
// message at 2,000), every annotation stays within the runner's 4,096,
// every output under 64 KiB, the summary under 1 MiB; nonsense numbers are an
// "unexpected answer" note instead of a percentage.
func TestBounds_hostileAnswers(t *testing.T) {
	t.Parallel()
	longCode := "INVALID_LOGIN" + strings.Repeat("X", 50_000)
	longMessage := strings.Repeat("Invalid username, password, security token; or user locked out. ", 5_000)
	success := fixtureBody(t, "soap-login-success-partner-soapforce.xml")
	success = strings.ReplaceAll(success, "https://na7.salesforce.com", "{{URL}}")
	cases := []struct {
		name    string
		handler http.HandlerFunc
		probes  bool
		check   func(t *testing.T, stdout string, outputs map[string]string, summary string)
	}{
		{
			name:    "fault of 370 KB",
			handler: answer(http.StatusInternalServerError, "text/xml;charset=UTF-8", soapFault(longCode, longMessage, true)),
			check: func(t *testing.T, stdout string, outputs map[string]string, summary string) {
				if got := utf8.RuneCountInString(outputs["salesforce-error"]); got > 101 {
					t.Errorf("salesforce-error is %d characters, want the code capped at 100", got)
				}
				if strings.Count(summary, "Invalid username") > 2000/len("Invalid username, password, security token; or user locked out. ")+2 {
					t.Errorf("the summary holds more than 2,000 characters of the message")
				}
			},
		},
		{
			name: "limits that make no sense",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/limits") {
					w.Header().Set("Content-Type", "application/json")
					_, _ = io.WriteString(w, `{"DailyApiRequests":{"Max":15000,"Remaining":750000}}`)
					return
				}
				if strings.HasPrefix(r.URL.Path, "/services/data/") {
					http.NotFound(w, r)
					return
				}
				answer(http.StatusOK, "text/xml;charset=UTF-8", success)(w, r)
			},
			probes: true,
			check: func(t *testing.T, stdout string, outputs map[string]string, summary string) {
				if strings.Contains(stdout+summary, "5000%") || outputs["api-requests-remaining"] != "" {
					t.Errorf("a Remaining above Max was reported as a number:\n%s", stdout)
				}
				if !strings.Contains(stdout, "DailyApiRequests Max and Remaining are missing or make no sense") {
					t.Errorf("no unexpected-answer note about the limits:\n%s", stdout)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _, _ := startFaultServer(t, false, tc.handler)
			dir := t.TempDir()
			vars := soapVars(srv.URL, "10s")
			vars["GITHUB_ACTIONS"], vars["GITHUB_OUTPUT"], vars["GITHUB_STEP_SUMMARY"] = "true", filepath.Join(dir, "output"), filepath.Join(dir, "summary")
			if tc.probes {
				vars["SF_PROBE_LIMITS"] = "true"
			}
			var dials atomic.Int64
			run := runHostile(t.Context(), t, newFaultClient(&dials), vars)
			out, err := os.ReadFile(vars["GITHUB_OUTPUT"])
			if err != nil {
				t.Fatal(err)
			}
			_, outputs, err := readOutputsAsRunner(string(out))
			if err != nil {
				t.Fatalf("GITHUB_OUTPUT does not parse: %v", err)
			}
			summary, err := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
			if err != nil {
				t.Fatal(err)
			}
			for name, v := range outputs {
				if len(v) >= 64<<10 {
					t.Errorf("output %s is %d bytes, want under 64 KiB", name, len(v))
				}
			}
			if len(summary) >= 1<<20 {
				t.Errorf("the summary is %d bytes, want under 1 MiB", len(summary))
			}
			for _, a := range readStdoutAsRunner(t, run.stdout) {
				if n := utf8.RuneCountInString(a.Data); n > 4096 {
					t.Errorf("an annotation is %d characters, want at most 4,096", n)
				}
			}
			if len(run.stdout) > 64<<10 {
				t.Errorf("stdout is %d bytes for one check", len(run.stdout))
			}
			tc.check(t, run.stdout, outputs, string(summary))
		})
	}
}
