package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// injection is text a Salesforce answer or a user input could carry, aimed at
// every way the runner reads a step: workflow commands on stdout (the "::"
// form at the start of a line, the legacy "##[" form anywhere in a line, with
// CR, LF and %-encoded line breaks), the GITHUB_OUTPUT file (name=value
// lines, and name<<DELIMITER blocks with go-githubactions' fixed delimiter),
// and the job summary (HTML, links, table cells).
const injection = "pwned ::set-output name=evil::1" +
	"\n::error title=Injected::second annotation" +
	"\r\n::add-mask::x" +
	"\r::warning::after a lone CR" +
	"%0A::notice::encoded LF%0D::notice::encoded CR" +
	"\n_GitHubActionsFileCommandDelimeter_" +
	"\nevil<<EOF\ninjected=1\nEOF" +
	"\n_GitHubActionsFileCommandDelimeter_" +
	"\n##[set-output name=legacy;]1 and ##[stop-commands]token" +
	"\n<img src=x onerror=alert(1)> [link](http://x) | cell | <script>alert(2)</script> ![i](http://x/i.png)" +
	"\u2028::notice::line separator\u0085::notice::next line\x1b[31m"

// injectedLines are the parts of the injection that follow a line break: none
// may start a line of any output.
func injectedLines() []string {
	var out []string
	parts := strings.FieldsFunc(injection, func(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' || r == '\u0085' })
	for _, p := range parts[1:] {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
		// The %-encoded breaks, once decoded.
		for _, q := range strings.Split(p, "%0A")[1:] {
			out = append(out, strings.Split(q, "%0D")[0])
		}
	}
	return out
}

// ourCommands are the only workflow commands the check may write.
var ourCommands = []string{"add-mask", "error", "warning", "notice"}

// runnerLines splits stdout the way the runner reads a step's output: .NET's
// ReadLine ends a line at LF, CR or CRLF.
func runnerLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
}

// unescapeData and unescapeProperty undo the runner's command escaping, in
// the runner's order (actions/runner src/Runner.Common/ActionCommand.cs).
func unescapeData(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(s)
}

func unescapeProperty(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

// annotation is one ::error, ::warning or ::notice the runner would act on.
type annotation struct {
	Command, Title, Data string
}

// checkStdout reads stdout as the runner does and fails on anything the
// runner would take as a command that is not one of ours, on any line that
// injected text starts, and on any multi-line annotation. It returns the
// annotations.
func checkStdout(t *testing.T, stdout string) []annotation {
	t.Helper()
	var anns []annotation
	for _, line := range runnerLines(stdout) {
		// actions/runner ActionCommand.TryParse: "##[" anywhere in a line.
		if strings.Contains(line, "##[") {
			t.Errorf("stdout line holds the legacy command prefix ##[: %q", line)
		}
		// ActionCommand.TryParseV2: "::" after leading white space.
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
		if !slices.Contains(ourCommands, name) {
			t.Errorf("stdout holds a %q workflow command: %q", name, line)
			continue
		}
		if name == "add-mask" {
			continue
		}
		a := annotation{Command: name, Data: unescapeData(data)}
		for _, p := range strings.Split(props, ",") {
			if k, v, ok := strings.Cut(p, "="); ok && k == "title" {
				a.Title = unescapeProperty(v)
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

// parseOutputFile reads GITHUB_OUTPUT the way the runner does on Linux
// (actions/runner src/Runner.Worker/FileCommandManager.cs): lines end at LF;
// a line is name=value when "=" comes before any "<<", else name<<DELIMITER
// followed by value lines up to a line that is exactly the delimiter.
func parseOutputFile(text string) ([]string, map[string]string, error) {
	lines := strings.Split(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
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
		case heredoc >= 0:
			name, delim := line[:heredoc], line[heredoc+2:]
			if name == "" || delim == "" {
				return nil, nil, fmt.Errorf("invalid format %q", line)
			}
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

// checkSummary fails on markup the injection could have made active.
func checkSummary(t *testing.T, summary string) {
	t.Helper()
	if strings.Contains(summary, "<") {
		t.Errorf("summary holds a raw <:\n%s", summary)
	}
	if strings.Contains(summary, "](") {
		t.Errorf("summary holds a raw ](:\n%s", summary)
	}
	for i, r := range summary {
		if (r == '[' || r == ']') && (i == 0 || summary[i-1] != '\\') {
			t.Errorf("summary holds an unescaped %q: %q", r, summary[max(0, i-30):min(len(summary), i+30)])
		}
	}
	tablePipes := 0
	for _, line := range strings.Split(summary, "\n") {
		trimmed := strings.TrimSpace(line)
		for _, frag := range injectedLines() {
			if strings.HasPrefix(trimmed, frag) {
				t.Errorf("injected text starts a summary line: %q", line)
			}
		}
		// Cell separators are ours alone: every row of a table has as many
		// as its header, and no other line has any.
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

// hostileResult is a result whose every free text carries the injection.
func hostileResult() *check.Result {
	yes := true
	r := &check.Result{
		Name:            "org " + injection,
		SalesforceError: "INVALID_LOGIN" + injection,
		OrgID:           "00D" + injection,
		OrgName:         injection,
		UserID:          "005" + injection,
		Username:        "user@acme.com" + injection,
		InstanceURL:     "https://acme.my.salesforce.com/" + injection,
		LoginHost:       "acme.my.salesforce.com" + injection,
		Sandbox:         &yes,
		APIVersion:      "64.0",
		Attempts:        1,
		AuthFlow:        "soap",
		Probes: &check.Probes{
			EgressIP: "203.0.113.7" + injection,
			Health:   []check.HealthRow{{Probe: "limits" + injection, Value: injection, Threshold: injection, Verdict: injection}},
		},
	}
	r.Add(check.NewFinding(check.InvalidCredentials, "Salesforce answered the login() with INVALID_LOGIN: "+injection))
	r.Add(check.NewFinding(check.FlowRetiring, injection))
	f := check.NewFinding(check.OK, injection)
	f.Title = "Logout failed" + injection
	r.Add(f)
	r.Finish()
	return r
}

// runnerFiles are GITHUB_OUTPUT and GITHUB_STEP_SUMMARY of one step.
type runnerFiles struct {
	output, summary string
	getenv          func(string) string
}

func newRunnerFiles(t *testing.T) runnerFiles {
	dir := t.TempDir()
	f := runnerFiles{output: filepath.Join(dir, "output"), summary: filepath.Join(dir, "summary")}
	f.getenv = func(k string) string {
		switch k {
		case "GITHUB_OUTPUT":
			return f.output
		case "GITHUB_STEP_SUMMARY":
			return f.summary
		case "GITHUB_ACTIONS":
			return "true"
		}
		return ""
	}
	return f
}

func (f runnerFiles) read(t *testing.T) (string, string) {
	t.Helper()
	out, err := os.ReadFile(f.output)
	if err != nil {
		t.Fatalf("failed to read GITHUB_OUTPUT: %v", err)
	}
	sum, err := os.ReadFile(f.summary)
	if err != nil {
		t.Fatalf("failed to read GITHUB_STEP_SUMMARY: %v", err)
	}
	return string(out), string(sum)
}

func TestInjection(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name string
		// render writes what the binary writes in a GitHub Actions step: the
		// terminal report and the annotations on stdout, the outputs and
		// the summary in the runner's files.
		render func(a *workflow.Writer, stdout *bytes.Buffer, secrets *check.Secrets) error
		// wantAnnotations is how many annotations the findings make.
		wantAnnotations int
	}{
		{
			name: "one org",
			render: func(a *workflow.Writer, stdout *bytes.Buffer, secrets *check.Secrets) error {
				r := hostileResult()
				if err := report.Text(stdout, report.Redact(r, secrets), false); err != nil {
					return err
				}
				report.GitHub(a, report.Redact(r, secrets))
				return a.Err()
			},
			wantAnnotations: 3,
		},
		{
			name: "several orgs",
			render: func(a *workflow.Writer, stdout *bytes.Buffer, secrets *check.Secrets) error {
				m := report.NewMulti([]*check.Result{hostileResult(), hostileResult()}, false)
				if err := report.MultiText(stdout, report.RedactMulti(m, secrets), false); err != nil {
					return err
				}
				report.MultiGitHub(a, report.RedactMulti(m, secrets))
				return a.Err()
			},
			// Grouped by cause: one error and one warning, each naming both
			// orgs; info findings are not annotated in a multi-org run.
			wantAnnotations: 2,
		},
		{
			name: "refused orgs list",
			render: func(a *workflow.Writer, stdout *bytes.Buffer, secrets *check.Secrets) error {
				m := report.NewMulti(nil, false)
				m.Refuse(check.NewFinding(check.ConfigError, "orgs: "+injection))
				if err := report.MultiText(stdout, report.RedactMulti(m, secrets), false); err != nil {
					return err
				}
				report.MultiGitHub(a, report.RedactMulti(m, secrets))
				return a.Err()
			},
			wantAnnotations: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := newRunnerFiles(t)
			var stdout bytes.Buffer
			a := workflow.New(files.getenv, &stdout)
			secrets := check.NewSecrets(a.Mask)
			if err := tc.render(a, &stdout, secrets); err != nil {
				t.Fatalf("render failed: %v", err)
			}
			output, summary := files.read(t)

			anns := checkStdout(t, stdout.String())
			if len(anns) != tc.wantAnnotations {
				t.Errorf("stdout holds %d annotations, want %d:\n%s", len(anns), tc.wantAnnotations, stdout.String())
			}
			// The injection did reach the annotations, verbatim but for
			// its line breaks.
			if !slices.ContainsFunc(anns, func(a annotation) bool { return strings.Contains(a.Data, "<img src=x onerror=alert(1)>") }) {
				t.Errorf("no annotation carries the injected text; the test proves nothing:\n%s", stdout.String())
			}

			names, values, err := parseOutputFile(output)
			if err != nil {
				t.Fatalf("GITHUB_OUTPUT does not parse: %v\n%s", err, output)
			}
			if diff := cmp.Diff(report.Outputs, names); diff != "" {
				t.Errorf("output names (-want, +got):\n%s", diff)
			}
			for name, v := range values {
				if strings.ContainsAny(v, "\r\n") {
					t.Errorf("output %s spans several lines: %q", name, v)
				}
			}

			checkSummary(t, summary)
			if !strings.Contains(summary, `&lt;img src=x onerror=alert\(1\)&gt;`) {
				t.Errorf("summary does not carry the injected text, escaped; the test proves nothing:\n%s", summary)
			}
		})
	}
}

func TestInjection_outputValues(t *testing.T) {
	t.Parallel()

	files := newRunnerFiles(t)
	var stdout bytes.Buffer
	a := workflow.New(files.getenv, &stdout)
	report.GitHub(a, report.Redact(hostileResult(), check.NewSecrets(a.Mask)))
	if err := a.Err(); err != nil {
		t.Fatalf("GitHub failed: %v", err)
	}
	output, _ := files.read(t)
	_, values, err := parseOutputFile(output)
	if err != nil {
		t.Fatalf("GITHUB_OUTPUT does not parse: %v", err)
	}
	// Each value is the field made inert as every string of a report is
	// (one line, blanks folded, a control character a visible
	// replacement), and nothing else.
	inert := (*check.Secrets)(nil).Report
	want := map[string]string{
		"salesforce-error": inert("INVALID_LOGIN" + injection),
		"username":         inert("user@acme.com" + injection),
		"org-id":           inert("00D" + injection),
		"egress-ip":        inert("203.0.113.7" + injection),
	}
	got := map[string]string{}
	for k := range want {
		got[k] = values[k]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output values (-want, +got):\n%s", diff)
	}
}

func TestInjection_json(t *testing.T) {
	t.Parallel()

	var stdout bytes.Buffer
	r := hostileResult()
	if err := report.JSON(&stdout, report.Redact(r, check.NewSecrets(nil))); err != nil {
		t.Fatalf("JSON failed: %v", err)
	}
	// Printed in a workflow step (--json), the report is read by the runner
	// like any output.
	if anns := checkStdout(t, stdout.String()); len(anns) != 0 {
		t.Errorf("the JSON report holds %d annotations: %+v", len(anns), anns)
	}
	inert := (*check.Secrets)(nil).Report
	var got check.Result
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	want := slices.Clone(r.Findings)
	for i := range want {
		want[i].Title, want[i].Message, want[i].Remedy = inert(want[i].Title), inert(want[i].Message), inert(want[i].Remedy)
	}
	if diff := cmp.Diff(want, got.Findings); diff != "" {
		t.Errorf("findings do not survive the JSON report made inert, and otherwise verbatim (-want, +got):\n%s", diff)
	}
}

// TestInjection_secretsBeforeEscaping holds every renderer to scrubbing a
// secret before escaping the text around it: a secret with markdown or
// control characters, once escaped, no longer matches the scrubber (nor the
// runner's own masking).
func TestInjection_secretsBeforeEscaping(t *testing.T) {
	t.Parallel()

	// unescape undoes the summary's markdown escaping, the way a reader
	// (and GitHub's renderer) sees the text.
	mdEscape := regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+!|~$])`)
	unescape := func(s string) string {
		return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(mdEscape.ReplaceAllString(s, "$1"))
	}
	result := func(secret string) *check.Result {
		r := &check.Result{Name: "prod", Username: "user@acme.com", Attempts: 1}
		r.Add(check.NewFinding(check.LoginRejected, "Salesforce answered the login() with X: the password "+secret+" was echoed"))
		r.Finish()
		return r
	}
	renderers := []struct {
		name   string
		render func(a *workflow.Writer, w *bytes.Buffer, r *check.Result, secrets *check.Secrets) error
	}{
		{name: "one org", render: func(a *workflow.Writer, w *bytes.Buffer, r *check.Result, secrets *check.Secrets) error {
			if err := report.Text(w, report.Redact(r, secrets), false); err != nil {
				return err
			}
			report.GitHub(a, report.Redact(r, secrets))
			return a.Err()
		}},
		{name: "several orgs", render: func(a *workflow.Writer, w *bytes.Buffer, r *check.Result, secrets *check.Secrets) error {
			m := report.NewMulti([]*check.Result{r}, false)
			if err := report.MultiText(w, report.RedactMulti(m, secrets), false); err != nil {
				return err
			}
			report.MultiGitHub(a, report.RedactMulti(m, secrets))
			return a.Err()
		}},
	}
	secrets := []struct{ name, value string }{
		{name: "markdown characters", value: "Leaky_Pa55*word!(x)[y]#~$|"},
		{name: "a tab", value: "Leaky\tPa55word-QQ"},
		{name: "legacy command prefix", value: "Leaky##[Pa55word"},
	}
	for _, rd := range renderers {
		for _, sc := range secrets {
			t.Run(rd.name+" with "+sc.name, func(t *testing.T) {
				t.Parallel()
				files := newRunnerFiles(t)
				var stdout bytes.Buffer
				a := workflow.New(files.getenv, &stdout)
				reg := check.NewSecrets(a.Mask)
				reg.Add(sc.value)
				if err := rd.render(a, &stdout, result(sc.value), reg); err != nil {
					t.Fatalf("render failed: %v", err)
				}
				output, summary := files.read(t)
				// Masks are the runner's business: drop them, then look.
				var shown []string
				for _, line := range strings.Split(stdout.String(), "\n") {
					if !strings.HasPrefix(line, "::add-mask::") {
						shown = append(shown, line)
					}
				}
				folded := strings.NewReplacer("\t", " ", "## [", "##[").Replace
				for name, text := range map[string]string{"stdout": strings.Join(shown, "\n"), "summary": unescape(summary), "outputs": output} {
					if strings.Contains(text, sc.value) || strings.Contains(folded(text), folded(sc.value)) {
						t.Errorf("%s shows the secret:\n%s", name, text)
					}
				}
			})
		}
	}
}

// known reports whether r is in the vocabulary: Lookup answers an unknown
// reason with another entry's.
func known(r check.Reason) bool { return check.Lookup(r).Reason == r }
