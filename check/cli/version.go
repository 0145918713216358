package cli

import (
	"crypto/x509"
	"fmt"
	"runtime"

	"github.com/salesforce-login-check/salesforce-login-check/check/version"
)

func runVersion(env Env) error {
	_, err := fmt.Fprintf(env.Stdout, "salesforce-login-check %s (%s %s/%s)\n%s\n",
		version.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, tlsRoots(env))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}

// tlsRoots says where the TLS roots come from: SSL_CERT_FILE/SSL_CERT_DIR,
// the system's bundle, or the roots embedded in the binary (a scratch image).
func tlsRoots(env Env) string {
	pool, err := x509.SystemCertPool()
	if err != nil {
		return "tls roots: unavailable (" + err.Error() + ")"
	}
	n := len(pool.Subjects()) //nolint:staticcheck // on Linux the system pool is a plain pool; counting it is exact
	switch {
	case env.Getenv("SSL_CERT_FILE") != "" || env.Getenv("SSL_CERT_DIR") != "":
		return fmt.Sprintf("tls roots: %d from SSL_CERT_FILE/SSL_CERT_DIR", n)
	default:
		return fmt.Sprintf("tls roots: %d (the system's bundle, or the embedded Mozilla roots when the system has none)", n)
	}
}
