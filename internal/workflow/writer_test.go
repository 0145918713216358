package workflow_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// runnerFiles is a step's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY in a
// temporary directory.
type runnerFiles struct {
	output, summary string
}

func newRunnerFiles(t *testing.T) runnerFiles {
	t.Helper()
	dir := t.TempDir()
	return runnerFiles{output: filepath.Join(dir, "output"), summary: filepath.Join(dir, "summary")}
}

func (f runnerFiles) getenv(k string) string {
	return map[string]string{"GITHUB_OUTPUT": f.output, "GITHUB_STEP_SUMMARY": f.summary}[k]
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("failed to read %s: %v", path, err)
	}
	return string(b)
}

// readOutputs parses GITHUB_OUTPUT as the runner does on Linux (actions/runner
// src/Runner.Worker/FileCommandManager.cs): name=value, or name<<DELIMITER
// and lines up to one equal to DELIMITER.
func readOutputs(text string) (map[string]string, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	values := map[string]string{}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		eq, heredoc := strings.Index(line, "="), strings.Index(line, "<<")
		switch {
		case line == "":
		case eq >= 0 && (heredoc < 0 || eq < heredoc):
			values[line[:eq]] = line[eq+1:]
		case heredoc > 0:
			name, delim := line[:heredoc], line[heredoc+2:]
			var value []string
			for i++; ; i++ {
				if i >= len(lines) {
					return nil, fmt.Errorf("matching delimiter %q not found", delim)
				}
				if lines[i] == delim {
					break
				}
				value = append(value, lines[i])
			}
			values[name] = strings.Join(value, "\n")
		default:
			return nil, fmt.Errorf("invalid format %q", line)
		}
	}
	return values, nil
}

func TestSetOutput_valueEqualToTheLibrarysDelimiter(t *testing.T) {
	t.Parallel()
	f := newRunnerFiles(t)
	w := workflow.New(f.getenv, &strings.Builder{})
	want := map[string]string{
		"salesforce-error": "_GitHubActionsFileCommandDelimeter_",
		"reason":           "ghadelimiter_",
		"status":           "fail",
		"multi":            "line one\nline two",
	}
	for _, name := range []string{"salesforce-error", "reason", "status", "multi"} {
		w.SetOutput(name, want[name])
	}
	got, err := readOutputs(read(t, f.output))
	if err != nil {
		t.Fatalf("the runner cannot read GITHUB_OUTPUT: %v", err)
	}
	want["multi"] = "line one line two"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outputs (-want, +got):\n%s", diff)
	}
	if err := w.Err(); err != nil {
		t.Errorf("Err() = %v", err)
	}
}

func TestSetOutput_under64KiB(t *testing.T) {
	t.Parallel()
	f := newRunnerFiles(t)
	w := workflow.New(f.getenv, &strings.Builder{})
	w.SetOutput("salesforce-error", strings.Repeat("é", 100<<10))
	got, err := readOutputs(read(t, f.output))
	if err != nil {
		t.Fatal(err)
	}
	if v := got["salesforce-error"]; len(v) >= 64<<10 || !utf8.ValidString(v) || !strings.HasSuffix(v, "…") {
		t.Errorf("output is %d bytes (valid UTF-8: %t), want under 64 KiB, whole characters, ending in …", len(v), utf8.ValidString(v))
	}
}

// brokenWriter fails every write, as stdout does when the runner's pipe is
// gone.
type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestBrokenStdout_noPanicFromAnyGoroutine(t *testing.T) {
	t.Parallel()
	f := newRunnerFiles(t)
	w := workflow.New(f.getenv, brokenWriter{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.Mask(fmt.Sprintf("session-%d-secret", i))
			w.Annotate(workflow.Error, "title", "message")
		}()
	}
	wg.Wait()
	w.SetOutput("status", "fail")
	if err := w.Err(); err == nil || !strings.Contains(err.Error(), "stdout") {
		t.Errorf("Err() = %v, want the failed stdout named", err)
	}
	if got, _ := readOutputs(read(t, f.output)); got["status"] != "fail" {
		t.Errorf("a broken stdout kept the outputs from being written: %q", got)
	}
}

func TestUnwritableRunnerFiles_noPanic(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "missing")
	getenv := func(k string) string {
		return map[string]string{"GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary")}[k]
	}
	var stdout strings.Builder
	w := workflow.New(getenv, &stdout)
	w.SetOutput("status", "fail")
	w.AddSummary("## fail")
	w.Annotate(workflow.Error, "Wrong password", "still printed")
	err := w.Err()
	if err == nil || !strings.Contains(err.Error(), "output") || !strings.Contains(err.Error(), "step-summary") {
		t.Errorf("Err() = %v, want both failed files named", err)
	}
	if !strings.Contains(stdout.String(), "::error title=Wrong password::still printed") {
		t.Errorf("annotation not written after a failed file write: %q", stdout.String())
	}
}

func TestAnnotate_cutToTheRunnersLimit(t *testing.T) {
	t.Parallel()
	var stdout strings.Builder
	w := workflow.New(func(string) string { return "" }, &stdout)
	w.Annotate(workflow.Warning, strings.Repeat("t", 1000), strings.Repeat("m", 10000)+"\n::error::injected")
	line := strings.TrimSuffix(stdout.String(), "\n")
	if strings.Contains(line, "\n") {
		t.Fatalf("annotation is not one line: %q", line)
	}
	_, msg, _ := strings.Cut(strings.TrimPrefix(line, "::warning "), "::")
	if len(msg) > workflow.MaxAnnotation || !strings.HasSuffix(msg, "(cut at 4 KiB)") {
		t.Errorf("message is %d bytes, want at most %d with a note", len(msg), workflow.MaxAnnotation)
	}
}

func TestAddSummary_under1MiBWithANote(t *testing.T) {
	t.Parallel()
	f := newRunnerFiles(t)
	w := workflow.New(f.getenv, &strings.Builder{})
	row := "| org | fail | " + strings.Repeat("x", 1000) + " |\n"
	for range 3 {
		w.AddSummary(strings.Repeat(row, 400))
	}
	got := read(t, f.summary)
	if len(got) >= 1<<20 {
		t.Errorf("summary is %d bytes, want under 1 MiB", len(got))
	}
	if strings.Count(got, "The job summary was cut here") != 1 {
		t.Errorf("want exactly one note that the summary was cut")
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		if strings.HasPrefix(line, "|") && line != strings.TrimSuffix(row, "\n") {
			t.Errorf("a table row was cut mid-line: %q", line[:min(len(line), 60)])
		}
	}
	if err := w.Err(); err != nil {
		t.Errorf("Err() = %v", err)
	}
}

func TestCut(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"fits", "abc", 3, "abc"},
		{"cut", "abcdef", 5, "ab…"},
		{"never splits a character", "aéééé", 5, "a…"},
		{"four-byte characters", "😀😀😀", 9, "😀…"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := workflow.Cut(tc.in, tc.limit, "…"); got != tc.want {
				t.Errorf("Cut(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
			}
		})
	}
}

func TestSetOutput_allUnderTheStepsShare(t *testing.T) {
	t.Parallel()
	f := newRunnerFiles(t)
	w := workflow.New(f.getenv, &strings.Builder{})
	for i := range 20 {
		w.SetOutput(fmt.Sprintf("out-%d", i), strings.Repeat("x", 100<<10))
	}
	got, err := readOutputs(read(t, f.output))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, v := range got {
		total += len(v)
	}
	if total > workflow.MaxOutputs || len(got) != 20 {
		t.Errorf("%d outputs hold %d bytes, want all 20 within %d", len(got), total, workflow.MaxOutputs)
	}
}
