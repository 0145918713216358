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

	"github.com/salesforce-login-check/salesforce-login-check/check/simorg"
)

// benchLoginDelay is how long the simulated org takes to answer each login.
const benchLoginDelay = 100 * time.Millisecond

// benchOrgs serves one simulated org with n users that answers each login
// after benchLoginDelay, and returns the environment of a run that checks
// each user as an org of its own.
func benchOrgs(tb testing.TB, n int) (*simorg.Org, map[string]string) {
	tb.Helper()
	users := make([]*simorg.User, n)
	env := map[string]string{"SF_ALLOW_CUSTOM_HOST": "true"}
	for i := range users {
		users[i] = &simorg.User{
			Username: fmt.Sprintf("integration%03d@acme.example.com", i),
			Password: fmt.Sprintf("Bench-Pa55word-%03d", i),
			Token:    fmt.Sprintf("BenchTok3n%03dXyZ", i),
		}
		env[fmt.Sprintf("ORG%03d_PASSWORD", i)] = users[i].Password
		env[fmt.Sprintf("ORG%03d_TOKEN", i)] = users[i].Token
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
		fmt.Fprintf(&list, `{"name":"org-%03d","login-url":%q,"auth-flow":"soap","username":%q,"password-env":"ORG%03d_PASSWORD","security-token-env":"ORG%03d_TOKEN"}`,
			i, srv.URL, u.Username, i, i)
	}
	list.WriteString("]")
	env["SF_ORGS"] = list.String()
	return org, env
}

// BenchmarkMultiOrg200 checks 200 orgs through cli.Run against a simulated
// org that answers each login after 100 ms. x-ideal is the time of a run
// over (200/parallelism) × 100 ms, the yardstick (goal: under 1.5).
//
//	go test -run '^$' -bench MultiOrg200 -benchtime 3x ./check/cli/
func BenchmarkMultiOrg200(b *testing.B) {
	const orgs = 200
	for _, parallelism := range []int{16, 8} {
		b.Run(fmt.Sprintf("parallelism=%d", parallelism), func(b *testing.B) {
			org, env := benchOrgs(b, orgs)
			env["SF_PARALLELISM"] = fmt.Sprint(parallelism)
			ideal := idealTime(orgs, parallelism)
			before := org.Attempts()
			b.ResetTimer()
			for b.Loop() {
				err := Run(context.Background(), nil, Env{Getenv: func(k string) string { return env[k] }, Stdout: io.Discard})
				if err != nil {
					b.Fatalf("Run: %v", err)
				}
			}
			b.StopTimer()
			if got, want := org.Attempts()-before, orgs*b.N; got != want {
				b.Errorf("the org saw %d login attempts, want %d (one per org and run)", got, want)
			}
			perOp := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(perOp)/float64(ideal), "x-ideal")
		})
	}
}

// TestMultiOrgProcess is the whole-process benchmark: it runs the built
// binary (SFLC_BENCH_BINARY) against an in-test simulated org and prints wall
// time and peak RSS. It makes no timing assertion. Run it with
// scripts/bench-multiorg.sh.
func TestMultiOrgProcess(t *testing.T) {
	bin := os.Getenv("SFLC_BENCH_BINARY")
	if bin == "" {
		t.Skip("set SFLC_BENCH_BINARY to a built binary (scripts/bench-multiorg.sh does)")
	}
	org, env := benchOrgs(t, 200)
	type row struct {
		orgs, parallelism int
		mode              string
	}
	rows := []row{{10, 8, "text"}, {200, 16, "text"}, {200, 8, "text"}, {200, 16, "github"}, {10, 8, "github"}}
	fmt.Printf("\n%-5s %-11s %-7s %-10s %-10s %-8s %-12s %s\n", "ORGS", "PARALLELISM", "MODE", "WALL", "IDEAL", "X-IDEAL", "PEAK RSS", "EXIT")
	for _, r := range rows {
		vars := subset(env, r.orgs)
		vars["SF_PARALLELISM"] = fmt.Sprint(r.parallelism)
		dir := t.TempDir()
		if r.mode == "github" {
			vars["GITHUB_ACTIONS"] = "true"
			vars["GITHUB_OUTPUT"] = filepath.Join(dir, "output")
			vars["GITHUB_STEP_SUMMARY"] = filepath.Join(dir, "summary")
		}
		cmd := exec.Command(bin)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		for k, v := range vars {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		before := org.Attempts()
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting %s: %v", bin, err)
		}
		done := make(chan struct{})
		peak := watchPeakRSS(cmd.Process.Pid, done)
		err := cmd.Wait()
		wall := time.Since(start)
		close(done)
		rss := <-peak
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("running %s: %v", bin, err)
		}
		if got := org.Attempts() - before; got != r.orgs {
			t.Errorf("%d orgs: the org saw %d login attempts, want %d", r.orgs, got, r.orgs)
		}
		ideal := idealTime(r.orgs, r.parallelism)
		fmt.Printf("%-5d %-11d %-7s %-10s %-10s %-8.2f %-12s %d\n", r.orgs, r.parallelism, r.mode, wall.Round(time.Millisecond), ideal,
			float64(wall)/float64(ideal), fmt.Sprintf("%.1f MiB", float64(rss)/1024), cmd.ProcessState.ExitCode())
	}
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
