package tlsroots

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// Roots is the set of authorities a TLS connection trusts.
type Roots struct {
	// Pool is the embedded set when the system has no roots; nil means the
	// system's own roots (crypto/x509's default).
	Pool *x509.CertPool
	// Source says where they come from, for `version`. Only the embedded
	// set is counted: crypto/x509 does not tell how many roots a system
	// pool holds (CertPool.Subjects is deprecated because on some systems
	// the pool is the platform verifier's, not a list).
	Source string
	// Warning is non-empty when SSL_CERT_FILE or SSL_CERT_DIR names
	// something that cannot be used: crypto/x509 then skips it silently, and
	// a proxy's or a private CA ends in "certificate signed by unknown
	// authority".
	Warning string
}

// Find looks the roots up the way crypto/x509 does (it reads the process's
// SSL_CERT_FILE and SSL_CERT_DIR); getenv is the same environment, for the
// warning. It parses the embedded set only when the system has no roots.
func Find(getenv func(string) string) Roots {
	warning := Check(getenv)
	if sys, err := x509.SystemCertPool(); err == nil && !sys.Equal(x509.NewCertPool()) {
		source := "the system's bundle"
		if warning == "" && (getenv("SSL_CERT_FILE") != "" || getenv("SSL_CERT_DIR") != "") {
			source = "SSL_CERT_FILE/SSL_CERT_DIR"
		}
		return Roots{Source: source, Warning: warning}
	}
	pool, n := embedded()
	return Roots{
		Pool:    pool,
		Source:  fmt.Sprintf("%d Mozilla roots embedded in the binary (the system has none)", n),
		Warning: warning,
	}
}

// Check says what is wrong with SSL_CERT_FILE and SSL_CERT_DIR, or "" when
// each that is set can be read and holds certificates.
func Check(getenv func(string) string) string {
	var problems []string
	if file := getenv("SSL_CERT_FILE"); file != "" {
		b, err := os.ReadFile(filepath.Clean(file))
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("SSL_CERT_FILE=%s cannot be read (%v)", file, unwrapPath(err)))
		case !x509.NewCertPool().AppendCertsFromPEM(b):
			problems = append(problems, fmt.Sprintf("SSL_CERT_FILE=%s holds no PEM certificate", file))
		}
	}
	if dirs := getenv("SSL_CERT_DIR"); dirs != "" {
		// A colon-separated list, as crypto/x509 and OpenSSL read it.
		for _, dir := range strings.Split(dirs, ":") {
			if _, err := os.ReadDir(dir); err != nil {
				problems = append(problems, fmt.Sprintf("SSL_CERT_DIR entry %s cannot be read (%v)", dir, unwrapPath(err)))
			}
		}
	}
	if len(problems) == 0 {
		return ""
	}
	return strings.Join(problems, "; ") + ": these certificates are not trusted, so a TLS connection through a proxy " +
		"or to a host with a private CA fails with \"certificate signed by unknown authority\". Make the file readable " +
		"by the user the check runs as (mounted into a container: keep it world-readable, chmod 644) or fix the path."
}

// unwrapPath drops the path from an *os.PathError: the message names it.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok { //nolint:errorlint // os.ReadFile returns it unwrapped
		return pe.Err
	}
	return err
}

// embedded parses the Mozilla roots embedded in the binary
// (golang.org/x/crypto/x509roots/fallback/bundle), about 150 certificates,
// and says how many it added.
func embedded() (*x509.CertPool, int) {
	pool, n := x509.NewCertPool(), 0
	for c := range bundle.Roots() {
		cert, err := x509.ParseCertificate(c.Certificate)
		if err != nil {
			// The bundle is generated and tested upstream; a root that does
			// not parse is left out rather than failing every check.
			continue
		}
		if c.Constraint == nil {
			pool.AddCert(cert)
		} else {
			pool.AddCertWithConstraint(cert, c.Constraint)
		}
		n++
	}
	return pool, n
}
