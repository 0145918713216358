package cli

import (
	"fmt"
	"runtime"

	"github.com/salesforce-login-check/salesforce-login-check/internal/tlsroots"
	"github.com/salesforce-login-check/salesforce-login-check/internal/version"
)

func runVersion(env Env) error {
	_, err := fmt.Fprintf(env.Stdout, "salesforce-login-check %s (%s %s/%s)\n%s\n",
		version.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, tlsRoots(env))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}

// tlsRoots says how many TLS roots a check trusts and where they come from,
// and warns when SSL_CERT_FILE or SSL_CERT_DIR names something unusable,
// rather than crediting roots to a file that was skipped.
func tlsRoots(env Env) string {
	r := tlsroots.Find(env.Getenv)
	line := "tls roots: " + r.Source
	if r.Warning != "" {
		line += "\nwarning: " + r.Warning
	}
	return line
}
