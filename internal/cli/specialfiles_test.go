package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRun_specialFiles names a named pipe, a device and a directory where
// the run reads or writes a file (orgs-file, private-key-file,
// report-file). Each is refused or reported at once: opening a pipe
// plainly waits for its other end, which hung the run for good, and a
// device such as /dev/zero never ends.
func TestRun_specialFiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// kind of the file at path in the workspace: "fifo" or "dir"; or
		// an absolute path to use as is.
		kind string
		// env names the file; PATH is replaced by its path.
		env map[string]string
		// want is in stdout.
		want string
	}{
		{name: "orgs-file pipe", kind: "fifo", env: map[string]string{"SF_ORGS_FILE": "PATH"}, want: "orgs-file could not be read"},
		{name: "orgs-file directory", kind: "dir", env: map[string]string{"SF_ORGS_FILE": "PATH"}, want: "orgs-file could not be read"},
		{name: "private-key-file pipe", kind: "fifo", env: jwtEnv(), want: "private-key-file cannot be read (not a regular file)"},
		{name: "private-key-file directory", kind: "dir", env: jwtEnv(), want: "private-key-file cannot be read (not a regular file)"},
		{name: "private-key-file device", kind: "/dev/zero", env: jwtEnv(), want: "private-key-file cannot be read (not a regular file)"},
		{name: "report-file pipe", kind: "fifo", env: map[string]string{"SF_AUTH_FLOW": "kerberos", "SF_REPORT_FILE": "PATH"}, want: "report-file: the JSON report was not written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ws := t.TempDir()
			path := tc.kind
			switch tc.kind {
			case "fifo":
				path = filepath.Join(ws, "special")
				if err := syscall.Mkfifo(path, 0o600); err != nil {
					t.Fatal(err)
				}
			case "dir":
				path = filepath.Join(ws, "special")
				if err := os.Mkdir(path, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"GITHUB_WORKSPACE": ws}
			for k, v := range tc.env {
				env[k] = strings.ReplaceAll(v, "PATH", path)
			}
			stdout := runUnlessStuck(t, path, asInputs(env))
			if !strings.Contains(stdout, tc.want) {
				t.Errorf("stdout has no %q:\n%s", tc.want, stdout)
			}
		})
	}
}

func jwtEnv() map[string]string {
	return map[string]string{"SF_AUTH_FLOW": "jwt", "SF_CLIENT_ID": "3MVG9SpecialFiles", "SF_USERNAME": "ci@special.example.com", "SF_PRIVATE_KEY_FILE": "PATH"}
}

// runUnlessStuck runs the binary in GitHub mode and returns its stdout. A
// run still blocked on the pipe at path after hangGuard is a failure; the
// pipe's other end is then opened, so the run and the test can end.
func runUnlessStuck(t *testing.T, path string, env map[string]string) string {
	t.Helper()
	var pipe *os.File
	t.Cleanup(func() {
		if pipe != nil {
			_ = pipe.Close()
		}
	})
	unstick := func() {
		t.Errorf("the run is stuck on %s", path)
		pipe, _ = os.OpenFile(path, os.O_RDWR, 0)
	}
	run := runWith(t, ambient{unstick: unstick}, env)
	var ee *ExitError
	if run.err != nil && errors.As(run.err, &ee) && ee.Err != nil {
		t.Fatalf("Run: %v", run.err)
	}
	return run.stdout
}
