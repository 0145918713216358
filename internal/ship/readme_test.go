package ship

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
)

// readmeMaxBytes is the README's budget: what a user needs first fits in it,
// the reference lives in docs/.
const readmeMaxBytes = 35_000

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestInputsDocMatchesCode keeps docs/inputs.md in step with the code and
// with action.yml: a row for every input with its variable and default, and
// a row for every output. The reasons are held by check's TestDocsReasons,
// next to the vocabulary.
func TestInputsDocMatchesCode(t *testing.T) {
	t.Parallel()
	doc := readFile(t, "../../docs/inputs.md")
	action := readAction(t, []byte(readFile(t, "../../action.yml")))

	documented := map[string]bool{}
	for _, in := range config.Inputs {
		def := "(—|empty|by host)"
		if in.Default != "" {
			def = "`" + regexp.QuoteMeta(in.Default) + "`"
		}
		row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(in.Name) + "` \\| `" + in.Env + "` \\| " + def + " \\|")
		if !row.MatchString(doc) {
			t.Errorf("docs/inputs.md inputs table: no row `%s` | `%s` | %s", in.Name, in.Env, def)
			continue
		}
		documented[in.Name] = true
	}
	if len(action.inputs) == 0 {
		t.Fatal("action.yml: no inputs read")
	}
	for _, in := range action.inputs {
		if !documented[in.name] {
			t.Errorf("docs/inputs.md: action.yml input %s has no row of its own", in.name)
		}
	}

	outputs := append([]string{}, report.Outputs...)
	for _, out := range action.outputs {
		outputs = append(outputs, out.name)
	}
	for _, out := range outputs {
		if !strings.Contains(doc, "| `"+out+"` |") {
			t.Errorf("docs/inputs.md outputs table: no row for output %s", out)
		}
	}
}

// TestREADMEFitsItsBudget: the README stays short enough to read; reference
// text goes to docs/.
func TestREADMEFitsItsBudget(t *testing.T) {
	t.Parallel()
	if n := len(readFile(t, "../../README.md")); n > readmeMaxBytes {
		t.Errorf("README.md is %d bytes, over its budget of %d: move reference text to docs/", n, readmeMaxBytes)
	}
}

// TestREADMESaysWhereItRuns: a user learns before the first failed run that
// the action needs a Linux runner with Docker, and what covers the rest.
func TestREADMESaysWhereItRuns(t *testing.T) {
	t.Parallel()
	readme := readFile(t, "../../README.md")
	for _, want := range []string{"Linux runner with Docker", "`ubuntu-slim`", "Windows", "macOS", "docker run", "go install"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README does not say %q", want)
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
