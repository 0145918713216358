package ship

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildScriptStampsVersion builds the binary the way the Dockerfile does
// and checks the version really arrives: a wrong -X path in scripts/build.sh
// would otherwise go unnoticed, since the linker ignores it silently.
func TestBuildScriptStampsVersion(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}

	out := filepath.Join(t.TempDir(), "salesforce-login-check")
	const want = "v0.0.0-ship-test"
	build := exec.CommandContext(t.Context(), "bash", "../../scripts/build.sh")
	build.Env = append(os.Environ(), "VERSION="+want, "OUT="+out)
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/build.sh failed: %v\n%s", err, b)
	}

	b, err := exec.CommandContext(t.Context(), out, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version failed: %v\n%s", out, err, b)
	}
	if got := string(b); !strings.Contains(got, want) {
		t.Errorf("version printed %q, want it to contain %q", got, want)
	}
}
