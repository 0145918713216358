package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/cli"
	"github.com/salesforce-login-check/salesforce-login-check/internal/tlsroots"
)

func main() {
	// A closed stdout (`salesforce-login-check | head -1`) is an I/O error
	// like any other, not a death by SIGPIPE: Go kills a program that
	// writes to a broken pipe on fd 1 or 2 unless the signal is ignored.
	// The run still ends its sessions, writes its files and exits with the
	// verdict's code.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := realMain(ctx)
	stop()
	if err == nil {
		return
	}
	code := check.ExitFail
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		code = ec.ExitCode()
	}
	var ee *cli.ExitError
	if !errors.As(err, &ee) || ee.Err != nil {
		fmt.Fprintln(os.Stderr, "salesforce-login-check:", err)
	}
	os.Exit(code)
}

func realMain(ctx context.Context) error {
	roots := tlsroots.NewSource(os.Getenv)
	return cli.Run(ctx, os.Args[1:], cli.Env{
		Getenv:     os.Getenv,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		IsTerminal: isTerminal(os.Stdout),
		// TLS roots are read at the first HTTPS request, once, and a root
		// is parsed only when a server's chain names it; SSL_CERT_FILE and
		// SSL_CERT_DIR keep their meaning.
		Roots: roots,
		HTTP:  &http.Client{Transport: roots.Transport()},
	})
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
