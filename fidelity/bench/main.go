package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	check := flag.String("check", "", "the check's binary")
	bare := flag.String("bare", "", "the bare Go login's binary (barelogin)")
	runs := flag.Int("runs", 50, "runs of each variant")
	bundle := flag.String("bundle", "/etc/ssl/certs/ca-certificates.crt", "the system's certificate bundle")
	flag.Parse()
	if err := run(*check, *bare, *bundle, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// variant is one command the benchmark times.
type variant struct {
	name string
	bin  string
	env  []string
	// floor is the variant this one is compared with ("" for a floor).
	floor string
	wall  []time.Duration
	cpu   []time.Duration
	rssKB []int64
	init  []float64
	// lastCPU is the user and system time of the last run.
	lastCPU time.Duration
}

func run(check, bare, bundle string, runs int) error {
	if check == "" || bare == "" {
		return errors.New("usage: bench -check BIN -bare BIN [-runs N] [-bundle FILE]")
	}
	dir, err := os.MkdirTemp("", "salesforce-login-check-bench")
	if err != nil {
		return fmt.Errorf("failed to make a work directory: %w", err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	plain, err := simulate(ctx, check, filepath.Join(dir, "plain"), false)
	if err != nil {
		return err
	}
	secure, err := simulate(ctx, check, filepath.Join(dir, "tls"), true)
	if err != nil {
		return err
	}
	// The system's bundle with the simulated org's CA appended: what a
	// runner that trusts a private CA has.
	sys, err := os.ReadFile(bundle) //nolint:gosec // the system's bundle, named by the caller
	if err != nil {
		return fmt.Errorf("failed to read the system's bundle: %w", err)
	}
	ca, err := os.ReadFile(filepath.Join(dir, "tls", "simorg-ca.pem"))
	if err != nil {
		return fmt.Errorf("failed to read the simulated org's CA: %w", err)
	}
	certFile := filepath.Join(dir, "bundle.pem")
	if err := os.WriteFile(certFile, append(append(sys, '\n'), ca...), 0o600); err != nil { //nolint:gosec // in the run's own temporary directory
		return fmt.Errorf("failed to write the bundle: %w", err)
	}
	common := []string{"PATH=" + os.Getenv("PATH"), "SSL_CERT_FILE=" + certFile, "SF_ALLOW_CUSTOM_HOST=true"}
	loginOnly := []string{"SF_PROBE_SESSION=false", "SF_PROBE_LIMITS=false", "SF_PROBE_PASSWORD=false", "SF_PROBE_LOGIN_HISTORY=false", "SF_PROBE_ORG_POLICY=false"}
	with := func(base []string, more ...[]string) []string {
		out := slices.Clone(common)
		out = append(out, base...)
		for _, m := range more {
			out = append(out, m...)
		}
		return out
	}
	vs := []*variant{
		{name: "bare Go login, http", bin: bare, env: with(plain)},
		{name: "check, login only, http", bin: check, env: with(plain, loginOnly), floor: "bare Go login, http"},
		{name: "check, full, http", bin: check, env: with(plain), floor: "bare Go login, http"},
		{name: "bare Go login, TLS", bin: bare, env: with(secure)},
		{name: "check, login only, TLS", bin: check, env: with(secure, loginOnly), floor: "bare Go login, TLS"},
		{name: "check, full, TLS", bin: check, env: with(secure), floor: "bare Go login, TLS"},
	}
	// Once each, unmeasured: the page cache and the org are warm.
	for _, v := range vs {
		if _, _, err := once(v, false); err != nil {
			return err
		}
	}
	for range runs {
		for _, v := range vs {
			wall, rss, err := once(v, false)
			if err != nil {
				return err
			}
			v.wall, v.rssKB = append(v.wall, wall), append(v.rssKB, rss)
			v.cpu = append(v.cpu, v.lastCPU)
		}
	}
	initRuns := max(runs/5, 5)
	for range initRuns {
		for _, v := range vs {
			if _, _, err := once(v, true); err != nil {
				return err
			}
		}
	}
	byName := map[string]*variant{}
	for _, v := range vs {
		byName[v.name] = v
	}
	fmt.Printf("%d runs of each, interleaved (%d for the init times); medians\n\n", runs, initRuns)
	fmt.Printf("%-26s %8s %8s %8s %8s %9s %9s %8s\n", "variant", "wall ms", "×floor", "CPU ms", "×floor", "init @ms", "×floor", "RSS MiB")
	for _, v := range vs {
		ratio, cpuRatio, initRatio := "", "", ""
		if f := byName[v.floor]; f != nil {
			ratio = fmt.Sprintf("%.2f", float64(median(v.wall))/float64(median(f.wall)))
			cpuRatio = fmt.Sprintf("%.2f", float64(median(v.cpu))/float64(median(f.cpu)))
			initRatio = fmt.Sprintf("%.2f", medianF(v.init)/medianF(f.init))
		}
		fmt.Printf("%-26s %8.1f %8s %8.1f %8s %9.1f %9s %8.1f\n", v.name, ms(median(v.wall)), ratio, ms(median(v.cpu)), cpuRatio,
			medianF(v.init), initRatio, float64(maxOf(v.rssKB))/1024)
	}
	fmt.Println("\nwall: exec to exit; CPU: user + system time; init @ms: when the last package init ran (GODEBUG=inittrace=1);")
	fmt.Println("RSS: the highest peak (maxrss) of the runs; ×floor: over the bare Go login on the same transport.")
	return nil
}

// once runs v once and returns its wall time and peak RSS; with inittrace,
// it records when the last package init ran instead.
func once(v *variant, inittrace bool) (time.Duration, int64, error) {
	cmd := exec.Command(v.bin) //nolint:gosec // the binaries scripts/bench.sh built
	cmd.Env = v.env
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if inittrace {
		cmd.Env = append(slices.Clone(v.env), "GODEBUG=inittrace=1")
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		var ee *exec.ExitError
		// The check exits 0 on pass and warn; the healthy case warns.
		if !errors.As(err, &ee) {
			return 0, 0, fmt.Errorf("%s: %w", v.name, err)
		}
		return 0, 0, fmt.Errorf("%s exited %d: %s", v.name, ee.ExitCode(), stderr.String())
	}
	if inittrace {
		last, err := lastInit(stderr.String())
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", v.name, err)
		}
		v.init = append(v.init, last)
		return wall, 0, nil
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	v.lastCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return wall, rss, nil
}

var initLine = regexp.MustCompile(`(?m)^init \S+ @([0-9.]+) ms`)

// lastInit is when the last package init of a trace ran, in ms since the
// process started.
func lastInit(trace string) (float64, error) {
	m := initLine.FindAllStringSubmatch(trace, -1)
	if len(m) == 0 {
		return 0, errors.New("no init trace")
	}
	at, err := strconv.ParseFloat(m[len(m)-1][1], 64)
	if err != nil {
		return 0, fmt.Errorf("init trace: %w", err)
	}
	return at, nil
}

// simulate starts `check simulate` on a free loopback port and returns the
// healthy case's settings: the login URL and its SF_* variables.
func simulate(ctx context.Context, check, dir string, useTLS bool) ([]string, error) {
	args := []string{"simulate", "--addr", "127.0.0.1:0", "--dir", dir}
	if useTLS {
		args = append(args, "--tls")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("failed to make %s: %w", dir, err)
	}
	cmd := exec.CommandContext(ctx, check, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 2 && fields[0] == "healthy" {
			env := []string{"SF_LOGIN_URL=" + fields[1]}
			for _, f := range fields[2:] {
				if strings.HasPrefix(f, "SF_") {
					env = append(env, f)
				}
			}
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return env, nil
		}
	}
	return nil, errors.New("simulate listed no healthy case")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func medianF(fs []float64) float64 {
	s := slices.Clone(fs)
	slices.Sort(s)
	return s[len(s)/2]
}

func maxOf(xs []int64) int64 { return slices.Max(xs) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
