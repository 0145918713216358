package orgs

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
)

func TestOrgsParse(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name string
		text string
		want []Spec
	}{
		{
			name: "yaml",
			text: `
- name: production
  login-url: https://acme.my.salesforce.com
  username: integration@acme.com
  password-env: SF_PROD_PASSWORD
  security-token-env: SF_PROD_TOKEN
- name: uat.sandbox_2
  login-url: https://test.salesforce.com
  auth-flow: client-credentials
  api-version: 63.0
  client-id-env: SF_UAT_CLIENT_ID
  client-secret-env: SF_UAT_CLIENT_SECRET
`,
			want: []Spec{
				{Name: "production", LoginURL: "https://acme.my.salesforce.com", Username: "integration@acme.com", PasswordEnv: "SF_PROD_PASSWORD", SecurityTokenEnv: "SF_PROD_TOKEN"},
				{Name: "uat.sandbox_2", LoginURL: "https://test.salesforce.com", AuthFlow: "client-credentials", APIVersion: "63.0", ClientIDEnv: "SF_UAT_CLIENT_ID", ClientSecretEnv: "SF_UAT_CLIENT_SECRET"},
			},
		},
		{
			name: "json",
			text: `[{"name":"a","username-env":"A_USER","password-env":"A_PW"},
				{"name":"b","auth-flow":"jwt","client-id":"3MVG9","username":"b@acme.com","private-key-env":"B_KEY","jwt-audience":"https://test.salesforce.com"},
				{"name":"c","refresh-token-env":"C_RT","client-id-env":"C_ID"},
				{"name":"d","sfdx-auth-url-env":"D_URL"}]`,
			want: []Spec{
				{Name: "a", UsernameEnv: "A_USER", PasswordEnv: "A_PW"},
				{Name: "b", AuthFlow: "jwt", ClientID: "3MVG9", Username: "b@acme.com", PrivateKeyEnv: "B_KEY", JWTAudience: "https://test.salesforce.com"},
				{Name: "c", RefreshTokenEnv: "C_RT", ClientIDEnv: "C_ID"},
				{Name: "d", SFDXAuthURLEnv: "D_URL"},
			},
		},
		{
			name: "yaml_anchors_merge_shared_keys",
			text: `
- &sandbox {name: uat, login-url: https://test.salesforce.com, auth-flow: soap}
- <<: *sandbox
  name: qa
  password-env: QA_PW
`,
			want: []Spec{
				{Name: "uat", LoginURL: "https://test.salesforce.com", AuthFlow: "soap"},
				{Name: "qa", LoginURL: "https://test.salesforce.com", AuthFlow: "soap", PasswordEnv: "QA_PW"},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tc.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Parse (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestOrgsParse_Rejects(t *testing.T) {
	t.Parallel()

	var thousand strings.Builder
	for i := range MaxOrgs + 1 {
		fmt.Fprintf(&thousand, "- name: o%d\n", i)
	}
	cases := []struct {
		name string
		text string
		// want are substrings of the error, in order of the problems.
		want []string
		// wantOrg and wantKey are those of the first problem.
		wantOrg, wantKey string
	}{
		{
			name:    "literal_password",
			text:    "- name: prod\n  password: hunter2-Secret\n",
			want:    []string{"org prod, password: a secret must not be written in the orgs list: put the secret in an environment variable and name it with password-env"},
			wantOrg: "prod", wantKey: "password",
		},
		{
			name:    "literal_security_token_json",
			text:    `[{"name":"prod","security-token":"AbCdEf123"}]`,
			want:    []string{"org prod, security-token: ", "name it with security-token-env"},
			wantOrg: "prod", wantKey: "security-token",
		},
		{
			name:    "literal_client_secret",
			text:    "- {name: a, client-secret: s3cr3t-value}",
			want:    []string{"org a, client-secret: ", "client-secret-env"},
			wantOrg: "a", wantKey: "client-secret",
		},
		{
			name:    "literal_private_key_refresh_token_and_sfdx_url",
			text:    "- {name: a, private-key: k, refresh-token: r, sfdx-auth-url: u}",
			want:    []string{"org a, private-key: ", "private-key-env", "org a, refresh-token: ", "refresh-token-env", "org a, sfdx-auth-url: ", "sfdx-auth-url-env"},
			wantOrg: "a", wantKey: "private-key",
		},
		{
			name:    "unknown_key",
			text:    "- name: prod\n  pasword-env: SF_PW\n",
			want:    []string{"org prod, pasword-env: unknown key: the keys are name, login-url"},
			wantOrg: "prod", wantKey: "pasword-env",
		},
		{
			name:    "run_setting_in_an_org",
			text:    "- {name: prod, timeout: 10s}",
			want:    []string{"org prod, timeout: timeout is a setting of the whole run, not of one org: set the timeout input (or SF_TIMEOUT) once"},
			wantOrg: "prod", wantKey: "timeout",
		},
		{
			name:    "missing_name",
			text:    "- login-url: https://test.salesforce.com\n",
			want:    []string{"org #1, name: name is required"},
			wantOrg: "#1", wantKey: "name",
		},
		{
			name:    "bad_name",
			text:    "- {name: 'prod org!'}",
			want:    []string{`org #1, name: the name may only hold letters, digits, '.', '_' and '-'`},
			wantOrg: "#1", wantKey: "name",
		},
		{
			name:    "long_name",
			text:    "- {name: " + strings.Repeat("a", 65) + "}",
			want:    []string{"org #1, name: the name is 65 characters long, more than 64"},
			wantOrg: "#1", wantKey: "name",
		},
		{
			name:    "duplicate_names",
			text:    "- {name: prod}\n- {name: uat}\n- {name: prod}\n",
			want:    []string{"org prod, name: the name is used by orgs #1 and #3: names must be unique"},
			wantOrg: "prod", wantKey: "name",
		},
		{
			name:    "too_many_orgs",
			text:    thousand.String(),
			want:    []string{"orgs: the list has 1001 orgs, more than the 1000 one run checks: split them across jobs with a matrix"},
			wantOrg: "", wantKey: "",
		},
		{
			name:    "literal_and_env_username",
			text:    "- {name: prod, username: a@b.com, username-env: SF_USER}",
			want:    []string{"org prod, username-env: give username or username-env, not both"},
			wantOrg: "prod", wantKey: "username-env",
		},
		{
			name:    "secret_in_the_env_key",
			text:    "- {name: prod, password-env: 'hunter2!Secret'}",
			want:    []string{"org prod, password-env: expected the NAME of an environment variable"},
			wantOrg: "prod", wantKey: "password-env",
		},
		{
			name:    "nested_value",
			text:    "- {name: prod, login-url: [a, b]}",
			want:    []string{"org prod, login-url: expected a single value, got a list"},
			wantOrg: "prod", wantKey: "login-url",
		},
		{
			name:    "entry_not_a_mapping",
			text:    "- hunter2-Secret\n",
			want:    []string{"org #1: expected a mapping of keys such as name and login-url, got a single value"},
			wantOrg: "#1",
		},
		{
			name: "not_a_list",
			text: "name: prod\n",
			want: []string{"orgs: expected a list of orgs (YAML - name: … entries or a JSON array), got a mapping"},
		},
		{
			name: "empty_list",
			text: "[]",
			want: []string{"orgs: the list is empty"},
		},
		{
			name: "syntax_error",
			text: `[{"name": "prod"`,
			want: []string{"orgs: not a valid YAML or JSON list ("},
		},
		{
			name: "duplicate_key",
			text: "- {name: a, name: b}",
			want: []string{`mapping key "name" already defined`},
		},
		{
			name:    "every_problem_at_once",
			text:    "- {name: a, password: x}\n- {name: b, probe-limits: false}\n",
			want:    []string{"org a, password: ", "org b, probe-limits: "},
			wantOrg: "a", wantKey: "password",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tc.text)
			if err == nil {
				t.Fatalf("Parse = %v, want an error", got)
			}
			var oe *config.Error
			if !errors.As(err, &oe) || len(oe.Problems) == 0 {
				t.Fatalf("Parse error %v is not a *config.Error with problems", err)
			}
			msg := err.Error()
			rest := msg
			for _, want := range tc.want {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("error %q: missing %q (in order)", msg, want)
				}
				rest = rest[i+len(want):]
			}
			if p := oe.Problems[0]; p.Org != tc.wantOrg || p.Key != tc.wantKey {
				t.Errorf("first problem names org %q key %q, want org %q key %q", p.Org, p.Key, tc.wantOrg, tc.wantKey)
			}
			for _, secret := range []string{"hunter2", "AbCdEf123", "s3cr3t"} {
				if strings.Contains(msg, secret) {
					t.Errorf("error %q quotes the secret %q", msg, secret)
				}
			}
		})
	}
}

func TestOrgsKeys_CoverEverySetting(t *testing.T) {
	t.Parallel()

	want := []string{
		"name", "login-url", "auth-flow", "api-version", "jwt-audience", "username", "username-env", "client-id", "client-id-env",
		"password-env", "security-token-env", "client-secret-env", "private-key-env", "refresh-token-env", "sfdx-auth-url-env",
	}
	if diff := cmp.Diff(want, Keys()); diff != "" {
		t.Errorf("Keys (-want, +got):\n%s", diff)
	}
	for input, want := range map[string]string{"password": "password-env", "login-url": "login-url", "username": "username", "timeout": ""} {
		if got := Key(input); got != want {
			t.Errorf("Key(%q) = %q, want %q", input, got, want)
		}
	}
}

func TestOrgsMissingEnv(t *testing.T) {
	t.Parallel()

	s := Spec{Name: "prod", Username: "a@acme.com", PasswordEnv: "PROD_PW", SecurityTokenEnv: "PROD_TOKEN", ClientSecretEnv: "PROD_SECRET"}
	env := map[string]string{"PROD_PW": "pw-value", "PROD_TOKEN": ""}
	got := s.MissingEnv(func(k string) string { return env[k] })
	want := []config.Problem{
		{Org: "prod", Key: "security-token-env", Reason: check.ConfigError, Message: "org prod, security-token-env: names the variable PROD_TOKEN, which is unset or empty: pass it to the step (env: PROD_TOKEN: ${{ secrets.PROD_TOKEN }}) or fix the name"},
		{Org: "prod", Key: "client-secret-env", Reason: check.ConfigError, Message: "org prod, client-secret-env: names the variable PROD_SECRET, which is unset or empty: pass it to the step (env: PROD_SECRET: ${{ secrets.PROD_SECRET }}) or fix the name"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MissingEnv (-want, +got):\n%s", diff)
	}
}
