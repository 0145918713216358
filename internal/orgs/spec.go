package orgs

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// Limits of one list. MaxOrgs is where one runner stops being the right
// tool: docs/inputs.md shows a job matrix beyond it.
const (
	MaxOrgs  = 1000
	maxText  = 1 << 20
	maxName  = 64
	maxValue = 4 << 10
)

// Spec is one org of the list. Secrets are never written in it: each *Env
// field names the environment variable that holds the value.
type Spec struct {
	// Name labels the org in results, annotations and the failed-orgs output.
	Name        string `yaml:"name" json:"name"`
	LoginURL    string `yaml:"login-url" json:"login-url,omitempty"`
	AuthFlow    string `yaml:"auth-flow" json:"auth-flow,omitempty"`
	APIVersion  string `yaml:"api-version" json:"api-version,omitempty"`
	JWTAudience string `yaml:"jwt-audience" json:"jwt-audience,omitempty"`
	// Username may be written literally (it is not a secret) or read from
	// the variable UsernameEnv names; the same holds for the client id.
	Username    string `yaml:"username" json:"username,omitempty"`
	UsernameEnv string `yaml:"username-env" json:"username-env,omitempty"`
	ClientID    string `yaml:"client-id" json:"client-id,omitempty"`
	ClientIDEnv string `yaml:"client-id-env" json:"client-id-env,omitempty"`

	PasswordEnv      string `yaml:"password-env" json:"password-env,omitempty"`
	SecurityTokenEnv string `yaml:"security-token-env" json:"security-token-env,omitempty"`
	ClientSecretEnv  string `yaml:"client-secret-env" json:"client-secret-env,omitempty"`
	PrivateKeyEnv    string `yaml:"private-key-env" json:"private-key-env,omitempty"`
	RefreshTokenEnv  string `yaml:"refresh-token-env" json:"refresh-token-env,omitempty"`
	SFDXAuthURLEnv   string `yaml:"sfdx-auth-url-env" json:"sfdx-auth-url-env,omitempty"`
}

// setting is one action input an org entry sets: with a literal value, with
// the name of the variable holding it, or both ways.
type setting struct {
	input   string
	literal func(*Spec) *string
	env     func(*Spec) *string
}

// settings lists the inputs an org entry owns, in the order of Spec's
// fields (the order of docs/inputs.md). It is derived from Spec's yaml keys, each
// held to config.Inputs: a key is an input's name (a literal value) or the
// name with -env (the variable holding it). The list's key for an input is
// the name when the value may be written, else the name with -env.
// It is derived on first use: a single-org check never reads an orgs list
// and does no package-level work for it.
var settings = sync.OnceValue(specSettings)

// specSettings reads settings from Spec's yaml keys. It panics, on first
// use (every test of the package uses it), on a key that names no input of config.Inputs or that
// would let a secret be written in the list: the mistake is the code's, and
// every test of the package reports it.
func specSettings() []setting {
	var out []setting
	byInput := map[string]int{}
	t := reflect.TypeFor[Spec]()
	for i := range t.NumField() {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if key == "name" {
			continue
		}
		input, isEnv := strings.CutSuffix(key, "-env")
		in, ok := config.InputByName(input)
		switch {
		case !ok:
			panic(fmt.Sprintf("orgs: Spec key %q names no input of config.Inputs", key))
		case in.Secret && !isEnv:
			panic(fmt.Sprintf("orgs: Spec key %q would put the secret %s in the list: name its variable (%s-env)", key, input, input))
		}
		j, seen := byInput[input]
		if !seen {
			j = len(out)
			byInput[input] = j
			out = append(out, setting{input: input})
		}
		field := func(s *Spec) *string {
			return reflect.ValueOf(s).Elem().Field(i).Addr().Interface().(*string) //nolint:forcetypeassert // Spec's keys are strings
		}
		if isEnv {
			out[j].env = field
		} else {
			out[j].literal = field
		}
	}
	return out
}

// Key returns the key of the orgs list that sets an action input ("" when
// the input is a setting of the whole run, such as timeout).
func Key(input string) string {
	for _, st := range settings() {
		if st.input != input {
			continue
		}
		if st.literal != nil {
			return st.input
		}
		return st.input + "-env"
	}
	return ""
}

// Keys returns every key an org entry accepts, in the order of docs/inputs.md.
func Keys() []string {
	keys := []string{"name"}
	for _, st := range settings() {
		if st.literal != nil {
			keys = append(keys, st.input)
		}
		if st.env != nil {
			keys = append(keys, st.input+"-env")
		}
	}
	return keys
}

// The expressions are compiled on first use: a single-org check reads no
// orgs list and does no package-level work for one.
var (
	nameRE = lazyRE(`^[A-Za-z0-9._-]+$`)
	envRE  = lazyRE(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// lazyRE compiles expr the first time it is used.
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// problems collects the problems of a list.
type problems []config.Problem

func (ps *problems) add(org, key, format string, args ...any) {
	prefix := "orgs: "
	switch {
	case org != "" && key != "":
		prefix = "org " + org + ", " + key + ": "
	case org != "":
		prefix = "org " + org + ": "
	}
	*ps = append(*ps, config.Problem{Org: org, Key: key, Reason: check.ConfigError, Message: prefix + fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &config.Error{Problems: ps}
}

// Parse reads an orgs list, YAML or JSON (JSON is YAML), and refuses it
// with every problem at once: an unknown key, a secret written in the list,
// a missing, malformed or repeated name, more than MaxOrgs orgs. Variables
// the list names are checked by MissingEnv, which needs the environment.
func Parse(text string) ([]Spec, error) {
	var ps problems
	if len(text) > maxText {
		ps.add("", "", "the list is %d bytes long, more than the %d one run reads: split the orgs across jobs with a matrix", len(text), maxText)
		return nil, ps.err()
	}
	var doc any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		ps.add("", "", "not a valid YAML or JSON list (%s): write one entry per org, such as - name: production", yamlWhere(err))
		return nil, ps.err()
	}
	list, ok := doc.([]any)
	switch {
	case doc == nil:
		ps.add("", "", "the list is empty: give at least one org, or leave orgs unset for a single check")
	case !ok:
		ps.add("", "", "expected a list of orgs (YAML - name: … entries or a JSON array), got %s", kind(doc))
	case len(list) == 0:
		ps.add("", "", "the list is empty: give at least one org, or leave orgs unset for a single check")
	case len(list) > MaxOrgs:
		ps.add("", "", "the list has %d orgs, more than the %d one run checks: split them across jobs with a matrix (one job per group of orgs)", len(list), MaxOrgs)
	}
	if len(ps) > 0 {
		return nil, ps.err()
	}
	// Shape first: the typed decode below would quote a value that does not
	// fit, and that value could be a secret.
	for i, item := range list {
		org := fmt.Sprintf("#%d", i+1)
		entry, ok := item.(map[string]any)
		if _, odd := item.(map[any]any); odd {
			ps.add(org, "", "every key must be text, such as name or login-url")
			continue
		}
		if !ok {
			ps.add(org, "", "expected a mapping of keys such as name and login-url, got %s", kind(item))
			continue
		}
		for _, k := range sortedKeys(entry) {
			switch entry[k].(type) {
			case map[string]any, map[any]any, []any:
				ps.add(label(entry, i), k, "expected a single value, got %s", kind(entry[k]))
			}
		}
	}
	if len(ps) > 0 {
		return nil, ps.err()
	}
	for i, item := range list {
		entry := item.(map[string]any) //nolint:forcetypeassert // checked above
		for _, k := range sortedKeys(entry) {
			checkKey(&ps, label(entry, i), k)
		}
	}
	// One typed decode. When every key is known, a strict one, which holds
	// the struct and the checks above to each other; otherwise a lax one,
	// so that names and values are checked too and every problem is
	// reported at once.
	dec := yaml.NewDecoder(strings.NewReader(text))
	dec.KnownFields(len(ps) == 0)
	var specs []Spec
	if err := dec.Decode(&specs); err != nil {
		// Not quoted: past the shape checks, a value that does not fit
		// could be a secret.
		ps.add("", "", "the list could not be read: write one entry per org, such as - name: production")
		return nil, ps.err()
	}
	seen := map[string]int{}
	for i := range specs {
		s := &specs[i]
		org := label(list[i].(map[string]any), i) //nolint:forcetypeassert // checked above
		checkName(&ps, org, s.Name)
		if first, dup := seen[s.Name]; dup && s.Name != "" {
			ps.add(org, "name", "the name is used by orgs #%d and #%d: names must be unique, they label results and the failed-orgs output", first+1, i+1)
		} else {
			seen[s.Name] = i
		}
		checkValues(&ps, org, s)
	}
	if len(ps) > 0 {
		return nil, ps.err()
	}
	return specs, nil
}

// keys are the keys an org entry accepts (Keys), computed once, on first
// use (a single-org check reads no list).
var keys = sync.OnceValue(Keys)

// checkKey refuses a key an org entry does not take, saying why from what
// config.Inputs knows of it: a secret input must stay in the environment,
// an input an org does not set is the whole run's.
func checkKey(ps *problems, org, key string) {
	in, isInput := config.InputByName(key)
	switch {
	case slices.Contains(keys(), key):
	case isInput && in.Secret:
		ps.add(org, key, "a secret must not be written in the orgs list: put the secret in an environment variable and name it with %s-env", key)
	// An org names its key with private-key-env; a key file is the run's.
	case isInput && Key(key) == "" && key != "private-key-file":
		ps.add(org, key, "%s is a setting of the whole run, not of one org: set the %s input (or %s) once for every org", key, key, envOf(key))
	default:
		ps.add(org, workflow.Cut(key, 64, "…"), "unknown key: the keys are %s", strings.Join(Keys(), ", "))
	}
}

func checkName(ps *problems, org, name string) {
	switch {
	case name == "":
		ps.add(org, "name", "name is required: it labels the org's result, annotations and the failed-orgs output")
	case len(name) > maxName:
		ps.add(org, "name", "the name is %d characters long, more than %d", len(name), maxName)
	case !nameRE().MatchString(name):
		ps.add(org, "name", "the name may only hold letters, digits, '.', '_' and '-'")
	}
}

func checkValues(ps *problems, org string, s *Spec) {
	for _, st := range settings() {
		var lit, env string
		if st.literal != nil {
			lit = *st.literal(s)
			if len(lit) > maxValue {
				ps.add(org, st.input, "the value is %d bytes long, more than %d", len(lit), maxValue)
			}
		}
		if st.env == nil {
			continue
		}
		key := st.input + "-env"
		env = *st.env(s)
		if lit != "" && env != "" {
			ps.add(org, key, "give %s or %s, not both", st.input, key)
		}
		if env != "" && !envRE().MatchString(env) {
			// Never quoted: a value that is not a variable name may well be
			// the secret itself.
			ps.add(org, key, "expected the NAME of an environment variable (letters, digits and _, such as SF_PROD_PASSWORD), not the value: put the value in that variable")
		}
	}
}

// MissingEnv returns a problem for each variable the entry names that is
// unset or empty in getenv, so that the org is refused before its login
// instead of failing it with an empty secret.
func (s Spec) MissingEnv(getenv func(string) string) []config.Problem {
	var ps problems
	for _, st := range settings() {
		if st.env == nil {
			continue
		}
		if name := *st.env(&s); name != "" && getenv(name) == "" {
			ps.add(s.Name, st.input+"-env", "names the variable %s, which is unset or empty: pass it to the step (env: %s: ${{ secrets.%s }}) or fix the name", name, name, name)
		}
	}
	return ps
}

// label names an entry in a message: its name when usable, else its place.
func label(entry map[string]any, i int) string {
	if name, ok := entry["name"].(string); ok && name != "" && len(name) <= maxName && nameRE().MatchString(name) {
		return name
	}
	return fmt.Sprintf("#%d", i+1)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// kind describes a decoded YAML value without quoting it.
func kind(v any) string {
	switch v.(type) {
	case map[string]any, map[any]any:
		return "a mapping"
	case []any:
		return "a list"
	case nil:
		return "nothing"
	}
	return "a single value"
}

// envOf returns the local variable of an action input.
func envOf(input string) string {
	in, _ := config.InputByName(input)
	return in.Env
}

// yamlWhere says where a YAML parser's error is and what it is, never
// quoting the text: the parser's message can carry a value of the list
// ("unknown anchor 'Hunter2…' referenced", a repeated key), and a value
// could be a secret pasted into the list. Only the line the parser names is
// kept, and its description of the problem only when that is one of its
// fixed phrases (yamlPhrases), which hold no value.
func yamlWhere(err error) string {
	msg := strings.TrimSpace(strings.TrimPrefix(err.Error(), "yaml: "))
	msg = strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:"))
	where := ""
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		where, msg = "line "+m[1]+": ", msg[len(m[0]):]
	}
	what := "the text is not valid YAML"
	switch {
	case yamlPhrases[msg]:
		what = msg
	case strings.Contains(msg, "already defined"):
		what = "a key is given twice in one mapping"
		// Named when it is a key of the list, never otherwise.
		if m := yamlDupRE().FindStringSubmatch(msg); m != nil && slices.Contains(keys(), m[1]) {
			what = fmt.Sprintf("mapping key %q already defined", m[1])
		}
	case strings.HasPrefix(msg, "unknown anchor"):
		what = "an alias (*name) refers to no anchor (&name) above it"
	}
	return where + what
}

var (
	yamlLineRE = lazyRE(`^line ([0-9]{1,9}): `)
	yamlDupRE  = lazyRE(`^mapping key "([a-z-]{1,40})" already defined`)
)

// yamlPhrases are the YAML parser's descriptions of a problem that hold no
// value of the text (go.yaml.in/yaml/v3 scannerc.go and parserc.go).
var yamlPhrases = map[string]bool{
	"block sequence entries are not allowed in this context":       true,
	"could not find expected ':'":                                  true,
	"did not find expected ',' or ']'":                             true,
	"did not find expected ',' or '}'":                             true,
	"did not find expected '-' indicator":                          true,
	"did not find expected <document start>":                       true,
	"did not find expected alphabetic or numeric character":        true,
	"did not find expected comment or line break":                  true,
	"did not find expected key":                                    true,
	"did not find expected node content":                           true,
	"did not find expected whitespace or line break":               true,
	"found a tab character that violates indentation":              true,
	"found a tab character where an indentation space is expected": true,
	"found an incorrect leading UTF-8 octet":                       true,
	"found an incorrect trailing UTF-8 octet":                      true,
	"found character that cannot start any token":                  true,
	"found undefined tag handle":                                   true,
	"found unexpected document indicator":                          true,
	"found unexpected end of stream":                               true,
	"found unknown escape character":                               true,
	"mapping keys are not allowed in this context":                 true,
	"mapping values are not allowed in this context":               true,
}
