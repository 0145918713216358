package tlsroots

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"sync"
)

// The system's bundles and directories, as crypto/x509 looks for them on
// Linux (crypto/x509/root_linux.go): the first bundle that can be read, and
// every directory.
var (
	systemFiles = []string{
		"/etc/ssl/certs/ca-certificates.crt",                // Debian/Ubuntu/Gentoo etc.
		"/etc/pki/tls/certs/ca-bundle.crt",                  // Fedora/RHEL 6
		"/etc/ssl/ca-bundle.pem",                            // OpenSUSE
		"/etc/pki/tls/cacert.pem",                           // OpenELEC
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS/RHEL 7
		"/etc/ssl/cert.pem",                                 // Alpine Linux
	}
	systemDirs = []string{"/etc/ssl/certs", "/etc/pki/tls/certs"}
)

// Source is the process's one set of trusted roots: nothing is read until
// the first HTTPS connection needs them (Load), and then the bundle is read
// once and indexed by subject; a root is parsed only when a chain names it.
// It reads SSL_CERT_FILE and SSL_CERT_DIR from getenv with crypto/x509's
// meaning: the file instead of the system's bundle, the directories
// (colon-separated) instead of the system's; the Mozilla roots embedded in
// the binary only when all of those hold none (a scratch image).
type Source struct {
	getenv func(string) string
	mu     sync.Mutex
	roots  *Roots
}

// NewSource returns the roots of an environment, not yet read.
func NewSource(getenv func(string) string) *Source { return &Source{getenv: getenv} }

// Roots are the indexed roots of a Source.
type Roots struct {
	bundle *index
	// dirs are the certificate directories; they are indexed (dirIndex)
	// only when the bundle has no root a chain needs, or holds none.
	dirs     []string
	dirMu    sync.Mutex
	dirIndex *index
	// where says where the roots come from, for `version`.
	where string
	// warning is non-empty when SSL_CERT_FILE or SSL_CERT_DIR names
	// something that cannot be used.
	warning string
}

// Load reads and indexes the roots the first time it is called, under
// ctx: only regular files are read (a named pipe or a device is refused at
// once), and a run whose deadline passes gets ctx's error, not a wait. A
// load cut short by ctx is not kept.
func (s *Source) Load(ctx context.Context) (*Roots, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.roots != nil {
		return s.roots, nil
	}
	r, err := load(ctx, s.getenv)
	if err != nil {
		return nil, err
	}
	s.roots = r
	return r, nil
}

// loaded returns the roots when Load has read them, else nil.
func (s *Source) loaded() *Roots {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.roots
}

// Warning says what is wrong with SSL_CERT_FILE or SSL_CERT_DIR, once an
// HTTPS request has read them; "" when nothing is wrong or no HTTPS request
// was made (a run that makes none reads no certificate file).
func (s *Source) Warning() string {
	if r := s.loaded(); r != nil {
		return r.warning
	}
	return ""
}

// Describe reads the roots now, for `version`: where they come from, and
// the warning.
func (s *Source) Describe(ctx context.Context) (where, warning string, err error) {
	r, err := s.Load(ctx)
	if err != nil {
		return "", "", err
	}
	return r.where, r.warning, nil
}

func load(ctx context.Context, getenv func(string) string) (*Roots, error) {
	r := &Roots{bundle: newIndex()}
	var problems []string
	files, explicit := systemFiles, false
	if f := getenv("SSL_CERT_FILE"); f != "" {
		files, explicit = []string{f}, true
	}
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			return nil, err //nolint:wrapcheck // the run's own deadline
		}
		b, err := readRegular(file)
		if err != nil {
			if explicit {
				problems = append(problems, fmt.Sprintf("SSL_CERT_FILE=%s cannot be read (%v)", file, err))
			}
			continue
		}
		n := r.bundle.addPEM(b)
		if explicit && n == 0 {
			problems = append(problems, fmt.Sprintf("SSL_CERT_FILE=%s holds no PEM certificate", file))
		}
		if n > 0 {
			r.where = fmt.Sprintf("%d roots from %s", n, file)
			if explicit {
				r.where += " (SSL_CERT_FILE)"
			}
		}
		break
	}
	r.dirs = systemDirs
	if d := getenv("SSL_CERT_DIR"); d != "" {
		// A colon-separated list, as crypto/x509 and OpenSSL read it.
		r.dirs = strings.Split(d, ":")
		for _, dir := range r.dirs {
			// A stat, not a read: a directory is indexed only when a
			// chain needs it.
			if fi, err := os.Stat(dir); err != nil {
				problems = append(problems, fmt.Sprintf("SSL_CERT_DIR entry %s cannot be read (%v)", dir, unwrapPath(err)))
			} else if !fi.IsDir() {
				problems = append(problems, fmt.Sprintf("SSL_CERT_DIR entry %s cannot be read (not a directory)", dir))
			}
		}
	}
	if len(problems) > 0 {
		r.warning = strings.Join(problems, "; ") + ": these certificates are not trusted, so a TLS connection through a proxy " +
			"or to a host with a private CA fails with \"certificate signed by unknown authority\". Make the file readable " +
			"by the user the check runs as (mounted into a container: keep it world-readable, chmod 644) or fix the path."
	}
	if r.bundle.n > 0 {
		return r, nil
	}
	// No bundle: the directories decide whether the system has roots.
	dirs, err := r.indexDirs(ctx)
	if err != nil {
		return nil, err
	}
	if dirs.n > 0 {
		r.where = fmt.Sprintf("%d roots from %s", dirs.n, strings.Join(r.dirs, ":"))
		return r, nil
	}
	r.bundle.addEmbedded()
	r.where = fmt.Sprintf("%d Mozilla roots embedded in the binary (the system has none)", r.bundle.n)
	return r, nil
}

// indexDirs indexes the certificate directories once; a pass cut short by
// ctx is not kept.
func (r *Roots) indexDirs(ctx context.Context) (*index, error) {
	r.dirMu.Lock()
	defer r.dirMu.Unlock()
	if r.dirIndex != nil {
		return r.dirIndex, nil
	}
	ix := newIndex()
	for _, dir := range r.dirs {
		if err := ix.addDir(ctx, dir); err != nil && ctx.Err() != nil {
			return nil, err
		}
	}
	r.dirIndex = ix
	return ix, nil
}

// Verify verifies a chain the way crypto/tls does when it verifies itself
// (crypto/x509's Verify: the leaf's host name, validity, key usage
// serverAuth, name constraints, the intermediates the server sent), with a
// pool of only the roots whose subject is the issuer (or the subject) of a
// certificate the server sent. When that fails and the certificate
// directories were not read, they are indexed once and the chain is tried
// again with their roots too: the verdict is the one a pool of every root
// would give.
func (r *Roots) Verify(ctx context.Context, certs []*x509.Certificate, host string) error {
	if len(certs) == 0 {
		return fmt.Errorf("the server sent no certificate")
	}
	names := make([][]byte, 0, 2*len(certs))
	inter := x509.NewCertPool()
	for i, c := range certs {
		names = append(names, c.RawIssuer, c.RawSubject)
		if i > 0 {
			inter.AddCert(c)
		}
	}
	pool := x509.NewCertPool()
	r.bundle.pool(pool, names)
	verify := func() error {
		_, err := certs[0].Verify(x509.VerifyOptions{DNSName: host, Roots: pool, Intermediates: inter})
		return err //nolint:wrapcheck // crypto/x509's verdict as it is
	}
	err := verify()
	if err == nil {
		return nil
	}
	dirs, derr := r.indexDirs(ctx)
	if derr != nil {
		return derr
	}
	if dirs.pool(pool, names) > 0 {
		return verify()
	}
	return err
}
