package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/sethvargo/go-envconfig"

	"github.com/salesforce-login-check/salesforce-login-check/internal/workspace"
)

// Raw holds every setting as the user wrote it, before validation. Values are
// kept as text so that Validate can name the input of each problem. Its
// field tags are the one table of inputs (Inputs): the action input, the
// local variable, the default (go-envconfig's default=, applied when no
// spelling of the input gives a value, see Lookuper), secret or not.
type Raw struct {
	Username        string `env:"SF_USERNAME" input:"username"`
	Password        string `env:"SF_PASSWORD" input:"password,secret"`
	SecurityToken   string `env:"SF_SECURITY_TOKEN" input:"security-token,secret"`
	LoginURL        string `env:"SF_LOGIN_URL,default=https://login.salesforce.com" input:"login-url"`
	APIVersion      string `env:"SF_API_VERSION,default=64.0" input:"api-version"`
	Timeout         string `env:"SF_TIMEOUT,default=30s" input:"timeout"`
	Pinpoint        string `env:"SF_PINPOINT,default=false" input:"pinpoint"`
	FailOnWarning   string `env:"SF_FAIL_ON_WARNING,default=false" input:"fail-on-warning"`
	AllowCustomHost string `env:"SF_ALLOW_CUSTOM_HOST,default=false" input:"allow-custom-host"`

	AuthFlow     string `env:"SF_AUTH_FLOW,default=auto" input:"auth-flow"`
	ClientID     string `env:"SF_CLIENT_ID" input:"client-id"`
	ClientSecret string `env:"SF_CLIENT_SECRET" input:"client-secret,secret"`
	PrivateKey   string `env:"SF_PRIVATE_KEY" input:"private-key,secret,max=65536"`
	// PrivateKeyFile names a file holding the key; Load reads it into
	// PrivateKey, so that it is masked like any other secret.
	PrivateKeyFile string `env:"SF_PRIVATE_KEY_FILE" input:"private-key-file"`
	JWTAudience    string `env:"SF_JWT_AUDIENCE" input:"jwt-audience"`
	RefreshToken   string `env:"SF_REFRESH_TOKEN" input:"refresh-token,secret"`
	SFDXAuthURL    string `env:"SF_AUTH_URL" input:"sfdx-auth-url,secret"`

	// KeyFileProblem is why PrivateKeyFile could not be read, and
	// KeyFromFile marks a PrivateKey that came from it; Load sets both.
	KeyFileProblem string
	KeyFromFile    bool

	ProbeSession        string `env:"SF_PROBE_SESSION,default=true" input:"probe-session"`
	ProbeLimits         string `env:"SF_PROBE_LIMITS,default=true" input:"probe-limits"`
	ProbePassword       string `env:"SF_PROBE_PASSWORD,default=true" input:"probe-password"`
	ProbeLoginHistory   string `env:"SF_PROBE_LOGIN_HISTORY,default=true" input:"probe-login-history"`
	ProbeOrgPolicy      string `env:"SF_PROBE_ORG_POLICY,default=true" input:"probe-org-policy"`
	MinAPIRemaining     string `env:"SF_MIN_API_REMAINING,default=10" input:"min-api-remaining"`
	PasswordMaxAgeDays  string `env:"SF_PASSWORD_MAX_AGE_DAYS" input:"password-max-age-days"`
	PasswordWarningDays string `env:"SF_PASSWORD_WARNING_DAYS,default=14" input:"password-warning-days"`

	Orgs        string `env:"SF_ORGS" input:"orgs,run"`
	OrgsFile    string `env:"SF_ORGS_FILE" input:"orgs-file,run"`
	Parallelism string `env:"SF_PARALLELISM,default=8" input:"parallelism,run"`

	ReportFile string `env:"SF_REPORT_FILE" input:"report-file,run"`
}

// Load reads the raw settings through l.
func Load(ctx context.Context, l envconfig.Lookuper) (*Raw, error) {
	var raw Raw
	if err := envconfig.ProcessWith(ctx, &envconfig.Config{Target: &raw, Lookuper: l}); err != nil {
		return nil, fmt.Errorf("failed to read the configuration: %w", err)
	}
	raw.readKeyFile()
	return &raw, nil
}

// secretInput is a secret input with the most bytes Validate accepts in it.
type secretInput struct {
	input, value string
	limit        int
}

// secretInputs lists the secret inputs (Input.Secret) with their values and
// size limits: the one list both Validate and Secrets read.
func (r *Raw) secretInputs() []secretInput {
	var out []secretInput
	for _, in := range Inputs {
		if in.Secret {
			out = append(out, secretInput{in.Name, r.value(in), in.Max})
		}
	}
	return out
}

// Secrets returns the secret values of the raw settings, for masking before
// anything is printed. A value over its input's size limit is left out:
// Validate refuses it without quoting it, so it is never sent or shown, and
// registering it would expand it into a dozen encoded forms and a masking
// automaton (a 10 MB paste cost seconds and gigabytes) and hand it whole
// to the runner as an ::add-mask:: line.
func (r *Raw) Secrets() []string {
	var out []string
	fits := map[string]bool{}
	for _, f := range r.secretInputs() {
		if len(f.value) <= f.limit {
			out = append(out, f.value)
			fits[f.input] = true
		}
	}
	if r.Password != "" && r.SecurityToken != "" && fits["password"] && fits["security-token"] {
		out = append(out, r.Password+r.SecurityToken)
	}
	if a, ok := ParseSFDXAuthURL(r.SFDXAuthURL); ok && fits["sfdx-auth-url"] {
		out = append(out, a.ClientSecret, a.RefreshToken)
	}
	return out
}

// readKeyFile reads private-key-file into PrivateKey when private-key itself
// is not given. Validate reports a file it could not read, and both inputs
// given at once.
func (r *Raw) readKeyFile() {
	path := strings.TrimSpace(r.PrivateKeyFile)
	if path == "" || strings.TrimSpace(r.PrivateKey) != "" {
		return
	}
	// NonBlock and ReadRegular: a named pipe, a device or a directory is
	// refused at once; opening a pipe plainly would hang the run.
	f, err := os.OpenFile(path, os.O_RDONLY|workspace.NonBlock, 0) //nolint:gosec // the user names the file on purpose
	if err != nil {
		r.KeyFileProblem = "private-key-file cannot be read (" + errText(err) + "): give the path of the key file as the step sees it, relative to the workspace (e.g. server.key, written there by an earlier step) or absolute"
		return
	}
	defer f.Close()
	b, err := workspace.ReadRegular(f, maxKeyValue)
	var tl *workspace.TooLargeError
	switch {
	case errors.As(err, &tl):
		r.KeyFileProblem = "private-key-file is larger than 64 KiB, so it is not a key file: give the path of server.key"
	case err != nil:
		r.KeyFileProblem = "private-key-file cannot be read (" + errText(err) + "): give the path of the key file, a regular file"
	default:
		r.PrivateKey, r.KeyFromFile = string(b), true
	}
}

// errText is the cause of a file error without the path it repeats.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
