package config

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sethvargo/go-envconfig"
)

// Raw holds every setting as the user wrote it, before validation. Values are
// kept as text so that Validate can name the input of each problem.
type Raw struct {
	Username        string `env:"SF_USERNAME"`
	Password        string `env:"SF_PASSWORD"`
	SecurityToken   string `env:"SF_SECURITY_TOKEN"`
	LoginURL        string `env:"SF_LOGIN_URL"`
	APIVersion      string `env:"SF_API_VERSION"`
	Timeout         string `env:"SF_TIMEOUT"`
	Pinpoint        string `env:"SF_PINPOINT"`
	FailOnWarning   string `env:"SF_FAIL_ON_WARNING"`
	AllowCustomHost string `env:"SF_ALLOW_CUSTOM_HOST"`

	AuthFlow     string `env:"SF_AUTH_FLOW"`
	ClientID     string `env:"SF_CLIENT_ID"`
	ClientSecret string `env:"SF_CLIENT_SECRET"`
	PrivateKey   string `env:"SF_PRIVATE_KEY"`
	// PrivateKeyFile names a file holding the key; Load reads it into
	// PrivateKey, so that it is masked like any other secret.
	PrivateKeyFile string `env:"SF_PRIVATE_KEY_FILE"`
	JWTAudience    string `env:"SF_JWT_AUDIENCE"`
	RefreshToken   string `env:"SF_REFRESH_TOKEN"`
	SFDXAuthURL    string `env:"SF_AUTH_URL"`

	// KeyFileProblem is why PrivateKeyFile could not be read, and
	// KeyFromFile marks a PrivateKey that came from it; Load sets both.
	KeyFileProblem string
	KeyFromFile    bool

	ProbeSession        string `env:"SF_PROBE_SESSION"`
	ProbeLimits         string `env:"SF_PROBE_LIMITS"`
	ProbePassword       string `env:"SF_PROBE_PASSWORD"`
	ProbeLoginHistory   string `env:"SF_PROBE_LOGIN_HISTORY"`
	MinAPIRemaining     string `env:"SF_MIN_API_REMAINING"`
	PasswordMaxAgeDays  string `env:"SF_PASSWORD_MAX_AGE_DAYS"`
	PasswordWarningDays string `env:"SF_PASSWORD_WARNING_DAYS"`

	Orgs        string `env:"SF_ORGS"`
	OrgsFile    string `env:"SF_ORGS_FILE"`
	Parallelism string `env:"SF_PARALLELISM"`

	ReportFile string `env:"SF_REPORT_FILE"`
}

// Lookuper bridges action inputs (INPUT_SECURITY-TOKEN, hyphen kept) and
// local variables (SF_SECURITY_TOKEN) for go-envconfig, which refuses hyphens
// in its tags, and supplies each input's default.
func Lookuper(getenv Getenv) envconfig.Lookuper {
	return envconfig.LookuperFunc(func(key string) (string, bool) {
		if v, ok := Lookup(getenv, key); ok {
			return v, true
		}
		if in, ok := InputByEnv(key); ok && in.Default != "" {
			return in.Default, true
		}
		return "", false
	})
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

// Secrets returns the secret values of the raw settings, for masking before
// anything is printed.
func (r *Raw) Secrets() []string {
	out := []string{r.Password, r.SecurityToken, r.ClientSecret, r.PrivateKey, r.RefreshToken, r.SFDXAuthURL}
	if r.Password != "" && r.SecurityToken != "" {
		out = append(out, r.Password+r.SecurityToken)
	}
	if a, ok := ParseSFDXAuthURL(r.SFDXAuthURL); ok {
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
	f, err := os.Open(path) //nolint:gosec // the user names the file on purpose
	if err != nil {
		r.KeyFileProblem = "private-key-file cannot be read (" + errText(err) + "): give the path of the key file as the step sees it, relative to the workspace (e.g. server.key, written there by an earlier step) or absolute"
		return
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyValue+1))
	switch {
	case err != nil:
		r.KeyFileProblem = "private-key-file cannot be read (" + errText(err) + ")"
	case len(b) > maxKeyValue:
		r.KeyFileProblem = "private-key-file is larger than 64 KiB, so it is not a key file: give the path of server.key"
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
