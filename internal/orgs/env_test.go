package orgs

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
)

// globalEnv is a run's environment with a full single-check identity set both
// ways (SF_* variables and INPUT_* action inputs) and one org's secrets.
func globalEnv() map[string]string {
	env := map[string]string{
		"PROD_PW":    "prod-Password-1",
		"PROD_TOKEN": "ProdToken123",
		"PROD_USER":  "prod@acme.com",

		"SF_TIMEOUT":               "45s",
		"INPUT_PINPOINT":           "true",
		"SF_ALLOW_CUSTOM_HOST":     "true",
		"INPUT_PROBE-LIMITS":       "false",
		"SF_MIN_API_REMAINING":     "25",
		"INPUT_FAIL-ON-WARNING":    "true",
		"SF_PASSWORD_MAX_AGE_DAYS": "90",
		"INPUT_ORGS":               "- name: prod",
		"SF_PARALLELISM":           "4",
	}
	for _, in := range config.Inputs {
		switch in.Name {
		case "timeout", "pinpoint", "allow-custom-host", "probe-limits", "min-api-remaining", "fail-on-warning",
			"password-max-age-days", "orgs", "parallelism", "probe-session", "probe-password", "probe-login-history",
			"probe-org-policy", "password-warning-days":
			continue
		}
		// Both forms, with distinctive values: none may reach the org.
		env[in.Env] = "GLOBAL-env-" + in.Name
		sp := in.Spellings()
		env[sp[0]] = "GLOBAL-input-" + in.Name
		if len(sp) == 3 {
			env[sp[1]] = "GLOBAL-act-" + in.Name
		}
	}
	return env
}

func TestOrgsLookuper_OrgViewNeverSeesGlobalIdentity(t *testing.T) {
	t.Parallel()

	env := globalEnv()
	global := func(k string) string { return env[k] }
	cases := []struct {
		name string
		spec Spec
		want config.Raw
	}{
		{
			name: "secrets_from_named_variables",
			spec: Spec{Name: "prod", UsernameEnv: "PROD_USER", PasswordEnv: "PROD_PW", SecurityTokenEnv: "PROD_TOKEN", LoginURL: "https://acme.my.salesforce.com"},
			want: config.Raw{Username: "prod@acme.com", Password: "prod-Password-1", SecurityToken: "ProdToken123", LoginURL: "https://acme.my.salesforce.com"},
		},
		{
			name: "nothing_given_means_defaults_not_globals",
			spec: Spec{Name: "bare"},
			want: config.Raw{LoginURL: "https://login.salesforce.com"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			raw, err := config.Load(context.Background(), tc.spec.Lookuper(global))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			// The shared settings are the run's.
			want := tc.want
			want.APIVersion, want.AuthFlow = "64.0", "auto"
			want.Timeout, want.Pinpoint, want.FailOnWarning, want.AllowCustomHost = "45s", "true", "true", "true"
			want.ProbeSession, want.ProbeLimits, want.ProbePassword, want.ProbeLoginHistory = "true", "false", "true", "true"
			want.MinAPIRemaining, want.PasswordMaxAgeDays, want.PasswordWarningDays = "25", "90", "14"
			want.ProbeOrgPolicy = "true"
			// The run's parallelism (4) is hidden; what is left is the default.
			want.Parallelism = "8"
			if diff := cmp.Diff(&want, raw); diff != "" {
				t.Errorf("org's settings (-want, +got):\n%s", diff)
			}
			for _, secret := range raw.Secrets() {
				if strings.Contains(secret, "GLOBAL") {
					t.Errorf("org sees the run's secret %q", secret)
				}
			}
		})
	}
}

func TestOrgsLookuper_HidesEveryIdentityVariable(t *testing.T) {
	t.Parallel()

	env := globalEnv()
	getenv := runOnly(func(k string) string { return env[k] })
	for k, v := range env {
		if strings.HasPrefix(v, "GLOBAL") && getenv(k) != "" {
			t.Errorf("getenv(%q) = %q, want it hidden", k, getenv(k))
		}
	}
	for _, k := range []string{"SF_ORGS", "INPUT_ORGS", "SF_PARALLELISM", "INPUT_PARALLELISM"} {
		if got := getenv(k); got != "" {
			t.Errorf("getenv(%q) = %q, want the orgs list hidden from one org", k, got)
		}
	}
	// A variable no setting reads passes through.
	if got := getenv("PROD_PW"); got != "prod-Password-1" {
		t.Errorf("getenv(PROD_PW) = %q, want the run's value", got)
	}
}

func TestOrgsLookuper_HidesEverySecretInput(t *testing.T) {
	t.Parallel()

	for _, in := range config.Inputs {
		if !in.Secret {
			continue
		}
		if Key(in.Name) == "" {
			t.Errorf("secret input %s has no key in the orgs list", in.Name)
		}
	}
}
