package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// benchLoginDelay is how long the simulated org takes to answer each login.
const benchLoginDelay = 100 * time.Millisecond

// benchFailEvery makes every tenth org of a benchmark fail its login (a
// wrong password): 100 of 1,000, the measurement.
const benchFailEvery = 10

// benchOrgs serves one simulated org with n users that answers each login
// after benchLoginDelay, and returns the environment of a run that checks
// each user as an org of its own, in GitHub mode's worst realistic shape:
// every tenth org has a wrong password, SOAP login (so every org also gets
// the retirement warning), probes off.
func benchOrgs(tb testing.TB, n int) (*simorg.Org, map[string]string) {
	tb.Helper()
	users := make([]*simorg.User, n)
	env := map[string]string{
		"SF_ALLOW_CUSTOM_HOST": "true",
		"SF_PROBE_SESSION":     "false", "SF_PROBE_LIMITS": "false",
		"SF_PROBE_PASSWORD": "false", "SF_PROBE_LOGIN_HISTORY": "false", "SF_PROBE_ORG_POLICY": "false",
	}
	for i := range users {
		users[i] = &simorg.User{
			Username: fmt.Sprintf("integration%04d@acme.example.com", i),
			Password: fmt.Sprintf("Bench-Pa55word-%04d", i),
			Token:    fmt.Sprintf("BenchTok3n%04dXyZ", i),
		}
		env[fmt.Sprintf("ORG%04d_PASSWORD", i)] = users[i].Password
		if i%benchFailEvery == benchFailEvery-1 {
			env[fmt.Sprintf("ORG%04d_PASSWORD", i)] = fmt.Sprintf("Wrong-Pa55word-%04d", i)
		}
		env[fmt.Sprintf("ORG%04d_TOKEN", i)] = users[i].Token
	}
	org := simorg.New("Bench Org", users...)
	org.LoginDelay = benchLoginDelay
	srv, err := org.Start("127.0.0.1:0", false)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	var list strings.Builder
	list.WriteString("[")
	for i, u := range users {
		if i > 0 {
			list.WriteString(",\n")
		}
		fmt.Fprintf(&list, `{"name":"org-%04d","login-url":%q,"auth-flow":"soap","username":%q,"password-env":"ORG%04d_PASSWORD","security-token-env":"ORG%04d_TOKEN"}`,
			i, srv.URL, u.Username, i, i)
	}
	list.WriteString("]")
	env["SF_ORGS"] = list.String()
	return org, env
}

// benchRun is one benchmark configuration.
type benchRun struct {
	orgs, parallelism int
	// github selects GitHub Actions output (annotations, outputs, summary,
	// masks); otherwise the terminal report.
	github bool
}

func (r benchRun) String() string {
	mode := "terminal"
	if r.github {
		mode = "github"
	}
	return fmt.Sprintf("orgs=%d/parallelism=%d/%s", r.orgs, r.parallelism, mode)
}

// env returns the environment of the run over the first r.orgs orgs of a
// benchOrgs environment, writing GitHub's files under dir.
func (r benchRun) env(all map[string]string, dir string) map[string]string {
	vars := subset(all, r.orgs)
	vars["SF_PARALLELISM"] = fmt.Sprint(r.parallelism)
	if r.github {
		vars["GITHUB_ACTIONS"] = "true"
		vars["GITHUB_OUTPUT"] = filepath.Join(dir, "output")
		vars["GITHUB_STEP_SUMMARY"] = filepath.Join(dir, "summary")
	}
	return vars
}

// benchRuns are the yardsticks (GitHub mode, probes off, 100 ms
// logins, one org in ten failing) and the terminal runs docs/development.md kept
// before them.
var benchRuns = []benchRun{
	{orgs: 1000, parallelism: 64, github: true},
	{orgs: 200, parallelism: 16, github: true},
	{orgs: 200, parallelism: 16},
	{orgs: 10, parallelism: 8, github: true},
}

// BenchmarkMultiOrg runs each of benchRuns through cli.Run against a
// simulated org that answers each login after 100 ms. x-ideal is the time of
// a run over (orgs/parallelism) × 100 ms (goal: at most 1.2).
//
//	go test -run '^$' -bench MultiOrg -benchtime 3x -benchmem ./internal/cli/
func BenchmarkMultiOrg(b *testing.B) {
	org, all := benchOrgs(b, 1000)
	for _, r := range benchRuns {
		b.Run(r.String(), func(b *testing.B) {
			env := r.env(all, b.TempDir())
			ideal := idealTime(r.orgs, r.parallelism)
			before := org.Attempts()
			b.ResetTimer()
			for b.Loop() {
				err := Run(context.Background(), nil, Env{Getenv: func(k string) string { return env[k] }, Stdout: io.Discard})
				if code := runExit(err); code != wantBenchExit(r.orgs) {
					b.Fatalf("Run: exit %d (%v), want %d", code, err, wantBenchExit(r.orgs))
				}
				if r.github {
					// The runner empties nothing between runs; keep the
					// summary file from growing run after run.
					_ = os.Remove(env["GITHUB_STEP_SUMMARY"])
					_ = os.Remove(env["GITHUB_OUTPUT"])
				}
			}
			b.StopTimer()
			if got, want := org.Attempts()-before, r.orgs*b.N; got != want {
				b.Errorf("the org saw %d login attempts, want %d (one per org and run)", got, want)
			}
			perOp := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(perOp)/float64(ideal), "x-ideal")
		})
	}
}

// wantBenchExit is the exit code of a benchmark run: 1 once it includes a
// failing org.
func wantBenchExit(orgs int) int {
	if orgs >= benchFailEvery {
		return 1
	}
	return 0
}

// runExit is the exit code cli.Run's error carries (0 for nil, -1 for an
// error without one).
func runExit(err error) int {
	var ee *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	}
	return -1
}

// BenchmarkMultiOrgProcess is the whole-process benchmark: it runs the
// binary as a separate process over each of benchRuns against an in-test
// simulated org, b.N times, and reports the best wall time over the ideal
// (x-ideal), the highest peak RSS (peak-MiB) and the bytes written to stdout
// (stdout-KiB). The binary is SFLC_BENCH_BINARY (scripts/bench-multiorg.sh
// builds it as releases are built), else one built here the same way.
//
//	go test -run '^$' -bench MultiOrgProcess -benchtime 3x ./internal/cli/
func BenchmarkMultiOrgProcess(b *testing.B) {
	bin := os.Getenv("SFLC_BENCH_BINARY")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "salesforce-login-check")
		build := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", bin, "../..")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	org, all := benchOrgs(b, 1000)
	for _, r := range benchRuns {
		b.Run(r.String(), func(b *testing.B) {
			var best time.Duration
			var peakRSS, stdout int64
			for range b.N {
				wall, rss, n := runProcess(b, bin, org, r, all)
				if best == 0 || wall < best {
					best = wall
				}
				peakRSS, stdout = max(peakRSS, rss), n
			}
			b.ReportMetric(float64(best)/float64(idealTime(r.orgs, r.parallelism)), "x-ideal")
			b.ReportMetric(best.Seconds(), "best-s")
			b.ReportMetric(float64(peakRSS)/1024, "peak-MiB")
			b.ReportMetric(float64(stdout)/1024, "stdout-KiB")
		})
	}
}

// runProcess runs the binary once over r and returns its wall time, its peak
// RSS (KiB) and the bytes it wrote to stdout.
func runProcess(b *testing.B, bin string, org *simorg.Org, r benchRun, all map[string]string) (time.Duration, int64, int64) {
	b.Helper()
	dir := b.TempDir()
	vars := r.env(all, dir)
	// 1,000 orgs do not fit one environment variable (128 KiB): the list
	// goes in a file, as orgs-file reads it.
	if err := os.WriteFile(filepath.Join(dir, "orgs.json"), []byte(vars["SF_ORGS"]), 0o600); err != nil {
		b.Fatal(err)
	}
	delete(vars, "SF_ORGS")
	vars["SF_ORGS_FILE"], vars["GITHUB_WORKSPACE"] = "orgs.json", dir
	cmd := exec.Command(bin)
	var out countingWriter
	cmd.Stdout, cmd.Stderr = &out, io.Discard
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	before := org.Attempts()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatalf("starting %s: %v", bin, err)
	}
	done := make(chan struct{})
	peak := watchPeakRSS(cmd.Process.Pid, done)
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	rss := <-peak
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		b.Fatalf("running %s: %v", bin, err)
	}
	if code := cmd.ProcessState.ExitCode(); code != wantBenchExit(r.orgs) {
		b.Errorf("%s: exit %d, want %d", r, code, wantBenchExit(r.orgs))
	}
	if got := org.Attempts() - before; got != r.orgs {
		b.Errorf("%s: the org saw %d login attempts, want %d", r, got, r.orgs)
	}
	return wall, rss, out.n
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// idealTime is (orgs/parallelism) × benchLoginDelay: every worker always busy
// with a login, nothing else costing time.
func idealTime(orgs, parallelism int) time.Duration {
	return benchLoginDelay * time.Duration(orgs) / time.Duration(parallelism)
}

// watchPeakRSS polls the peak resident set (VmHWM, KiB) of a running process
// until done is closed, then sends the highest value seen. The child's
// rusage Maxrss is no use here: Go starts a child sharing the parent's
// address space until exec (CLONE_VM), and the kernel carries that address
// space's peak, the test process's own, into the child's Maxrss.
func watchPeakRSS(pid int, done <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var peak int64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
				for _, line := range strings.Split(string(b), "\n") {
					if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						var kib int64
						if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kib); err == nil && kib > peak {
							peak = kib
						}
					}
				}
			}
			select {
			case <-done:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// subset keeps the first n orgs of a benchOrgs environment.
func subset(env map[string]string, n int) map[string]string {
	out := make(map[string]string, len(env))
	for k, v := range env {
		out[k] = v
	}
	entries := strings.Split(strings.TrimSuffix(strings.TrimPrefix(env["SF_ORGS"], "["), "]"), ",\n")
	out["SF_ORGS"] = "[" + strings.Join(entries[:n], ",\n") + "]"
	return out
}
