package cli

import (
	"context"
	"fmt"
	"runtime"

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
	where, warning, err := env.Roots.Describe(context.Background())
	if err != nil {
		return "tls roots: " + err.Error()
	}
	line := "tls roots: " + where
	if warning != "" {
		line += "\nwarning: " + warning
	}
	return line
}
