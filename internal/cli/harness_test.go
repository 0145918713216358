package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The one harness of the CLI's tests: every test runs the binary's entry
// point (Run, the path main takes) through runWith, with an environment, the
// flags of a command line and the ambient things main would inject, and
// reads what a user or the runner would: stdout, stderr, the exit code and
// the runner's files.

// invocation is what one run of the binary's entry point produced.
type invocation struct {
	stdout, stderr string
	// exit is the process exit code main would use; err what Run returned.
	exit int
	err  error
	// outputs and summary are the runner's files, read when the harness
	// made them (GitHub mode without paths of the test's own).
	outputs map[string]string
	summary string
	// outputFile is GITHUB_OUTPUT as written, before the runner reads it.
	outputFile string
}

// ambient is what main injects besides the environment: the context, the
// HTTP client, the clock and the retry backoff (zero values: main's
// defaults). strict also holds the run to two promises of every hostile
// test: Run returns (it never hangs: hangGuard), leaves no goroutine
// behind, and prints a verdict rather than failing with an error.
type ambient struct {
	ctx     context.Context
	client  *http.Client
	now     func() time.Time
	backoff time.Duration
	strict  bool
	// stdout replaces the harness's buffer (a broken pipe, say); terminal
	// says stdout is a terminal.
	stdout   io.Writer
	terminal bool
	// unstick, when a run has not returned after hangGuard, fails the test
	// and is called to let the run end (open a pipe's other end), instead
	// of abandoning the run.
	unstick func()
}

// runCLI runs the binary's entry point as main would, with env as the whole
// environment. In GitHub mode (GITHUB_ACTIONS=true) it points
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY at temp files, unless the test gave
// its own, and reads them.
func runCLI(t *testing.T, env map[string]string, args ...string) invocation {
	t.Helper()
	return runWith(t, ambient{}, env, args...)
}

// runCheck runs the check as the hostile tests do: through client, on the
// fault clock, with a short backoff, strictly (see ambient).
func runHostile(ctx context.Context, t *testing.T, client *http.Client, env map[string]string, args ...string) invocation {
	t.Helper()
	return runWith(t, ambient{ctx: ctx, client: client, now: faultClock, backoff: 5 * time.Millisecond, strict: true}, env, args...)
}

var runIDs atomic.Int64

// runWith is the one harness. Every goroutine a strict run starts, and
// every goroutine those start, carries a pprof label unique to the run, so
// the leak check stays exact while other tests run in parallel.
func runWith(t *testing.T, a ambient, env map[string]string, args ...string) invocation {
	t.Helper()
	if a.ctx == nil {
		a.ctx = context.Background()
	}
	dir := t.TempDir()
	ownFiles := env["GITHUB_ACTIONS"] == "true" && env["GITHUB_OUTPUT"] == "" && env["GITHUB_STEP_SUMMARY"] == ""
	if ownFiles {
		env["GITHUB_OUTPUT"] = filepath.Join(dir, "output")
		env["GITHUB_STEP_SUMMARY"] = filepath.Join(dir, "summary")
	}
	var stdout, stderr bytes.Buffer
	e := Env{Getenv: func(k string) string { return env[k] }, Stdout: &stdout, Stderr: &stderr, HTTP: a.client, Now: a.now, Backoff: a.backoff, IsTerminal: a.terminal}
	if a.stdout != nil {
		e.Stdout = a.stdout
	}
	id := fmt.Sprintf("run-%d", runIDs.Add(1))
	var err error
	returned := make(chan struct{})
	go pprof.Do(a.ctx, pprof.Labels(leakLabel, id), func(ctx context.Context) {
		defer close(returned)
		err = Run(ctx, args, e)
	})
	select {
	case <-returned:
	case <-time.After(hangGuard):
		if a.unstick == nil {
			t.Fatalf("Run has not returned after %v: it hangs", hangGuard)
		}
		t.Errorf("Run has not returned after %v: it is stuck", hangGuard)
		a.unstick()
		<-returned
	}
	inv := invocation{err: err, stdout: stdout.String(), stderr: stderr.String()}
	if a.strict {
		// Idle keep-alive connections are the pool's, not a leak: a
		// process that exits drops them. Anything else still running is.
		if a.client != nil {
			a.client.CloseIdleConnections()
		}
		if n, stacks := settleGoroutines(id, 3*time.Second); n > 0 {
			t.Errorf("Run left %d goroutines running:\n%s", n, stacks)
		}
		inv.exit = exitCode(t, err)
	} else {
		var ee *ExitError
		switch {
		case errors.As(err, &ee):
			inv.exit = ee.Code
		case err != nil:
			t.Fatalf("Run: %v", err)
		}
	}
	if ownFiles {
		if b, err := os.ReadFile(env["GITHUB_OUTPUT"]); err == nil {
			inv.outputFile = string(b)
			inv.outputs = parseOutputs(t, inv.outputFile)
		}
		if b, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"]); err == nil {
			inv.summary = string(b)
		}
	}
	return inv
}

const leakLabel = "salesforce-login-check-run"

// hangGuard only catches a run that never returns. It is no measure of
// speed: a run that ends is judged by its verdict and its traffic, and where
// a bound matters the tests prove that the deadline reached the request.
const hangGuard = 30 * time.Second

// settleGoroutines waits up to limit for the goroutines labelled id to end
// and returns how many are left, with their stacks.
func settleGoroutines(id string, limit time.Duration) (int, string) {
	deadline := time.Now().Add(limit)
	for {
		n, stacks := labelledGoroutines(id)
		if n == 0 || time.Now().After(deadline) {
			return n, stacks
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func labelledGoroutines(id string) (int, string) {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
	label := fmt.Sprintf("%q:%q", leakLabel, id)
	n := 0
	var stacks []string
	for _, block := range strings.Split(b.String(), "\n\n") {
		if !strings.Contains(block, label) {
			continue
		}
		var count int
		if _, err := fmt.Sscanf(block, "%d @", &count); err != nil {
			count = 1
		}
		n += count
		stacks = append(stacks, block)
	}
	return n, strings.Join(stacks, "\n\n")
}

// exitCode is the process exit code main would use for err; it fails the
// test when Run failed instead of printing a verdict.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Errorf("Run returned %v (%T), not an *ExitError", err, err)
		return -1
	}
	if ee.Err != nil {
		t.Errorf("Run failed instead of printing a verdict: %v", ee.Err)
	}
	return ee.Code
}

// parseOutputs reads a GITHUB_OUTPUT file the way the runner does: name=value
// lines and name<<DELIMITER … DELIMITER blocks.
func parseOutputs(t *testing.T, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if name, delim, ok := strings.Cut(line, "<<"); ok {
			var val []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				val = append(val, lines[i])
			}
			if _, dup := out[name]; dup {
				t.Errorf("output %q written twice", name)
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		if name, val, ok := strings.Cut(line, "="); ok {
			out[name] = val
			continue
		}
		t.Errorf("GITHUB_OUTPUT line %q is neither name=value nor a heredoc", line)
	}
	return out
}

// runInMode runs the check strictly (runHostile) in GitHub mode (the
// settings among vars as the runner's inputs, asInputs, the other variables
// as they are) or terminal mode, and returns everything it wrote: stdout,
// stderr and, on GitHub, GITHUB_OUTPUT and the job summary.
func runInMode(t *testing.T, mode string, client *http.Client, vars map[string]string) string {
	t.Helper()
	env := maps.Clone(vars)
	if mode == "github" {
		env = asInputs(vars)
	}
	run := runHostile(t.Context(), t, client, env)
	written := run.stdout + "\n" + run.stderr
	if mode == "github" {
		if run.outputFile == "" || run.summary == "" {
			t.Errorf("GitHub mode left GITHUB_OUTPUT (%d bytes) or the job summary (%d bytes) empty", len(run.outputFile), len(run.summary))
		}
		written += "\n" + run.outputFile + "\n" + run.summary
	}
	return written
}
