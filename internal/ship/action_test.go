package ship

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
)

// actionEntry is one input or output of action.yml.
type actionEntry struct {
	name        string
	description string
	required    string
	// hasDefault tells an absent default from an empty one.
	hasDefault bool
	def        string
}

// actionFile is what the tests read from action.yml.
type actionFile struct {
	inputs, outputs []actionEntry
	// runs holds the scalar keys of runs: (using, image).
	runs map[string]string
}

var (
	sectionRE  = regexp.MustCompile(`^([a-z]+):\s*(.*)$`)
	entryRE    = regexp.MustCompile(`^  ([a-z0-9-]+):\s*(.*)$`)
	propertyRE = regexp.MustCompile(`^    ([a-z]+):\s*(.*)$`)
)

// readAction reads action.yml in the block layout it is written in: top-level
// keys at column 0, inputs and outputs two spaces in, their properties four
// spaces in, folded descriptions below them. The module has no YAML
// dependency, so this small reader stands in for one; a line it cannot place
// fails the test rather than being skipped.
func readAction(t *testing.T, b []byte) actionFile {
	t.Helper()
	a := actionFile{runs: map[string]string{}}
	var (
		section string
		cur     *actionEntry
		prop    string
	)
	flush := func() {
		if cur == nil {
			return
		}
		switch section {
		case "inputs":
			a.inputs = append(a.inputs, *cur)
		case "outputs":
			a.outputs = append(a.outputs, *cur)
		}
		cur, prop = nil, ""
	}
	for n, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if m := sectionRE.FindStringSubmatch(line); m != nil {
			flush()
			section = m[1]
			continue
		}
		switch section {
		case "inputs", "outputs":
			if m := entryRE.FindStringSubmatch(line); m != nil {
				flush()
				cur = &actionEntry{name: m[1]}
				continue
			}
			if cur == nil {
				t.Fatalf("action.yml:%d: cannot place %q", n+1, line)
			}
			if m := propertyRE.FindStringSubmatch(line); m != nil {
				prop = m[1]
				value := unquote(m[2])
				switch prop {
				case "description":
					if value != ">-" && value != ">" && value != "|" {
						cur.description = value
					}
				case "required":
					cur.required = value
				case "default":
					cur.hasDefault, cur.def = true, value
				default:
					t.Fatalf("action.yml:%d: unknown property %q of %s", n+1, prop, cur.name)
				}
				continue
			}
			if prop == "description" && strings.HasPrefix(line, "      ") {
				cur.description = strings.TrimSpace(cur.description + " " + trimmed)
				continue
			}
			t.Fatalf("action.yml:%d: cannot place %q", n+1, line)
		case "runs":
			if m := entryRE.FindStringSubmatch(line); m != nil {
				a.runs[m[1]] = unquote(m[2])
			}
		}
	}
	flush()
	return a
}

// unquote removes YAML quotes around a plain scalar.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

func names(entries []actionEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.name)
	}
	return out
}

func TestActionYAML(t *testing.T) {
	t.Parallel()

	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatalf("failed to read action.yml: %v", err)
	}
	action := readAction(t, b)

	t.Run("inputs match config.Inputs", func(t *testing.T) {
		t.Parallel()
		var want []string
		for _, in := range config.Inputs {
			want = append(want, in.Name)
		}
		if diff := cmp.Diff(want, names(action.inputs)); diff != "" {
			t.Errorf("action.yml inputs (-want, +got):\n%s", diff)
		}
		got := map[string]actionEntry{}
		for _, e := range action.inputs {
			got[e.name] = e
		}
		for _, in := range config.Inputs {
			e, ok := got[in.Name]
			if !ok {
				continue // reported above
			}
			if e.description == "" {
				t.Errorf("input %s has no description", in.Name)
			}
			// The check's own validation decides what is required, per flow.
			if e.required != "false" {
				t.Errorf("input %s: required is %q, want false", in.Name, e.required)
			}
			switch {
			case in.Default == "" && e.hasDefault:
				t.Errorf("input %s: default %q, want none", in.Name, e.def)
			case in.Default != "" && (!e.hasDefault || e.def != in.Default):
				t.Errorf("input %s: default %q, want %q (config.Inputs)", in.Name, e.def, in.Default)
			}
			if in.Secret && !strings.Contains(e.description, "SECRET") {
				t.Errorf("input %s is a secret: its description must say so (SECRET) and name secrets.…", in.Name)
			}
		}
	})

	t.Run("outputs match report.Outputs", func(t *testing.T) {
		t.Parallel()
		if diff := cmp.Diff(report.Outputs, names(action.outputs)); diff != "" {
			t.Errorf("action.yml outputs (-want, +got):\n%s", diff)
		}
		for _, e := range action.outputs {
			if e.description == "" {
				t.Errorf("output %s has no description", e.name)
			}
		}
	})

	t.Run("runs the Dockerfile", func(t *testing.T) {
		t.Parallel()
		if got := action.runs["using"]; got != "docker" {
			t.Errorf("runs.using is %q, want docker", got)
		}
		// The release workflow rewrites exactly this line to a digest-pinned
		// docker:// image on the release commit.
		if got := action.runs["image"]; got != "Dockerfile" {
			t.Errorf("runs.image is %q, want Dockerfile on the main branch", got)
		}
		if n := regexp.MustCompile(`(?m)^  image: Dockerfile$`).FindAll(b, -1); len(n) != 1 {
			t.Errorf("action.yml has %d lines %q, want exactly 1 for the release workflow to rewrite", len(n), "  image: Dockerfile")
		}
	})
}

// TestSalesforceErrorOutputDescription holds action.yml to what the output
// holds: Salesforce's code alone (report.Outputs writes Result.SalesforceError,
// the fault or OAuth error code), never the message, which may run to
// several lines of Salesforce's wording and is quoted in the annotation and
// the job summary instead.
func TestSalesforceErrorOutputDescription(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatalf("failed to read action.yml: %v", err)
	}
	var desc string
	for _, e := range readAction(t, b).outputs {
		if e.name == "salesforce-error" {
			desc = e.description
		}
	}
	if !strings.Contains(desc, "code alone") {
		t.Errorf("salesforce-error description %q does not say it holds the code alone", desc)
	}
	if strings.Contains(desc, "code and message") {
		t.Errorf("salesforce-error description %q promises the message, which the output does not hold", desc)
	}
}
