package ship

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The runner loads action.yml through its template reader, which parses every
// string holding "${{" as an expression — descriptions included — and checks
// the names in it against the contexts the schema allows at that place:
//
//   - actions/runner src/Sdk/DTObjectTemplating/ObjectTemplating/TemplateReader.cs,
//     ParseScalar: any scalar containing "${{" is parsed (line 498), and an
//     expression naming a context not allowed there fails the load
//     ("Unrecognized named-value: 'secrets'", lines 540-546); where no
//     context is allowed at all, even a valid expression is refused
//     ("A template expression is not allowed in this context", lines 469-474).
//   - actions/runner src/Runner.Worker/action_yaml.json: name, description,
//     author, branding and every input's and output's description allow no
//     context; only an input's default (github, strategy, matrix, job,
//     runner, hashFiles), an output's value, and runs.args/runs.env (inputs)
//     do.
//
// A description that says "pass it as ${{ secrets.X }}" therefore fails
// every job at "Set up job" with "Failed to load action.yml", before the
// action runs. actionExpressionPlaces mirrors the schema for the keys a
// Docker action has.
var actionExpressionPlaces = []struct {
	path     *regexp.Regexp
	contexts []string
}{
	{regexp.MustCompile(`^inputs\.[^.]+\.default$`), []string{"github", "strategy", "matrix", "job", "runner"}},
	{regexp.MustCompile(`^runs\.args(\.\d+)?$`), []string{"inputs"}},
	{regexp.MustCompile(`^runs\.env\.[^.]+$`), []string{"inputs"}},
}

// expressionRE finds a "${{ … }}" template expression; a "${{" without its
// closing braces is an error of its own for the runner.
var expressionRE = regexp.MustCompile(`\$\{\{(.*?)\}\}`)

// namedValueRE finds the names an expression starts a lookup with: an
// identifier not preceded by a dot (a property) and not followed by "(" (a
// function).
var namedValueRE = regexp.MustCompile(`(^|[^.\w-])([A-Za-z_][\w-]*)\s*(\()?`)

// actionExpression is one "${{" found in action.yml.
type actionExpression struct {
	line int
	// path is the dotted key path of the value holding it, such as
	// inputs.password.description.
	path string
	// text is the expression between the braces; empty when unclosed.
	text     string
	unclosed bool
}

var keyLineRE = regexp.MustCompile(`^(\s*)(-\s+)?([A-Za-z0-9_-]+):(\s|$)`)

// findActionExpressions reports every "${{" outside a comment with the key
// path of the value it sits in. It follows block YAML by indentation, the
// only layout action.yml uses: a key line opens a path, deeper lines
// (folded text, list items) belong to it.
func findActionExpressions(b []byte) []actionExpression {
	type level struct {
		indent int
		key    string
	}
	var (
		stack []level
		out   []actionExpression
	)
	for n, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		// A key line opens a path; any other line (folded text, a list
		// item without a key) belongs to the key above it.
		m := keyLineRE.FindStringSubmatch(line)
		if m != nil {
			keyIndent := len(m[1]) + len(m[2])
			for len(stack) > 0 && stack[len(stack)-1].indent >= keyIndent {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, level{keyIndent, m[3]})
		} else {
			for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
				stack = stack[:len(stack)-1]
			}
		}
		keys := make([]string, 0, len(stack))
		for _, l := range stack {
			keys = append(keys, l.key)
		}
		path := strings.Join(keys, ".")
		value := line
		if m != nil {
			value = line[len(m[0]):]
		}
		// A comment after the value is not read by the runner.
		if i := strings.Index(value, " #"); i >= 0 && !strings.Contains(value[:i], "${{") {
			value = value[:i]
		}
		rest := value
		for {
			i := strings.Index(rest, "${{")
			if i < 0 {
				break
			}
			rest = rest[i:]
			em := expressionRE.FindStringSubmatch(rest)
			if em == nil {
				out = append(out, actionExpression{line: n + 1, path: path, unclosed: true})
				break
			}
			out = append(out, actionExpression{line: n + 1, path: path, text: strings.TrimSpace(em[1])})
			rest = rest[len(em[0]):]
		}
	}
	return out
}

// namedValues returns the contexts an expression reads, such as "secrets"
// for "secrets.SF_PASSWORD"; string literals, functions and the literals
// true, false and null are not contexts.
func namedValues(expr string) []string {
	var out []string
	// Drop single-quoted strings ('it''s' escapes a quote by doubling it).
	expr = regexp.MustCompile(`'(?:[^']|'')*'`).ReplaceAllString(expr, "''")
	for _, m := range namedValueRE.FindAllStringSubmatch(expr, -1) {
		name := m[2]
		if m[3] != "" || name == "true" || name == "false" || name == "null" {
			continue
		}
		out = append(out, name)
	}
	return out
}

// actionExpressionProblems says, for each expression, why the runner would
// refuse to load the action; nothing when it would load.
func actionExpressionProblems(b []byte) []string {
	var problems []string
	for _, e := range findActionExpressions(b) {
		if e.unclosed {
			problems = append(problems, fmt.Sprintf("line %d: %s: ${{ without a closing }}", e.line, e.path))
			continue
		}
		var allowed []string
		var ok bool
		for _, p := range actionExpressionPlaces {
			if p.path.MatchString(e.path) {
				allowed, ok = p.contexts, true
			}
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("line %d: %s: the runner evaluates no expression here (${{ %s }}); write the text without ${{ }}", e.line, e.path, e.text))
			continue
		}
		for _, name := range namedValues(e.text) {
			if !slices.Contains(allowed, name) {
				problems = append(problems, fmt.Sprintf("line %d: %s: context %s is not available here (allowed: %s)", e.line, e.path, name, strings.Join(allowed, ", ")))
			}
		}
	}
	return problems
}

func TestActionYAMLLoadsInTheRunner(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatalf("failed to read action.yml: %v", err)
	}
	for _, p := range actionExpressionProblems(b) {
		t.Errorf("action.yml would fail to load in the runner: %s", p)
	}
}

// TestActionExpressionRules holds the rule itself to what the runner does,
// so a reader that misses an expression cannot pass action.yml silently.
func TestActionExpressionRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		yaml string
		want int
	}{
		{
			name: "secrets in a folded input description",
			yaml: "inputs:\n  password:\n    description: >-\n      SECRET. Always pass it as\n      `${{ secrets.SF_PASSWORD }}`.\n    required: false\n",
			want: 1,
		},
		{
			name: "github context in an input description",
			yaml: "inputs:\n  who:\n    description: the actor, ${{ github.actor }}\n",
			want: 1,
		},
		{
			name: "any expression in the action name",
			yaml: "name: Check ${{ 'x' }}\n",
			want: 1,
		},
		{
			name: "branding",
			yaml: "branding:\n  icon: ${{ inputs.icon }}\n  color: blue\n",
			want: 1,
		},
		{
			name: "output description",
			yaml: "outputs:\n  status:\n    description: ${{ steps.x.outputs.status }}\n",
			want: 1,
		},
		{
			name: "unclosed expression",
			yaml: "description: a ${{ github.actor\n",
			want: 1,
		},
		{
			name: "secrets in an input default",
			yaml: "inputs:\n  token:\n    default: ${{ secrets.GITHUB_TOKEN }}\n",
			want: 1,
		},
		{
			name: "github context in an input default",
			yaml: "inputs:\n  token:\n    description: the token\n    default: ${{ github.token }}\n",
			want: 0,
		},
		{
			name: "inputs in runs.args",
			yaml: "runs:\n  using: docker\n  image: Dockerfile\n  args:\n    - ${{ inputs.x }}\n    - --flag\n",
			want: 0,
		},
		{
			name: "secrets in runs.env",
			yaml: "runs:\n  using: docker\n  env:\n    X: ${{ secrets.X }}\n",
			want: 1,
		},
		{
			name: "the text without braces",
			yaml: "inputs:\n  password:\n    description: >-\n      Pass it as `secrets.SF_PASSWORD`.\n",
			want: 0,
		},
		{
			name: "in a comment",
			yaml: "# pass ${{ secrets.X }}\ninputs:\n  password:\n    description: x # not ${{ secrets.X }}\n",
			want: 0,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := actionExpressionProblems([]byte(tc.yaml))
			if len(got) != tc.want {
				t.Errorf("got %d problems, want %d: %q", len(got), tc.want, got)
			}
		})
	}
}
