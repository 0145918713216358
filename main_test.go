package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// binary is the program built once for the tests that run it as a process.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "salesforce-login-check-main")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "salesforce-login-check")
	if out, err := exec.Command("go", "build", "-trimpath", "-o", binary, ".").CombinedOutput(); err != nil {
		_ = os.RemoveAll(dir)
		panic("go build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// healthyOrg serves the "healthy" scenario on loopback and returns it with
// its settings, the login URL's host spelled as host (its port kept).
func healthyOrg(t *testing.T, host string) (*simorg.Org, []string) {
	t.Helper()
	sc, _ := simorg.ScenarioNamed("healthy")
	org := sc.NewOrg()
	srv, err := org.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	url := srv.URL
	if host != "" {
		_, port, _ := net.SplitHostPort(strings.TrimPrefix(url, "http://"))
		url = "http://" + host + ":" + port
	}
	env := []string{"SF_LOGIN_URL=" + url, "SF_ALLOW_CUSTOM_HOST=true", "PATH=" + os.Getenv("PATH")}
	for k, v := range sc.Env {
		env = append(env, k+"="+strings.ReplaceAll(v, "{{URL}}", url))
	}
	return org, env
}

// exitOf is a finished process's exit code; a death by signal fails the test.
func exitOf(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	}
	t.Fatalf("the check did not exit by itself: %v", err)
	return -1
}

// TestBinary_closedStdout runs the binary as a GitHub Actions step whose
// stdout is a pipe nobody reads any more (`| head -1` after its line): the
// run is not killed by SIGPIPE; it ends its session, writes its report file
// and the runner's files, says on stderr that the report was not fully
// written, and exits with the verdict's code, the same as with a working
// stdout.
func TestBinary_closedStdout(t *testing.T) {
	t.Parallel()
	run := func(closed bool) (exit int, stderr string, files map[string]string, live int) {
		org, env := healthyOrg(t, "")
		dir := t.TempDir()
		env = append(env, "GITHUB_ACTIONS=true", "GITHUB_WORKSPACE="+dir, "SF_REPORT_FILE=report.json",
			"GITHUB_OUTPUT="+filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY="+filepath.Join(dir, "summary"))
		cmd := exec.CommandContext(t.Context(), binary)
		cmd.Env = env
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if closed {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			_ = r.Close()
			cmd.Stdout = w
			defer w.Close()
		}
		exit = exitOf(t, cmd.Run())
		files = map[string]string{}
		for _, name := range []string{"report.json", "output", "summary"} {
			b, _ := os.ReadFile(filepath.Join(dir, name))
			files[name] = string(b)
		}
		return exit, errb.String(), files, org.LiveSessions()
	}
	wantExit, _, _, _ := run(false)
	exit, stderr, files, live := run(true)
	if exit != wantExit {
		t.Errorf("exit %d with a closed stdout, want the verdict's %d", exit, wantExit)
	}
	for name, content := range files {
		if content == "" {
			t.Errorf("%s is empty or missing", name)
		}
	}
	if !strings.Contains(files["report.json"], `"status"`) {
		t.Errorf("report.json is not the report:\n%s", files["report.json"])
	}
	if live != 0 {
		t.Errorf("%d sessions left open", live)
	}
	if !strings.Contains(stderr, "the report was not fully written") {
		t.Errorf("stderr does not say the report was not written:\n%s", stderr)
	}
}

// TestBinary_noProxyForLoopback runs the binary with every proxy variable
// pointing at a listener that counts what it is offered, against a loopback
// org whose login URL spells the host in ways net/http's own rule does not
// exempt: nothing reaches the proxy, and the login reaches the org directly.
func TestBinary_noProxyForLoopback(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	var proxied atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			proxied.Add(1)
			_ = c.Close()
		}
	}()
	proxy := "http://" + ln.Addr().String()
	for _, host := range []string{"LocalHost", "LOCALHOST", "127.0.0.1", "[::ffff:127.0.0.1]"} {
		t.Run(host, func(t *testing.T) {
			t.Parallel()
			org, env := healthyOrg(t, host)
			cmd := exec.CommandContext(t.Context(), binary, "--json")
			cmd.Env = append(env, "HTTP_PROXY="+proxy, "http_proxy="+proxy, "HTTPS_PROXY="+proxy, "https_proxy="+proxy, "ALL_PROXY="+proxy)
			out, err := cmd.Output()
			exitOf(t, err)
			if n := org.Attempts(); n != 1 {
				t.Errorf("the org saw %d logins, want 1 (directly):\n%s", n, out)
			}
		})
	}
	t.Cleanup(func() {
		if n := proxied.Load(); n != 0 {
			t.Errorf("the proxy was offered %d connections, want 0", n)
		}
	})
}
