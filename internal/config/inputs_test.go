package config_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sethvargo/go-envconfig"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
)

// TestRawReadsEveryInput holds Raw's env tags to Inputs: one field per input,
// no field for a variable that is not an input.
func TestRawReadsEveryInput(t *testing.T) {
	t.Parallel()

	var tags []string
	raw := reflect.TypeFor[config.Raw]()
	for i := range raw.NumField() {
		if tag := raw.Field(i).Tag.Get("env"); tag != "" {
			tags = append(tags, tag)
		}
	}
	var envs []string
	for _, in := range config.Inputs {
		envs = append(envs, in.Env)
	}
	slices.Sort(tags)
	slices.Sort(envs)
	if diff := cmp.Diff(envs, tags); diff != "" {
		t.Errorf("Raw's env tags differ from Inputs (-inputs, +tags):\n%s", diff)
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
