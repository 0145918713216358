package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// rendered is everything a renderer wrote: stdout and the runner's files.
type rendered struct {
	Stdout, Output, Summary string
}

var delimiterRE = regexp.MustCompile(`ghadelimiter_[0-9a-f]+`)

// renderGitHub runs write against a runner writer with its files in a
// temporary directory and returns what it wrote.
func renderGitHub(t *testing.T, write func(w *workflow.Writer)) rendered {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary")}
	var stdout bytes.Buffer
	w := workflow.New(func(k string) string { return env[k] }, &stdout)
	write(w)
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(env[name])
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// The heredoc delimiters are random on each write.
	output := delimiterRE.ReplaceAllString(read("GITHUB_OUTPUT"), "ghadelimiter_X")
	return rendered{Stdout: stdout.String(), Output: output, Summary: read("GITHUB_STEP_SUMMARY")}
}

// TestOne_isTheResultsOwnView: the run of one check is the list of its one
// result, and every output of it (text, colour or not, JSON, annotations,
// outputs, job summary) is exactly the result's own view, for every verdict,
// with the same verdict and exit code: one route for both kinds of run
// changes nothing a user sees.
func TestOne_isTheResultsOwnView(t *testing.T) {
	t.Parallel()
	secrets := check.NewSecrets(nil)
	secrets.Add(multiSecret)
	for _, r := range sampleResults() {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			r.Name = ""
			run := One(r)
			if run.Status != r.Status || run.Reason != r.Reason || run.Exit != r.Exit {
				t.Errorf("run verdict %s %s exit %d, want the result's %s %s exit %d", run.Status, run.Reason, run.Exit, r.Status, r.Reason, r.Exit)
			}
			rr, rm := Redact(r, secrets), RedactMulti(run, secrets)
			for _, color := range []bool{false, true} {
				var want, got bytes.Buffer
				if err := Text(&want, rr, color); err != nil {
					t.Fatal(err)
				}
				if err := RunText(&got, rm, color); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want.String(), got.String()); diff != "" {
					t.Errorf("text (color %v) (-result's own, +run of one):\n%s", color, diff)
				}
			}
			var want, got bytes.Buffer
			if err := JSON(&want, rr); err != nil {
				t.Fatal(err)
			}
			if err := RunJSON(&got, rm); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("JSON (-result's own, +run of one):\n%s", diff)
			}
			gh := renderGitHub(t, func(w *workflow.Writer) { GitHub(w, rr) })
			if diff := cmp.Diff(gh, renderGitHub(t, func(w *workflow.Writer) { RunGitHub(w, rm) })); diff != "" {
				t.Errorf("GitHub (-result's own, +run of one):\n%s", diff)
			}
		})
	}
}

// TestRun_listIsTheMultiView: a run of an orgs list, even of one org, is
// shown as the list it is.
func TestRun_listIsTheMultiView(t *testing.T) {
	t.Parallel()
	for _, results := range [][]*check.Result{sampleResults(), sampleResults()[:1]} {
		rm := RedactMulti(NewMulti(results, false), nil)
		var want, got bytes.Buffer
		if err := MultiJSON(&want, rm); err != nil {
			t.Fatal(err)
		}
		if err := RunJSON(&got, rm); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.String(), got.String()); diff != "" {
			t.Errorf("JSON of %d orgs (-multi, +run):\n%s", len(results), diff)
		}
		wantText, gotText := bytes.Buffer{}, bytes.Buffer{}
		_ = MultiText(&wantText, rm, false)
		_ = RunText(&gotText, rm, false)
		if diff := cmp.Diff(wantText.String(), gotText.String()); diff != "" {
			t.Errorf("text of %d orgs (-multi, +run):\n%s", len(results), diff)
		}
		gh := renderGitHub(t, func(w *workflow.Writer) { MultiGitHub(w, rm) })
		if diff := cmp.Diff(gh, renderGitHub(t, func(w *workflow.Writer) { RunGitHub(w, rm) })); diff != "" {
			t.Errorf("GitHub of %d orgs (-multi, +run):\n%s", len(results), diff)
		}
	}
}
