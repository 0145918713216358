package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/sethvargo/go-envconfig"
)

// Input is one setting: its action input, its local variable, its default.
type Input struct {
	// Name is the kebab-case action input, as declared in action.yml.
	Name string
	// Env is the local environment variable.
	Env string
	// Default is the value used when neither is given ("" for none).
	Default string
	// Secret marks values that are masked and never printed.
	Secret bool
	// Run marks a setting of a multi-org run itself (the orgs list, its
	// parallelism, the report file), which means nothing to one org's check.
	Run bool
	// Max is the most bytes Validate accepts in the value.
	Max int

	// field is the index of the input's field in Raw.
	field int
}

// Inputs lists every setting, in the order of action.yml. It is read from
// Raw's field tags, the one table of inputs: `env:"SF_X,default=…"` is the
// local variable and its default (go-envconfig applies it), `input:"x"` the
// action input, with `,secret`, `,run` and `,max=N` as above. action.yml,
// the tables of docs/inputs.md and the orgs list's keys are held to it by tests.
var Inputs = inputsOf(reflect.TypeFor[Raw]())

// inputsOf reads the table from Raw's tags. It panics, when the package
// loads, on a malformed tag: the mistake is the code's, and every test of
// the package reports it.
func inputsOf(t reflect.Type) []Input {
	var out []Input
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("input")
		if !ok {
			if f.Tag.Get("env") != "" {
				panic(fmt.Sprintf("config: Raw.%s reads %s but is no input", f.Name, f.Tag.Get("env")))
			}
			continue
		}
		env, def, _ := strings.Cut(f.Tag.Get("env"), ",")
		if def != "" && !strings.HasPrefix(def, "default=") {
			panic(fmt.Sprintf("config: Raw.%s: env tag option %q, want only default=", f.Name, def))
		}
		opts := strings.Split(tag, ",")
		in := Input{Name: opts[0], Env: env, Default: strings.TrimPrefix(def, "default="), Max: maxValue, field: i}
		for _, o := range opts[1:] {
			switch {
			case o == "secret":
				in.Secret = true
			case o == "run":
				in.Run = true
			case strings.HasPrefix(o, "max="):
				n, err := strconv.Atoi(strings.TrimPrefix(o, "max="))
				if err != nil {
					panic(fmt.Sprintf("config: Raw.%s: %q is not a size", f.Name, o))
				}
				in.Max = n
			default:
				panic(fmt.Sprintf("config: Raw.%s: unknown input option %q", f.Name, o))
			}
		}
		if in.Name == "" || env == "" || f.Type.Kind() != reflect.String {
			panic(fmt.Sprintf("config: Raw.%s: an input needs a name, a variable and a string field", f.Name))
		}
		out = append(out, in)
	}
	return out
}

// InputByName returns the input called name (kebab-case, as in action.yml).
func InputByName(name string) (Input, bool) {
	for _, in := range Inputs {
		if in.Name == name {
			return in, true
		}
	}
	return Input{}, false
}

// inputByEnv returns the input whose local variable is env.
func inputByEnv(env string) (Input, bool) {
	for _, in := range Inputs {
		if in.Env == env {
			return in, true
		}
	}
	return Input{}, false
}

// Spellings are the variables that give an input, in the order they win:
// the runner's INPUT_ variable (the name upper-cased, spaces turned into
// "_", hyphens kept: actions/runner Handler.cs), the same with hyphens
// turned into underscores (as some local runners such as act spell it),
// and the local variable.
func (in Input) Spellings() []string {
	runner := "INPUT_" + strings.ToUpper(strings.ReplaceAll(in.Name, " ", "_"))
	out := []string{runner}
	if act := strings.ReplaceAll(runner, "-", "_"); act != runner {
		out = append(out, act)
	}
	return append(out, in.Env)
}

// Lookuper bridges action inputs (INPUT_SECURITY-TOKEN, hyphen kept) and
// local variables (SF_SECURITY_TOKEN) for go-envconfig, which refuses hyphens
// in its tags. The first non-empty spelling wins. An empty one counts as not
// given, because the runner sets every declared input, to "" when the caller
// omits it: unset and empty alike leave the value to go-envconfig's
// default=.
func Lookuper(getenv func(string) string) envconfig.Lookuper {
	return envconfig.LookuperFunc(func(key string) (string, bool) {
		names := []string{key}
		if in, ok := inputByEnv(key); ok {
			names = in.Spellings()
		}
		for _, name := range names {
			if v := getenv(name); v != "" {
				return v, true
			}
		}
		return "", false
	})
}

// value is the raw value of an input.
func (r *Raw) value(in Input) string {
	return reflect.ValueOf(r).Elem().Field(in.field).String()
}
