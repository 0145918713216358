package ship

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
	buildOut  []byte
)

// buildBinary builds the binary exactly as the Dockerfile does: through
// scripts/build.sh, the one build command both use.
func buildBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "slc-build-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("bash", filepath.Join("..", "..", "scripts", "build.sh"))
		cmd.Env = append(os.Environ(), "OUT="+filepath.Join(buildDir, "salesforce-login-check"), "VERSION=v0.0.0-test")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("scripts/build.sh: %v\n%s", buildErr, buildOut)
	}
	return filepath.Join(buildDir, "salesforce-login-check")
}

// emptyRoot makes a root directory holding only the binary (and extra files),
// like the scratch image: no /etc, no shell, no CA bundle.
func emptyRoot(t *testing.T, bin string, extra map[string][]byte) string {
	t.Helper()
	root := t.TempDir()
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "salesforce-login-check"), b, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range extra {
		if err := os.WriteFile(filepath.Join(root, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// runChrooted runs the binary as / inside root with exactly env.
func runChrooted(t *testing.T, root string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("/salesforce-login-check", args...)
	cmd.Path = "/salesforce-login-check"
	cmd.Env = env
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case asExit(err, &ee):
		return out.String(), ee.ExitCode()
	case os.IsPermission(err) || isEPERM(err):
		t.Skipf("cannot chroot here (%v): the empty-root test needs root; run it as root (CI does)", err)
	}
	t.Fatalf("run in empty root: %v\n%s", err, out.String())
	return "", 0
}

func asExit(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError) //nolint:errorlint // exec.Cmd.Run returns it unwrapped
	if ok {
		*target = e
	}
	return ok
}

func isEPERM(err error) bool {
	for err != nil {
		if err == syscall.EPERM { //nolint:errorlint // walking the chain by hand
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// TestEmptyRoot holds the container's promise: the binary alone, in a root
// with nothing else, prints its version, uses its embedded TLS roots, and runs
// a full check over HTTPS against the simulated org when SSL_CERT_FILE names
// the org's CA.
func TestEmptyRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the empty-root test needs root to chroot; CI runs as root")
	}
	bin := buildBinary(t)

	org := simorg.New("Acme Corp", &simorg.User{Username: "int@acme.example.com", Password: "Chroot-Pa55", Token: "ChrootTok3n9"})
	srv, err := org.Start("127.0.0.1:0", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	root := emptyRoot(t, bin, map[string][]byte{"ca.pem": srv.CACertPEM})

	t.Run("version with embedded roots", func(t *testing.T) {
		out, code := runChrooted(t, root, nil, "version")
		if code != 0 || !regexp.MustCompile(`salesforce-login-check v0\.0\.0-test`).MatchString(out) {
			t.Fatalf("version exit %d:\n%s", code, out)
		}
		m := regexp.MustCompile(`tls roots: (\d+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("version does not report the TLS roots:\n%s", out)
		}
		if n, _ := strconv.Atoi(m[1]); n < 100 {
			t.Errorf("%d TLS roots in an empty root, want the embedded bundle (100+)", n)
		}
	})

	check := []string{"SF_LOGIN_URL=" + srv.URL, "SF_ALLOW_CUSTOM_HOST=true", "SF_USERNAME=int@acme.example.com",
		"SF_PASSWORD=Chroot-Pa55", "SF_SECURITY_TOKEN=ChrootTok3n9", "SF_AUTH_FLOW=soap"}

	t.Run("HTTPS check trusting SSL_CERT_FILE", func(t *testing.T) {
		out, code := runChrooted(t, root, append(check, "SSL_CERT_FILE=/ca.pem"), "--json")
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not JSON (exit %d): %v\n%s", code, err, out)
		}
		if code != 0 || got["reason"] != "flow-retiring" || got["org_id"] == "" {
			t.Errorf("exit %d reason %v org %v, want a successful login (warn for the retiring flow)\n%s", code, got["reason"], got["org_id"], out)
		}
	})

	t.Run("HTTPS check with only the embedded roots refuses the test CA", func(t *testing.T) {
		out, code := runChrooted(t, root, check, "--json")
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not JSON (exit %d): %v\n%s", code, err, out)
		}
		if code != 3 || got["reason"] != "network-error" {
			t.Errorf("exit %d reason %v, want 3 network-error: the simulated org's CA is not among the embedded roots\n%s", code, got["reason"], out)
		}
	})
	if n := org.Attempts(); n != 1 {
		t.Errorf("login attempts = %d, want 1 (the untrusted-certificate run never reaches the login)", n)
	}
}
