package cli

import (
	"fmt"
	"runtime"

	"github.com/salesforce-login-check/salesforce-login-check/check/version"
)

func runVersion(env Env) error {
	_, err := fmt.Fprintf(env.Stdout, "salesforce-login-check %s (%s %s/%s)\n", version.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}
