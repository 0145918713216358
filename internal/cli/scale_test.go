package cli

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// scaleFault is a login() fault served to some orgs of a large run.
type scaleFault struct {
	code, reason string
	orgs         int
}

// scaleFaults are the login() faults of the 1,000-org run, with how many
// orgs get each: twelve causes of failure, in decreasing counts, then an
// inconclusive one. With the refused orgs that is fourteen causes of error,
// more than the ten annotations the runner shows.
var scaleFaults = []scaleFault{
	{"INVALID_LOGIN", "invalid-credentials", 100},
	{"LOGIN_MUST_USE_SECURITY_TOKEN", "stale-security-token", 90},
	{"PASSWORD_LOCKOUT", "locked-out", 80},
	{"INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "password-expired", 70},
	{"LOGIN_DURING_RESTRICTED_DOMAIN", "ip-restricted", 60},
	{"API_DISABLED_FOR_ORG", "api-disabled", 55},
	{"LOGIN_DURING_RESTRICTED_TIME", "login-hours", 50},
	{"INSUFFICIENT_ACCESS", "missing-permission", 45},
	{"LOGIN_CHALLENGE_ISSUED", "identity-verification", 40},
	{"INVALID_SSO_GATEWAY_URL", "sso-user", 35},
	{"ORG_LOCKED", "org-unavailable", 30},
	{"REQUEST_LIMIT_EXCEEDED", "rate-limited", 25},
	{"SERVER_UNAVAILABLE", "server-error", 10},
}

// scaleRun is a run over many orgs in GitHub mode: passing orgs log in (and
// get the retirement warning of SOAP login()), the faults' orgs fail, and 5
// orgs are refused (an unset variable). Every fault carries message, served
// as Salesforce would, XML-escaped.
func scaleRun(t *testing.T, passing int, faults []scaleFault, message string) invocation {
	t.Helper()
	const refused = 5
	users := make([]*simorg.User, passing)
	env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true", "SF_PARALLELISM": "64",
		"SF_PROBE_SESSION": "false", "SF_PROBE_LIMITS": "false", "SF_PROBE_PASSWORD": "false", "SF_PROBE_LOGIN_HISTORY": "false", "SF_PROBE_ORG_POLICY": "false"}
	for i := range users {
		users[i] = &simorg.User{Username: fmt.Sprintf("u%04d@acme.example.com", i), Password: fmt.Sprintf("Scale-Pa55word-%04d", i), Token: fmt.Sprintf("ScaleTok3n%04d", i)}
	}
	org := simorg.New("Scale Org", users...)
	srv, err := org.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	// The fault server answers org n's login, at /o/n/, with its fault.
	var code []string
	bodies := map[string]string{}
	for _, f := range faults {
		for range f.orgs {
			code = append(code, f.code)
		}
		bodies[f.code] = recordedFault(t, f.code, html.EscapeString(message))
	}
	faultSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, _ := strings.CutPrefix(r.URL.Path, "/o/")
		n, err := strconv.Atoi(strings.SplitN(rest, "/", 2)[0])
		if err != nil || n < 0 || n >= len(code) {
			t.Errorf("unexpected request %s", r.URL.Path)
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(bodies[code[n]]))
	}))
	t.Cleanup(faultSrv.Close)

	var list strings.Builder
	entry := func(name, url, user, pwEnv string) {
		fmt.Fprintf(&list, "- {name: %s, login-url: %q, auth-flow: soap, username: %s, password-env: %s}\n", name, url, user, pwEnv)
	}
	for i, u := range users {
		env[fmt.Sprintf("P%04d", i)] = u.Password + u.Token
		entry(fmt.Sprintf("ok-%04d", i), srv.URL, u.Username, fmt.Sprintf("P%04d", i))
	}
	env["FAULT_PASSWORD"] = "Fault-Pa55word"
	for n, c := range code {
		entry(fmt.Sprintf("%s-%03d", strings.ToLower(strings.ReplaceAll(c, "_", "-")), n), fmt.Sprintf("%s/o/%d", faultSrv.URL, n), fmt.Sprintf("f%03d@acme.example.com", n), "FAULT_PASSWORD")
	}
	for i := range refused {
		entry(fmt.Sprintf("refused-%d", i), srv.URL, "r@acme.example.com", fmt.Sprintf("UNSET_%d", i))
	}
	env["SF_ORGS"] = list.String()
	return runCLI(t, asInputs(env))
}

// longMessage is a long Salesforce message (2,758 characters), nearly all
// of it a character markdown escapes five times over ("&amp;"), so that
// 685 failing orgs make a summary of well over 1 MiB (about 1.4 MB).
var longMessage = "The org's <policy> & [settings] refused this login_*now*. " + strings.Repeat("&", 2700)

// TestScale_1000Orgs runs the binary over 1,000 orgs in GitHub mode: 305
// log in, 680 fail for twelve causes, 10 are inconclusive and 5 refused,
// every fault with a long Salesforce message.
//
// Annotations: at most ten errors and ten warnings, grouped by cause, most
// severe first, each titled with its cause and count and naming its orgs
// and fix; the retirement warning of 995 orgs is one annotation with its
// date. The summary stays under 1 MiB: failing orgs first, by cause, and a
// note at the top says what was left out. The runner is told each secret
// once, in its plain form.
func TestScale_1000Orgs(t *testing.T) {
	t.Parallel()
	run := scaleRun(t, 305, scaleFaults, longMessage)
	if run.exit != 2 {
		t.Errorf("exit = %d, want 2 (five orgs were refused)", run.exit)
	}

	type annotation struct{ kind, title, message string }
	var errs, warnings []annotation
	masks := 0
	for _, line := range strings.Split(run.stdout, "\n") {
		if strings.HasPrefix(line, "::add-mask::") {
			masks++
			continue
		}
		kind, rest, ok := strings.Cut(line, " title=")
		if !ok || !strings.HasPrefix(kind, "::") {
			continue
		}
		title, message, _ := strings.Cut(rest, "::")
		a := annotation{kind, strings.NewReplacer("%3A", ":", "%2C", ",").Replace(title), message}
		// The runner keeps 4,096 characters of a message; the escapes
		// (%25, %0A, …) of the command count for more than they show.
		if len(message) > 4096 {
			t.Errorf("annotation %q: message of %d characters, more than the runner keeps", a.title, len(message))
		}
		switch kind {
		case "::error":
			errs = append(errs, a)
		case "::warning":
			warnings = append(warnings, a)
		default:
			t.Errorf("unexpected annotation %s %q", kind, a.title)
		}
	}
	// Per passing org a password (joined with its token) and a session id
	// with its part after "!"; one password for all the failing orgs.
	if want := 305*3 + 1; masks != want {
		t.Errorf("%d ::add-mask:: lines, want %d: each secret once, in its plain form", masks, want)
	}
	if len(errs) != 10 || len(warnings) != 1 {
		t.Fatalf("%d error and %d warning annotations, want 10 and 1", len(errs), len(warnings))
	}
	wantTitles := []string{
		"Configuration error: password-env — 5 orgs",
		"Username, password or security token rejected — 100 orgs",
		"Security token missing — 90 orgs",
		"User locked out — 80 orgs",
		"Password expired — 70 orgs",
		"Login IP ranges exclude this runner — 60 orgs",
		"API access is disabled — 55 orgs",
		"Outside the profile's login hours — 50 orgs",
		"Missing permission to log in through the API — 45 orgs",
		// The inconclusive cause ranks below every failure.
		"5 more causes of errors — 140 orgs",
	}
	var gotTitles []string
	for _, a := range errs {
		gotTitles = append(gotTitles, a.title)
	}
	if diff := cmp.Diff(wantTitles, gotTitles); diff != "" {
		t.Errorf("error annotation titles, most severe first (-want, +got):\n%s", diff)
	}
	// A hundred names do not fit: the annotation names as many as fit.
	if !regexp.MustCompile(`^\[invalid-credentials\] 100 orgs: invalid-login-000, invalid-login-001, .*invalid-login-\d+ and \d+ more — see the job summary\. ` +
		`In invalid-login-000: Salesforce refused login\(\) \(password alone\) with INVALID_LOGIN: The org's <policy> .* — Fix: Salesforce does not say which part is wrong\.`).MatchString(errs[1].message) {
		t.Errorf("the invalid-credentials annotation does not name the orgs, one message and the fix:\n%s", errs[1].message)
	}
	if !strings.Contains(errs[9].message, "server-error (10 orgs)") || !strings.Contains(errs[9].message, "see the job summary") {
		t.Errorf("the last error annotation does not count the other causes: %s", errs[9].message)
	}
	if w := warnings[0]; w.title != "Login flow is being retired on 2027-06-01 — 995 orgs" || !strings.Contains(w.message, "— Fix: Migrate") {
		t.Errorf("retirement warning %q: %s", w.title, w.message)
	}

	s := run.summary
	if len(s) >= 1<<20 || len(s) < 900_000 {
		t.Errorf("summary is %d bytes, want just under 1 MiB", len(s))
	}
	head, _, _ := strings.Cut(s, "### ")
	if !strings.Contains(head, "> [!WARNING]") || !strings.Contains(head, "were left out of this summary to keep it under GitHub's 1 MiB limit") {
		t.Errorf("no note at the top of the summary says rows were left out:\n%.3000s", s)
	}
	for _, want := range []string{
		"### ❌ Configuration error: password-env — 5 orgs",
		"**Fix:** Salesforce does not say which part is wrong.",
		"| invalid-login-000 | ❌ fail | f000@&#8203;acme.example.com | Salesforce refused login\\(\\) \\(password alone\\) with INVALID\\_LOGIN: The org's &lt;policy&gt; &amp; \\[settings\\]",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary has no %q", want)
		}
	}
	// The passing orgs are kept, compactly, whatever the failing ones took.
	if !regexp.MustCompile(`\n### ✅ 305 orgs logged in \(pass or warn\)\n\nok-0000, ok-0001, .* and \d+ more — every org is in the step's log and the JSON report\n`).MatchString(s) {
		t.Errorf("the summary lost the passing orgs")
	}
	if first := strings.Index(s, "### "); !strings.HasPrefix(s[first:], "### ❌ Configuration error") {
		t.Errorf("the summary does not start with the most severe cause: %.200s", s[first:])
	}
}
