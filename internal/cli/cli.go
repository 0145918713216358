package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/tlsroots"
)

// Env is everything ambient the commands use; main fills it from the process.
type Env struct {
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
	// IsTerminal tells whether Stdout is a terminal (colour is used only then).
	IsTerminal bool
	// HTTP is the client of every request (nil: one with Roots' transport).
	HTTP *http.Client
	// Roots are the process's trusted TLS roots, read at the first HTTPS
	// request (nil: a source of Getenv's SSL_CERT_FILE and SSL_CERT_DIR).
	// A check warns when they name something unusable.
	Roots *tlsroots.Source
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Backoff is the base delay between network retries (0: default).
	Backoff time.Duration
}

// ExitError carries the process exit code. Err is nil when the verdict was
// already printed and main has nothing to add.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// ExitCode returns the exit code.
func (e *ExitError) ExitCode() int { return e.Code }

func (e *ExitError) Unwrap() error { return e.Err }

const usage = `salesforce-login-check: check Salesforce integration credentials with one login.

Usage:
  salesforce-login-check [--json]   run the check (settings from SF_* variables or action inputs)
  salesforce-login-check demo       run the check against a simulated org for each headline case
  salesforce-login-check simulate [--addr 127.0.0.1:8484] [--tls]
                                    serve the simulated org for your own pipeline tests
  salesforce-login-check version    print the version
  salesforce-login-check explain [REASON]
                                    what a reason means and how to fix it; without one, every reason

Exit codes: 0 pass or warn, 1 fail (or warn with fail-on-warning), 2 configuration error
(no login attempted), 3 inconclusive (network, timeout, server).
`

// Run runs the command named by args (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.Roots == nil {
		env.Roots = tlsroots.NewSource(env.Getenv)
	}
	if env.HTTP == nil {
		env.HTTP = &http.Client{Transport: env.Roots.Transport()}
	}
	cmd, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "":
		return runCheckCommand(ctx, rest, env)
	case "demo":
		return runDemo(ctx, env)
	case "simulate":
		return runSimulate(ctx, rest, env)
	case "version":
		return runVersion(env)
	case "explain":
		return runExplain(rest, env)
	case "help":
		_, _ = io.WriteString(env.Stdout, usage)
		return nil
	}
	_, _ = io.WriteString(env.Stderr, usage)
	return &ExitError{Code: check.ExitConfig, Err: fmt.Errorf("unknown command %q: see the usage above", cmd)}
}

func runCheckCommand(ctx context.Context, args []string, env Env) error {
	asJSON := false
	for _, a := range args {
		switch a {
		case "--json", "-json":
			asJSON = true
		case "-h", "--help", "-help":
			_, _ = io.WriteString(env.Stdout, usage)
			return nil
		default:
			_, _ = io.WriteString(env.Stderr, usage)
			return &ExitError{Code: check.ExitConfig, Err: fmt.Errorf("unknown flag %q: the check takes only --json", a)}
		}
	}
	return exitError(runCheck(ctx, env, asJSON))
}

// exitError carries the exit code a run decided to main, unchanged: a
// configuration that could not be read exits 2 like any refused one. An
// error is never a pass: with code 0 it exits 3.
func exitError(code int, err error) error {
	switch {
	case err != nil && code == check.ExitOK:
		return &ExitError{Code: check.ExitInconclusive, Err: err}
	case err != nil, code != check.ExitOK:
		return &ExitError{Code: code, Err: err}
	}
	return nil
}

// checkOptions are the check's options for this environment: its client,
// clock and backoff, and the run's one set of secrets.
func (env Env) checkOptions(secrets *check.Secrets) []check.Option {
	opts := []check.Option{check.WithHTTPClient(env.HTTP), check.WithSecrets(secrets), check.WithBackoff(env.Backoff),
		check.WithLateWarnings(env.rootsWarnings)}
	if env.Now != nil {
		opts = append(opts, check.WithClock(env.Now))
	}
	return opts
}
