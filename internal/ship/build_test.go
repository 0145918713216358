package ship

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain removes the binary buildBinary built, once every test is done.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// TestBuildScriptStampsVersion builds the binary the way the Dockerfile does
// and checks the version really arrives: a wrong -X path in scripts/build.sh
// would otherwise go unnoticed, since the linker ignores it silently. Unlike
// TestEmptyRoot it needs no root.
func TestBuildScriptStampsVersion(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildBinary(t)
	b, err := exec.CommandContext(t.Context(), bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version failed: %v\n%s", bin, err, b)
	}
	if got, want := string(b), "salesforce-login-check v0.0.0-test"; !strings.Contains(got, want) {
		t.Errorf("version printed %q, want it to contain %q", got, want)
	}
}
