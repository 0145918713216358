package config

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

func load(t *testing.T, env map[string]string) *Raw {
	t.Helper()
	raw, err := Load(context.Background(), Lookuper(func(k string) string { return env[k] }))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return raw
}

func TestLookuper_inputsWinOverLocalVariables(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		env  map[string]string
		key  string
		want string
		ok   bool
	}{
		{"input with hyphen kept", map[string]string{"INPUT_SECURITY-TOKEN": "tokA", "SF_SECURITY_TOKEN": "tokB"}, "SF_SECURITY_TOKEN", "tokA", true},
		{"empty input counts as not given", map[string]string{"INPUT_SECURITY-TOKEN": "", "SF_SECURITY_TOKEN": "tokB"}, "SF_SECURITY_TOKEN", "tokB", true},
		{"act-style underscore input", map[string]string{"INPUT_SECURITY_TOKEN": "tokC"}, "SF_SECURITY_TOKEN", "tokC", true},
		{"hyphen kept wins over act-style", map[string]string{"INPUT_SECURITY-TOKEN": "tokA", "INPUT_SECURITY_TOKEN": "tokC"}, "SF_SECURITY_TOKEN", "tokA", true},
		{"local variable only", map[string]string{"SF_USERNAME": "a@b.com"}, "SF_USERNAME", "a@b.com", true},
		{"nothing", map[string]string{}, "SF_USERNAME", "", false},
		{"a variable that is no input", map[string]string{"PROD_PW": "pw"}, "PROD_PW", "pw", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Lookuper(func(k string) string { return tc.env[k] }).Lookup(tc.key)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Lookup(%s) = %q, %v; want %q, %v", tc.key, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestLoad_defaultsWhetherUnsetOrEmpty: go-envconfig's default= gives every
// input with a default its value both when no spelling of it is set and when
// the runner sets it to "" (it sets every declared input, to "" when the
// caller omits it), in each of its three spellings.
func TestLoad_defaultsWhetherUnsetOrEmpty(t *testing.T) {
	t.Parallel()
	for _, in := range Inputs {
		if in.Default == "" {
			continue
		}
		spellings := map[string]map[string]string{"unset": {}}
		for _, name := range in.Spellings() {
			spellings["empty "+name] = map[string]string{name: ""}
		}
		for how, env := range spellings {
			t.Run(in.Name+"/"+how, func(t *testing.T) {
				t.Parallel()
				raw := load(t, env)
				if got := raw.value(in); got != in.Default {
					t.Errorf("%s = %q, want the default %q", in.Name, got, in.Default)
				}
			})
		}
	}
}

func TestValidate_defaults(t *testing.T) {
	t.Parallel()
	s, err := Validate(load(t, map[string]string{"INPUT_USERNAME": "int@acme.com", "INPUT_PASSWORD": "pw-123", "INPUT_TIMEOUT": ""}))
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	cfg := s.Check
	want := &check.Config{
		Username: "int@acme.com", Password: "pw-123", LoginURL: "https://login.salesforce.com", LoginHost: "login.salesforce.com", LoginOrigin: "https://login.salesforce.com:443",
		APIVersion: "64.0", Timeout: 30 * time.Second, Flow: check.FlowSOAP,
		Probes: check.ProbeSettings{Session: true, Limits: true, Password: true, LoginHistory: true, OrgPolicy: true, MinAPIRemaining: 10, PasswordWarningDays: 14},
	}
	if diff := cmp.Diff(want, cfg, cmpopts.IgnoreFields(check.Config{}, "PrivateKey")); diff != "" {
		t.Errorf("config (-want, +got):\n%s", diff)
	}
}

// problemOf validates env and returns the single problem's input and message.
func problemsOf(t *testing.T, env map[string]string) []Problem {
	t.Helper()
	_, err := Validate(load(t, env))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Validate error = %v, want a *config.Error", err)
	}
	return ce.Problems
}

func TestValidate_preflight(t *testing.T) {
	t.Parallel()
	base := func(kv ...string) map[string]string {
		m := map[string]string{"SF_USERNAME": "int@acme.com", "SF_PASSWORD": "Passw0rd", "SF_SECURITY_TOKEN": "AbC123xyz"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name       string
		env        map[string]string
		wantInput  string
		wantReason check.Reason
		wantText   string
	}{
		{"missing password", base("SF_PASSWORD", ""), "password", check.ConfigError, "password is required"},
		{"missing username", base("SF_USERNAME", ""), "username", check.ConfigError, "username is required"},
		{"username not e-mail shaped", base("SF_USERNAME", "integration"), "username", check.ConfigError, "e-mail address"},
		{"password pasted into username", base("SF_USERNAME", "Hunter2@x"), "username", check.ConfigError, "e-mail address"},
		{"password with a dot pasted into username", base("SF_USERNAME", "P@ss.123"), "username", check.ConfigError, "e-mail address"},
		{"two @ in username", base("SF_USERNAME", "a@b@acme.com"), "username", check.ConfigError, "e-mail address"},
		{"username with a blank inside", base("SF_USERNAME", "int user@acme.com"), "username", check.ConfigError, "e-mail address"},
		{"SFDX auth URL pasted into username", base("SF_USERNAME", "force://PlatformCLI::5Aep861abc@acme.my.salesforce.com"), "username", check.ConfigError, "looks like a URL"},
		{"URL with credentials pasted into username", base("SF_USERNAME", "https://int%40acme.com:Passw0rd@acme.my.salesforce.com"), "username", check.ConfigError, "looks like a URL"},
		{"username is the password", base("SF_USERNAME", "int@acme.com", "SF_PASSWORD", "int@acme.com"), "username", check.ConfigError, "value of a secret input"},
		{"username in the jwt flow", map[string]string{"SF_CLIENT_ID": "3MVG9", "SF_USERNAME": "Hunter2@x", "SF_PRIVATE_KEY": "k"}, "username", check.ConfigError, "e-mail address"},
		{"http login URL", base("SF_LOGIN_URL", "http://login.salesforce.com"), "login-url", check.ConfigError, "must use https"},
		{"user:pass in login URL", base("SF_LOGIN_URL", "https://u:p@login.salesforce.com"), "login-url", check.ConfigError, "user:pass@host"},
		{"foreign host", base("SF_LOGIN_URL", "https://login.evil.example.com"), "login-url", check.UntrustedLoginHost, "not a Salesforce login domain"},
		{"lookalike suffix", base("SF_LOGIN_URL", "https://acme.my.salesforce.com.evil.io"), "login-url", check.UntrustedLoginHost, "not a Salesforce login domain"},
		{"lightning URL", base("SF_LOGIN_URL", "https://acme.lightning.force.com"), "login-url", check.ConfigError, "https://acme.my.salesforce.com"},
		{"setup URL", base("SF_LOGIN_URL", "https://acme--uat.sandbox.my.salesforce-setup.com"), "login-url", check.ConfigError, "https://acme--uat.sandbox.my.salesforce.com"},
		{"SOAP path pasted", base("SF_LOGIN_URL", "https://login.salesforce.com/services/Soap/u/64.0"), "login-url", check.ConfigError, "host only"},
		{"trailing newline in token", base("SF_SECURITY_TOKEN", "AbC123xyz\n"), "security-token", check.ConfigError, "newline"},
		{"leading space in password", base("SF_PASSWORD", " Passw0rd"), "password", check.ConfigError, "whitespace"},
		{"token not alphanumeric", base("SF_SECURITY_TOKEN", "AbC-123"), "security-token", check.ConfigError, "letters and digits"},
		{"token appended twice", base("SF_PASSWORD", "Passw0rdAbC123xyz"), "password", check.ConfigError, "sent twice"},
		{"API 65.0 has no login()", base("SF_API_VERSION", "65.0"), "api-version", check.ConfigError, "no SOAP login()"},
		{"API version shape", base("SF_API_VERSION", "v64"), "api-version", check.ConfigError, "look like 64.0"},
		{"negative timeout", base("SF_TIMEOUT", "-5s"), "timeout", check.ConfigError, "duration from 1s to 10m"},
		{"absurd timeout", base("SF_TIMEOUT", "1000h"), "timeout", check.ConfigError, "duration from 1s to 10m"},
		{"bad boolean", base("SF_PINPOINT", "yes please"), "pinpoint", check.ConfigError, "true or false"},
		{"unknown auth flow", base("SF_AUTH_FLOW", "saml"), "auth-flow", check.ConfigError, "is not one of"},
		{"NUL byte", base("SF_USERNAME", "int@acme.com\x00"), "username", check.ConfigError, "NUL"},
		{"non-UTF-8 password", base("SF_PASSWORD", "pa\xffss"), "password", check.ConfigError, "UTF-8"},
		{"10 MB password", base("SF_PASSWORD", strings.Repeat("p", 10<<20)), "password", check.ConfigError, "bytes long"},
		{"client id without secret", map[string]string{"SF_CLIENT_ID": "3MVG9"}, "auth-flow", check.ConfigError, "only one of client-id and client-secret"},
		{"nothing given", map[string]string{}, "auth-flow", check.ConfigError, "no credentials"},
		{"client credentials on login.salesforce.com", map[string]string{"SF_CLIENT_ID": "3MVG9", "SF_CLIENT_SECRET": "s3cr3tvalue"}, "login-url", check.ConfigError, "My Domain"},
		{"jwt key does not parse", map[string]string{"SF_CLIENT_ID": "3MVG9", "SF_USERNAME": "a@b.com", "SF_PRIVATE_KEY": "not a key"}, "private-key", check.ConfigError, "no start line"},
		{"bad sfdx auth url", map[string]string{"SF_AUTH_URL": "force://nope"}, "sfdx-auth-url", check.ConfigError, "force://<clientId>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			problems := problemsOf(t, tc.env)
			for _, p := range problems {
				if p.Input == tc.wantInput && p.Reason == tc.wantReason && strings.Contains(p.Message, tc.wantText) {
					return
				}
			}
			t.Errorf("problems = %+v, want one for input %s (%s) containing %q", problems, tc.wantInput, tc.wantReason, tc.wantText)
		})
	}
}

func TestValidate_secretsNeverQuoted(t *testing.T) {
	t.Parallel()
	const password, token = "Secret-Passw0rd-XYZ\n", "Tok-en-With-Dash"
	problems := problemsOf(t, map[string]string{"SF_USERNAME": "a@b.com", "SF_PASSWORD": password, "SF_SECURITY_TOKEN": token})
	for _, p := range problems {
		if strings.Contains(p.Message, strings.TrimSpace(password)) || strings.Contains(p.Message, token) {
			t.Errorf("problem message quotes a secret: %q", p.Message)
		}
	}
	if len(problems) < 2 {
		t.Errorf("problems = %+v, want both the password and the token reported at once", problems)
	}
}

func TestValidate_flows(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		env  map[string]string
		want check.Flow
	}{
		{"username and password: soap", map[string]string{"SF_USERNAME": "a@b.com", "SF_PASSWORD": "pw-123"}, check.FlowSOAP},
		{"client id and secret with user: password", map[string]string{"SF_USERNAME": "a@b.com", "SF_PASSWORD": "pw-123", "SF_CLIENT_ID": "id", "SF_CLIENT_SECRET": "secret-1"}, check.FlowPassword},
		{"client id and secret alone: client credentials", map[string]string{"SF_CLIENT_ID": "id", "SF_CLIENT_SECRET": "secret-1", "SF_LOGIN_URL": "https://acme.my.salesforce.com"}, check.FlowClientCredentials},
		{"refresh token", map[string]string{"SF_CLIENT_ID": "id", "SF_REFRESH_TOKEN": "5Aep861"}, check.FlowRefreshToken},
		{"sfdx auth url", map[string]string{"SF_AUTH_URL": "force://PlatformCLI::5Aep861abc@acme.my.salesforce.com"}, check.FlowRefreshToken},
		{"explicit flow wins", map[string]string{"SF_AUTH_FLOW": "password", "SF_USERNAME": "a@b.com", "SF_PASSWORD": "pw-123", "SF_CLIENT_ID": "id"}, check.FlowPassword},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Validate(load(t, tc.env))
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if got := s.Check.Flow; got != tc.want {
				t.Errorf("flow = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestValidate_sfdxAuthURLSetsInstance(t *testing.T) {
	t.Parallel()
	s, err := Validate(load(t, map[string]string{"SF_AUTH_URL": "force://PlatformCLI::5Aep861abc.def@acme--uat.sandbox.my.salesforce.com"}))
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	cfg := s.Check
	got := []string{cfg.ClientID, cfg.ClientSecret, cfg.RefreshToken, cfg.LoginURL}
	want := []string{"PlatformCLI", "", "5Aep861abc.def", "https://acme--uat.sandbox.my.salesforce.com"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sfdx auth url (-want, +got):\n%s", diff)
	}
}

func TestValidate_loginHosts(t *testing.T) {
	t.Parallel()
	accepted := []string{
		"https://login.salesforce.com", "https://test.salesforce.com/", "https://welcome.salesforce.com",
		"https://acme.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com", "https://acme-dev-ed.develop.my.salesforce.com",
		"https://acme.scratch.my.salesforce.com", "https://acme.my.site.com/partners", "https://acme.cloudforce.com",
		"https://acme.database.com", "https://acme.my.salesforce.mil", "https://acme.my.sfcrmproducts.cn",
	}
	for _, u := range accepted {
		t.Run(u, func(t *testing.T) {
			t.Parallel()
			if _, err := Validate(load(t, map[string]string{"SF_USERNAME": "a@b.com", "SF_PASSWORD": "pw-123", "SF_LOGIN_URL": u})); err != nil {
				t.Errorf("Validate(%s): %v", u, err)
			}
		})
	}
}

func TestValidate_customHosts(t *testing.T) {
	t.Parallel()
	env := func(u, allow string) map[string]string {
		return map[string]string{"SF_USERNAME": "a@b.com", "SF_PASSWORD": "pw-123", "SF_LOGIN_URL": u, "SF_ALLOW_CUSTOM_HOST": allow}
	}
	if _, err := Validate(load(t, env("http://127.0.0.1:8484/healthy", "true"))); err != nil {
		t.Errorf("loopback http with allow-custom-host: %v", err)
	}
	if _, err := Validate(load(t, env("https://proxy.corp.example", "true"))); err != nil {
		t.Errorf("https proxy with allow-custom-host: %v", err)
	}
	if p := problemsOf(t, env("http://proxy.corp.example", "true")); p[0].Input != "login-url" {
		t.Errorf("plain http to a non-loopback host: problems %+v, want login-url refused", p)
	}
}

func TestValidate_sandboxUsernameWarning(t *testing.T) {
	t.Parallel()
	cases := []struct {
		username, url string
		warn          bool
	}{
		{"int@acme.com.uat", "https://login.salesforce.com", true},
		{"int@acme.com.uat", "https://test.salesforce.com", false},
		{"int@acme.com.au", "https://login.salesforce.com", false},
		{"int@acme.com", "https://login.salesforce.com", false},
	}
	for _, tc := range cases {
		t.Run(tc.username+" "+tc.url, func(t *testing.T) {
			t.Parallel()
			s, err := Validate(load(t, map[string]string{"SF_USERNAME": tc.username, "SF_PASSWORD": "pw-123", "SF_LOGIN_URL": tc.url}))
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			cfg := s.Check
			got := len(cfg.Warnings) == 1 && cfg.Warnings[0].Reason == check.SandboxUsernameOnProduction
			if got != tc.warn {
				t.Errorf("warnings = %+v, want sandbox warning: %v", cfg.Warnings, tc.warn)
			}
		})
	}
}

// TestValidate_usernamesAccepted: the e-mail shapes real Salesforce
// usernames take pass the username rule.
func TestValidate_usernamesAccepted(t *testing.T) {
	t.Parallel()
	for _, u := range []string{
		"int@acme.com", "Integration.User@Acme.COM", "int+ci@acme.com", "o'brien@acme.ie", "int@acme.com.uat",
		"int@acme.com.dev1", "int@sub-domain.acme.co.uk", "ci_bot-1@acme.io", "a@b.co",
	} {
		t.Run(u, func(t *testing.T) {
			t.Parallel()
			if _, err := Validate(load(t, map[string]string{"SF_USERNAME": u, "SF_PASSWORD": "pw-12345"})); err != nil {
				t.Errorf("Validate(username %s): %v", u, err)
			}
		})
	}
}
