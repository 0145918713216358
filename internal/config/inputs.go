package config

import "strings"

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
}

// Inputs lists every setting. action.yml and the tables of docs/inputs.md are kept in
// sync with it by a test.
var Inputs = []Input{
	{Name: "username", Env: "SF_USERNAME"},
	{Name: "password", Env: "SF_PASSWORD", Secret: true},
	{Name: "security-token", Env: "SF_SECURITY_TOKEN", Secret: true},
	{Name: "login-url", Env: "SF_LOGIN_URL", Default: "https://login.salesforce.com"},
	{Name: "api-version", Env: "SF_API_VERSION", Default: "64.0"},
	{Name: "timeout", Env: "SF_TIMEOUT", Default: "30s"},
	{Name: "pinpoint", Env: "SF_PINPOINT", Default: "false"},
	{Name: "fail-on-warning", Env: "SF_FAIL_ON_WARNING", Default: "false"},
	{Name: "allow-custom-host", Env: "SF_ALLOW_CUSTOM_HOST", Default: "false"},

	{Name: "auth-flow", Env: "SF_AUTH_FLOW", Default: "auto"},
	{Name: "client-id", Env: "SF_CLIENT_ID"},
	{Name: "client-secret", Env: "SF_CLIENT_SECRET", Secret: true},
	{Name: "private-key", Env: "SF_PRIVATE_KEY", Secret: true},
	{Name: "private-key-file", Env: "SF_PRIVATE_KEY_FILE"},
	{Name: "jwt-audience", Env: "SF_JWT_AUDIENCE"},
	{Name: "refresh-token", Env: "SF_REFRESH_TOKEN", Secret: true},
	{Name: "sfdx-auth-url", Env: "SF_AUTH_URL", Secret: true},

	{Name: "probe-session", Env: "SF_PROBE_SESSION", Default: "true"},
	{Name: "probe-limits", Env: "SF_PROBE_LIMITS", Default: "true"},
	{Name: "probe-password", Env: "SF_PROBE_PASSWORD", Default: "true"},
	{Name: "probe-login-history", Env: "SF_PROBE_LOGIN_HISTORY", Default: "true"},
	{Name: "min-api-remaining", Env: "SF_MIN_API_REMAINING", Default: "10"},
	{Name: "password-max-age-days", Env: "SF_PASSWORD_MAX_AGE_DAYS"},
	{Name: "password-warning-days", Env: "SF_PASSWORD_WARNING_DAYS", Default: "14"},

	{Name: "orgs", Env: "SF_ORGS"},
	{Name: "orgs-file", Env: "SF_ORGS_FILE"},
	{Name: "parallelism", Env: "SF_PARALLELISM", Default: "8"},

	{Name: "report-file", Env: "SF_REPORT_FILE"},
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

// InputByEnv returns the input whose local variable is env.
func InputByEnv(env string) (Input, bool) {
	for _, in := range Inputs {
		if in.Env == env {
			return in, true
		}
	}
	return Input{}, false
}

// InputEnv is the variable the runner sets for an action input: INPUT_ and
// the name upper-cased, spaces turned into "_", hyphens kept (actions/runner
// Handler.cs).
func InputEnv(name string) string {
	return "INPUT_" + strings.ToUpper(strings.ReplaceAll(name, " ", "_"))
}

// Getenv reads one environment variable.
type Getenv func(string) string

// Lookup resolves a setting by its local variable name: a non-empty action
// input wins, then the local variable. An input that is set but empty counts
// as not given, because the runner sets every declared input.
func Lookup(getenv Getenv, env string) (string, bool) {
	if in, ok := InputByEnv(env); ok {
		if v := getenv(InputEnv(in.Name)); v != "" {
			return v, true
		}
		// Some local runners (act) turn hyphens into underscores.
		if alt := strings.ReplaceAll(InputEnv(in.Name), "-", "_"); alt != InputEnv(in.Name) {
			if v := getenv(alt); v != "" {
				return v, true
			}
		}
	}
	if v := getenv(env); v != "" {
		return v, true
	}
	return "", false
}
