package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

var updateMulti = flag.Bool("update-multi", false, "rewrite the multi-org golden files in testdata/")

// multiSecret is a secret that leaks into a finding message; no output may
// show it.
const multiSecret = "Leaky-Pa55word-QQ"

// orgResult builds a finished result of one org.
func orgResult(name string, findings ...check.Finding) *check.Result {
	r := &check.Result{Name: name, Username: name + "@acme.com", InstanceURL: "https://" + name + ".my.salesforce.com", LatencyMS: 120, Attempts: 1}
	if strings.HasPrefix(name, "cfg") {
		r.Attempts, r.LatencyMS, r.InstanceURL = 0, 0, ""
	}
	for _, f := range findings {
		r.Add(f)
	}
	r.Finish()
	return r
}

// sampleResults is one org of each verdict.
func sampleResults() []*check.Result {
	return []*check.Result{
		orgResult("prod", check.NewFinding(check.OK, "Logged in.")),
		orgResult("uat", check.NewFinding(check.FlowRetiring, "SOAP login() retires in Summer '27.")),
		orgResult("partner", check.NewFinding(check.MissingSecurityToken, "Salesforce answered LOGIN_MUST_USE_SECURITY_TOKEN; password "+multiSecret+" | <b>not</b> [x](y)"),
			check.NewFinding(check.FlowRetiring, "SOAP login() retires in Summer '27.")),
		orgResult("cfg-qa", check.NewFinding(check.ConfigError, "org cfg-qa, password-env: names the variable QA_PW, which is unset or empty")),
		orgResult("eu", check.NewFinding(check.NetworkError, "dial tcp: connection refused")),
	}
}

func TestNewMulti(t *testing.T) {
	t.Parallel()

	pass := func(n string) *check.Result { return orgResult(n, check.NewFinding(check.OK, "ok")) }
	warn := func(n string) *check.Result { return orgResult(n, check.NewFinding(check.PasswordExpiring, "soon")) }
	fail := func(n string) *check.Result { return orgResult(n, check.NewFinding(check.LockedOut, "locked")) }
	cfg := func(n string) *check.Result { return orgResult(n, check.NewFinding(check.ConfigError, "bad")) }
	inconclusive := func(n string) *check.Result { return orgResult(n, check.NewFinding(check.Timeout, "slow")) }

	cases := []struct {
		name          string
		results       []*check.Result
		failOnWarning bool
		wantStatus    check.Status
		wantReason    check.Reason
		wantFailed    []string
		wantExit      int
	}{
		{name: "all_pass", results: []*check.Result{pass("a"), pass("b")},
			wantStatus: "pass", wantReason: check.OK, wantFailed: []string{}, wantExit: 0},
		{name: "warn_passes", results: []*check.Result{pass("a"), warn("b")},
			wantStatus: "warn", wantReason: check.PasswordExpiring, wantFailed: []string{}, wantExit: 0},
		{name: "warn_fails_with_fail_on_warning", results: []*check.Result{pass("a"), warn("b")}, failOnWarning: true,
			wantStatus: "warn", wantReason: check.PasswordExpiring, wantFailed: []string{"b"}, wantExit: 1},
		{name: "fail", results: []*check.Result{fail("a"), pass("b"), fail("c")},
			wantStatus: "fail", wantReason: check.LockedOut, wantFailed: []string{"a", "c"}, wantExit: 1},
		{name: "fail_beats_inconclusive", results: []*check.Result{inconclusive("a"), fail("b")},
			wantStatus: "fail", wantReason: check.LockedOut, wantFailed: []string{"a", "b"}, wantExit: 1},
		{name: "warn_with_fail_on_warning_beats_inconclusive", results: []*check.Result{inconclusive("a"), warn("b")}, failOnWarning: true,
			wantStatus: "warn", wantReason: check.PasswordExpiring, wantFailed: []string{"a", "b"}, wantExit: 1},
		{name: "fail_beats_warn_with_fail_on_warning", results: []*check.Result{warn("a"), fail("b")}, failOnWarning: true,
			wantStatus: "fail", wantReason: check.LockedOut, wantFailed: []string{"a", "b"}, wantExit: 1},
		{name: "inconclusive_beats_warn", results: []*check.Result{warn("a"), inconclusive("b")},
			wantStatus: "error", wantReason: check.Timeout, wantFailed: []string{"b"}, wantExit: 3},
		{name: "first_of_equals", results: []*check.Result{pass("a"), orgResult("b", check.NewFinding(check.InvalidCredentials, "no")), fail("c")},
			wantStatus: "fail", wantReason: check.InvalidCredentials, wantFailed: []string{"b", "c"}, wantExit: 1},
		{name: "inconclusive_alone", results: []*check.Result{pass("a"), inconclusive("b")},
			wantStatus: "error", wantReason: check.Timeout, wantFailed: []string{"b"}, wantExit: 3},
		{name: "config_beats_everything", results: []*check.Result{fail("a"), inconclusive("b"), cfg("c")},
			wantStatus: "error", wantReason: check.ConfigError, wantFailed: []string{"a", "b", "c"}, wantExit: 2},
		{name: "no_orgs", results: nil,
			wantStatus: "pass", wantReason: check.OK, wantFailed: []string{}, wantExit: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := NewMulti(tc.results, tc.failOnWarning)
			got := []any{m.Status, m.Reason, m.FailedOrgs, m.Exit}
			want := []any{tc.wantStatus, tc.wantReason, tc.wantFailed, tc.wantExit}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("NewMulti status, reason, failed orgs, exit (-want, +got):\n%s", diff)
			}
		})
	}
}

// TestNewMulti_ExitFollowsStatus: over every list of up to three orgs of
// every kind, with and without fail-on-warning, the run's exit code is the
// one its status and reason give a single org (docs/reasons.md).
func TestNewMulti_ExitFollowsStatus(t *testing.T) {
	t.Parallel()
	kinds := []check.Finding{
		check.NewFinding(check.OK, "ok"), check.NewFinding(check.PasswordExpiring, "soon"), check.NewFinding(check.LockedOut, "locked"),
		check.NewFinding(check.ConfigError, "bad"), check.NewFinding(check.Timeout, "slow"), check.NewFinding(check.NetworkError, "down"),
	}
	var lists [][]check.Finding
	var grow func(prefix []check.Finding)
	grow = func(prefix []check.Finding) {
		if len(prefix) > 0 {
			lists = append(lists, prefix)
		}
		if len(prefix) == 3 {
			return
		}
		for _, k := range kinds {
			grow(append(append([]check.Finding{}, prefix...), k))
		}
	}
	grow(nil)
	for _, failOnWarning := range []bool{false, true} {
		for _, list := range lists {
			var results []*check.Result
			for i, f := range list {
				results = append(results, orgResult(string(rune('a'+i)), f))
			}
			m := NewMulti(results, failOnWarning)
			want := check.Lookup(m.Reason).Exit
			if m.Status == check.StatusWarn {
				want = 0
				if failOnWarning {
					want = 1
				}
			}
			if m.Exit != want {
				t.Errorf("orgs %v (fail-on-warning %v): status %s, reason %s, exit %d; want exit %d", reasons(list), failOnWarning, m.Status, m.Reason, m.Exit, want)
			}
		}
	}
}

func reasons(fs []check.Finding) []check.Reason {
	out := make([]check.Reason, len(fs))
	for i, f := range fs {
		out[i] = f.Reason
	}
	return out
}

func TestMulti_Refuse(t *testing.T) {
	t.Parallel()

	m := NewMulti(nil, false)
	m.Refuse(check.NewFinding(check.ConfigError, "org prod, password: a secret must not be written in the orgs list"))
	if m.Status != check.StatusError || m.Reason != check.ConfigError || m.Exit != check.ExitConfig {
		t.Errorf("refused run: status %s, reason %s, exit %d; want error, config-error, 2", m.Status, m.Reason, m.Exit)
	}
}

func TestMultiJSON(t *testing.T) {
	t.Parallel()

	secrets := check.NewSecrets(nil)
	secrets.Add(multiSecret)
	var b bytes.Buffer
	if err := MultiJSON(&b, RedactMulti(NewMulti(sampleResults(), false), secrets)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), multiSecret) {
		t.Errorf("JSON shows the secret:\n%s", b.String())
	}
	var got struct {
		Status     string           `json:"status"`
		Reason     string           `json:"reason"`
		FailedOrgs []string         `json:"failed_orgs"`
		Orgs       []map[string]any `json:"orgs"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("JSON: %v\n%s", err, b.String())
	}
	if got.Status != "error" || got.Reason != "config-error" {
		t.Errorf("status %q reason %q, want error config-error (the first org with the worst status)", got.Status, got.Reason)
	}
	if diff := cmp.Diff([]string{"partner", "cfg-qa", "eu"}, got.FailedOrgs); diff != "" {
		t.Errorf("failed_orgs (-want, +got):\n%s", diff)
	}
	var names []string
	for _, o := range got.Orgs {
		names = append(names, o["name"].(string))
		for _, k := range []string{"status", "reason", "findings", "username", "latency_ms"} {
			if _, ok := o[k]; !ok {
				t.Errorf("org %v has no %q: each org is a full result", o["name"], k)
			}
		}
	}
	if diff := cmp.Diff([]string{"prod", "uat", "partner", "cfg-qa", "eu"}, names); diff != "" {
		t.Errorf("orgs (-want, +got):\n%s", diff)
	}
}

// golden compares got with testdata/name, or rewrites it with -update-multi.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateMulti {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Multi ./internal/report/ -update-multi to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want, +got):\n%s", path, diff)
	}
}

func TestMultiSummary(t *testing.T) {
	t.Parallel()

	secrets := check.NewSecrets(nil)
	secrets.Add(multiSecret)
	got := MultiSummary(RedactMulti(NewMulti(sampleResults(), false), secrets))
	golden(t, "multi-summary.md", got)
	rows, cells := 0, 0
	for _, line := range strings.Split(got, "\n") {
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		switch {
		case strings.HasPrefix(line, "| Org "):
			cells = n
		case strings.HasPrefix(line, "| "):
			rows++
			// Markdown escaping keeps every row to its table's cells.
			if n != cells {
				t.Errorf("row %q has %d separators, want %d as its header", line, n, cells)
			}
		}
	}
	// A row per failing org (cfg-qa, partner, eu), one per passing org.
	if rows != 5 {
		t.Errorf("summary has %d org rows, want 5", rows)
	}
	if strings.Contains(got, "<b>") {
		t.Errorf("summary lets HTML through:\n%s", got)
	}
}

func TestMultiText(t *testing.T) {
	t.Parallel()

	secrets := check.NewSecrets(nil)
	secrets.Add(multiSecret)
	var b bytes.Buffer
	if err := MultiText(&b, RedactMulti(NewMulti(sampleResults(), false), secrets), false); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), multiSecret) {
		t.Errorf("text shows the secret:\n%s", b.String())
	}
	golden(t, "multi-text.txt", b.String())
}

func TestMultiGitHub(t *testing.T) {
	t.Parallel()

	dir := t.TempDir()
	env := map[string]string{
		"GITHUB_OUTPUT":       filepath.Join(dir, "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
	}
	var stdout bytes.Buffer
	secrets := check.NewSecrets(nil)
	secrets.Add(multiSecret)
	a := workflow.New(func(k string) string { return env[k] }, &stdout)
	MultiGitHub(a, RedactMulti(NewMulti(sampleResults(), false), secrets))
	if err := a.Err(); err != nil {
		t.Fatal(err)
	}

	var errs, warnings, notices []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "::error "):
			errs = append(errs, line)
		case strings.HasPrefix(line, "::warning "):
			warnings = append(warnings, line)
		case strings.HasPrefix(line, "::notice "):
			notices = append(notices, line)
		}
	}
	// One per cause, most severe first: the refused org, the failing one,
	// the inconclusive one; the retirement of two orgs is one warning.
	wantErrs := []string{
		"::error title=Configuration error — 1 org::[config-error] cfg-qa: org cfg-qa, password-env: names the variable QA_PW",
		"::error title=Security token missing — 1 org::[missing-security-token] partner: Salesforce answered",
		"::error title=Could not reach Salesforce — 1 org::[network-error] eu: dial tcp: connection refused — Fix: The runner could not connect",
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("got %d error annotations, want one per cause:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	for i, want := range wantErrs {
		if !strings.HasPrefix(errs[i], want) {
			t.Errorf("error annotation %d = %q, want it to start with %q", i, errs[i], want)
		}
	}
	wantWarnings := []string{"::warning title=Login flow is being retired — 2 orgs::[flow-retiring] 2 orgs: uat, partner. In uat: SOAP login() retires in Summer '27. — Fix: Migrate"}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], wantWarnings[0]) || len(notices) != 0 {
		t.Errorf("warnings %q and %d notices, want %q and none (passing findings are not annotated)", warnings, len(notices), wantWarnings)
	}

	out, err := os.ReadFile(env["GITHUB_OUTPUT"])
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			t.Fatalf("GITHUB_OUTPUT line %q is not a heredoc", lines[i])
		}
		outputs[name] = lines[i+1]
		if lines[i+1] == delim {
			outputs[name] = ""
			i++
			continue
		}
		i += 2
	}
	for _, name := range Outputs {
		want := ""
		switch name {
		case "status":
			want = "error"
		case "reason":
			want = "config-error"
		case "failed-orgs":
			want = "partner,cfg-qa,eu"
		}
		if got, ok := outputs[name]; !ok || got != want {
			t.Errorf("output %s = %q (set %v), want %q", name, got, ok, want)
		}
	}

	summary, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{"stdout": stdout.String(), "outputs": string(out), "summary": string(summary)} {
		if strings.Contains(text, multiSecret) {
			t.Errorf("%s shows the secret:\n%s", what, text)
		}
	}
}
