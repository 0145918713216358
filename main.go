package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/salesforce-login-check/salesforce-login-check/internal/cli"
	"github.com/salesforce-login-check/salesforce-login-check/internal/tlsroots"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := realMain(ctx)
	stop()
	if err == nil {
		return
	}
	code := 1
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
	return cli.Run(ctx, os.Args[1:], cli.Env{
		Getenv:     os.Getenv,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		IsTerminal: isTerminal(os.Stdout),
		// TLS roots are found at the first HTTPS request: the embedded
		// Mozilla roots are parsed only then, and only when the system has
		// none (a scratch image); SSL_CERT_FILE and SSL_CERT_DIR still win.
		HTTP: &http.Client{Transport: tlsroots.Transport(os.Getenv)},
	})
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
