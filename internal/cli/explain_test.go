package cli

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestExplainListsEveryReason: `explain` alone prints one line per reason
// of the vocabulary: reason, status, exit code and title.
func TestExplainListsEveryReason(t *testing.T) {
	t.Parallel()
	inv := runCLI(t, map[string]string{}, "explain")
	if inv.exit != 0 || inv.stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and nothing", inv.exit, inv.stderr)
	}
	want := []string{"REASON STATUS EXIT TITLE"}
	for _, r := range check.Reasons() {
		info := check.Lookup(r)
		want = append(want, strings.Join([]string{string(r), string(info.Status), strconv.Itoa(info.Exit), info.Title}, " "))
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSuffix(inv.stdout, "\n"), "\n") {
		got = append(got, strings.Join(strings.Fields(line), " "))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("explain (-want, +got):\n%s", diff)
	}
}

// TestExplainReason: `explain REASON` prints, for every reason, its title,
// what Salesforce said or did and the fix; a reason is found whatever its
// case or surrounding blanks.
func TestExplainReason(t *testing.T) {
	t.Parallel()
	for _, r := range check.Reasons() {
		t.Run(string(r), func(t *testing.T) {
			t.Parallel()
			info := check.Lookup(r)
			want := info.Title + "\nreason " + string(r) + ", status " + string(info.Status) + ", exit code " + strconv.Itoa(info.Exit) +
				"\n\nWhat Salesforce said or did:\n" + info.Said + "\n\nFix:\n" + info.Remedy + "\n"
			for _, arg := range []string{string(r), " " + strings.ToUpper(string(r)) + " "} {
				inv := runCLI(t, map[string]string{}, "explain", arg)
				if inv.exit != 0 {
					t.Fatalf("explain %q: exit %d, stderr %q", arg, inv.exit, inv.stderr)
				}
				if diff := cmp.Diff(want, inv.stdout); diff != "" {
					t.Errorf("explain %q (-want, +got):\n%s", arg, diff)
				}
			}
		})
	}
}

// TestExplainRefuses: an unknown reason, or more than one, exits 2; an
// unknown one lists the known reasons on stderr and prints nothing on
// stdout.
func TestExplainRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		args      []string
		wantList  bool
		wantInErr string
	}{
		{"unknown reason", []string{"explain", "bad-password"}, true, `unknown reason "bad-password"`},
		{"a Salesforce code is not a reason", []string{"explain", "INVALID_LOGIN"}, true, `unknown reason "INVALID_LOGIN"`},
		{"two reasons", []string{"explain", "ok", "timeout"}, false, "explain takes one reason"},
		{"a flag", []string{"explain", "--json"}, false, "explain takes one reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv := runCLI(t, map[string]string{}, tc.args...)
			if inv.exit != 2 {
				t.Errorf("exit = %d, want 2", inv.exit)
			}
			if inv.stdout != "" {
				t.Errorf("stdout = %q, want nothing", inv.stdout)
			}
			if !tc.wantList {
				return
			}
			for _, r := range check.Reasons() {
				if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(string(r)) + ` `).MatchString(inv.stderr) {
					t.Errorf("stderr does not list reason %s:\n%s", r, inv.stderr)
				}
			}
		})
	}
}

// annotationRE reads a workflow command the way the runner does:
// ::error title=T::message.
var annotationRE = regexp.MustCompile(`(?m)^::(error|warning|notice) title=([^:]*)::(.*)$`)

// unescapeCommand undoes the escaping of go-githubactions (actions.go).
func unescapeCommand(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

// TestExplainWordsItAsTheRunDoes: for every scenario of the simulated org
// with a finding to fix, the run's annotation for its reason has the title
// (a refused setting adds the input's name) and the fix `explain` prints,
// ends by naming `explain` with that reason, and the job summary names it
// too.
func TestExplainWordsItAsTheRunDoes(t *testing.T) {
	t.Parallel()
	for _, sc := range simorg.Scenarios() {
		info := check.Lookup(check.Reason(sc.WantReason))
		if info.Severity == check.SeverityInfo {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			_, env := serve(t, sc)
			run := runCLI(t, asInputs(env))
			explained := runCLI(t, map[string]string{}, "explain", sc.WantReason)
			lines := strings.Split(explained.stdout, "\n")
			title, fix := lines[0], lines[len(lines)-2]

			command := "salesforce-login-check explain " + sc.WantReason
			found := false
			for _, m := range annotationRE.FindAllStringSubmatch(run.stdout, -1) {
				msg := unescapeCommand(m[3])
				if !strings.HasPrefix(msg, "["+sc.WantReason+"] ") {
					continue
				}
				found = true
				// A configuration error names the input after the title.
				if got := unescapeCommand(m[2]); got != title && !strings.HasPrefix(got, title+": ") {
					t.Errorf("annotation title %q, explain's %q", got, title)
				}
				if want := " — Fix: " + fix + " — More: " + command; !strings.HasSuffix(msg, want) {
					t.Errorf("annotation message\n%s\ndoes not end with explain's fix and command\n%s", msg, want)
				}
			}
			if !found {
				t.Errorf("no annotation for %s in the log:\n%s", sc.WantReason, run.stdout)
			}
			if !strings.Contains(run.summary, "More: `"+command+"`") {
				t.Errorf("the job summary does not name %q:\n%s", command, run.summary)
			}
		})
	}
}
