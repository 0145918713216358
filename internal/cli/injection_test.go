package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
)

// injection is text a Salesforce answer or an input could carry, aimed at
// every way the runner reads a step: workflow commands on stdout ("::" at the
// start of a line, legacy "##[" anywhere in a line, CR, LF and %-encoded
// breaks), the GITHUB_OUTPUT file (name=value lines and name<<DELIMITER
// blocks with go-githubactions' fixed delimiter) and the job summary (HTML,
// links, table cells). internal/report/injection_test.go holds the same text
// against each renderer; this one goes through the binary's entry point.
const injection = "pwned ::set-output name=evil::1" +
	"\n::error title=Injected::second annotation" +
	"\r\n::add-mask::x" +
	"\r::warning::after a lone CR" +
	"%0A::notice::encoded LF%0D::notice::encoded CR" +
	"\n_GitHubActionsFileCommandDelimeter_" +
	"\nevil<<EOF\ninjected=1\nEOF" +
	"\n_GitHubActionsFileCommandDelimeter_" +
	"\n##[set-output name=legacy;]1 and ##[stop-commands]token" +
	"\n<img src=x onerror=alert(1)> [link](http://x) | cell | <script>alert(2)</script>" +
	"\nÜberprüfung 認証 company’s\u2028::notice::line separator\u0085::notice::next line"

// injectedLines are the parts of the injection that follow a line break:
// none may start a line of any output.
func injectedLines() []string {
	var out []string
	parts := strings.FieldsFunc(injection, func(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' || r == '\u0085' })
	for _, p := range parts[1:] {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
		for _, q := range strings.Split(p, "%0A")[1:] {
			out = append(out, strings.Split(q, "%0D")[0])
		}
	}
	return out
}

// runnerAnnotation is one ::error, ::warning or ::notice, unescaped as the
// runner does (actions/runner src/Runner.Common/ActionCommand.cs).
type runnerAnnotation struct {
	Command, Title, Data string
}

// readStdoutAsRunner reads stdout as the runner does (a line ends at LF, CR
// or CRLF; "::" after leading space starts a command; "##[" anywhere in a
// line is a legacy command) and fails on any command that is not one of ours,
// any line injected text starts, and any annotation that is not one line.
func readStdoutAsRunner(t *testing.T, stdout string) []runnerAnnotation {
	t.Helper()
	lines := strings.FieldsFunc(strings.ReplaceAll(stdout, "\r\n", "\n"), func(r rune) bool { return r == '\n' || r == '\r' })
	var anns []runnerAnnotation
	for _, line := range lines {
		if strings.Contains(line, "##[") {
			t.Errorf("stdout line holds the legacy command prefix ##[: %q", line)
		}
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		for _, frag := range injectedLines() {
			if strings.HasPrefix(trimmed, frag) {
				t.Errorf("injected text starts a stdout line: %q", line)
			}
		}
		if !strings.HasPrefix(trimmed, "::") {
			continue
		}
		end := strings.Index(trimmed[2:], "::")
		if end < 0 {
			t.Errorf("stdout line starts with :: but is no command: %q", line)
			continue
		}
		info, data := trimmed[2:2+end], trimmed[2+end+2:]
		name, props, _ := strings.Cut(info, " ")
		switch name {
		case "add-mask":
			continue
		case "error", "warning", "notice":
		default:
			t.Errorf("stdout holds a %q workflow command: %q", name, line)
			continue
		}
		a := runnerAnnotation{Command: name, Data: strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(data)}
		for _, p := range strings.Split(props, ",") {
			if k, v, ok := strings.Cut(p, "="); ok && k == "title" {
				a.Title = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(v)
			}
		}
		if strings.ContainsAny(a.Data+a.Title, "\r\n") {
			t.Errorf("annotation spans several lines once unescaped: %q", line)
		}
		reason, _, ok := strings.Cut(strings.TrimPrefix(a.Data, "["), "] ")
		if !strings.HasPrefix(a.Data, "[") || !ok || !known(check.Reason(reason)) {
			t.Errorf("annotation does not start with a known [reason]: %q", a.Data)
		}
		anns = append(anns, a)
	}
	return anns
}

// readOutputsAsRunner parses GITHUB_OUTPUT as the runner does on Linux
// (actions/runner src/Runner.Worker/FileCommandManager.cs).
func readOutputsAsRunner(text string) ([]string, map[string]string, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	var names []string
	values := map[string]string{}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" {
			continue
		}
		eq, heredoc := strings.Index(line, "="), strings.Index(line, "<<")
		switch {
		case eq >= 0 && (heredoc < 0 || eq < heredoc):
			names = append(names, line[:eq])
			values[line[:eq]] = line[eq+1:]
		case heredoc > 0 && heredoc+2 < len(line):
			name, delim := line[:heredoc], line[heredoc+2:]
			var value []string
			for i++; ; i++ {
				if i >= len(lines) {
					return nil, nil, fmt.Errorf("matching delimiter %q not found", delim)
				}
				if lines[i] == delim {
					break
				}
				value = append(value, lines[i])
			}
			names = append(names, name)
			values[name] = strings.Join(value, "\n")
		default:
			return nil, nil, fmt.Errorf("invalid format %q", line)
		}
	}
	return names, values, nil
}

// checkSummaryInert fails on markup the injection could have made active.
func checkSummaryInert(t *testing.T, summary string) {
	t.Helper()
	if strings.Contains(summary, "<") || strings.Contains(summary, "](") {
		t.Errorf("summary holds a raw < or ](:\n%s", summary)
	}
	for i, r := range summary {
		if (r == '[' || r == ']') && (i == 0 || summary[i-1] != '\\') {
			t.Errorf("summary holds an unescaped %q: %q", r, summary[max(0, i-30):min(len(summary), i+30)])
		}
	}
	tablePipes := 0
	for _, line := range strings.Split(summary, "\n") {
		for _, frag := range injectedLines() {
			if strings.HasPrefix(strings.TrimSpace(line), frag) {
				t.Errorf("injected text starts a summary line: %q", line)
			}
		}
		pipes := strings.Count(line, "|") - strings.Count(line, `\|`)
		switch {
		case !strings.HasPrefix(line, "|"):
			tablePipes = 0
			if pipes > 0 {
				t.Errorf("summary line outside a table holds an unescaped |: %q", line)
			}
		case tablePipes == 0:
			tablePipes = pipes
		case pipes != tablePipes:
			t.Errorf("summary table row has %d cell separators, its header %d: %q", pipes, tablePipes, line)
		}
	}
}

// TestRun_injection runs the check as the action runs it (GITHUB_ACTIONS,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) against a login host whose answers,
// like the username input, carry the injection.
func TestRun_injection(t *testing.T) {
	t.Parallel()

	// A username input is free text as long as it holds an "@" and no
	// leading or trailing space.
	fault := func(code, message string) http.HandlerFunc {
		return answer(http.StatusInternalServerError, "text/xml;charset=UTF-8", soapFault(code, message, true))
	}
	success := func(t *testing.T) http.HandlerFunc {
		body := fixtureBody(t, "soap-login-success-partner-soapforce.xml")
		body = strings.ReplaceAll(body, "https://na7.salesforce.com", "{{URL}}")
		body = strings.Replace(body, "<organizationName>Developer</organizationName>", "<organizationName>"+xmlEscape(injection)+"</organizationName>", 1)
		body = strings.Replace(body, "<userName>john.doe@email.com</userName>", "<userName>"+xmlEscape("john.doe@email.com "+injection)+"</userName>", 1)
		body = strings.Replace(body, "<userFullName>John Doe</userFullName>", "<userFullName>"+xmlEscape(injection)+"</userFullName>", 1)
		return answer(http.StatusOK, "text/xml;charset=UTF-8", body)
	}
	cases := []struct {
		name    string
		handler func(t *testing.T) http.HandlerFunc
		// username is the username input (default faultUser). A username
		// input that carries the injection is refused before any login
		// and never shown (TestInputs_secretLikeNeverEchoed).
		username        string
		wantExit        int
		wantReason      check.Reason
		wantAnnotations int
		// wantOutputs are outputs whose value must carry the injection
		// (folded to one line).
		wantOutputs []string
		// capped: the injection rides in a fault code, cut at 100
		// characters when read, so only its start reaches the outputs.
		capped bool
	}{
		{
			name:       "fault message",
			handler:    func(*testing.T) http.HandlerFunc { return fault("INVALID_LOGIN", injection) },
			wantExit:   1,
			wantReason: check.InvalidCredentials,
			// The fault and the retirement warning.
			wantAnnotations: 2,
		},
		{
			name:            "fault code",
			handler:         func(*testing.T) http.HandlerFunc { return fault("INVALID_LOGIN "+injection, "Invalid username.") },
			username:        faultUser,
			wantExit:        1,
			wantReason:      check.LoginRejected,
			wantAnnotations: 2,
			wantOutputs:     []string{"salesforce-error"},
			capped:          true,
		},
		{
			name:            "success with hostile user info",
			handler:         success,
			username:        faultUser,
			wantExit:        0,
			wantReason:      check.FlowRetiring,
			wantAnnotations: 1,
			wantOutputs:     []string{"username"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, st, _ := startFaultServer(t, false, tc.handler(t))
			dir := t.TempDir()
			outputFile, summaryFile := filepath.Join(dir, "output"), filepath.Join(dir, "summary")
			vars := soapVars(srv.URL, "5s")
			vars["SF_USERNAME"] = faultUser
			if tc.username != "" {
				vars["SF_USERNAME"] = tc.username
			}
			vars["GITHUB_ACTIONS"] = "true"
			vars["GITHUB_OUTPUT"] = outputFile
			vars["GITHUB_STEP_SUMMARY"] = summaryFile
			var dials atomic.Int64

			run := runHostile(t.Context(), t, newFaultClient(&dials), vars)

			if run.exit != tc.wantExit {
				t.Errorf("exit = %d, want %d", run.exit, tc.wantExit)
			}
			if n := st.logins.Load(); n != 1 {
				t.Errorf("the login host saw %d logins, want 1", n)
			}
			anns := readStdoutAsRunner(t, run.stdout)
			if len(anns) != tc.wantAnnotations {
				t.Errorf("stdout holds %d annotations, want %d:\n%s", len(anns), tc.wantAnnotations, run.stdout)
			}
			out, err := os.ReadFile(outputFile)
			if err != nil {
				t.Fatalf("failed to read GITHUB_OUTPUT: %v", err)
			}
			names, values, err := readOutputsAsRunner(string(out))
			if err != nil {
				t.Fatalf("GITHUB_OUTPUT does not parse: %v\n%s", err, out)
			}
			if diff := cmp.Diff(report.Outputs, names); diff != "" {
				t.Errorf("output names (-want, +got):\n%s", diff)
			}
			if got := values["reason"]; got != string(tc.wantReason) {
				t.Errorf("output reason = %q, want %q", got, tc.wantReason)
			}
			for _, name := range tc.wantOutputs {
				if v := values[name]; !strings.Contains(v, "::set-output name=evil::1 ::error title=Injected::second annotation") {
					t.Errorf("output %s = %q does not carry the injection on one line; the test proves nothing", name, v)
				}
			}
			summary, err := os.ReadFile(summaryFile)
			if err != nil {
				t.Fatalf("failed to read GITHUB_STEP_SUMMARY: %v", err)
			}
			checkSummaryInert(t, string(summary))
			if tc.capped {
				assertNoFaultSecrets(t, run.stdout+string(out)+string(summary))
				return
			}
			if !strings.Contains(string(summary), `&lt;img src=x onerror=alert\(1\)&gt;`) {
				t.Errorf("summary does not carry the injected text, escaped; the test proves nothing:\n%s", summary)
			}
			if !strings.Contains(run.stdout, "Überprüfung 認証 company’s") {
				t.Errorf("stdout lost the non-ASCII text:\n%s", run.stdout)
			}
			if !slices.ContainsFunc(anns, func(a runnerAnnotation) bool { return strings.Contains(a.Data, "<img src=x onerror=alert(1)>") }) &&
				tc.name == "fault message" {
				t.Errorf("no annotation carries the injected message:\n%s", run.stdout)
			}
			assertNoFaultSecrets(t, run.stdout+string(out)+string(summary))
		})
	}
}

// known reports whether r is in the vocabulary: Lookup answers an unknown
// reason with another entry's.
func known(r check.Reason) bool { return check.Lookup(r).Reason == r }
