package ship

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestREADMEMatchesCode keeps the README's tables in step with the code:
// every input with its variable and default, and every output. The reasons
// table is held by check's TestREADMEReasons, next to the vocabulary.
func TestREADMEMatchesCode(t *testing.T) {
	t.Parallel()
	readme := readFile(t, "../../README.md")
	for _, in := range config.Inputs {
		def := "(—|empty|by host)"
		if in.Default != "" {
			def = "`" + regexp.QuoteMeta(in.Default) + "`"
		}
		row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(in.Name) + "` \\| `" + in.Env + "` \\| " + def + " \\|")
		if !row.MatchString(readme) {
			t.Errorf("README inputs table: no row `%s` | `%s` | %s", in.Name, in.Env, def)
		}
	}
	for _, out := range report.Outputs {
		if !strings.Contains(readme, "| `"+out+"` |") {
			t.Errorf("README outputs table: no row for output %s", out)
		}
	}
}

// TestCIRunsTheREADMETestCommand: .ci/run calls the test command the README
// tells people to run.
func TestCIRunsTheREADMETestCommand(t *testing.T) {
	t.Parallel()
	readme, ci := readFile(t, "../../README.md"), readFile(t, "../../.ci/run")
	m := regexp.MustCompile("(?m)^(go test [^#\n]+?)\\s+# the test command").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README has no line `go test …  # the test command …`")
	}
	if !strings.Contains(ci, strings.TrimSpace(m[1])) {
		t.Errorf(".ci/run does not run the README's test command %q", m[1])
	}
}
