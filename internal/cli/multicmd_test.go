package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// threeOrgs serves a healthy org, an org whose runner is outside the trusted
// ranges and gives no token, and an org whose entry names an unset variable,
// each on its own simulated org. The run's own single-check settings hold
// the real token of the second org: if an org inherited them, it would pass.
type threeOrgs struct {
	env     map[string]string
	orgs    map[string]*simorg.Org
	secrets []string
}

func newThreeOrgs(t *testing.T) threeOrgs {
	t.Helper()
	scenario := map[string]simorg.Scenario{}
	for _, sc := range simorg.Scenarios() {
		scenario[sc.Name] = sc
	}
	f := threeOrgs{
		env:  map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "SF_PARALLELISM": "2"},
		orgs: map[string]*simorg.Org{},
	}
	var list strings.Builder
	for _, o := range []struct{ name, scenario, extra string }{
		{"healthy", "healthy", ""},
		{"token-missing", "token-missing", ""},
		{"broken", "healthy", "  client-secret-env: BROKEN_CLIENT_SECRET\n"},
	} {
		sc := scenario[o.scenario]
		org := sc.NewOrg()
		srv, err := org.Start("127.0.0.1:0", false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
		f.orgs[o.name] = org
		key := strings.ToUpper(strings.ReplaceAll(o.name, "-", "_"))
		fmt.Fprintf(&list, "- name: %s\n  login-url: %s\n  auth-flow: soap\n  username: %s\n  password-env: %s_PASSWORD\n",
			o.name, srv.URL, sc.Env["SF_USERNAME"], key)
		f.env[key+"_PASSWORD"] = sc.Env["SF_PASSWORD"]
		if tok := sc.Env["SF_SECURITY_TOKEN"]; tok != "" {
			fmt.Fprintf(&list, "  security-token-env: %s_TOKEN\n", key)
			f.env[key+"_TOKEN"] = tok
		}
		list.WriteString(o.extra)
		f.secrets = append(f.secrets, sc.Env["SF_PASSWORD"], sc.Env["SF_SECURITY_TOKEN"], sc.Env["SF_PASSWORD"]+sc.Env["SF_SECURITY_TOKEN"])
		for _, u := range org.Users() {
			f.secrets = append(f.secrets, u.Password, u.Token, u.Password+u.Token)
			// The run's own settings: another identity, which no org may use.
			f.env["SF_USERNAME"], f.env["SF_PASSWORD"], f.env["SF_SECURITY_TOKEN"] = u.Username, u.Password, u.Token
		}
	}
	f.env["SF_PASSWORD"] = "Global-Pa55word-Unused"
	f.secrets = append(f.secrets, "Global-Pa55word-Unused")
	f.env["SF_ORGS"] = list.String()
	return f
}

func (f threeOrgs) issued() []string {
	var out []string
	for _, o := range f.orgs {
		out = append(out, o.Issued()...)
	}
	return append(out, f.secrets...)
}

func (f threeOrgs) assertAttempts(t *testing.T) {
	t.Helper()
	for name, want := range map[string]int{"healthy": 1, "token-missing": 1, "broken": 0} {
		if got := f.orgs[name].Attempts(); got != want {
			t.Errorf("org %s saw %d login attempts, want %d", name, got, want)
		}
		if n := f.orgs[name].LiveSessions(); n != 0 {
			t.Errorf("org %s has %d sessions left open", name, n)
		}
	}
}

func TestMultiOrg_GitHub(t *testing.T) {
	t.Parallel()

	f := newThreeOrgs(t)
	run := runCLI(t, asInputs(f.env))

	// broken was refused (2), which outranks token-missing's fail (1).
	if run.exit != 2 {
		t.Errorf("exit = %d, want 2\n%s", run.exit, run.stdout)
	}
	f.assertAttempts(t)
	want := map[string]string{"status": "error", "reason": "config-error", "failed-orgs": "token-missing,broken", "username": "", "org-id": ""}
	for k, v := range want {
		if got, ok := run.outputs[k]; !ok || got != v {
			t.Errorf("output %s = %q (set: %v), want %q", k, got, ok, v)
		}
	}

	var errorTitles []string
	for _, line := range strings.Split(run.stdout, "\n") {
		if rest, ok := strings.CutPrefix(line, "::error title="); ok {
			title, _, _ := strings.Cut(rest, "::")
			errorTitles = append(errorTitles, title)
		}
	}
	wantTitles := []string{
		"Configuration error%3A client-secret-env — 1 org",
		"Security token missing — 1 org",
	}
	if diff := cmp.Diff(wantTitles, errorTitles); diff != "" {
		t.Errorf("error annotations, one per cause, most severe first (-want, +got):\n%s", diff)
	}
	if !strings.Contains(run.stdout, "org broken, client-secret-env: names the variable BROKEN_CLIENT_SECRET, which is unset or empty") {
		t.Errorf("the refused org's message does not name the org, key and variable:\n%s", run.stdout)
	}

	// "@&#8203;": a zero-width space keeps an address from becoming a link.
	for _, row := range []string{
		"| healthy | ⚠️ warn | healthy@&#8203;acme.example.com | http:&#8203;//127.0.0.1:",
		"| token-missing | ❌ fail | token-missing@&#8203;acme.example.com | Salesforce refused login\\(\\)",
		"| broken | ⛔ error | healthy@&#8203;acme.example.com | org broken, client-secret-env: names the variable",
		"2 orgs: healthy, token-missing",
	} {
		if !strings.Contains(run.summary, row) {
			t.Errorf("summary has no row starting %q:\n%s", row, run.summary)
		}
	}
	assertNoSecrets(t, run, f.issued())
}

func TestMultiOrg_JSON(t *testing.T) {
	t.Parallel()

	f := newThreeOrgs(t)
	run := runCLI(t, f.env, "--json")
	if run.exit != 2 {
		t.Errorf("exit = %d, want 2", run.exit)
	}
	f.assertAttempts(t)
	var got struct {
		Status     string   `json:"status"`
		Reason     string   `json:"reason"`
		FailedOrgs []string `json:"failed_orgs"`
		Orgs       []struct {
			Name     string `json:"name"`
			Status   string `json:"status"`
			Reason   string `json:"reason"`
			Username string `json:"username"`
			Attempts int    `json:"attempts"`
			Findings []struct {
				Reason string `json:"reason"`
			} `json:"findings"`
		} `json:"orgs"`
	}
	if err := json.Unmarshal([]byte(run.stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, run.stdout)
	}
	type row struct {
		Name, Status, Reason, Username string
		Attempts                       int
	}
	var rows []row
	for _, o := range got.Orgs {
		rows = append(rows, row{o.Name, o.Status, o.Reason, o.Username, o.Attempts})
	}
	want := []row{
		{"healthy", "warn", "flow-retiring", "healthy@acme.example.com", 1},
		{"token-missing", "fail", "missing-security-token", "token-missing@acme.example.com", 1},
		{"broken", "error", "config-error", "healthy@acme.example.com", 0},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("orgs (-want, +got):\n%s", diff)
	}
	if got.Status != "error" || got.Reason != "config-error" {
		t.Errorf("status %q reason %q, want error config-error", got.Status, got.Reason)
	}
	if diff := cmp.Diff([]string{"token-missing", "broken"}, got.FailedOrgs); diff != "" {
		t.Errorf("failed_orgs (-want, +got):\n%s", diff)
	}
	assertNoSecrets(t, run, f.issued())
}

func TestMultiOrg_Terminal(t *testing.T) {
	t.Parallel()

	f := newThreeOrgs(t)
	run := runCLI(t, f.env)
	if run.exit != 2 {
		t.Errorf("exit = %d, want 2", run.exit)
	}
	f.assertAttempts(t)
	for _, want := range []string{
		"Salesforce login check of 3 orgs: 1 warn, 1 fail, 1 error\n",
		"[healthy] ! WARN flow-retiring",
		"[token-missing] ✗ FAIL missing-security-token",
		"[broken] ✗ ERROR config-error",
		"Failed orgs: token-missing, broken\n",
	} {
		if !strings.Contains(run.stdout, want) {
			t.Errorf("stdout has no %q:\n%s", want, run.stdout)
		}
	}
	assertNoSecrets(t, run, f.issued())
}

// TestMultiOrg_Refused covers the settings that refuse the whole run: no org
// is checked, the run exits 2.
func TestMultiOrg_Refused(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{
			name: "literal_secret",
			env:  map[string]string{"SF_ORGS": "- name: prod\n  login-url: {{URL}}\n  username: a@acme.com\n  password: Literal-Pa55word\n"},
			want: "org prod, password: a secret must not be written in the orgs list: put the secret in an environment variable and name it with password-env",
		},
		{
			name: "parallelism_too_high",
			env:  map[string]string{"SF_ORGS": "- name: prod\n  login-url: {{URL}}\n  username: a@acme.com\n  password-env: PW\n", "PW": "Pa55word-Env", "SF_PARALLELISM": "65"},
			want: `parallelism must be a whole number from 1 to 64 (input parallelism`,
		},
		{
			name: "parallelism_zero",
			env:  map[string]string{"SF_ORGS": "- name: prod\n  login-url: {{URL}}\n  username: a@acme.com\n  password-env: PW\n", "PW": "Pa55word-Env", "SF_PARALLELISM": "0"},
			want: `parallelism must be a whole number from 1 to 64 (input parallelism`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := simorg.New("Acme")
			srv, err := org.Start("127.0.0.1:0", false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true"}
			for k, v := range tc.env {
				env[k] = strings.ReplaceAll(v, "{{URL}}", srv.URL)
			}
			run := runCLI(t, asInputs(env))
			if run.exit != 2 {
				t.Errorf("exit = %d, want 2", run.exit)
			}
			if org.Attempts() != 0 {
				t.Errorf("org saw %d login attempts, want none", org.Attempts())
			}
			if !strings.Contains(run.stdout, tc.want) {
				t.Errorf("stdout has no %q:\n%s", tc.want, run.stdout)
			}
			if run.outputs["status"] != "error" || run.outputs["reason"] != "config-error" || run.outputs["failed-orgs"] != "" {
				t.Errorf("outputs %v, want status error, reason config-error, no failed orgs", run.outputs)
			}
			assertNoSecrets(t, run, []string{"Literal-Pa55word", "Pa55word-Env"})
		})
	}
}

// TestMultiOrg_Cancelled: a run cancelled before it starts reports every org
// as cancelled and sends no login.
func TestMultiOrg_Cancelled(t *testing.T) {
	t.Parallel()

	f := newThreeOrgs(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run := runWith(t, ambient{ctx: ctx}, f.env, "--json")
	if run.exit != 2 {
		t.Errorf("exit = %d, want 2 (the refused org outranks the cancelled ones)", run.exit)
	}
	var got struct {
		Orgs []struct {
			Name   string `json:"name"`
			Reason string `json:"reason"`
		} `json:"orgs"`
	}
	if err := json.Unmarshal([]byte(run.stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, run.stdout)
	}
	want := map[string]string{"healthy": "cancelled", "token-missing": "cancelled", "broken": "config-error"}
	for _, o := range got.Orgs {
		if o.Reason != want[o.Name] {
			t.Errorf("org %s: reason %q, want %q", o.Name, o.Reason, want[o.Name])
		}
	}
	for name, org := range f.orgs {
		if n := org.Attempts(); n != 0 {
			t.Errorf("org %s saw %d login attempts after the run was cancelled, want 0", name, n)
		}
	}
}

// TestMultiOrg_ValidateNamesOrgAndKey: an org that config.Validate refuses
// gets its own config-error result naming the org and the list's key, with
// no login; the run's shared settings are named as inputs.
func TestMultiOrg_ValidateNamesOrgAndKey(t *testing.T) {
	t.Parallel()

	env := map[string]string{
		"PW": "Pa55word-Valid8",
		"SF_ORGS": `[{"name":"typo","auth-flow":"sopa","username":"a@acme.com","password-env":"PW"},
			{"name":"elsewhere","login-url":"https://login.example.com","username":"a@acme.com","password-env":"PW"}]`,
		"SF_TIMEOUT": "forever",
	}
	run := runCLI(t, env, "--json")
	if run.exit != 2 {
		t.Errorf("exit = %d, want 2", run.exit)
	}
	for _, want := range []string{
		`org typo: auth-flow is not one of auto, soap, password, client-credentials, jwt, refresh-token (in the orgs list: key auth-flow of org typo)`,
		`org elsewhere: login-url host login.example.com is not a Salesforce login domain`,
		`(in the orgs list: key login-url of org elsewhere)`,
		`org typo: timeout must be a duration`,
		`(input timeout, or SF_TIMEOUT when run locally; shared by every org)`,
		`"reason": "untrusted-login-host"`,
	} {
		if !strings.Contains(run.stdout, want) {
			t.Errorf("stdout has no %q:\n%s", want, run.stdout)
		}
	}
	assertNoSecrets(t, run, []string{"Pa55word-Valid8"})
}

// TestMultiOrg_OnePrecedence: an org that fails and an org the check cannot
// reach give status fail, the failing org's reason and exit 1, in the
// outputs, the JSON report and the exit code alike (issue 9 saw status
// error, reason network-error and exit 1 from such a run).
func TestMultiOrg_OnePrecedence(t *testing.T) {
	t.Parallel()
	f := newThreeOrgs(t)
	// A port nothing listens on: connection refused, network-error.
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := closed.Addr().String()
	_ = closed.Close()
	env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "PW": "Pa55word-Unreachable", "SF_TIMEOUT": "5s"}
	for k, v := range f.env {
		if k != "SF_ORGS" {
			env[k] = v
		}
	}
	// unreachable first: the old rule took the run's status and reason from
	// the worst status (error) and the exit code from the failing org.
	list := "- name: unreachable\n  login-url: http://" + addr + "\n  auth-flow: soap\n  username: a@acme.com\n  password-env: PW\n"
	for _, entry := range strings.Split(f.env["SF_ORGS"], "- name: ")[1:] {
		if strings.HasPrefix(entry, "token-missing\n") {
			list += "- name: " + entry
		}
	}
	env["SF_ORGS"] = list

	run := runCLI(t, asInputs(env))
	if run.exit != 1 {
		t.Errorf("exit = %d, want 1", run.exit)
	}
	for k, want := range map[string]string{"status": "fail", "reason": "missing-security-token", "failed-orgs": "unreachable,token-missing"} {
		if got := run.outputs[k]; got != want {
			t.Errorf("output %s = %q, want %q", k, got, want)
		}
	}
	if !strings.Contains(run.stdout, "[unreachable] ✗ ERROR network-error") {
		t.Errorf("the unreachable org is not a network error:\n%s", run.stdout)
	}

	jsonRun := runCLI(t, env, "--json")
	var got struct{ Status, Reason string }
	if err := json.Unmarshal([]byte(jsonRun.stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v", err)
	}
	if got.Status != "fail" || got.Reason != "missing-security-token" || jsonRun.exit != 1 {
		t.Errorf("--json: status %q reason %q exit %d, want fail missing-security-token 1", got.Status, got.Reason, jsonRun.exit)
	}
}
