package config_test

import (
	"context"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sethvargo/go-envconfig"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
)

// TestInputs_oneTable: Inputs, read from Raw's tags, names each input and
// each variable once, in the runner's and the local spelling, and every field
// go-envconfig fills is an input.
func TestInputs_oneTable(t *testing.T) {
	t.Parallel()
	kebab := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	local := regexp.MustCompile(`^SF_[A-Z0-9_]+$`)
	names, envs := map[string]bool{}, map[string]bool{}
	for _, in := range config.Inputs {
		if !kebab.MatchString(in.Name) || !local.MatchString(in.Env) {
			t.Errorf("input %q (%q): want a kebab-case name and an SF_ variable", in.Name, in.Env)
		}
		if names[in.Name] || envs[in.Env] {
			t.Errorf("input %s (%s) is listed twice", in.Name, in.Env)
		}
		names[in.Name], envs[in.Env] = true, true
		if diff := cmp.Diff([]string{"INPUT_" + strings.ToUpper(in.Name), "INPUT_" + strings.ToUpper(strings.ReplaceAll(in.Name, "-", "_")), in.Env}, slices.Compact(in.Spellings())); diff != "" && strings.Contains(in.Name, "-") {
			t.Errorf("spellings of %s (-want, +got):\n%s", in.Name, diff)
		}
	}
	raw := reflect.TypeFor[config.Raw]()
	var tagged int
	for i := range raw.NumField() {
		if raw.Field(i).Tag.Get("env") != "" {
			tagged++
		}
	}
	if tagged != len(config.Inputs) {
		t.Errorf("Raw has %d fields go-envconfig fills and %d inputs, want one input per field", tagged, len(config.Inputs))
	}
}

// TestSecretsAreTheSecretInputs: Raw.Secrets returns the value of every
// input marked Secret and of no other (with the password and token joined,
// as login() sends them).
func TestSecretsAreTheSecretInputs(t *testing.T) {
	t.Parallel()

	env := map[string]string{}
	var want []string
	for _, in := range config.Inputs {
		v := "value-of-" + in.Env
		env[in.Env] = v
		if in.Secret {
			want = append(want, v)
		}
	}
	// Not a file: private-key-file names one, and it must not be read here.
	delete(env, "SF_PRIVATE_KEY_FILE")
	raw, err := config.Load(context.Background(), envconfig.MapLookuper(env))
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, env["SF_PASSWORD"]+env["SF_SECURITY_TOKEN"])

	got := raw.Secrets()
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Secrets (-secret inputs, +got):\n%s", diff)
	}
}
