package tlsroots

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/crypto/x509roots/fallback/bundle"

	"github.com/salesforce-login-check/salesforce-login-check/internal/workspace"
)

// root is one trusted certificate, as DER until a chain names its subject;
// it is parsed at most once.
type root struct {
	der []byte
	// constraint is the embedded set's own limit on the chains the root
	// may anchor (nil: none).
	constraint func([]*x509.Certificate) error
	parse      func() (*x509.Certificate, error)
}

func newRoot(der []byte, constraint func([]*x509.Certificate) error) *root {
	r := &root{der: der, constraint: constraint}
	r.parse = sync.OnceValues(func() (*x509.Certificate, error) { return x509.ParseCertificate(r.der) })
	return r
}

// index is a set of roots by raw subject.
type index struct {
	bySubject map[string][]*root
	n         int
}

func newIndex() *index { return &index{bySubject: map[string][]*root{}} }

// add indexes one DER certificate; it reports false when its names cannot
// be read (crypto/x509 would not parse it either).
func (ix *index) add(der []byte, constraint func([]*x509.Certificate) error) bool {
	_, subject, ok := rawNames(der)
	if !ok {
		return false
	}
	ix.bySubject[string(subject)] = append(ix.bySubject[string(subject)], newRoot(der, constraint))
	ix.n++
	return true
}

// addPEM indexes every certificate block of a PEM file, as
// x509.CertPool.AppendCertsFromPEM reads them (type CERTIFICATE, no
// headers), and says how many it added.
func (ix *index) addPEM(data []byte) int {
	n := 0
	for len(data) > 0 {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" || len(block.Headers) != 0 {
			continue
		}
		if ix.add(block.Bytes, nil) {
			n++
		}
	}
	return n
}

// addEmbedded indexes the Mozilla roots compiled into the binary
// (golang.org/x/crypto/x509roots/fallback's data), with their constraints.
func (ix *index) addEmbedded() {
	for r := range bundle.Roots() {
		ix.add(r.Certificate, r.Constraint)
	}
}

// maxBundle is the largest certificate file read (the Debian bundle is
// about 220 KB).
const maxBundle = 16 << 20

// maxDirEntries bounds the files of one certificate directory read.
const maxDirEntries = 10000

// readRegular reads path if it is a regular file of at most maxBundle
// bytes: a named pipe or a device is refused at once, never waited on.
func readRegular(path string) ([]byte, error) {
	f, err := os.OpenFile(filepath.Clean(path), os.O_RDONLY|workspace.NonBlock, 0)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	b, err := workspace.ReadRegular(f, maxBundle)
	return b, unwrapPath(err)
}

// addDir indexes the certificate files of a directory as crypto/x509 reads
// SSL_CERT_DIR: every entry but a symlink to a name in the same directory
// (OpenSSL's hash links), each file PEM. Only regular files are read.
func (ix *index) addDir(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return unwrapPath(err)
	}
	for i, e := range entries {
		if i >= maxDirEntries {
			break
		}
		if err := ctx.Err(); err != nil {
			return err //nolint:wrapcheck // the run's own deadline
		}
		if e.Type()&fs.ModeSymlink != 0 {
			if target, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && !strings.Contains(target, "/") {
				continue
			}
		}
		if b, err := readRegular(filepath.Join(dir, e.Name())); err == nil {
			ix.addPEM(b)
		}
	}
	return nil
}

// unwrapPath drops the path from an *os.PathError: the message names it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pool is a pool of the roots whose subject is one of names, parsed now
// (once per process for each root).
func (ix *index) pool(pool *x509.CertPool, names [][]byte) int {
	n := 0
	seen := map[*root]bool{}
	for _, name := range names {
		for _, r := range ix.bySubject[string(name)] {
			if seen[r] {
				continue
			}
			seen[r] = true
			cert, err := r.parse()
			if err != nil {
				// AppendCertsFromPEM leaves out what does not parse.
				continue
			}
			if r.constraint == nil {
				pool.AddCert(cert)
			} else {
				pool.AddCertWithConstraint(cert, r.constraint)
			}
			n++
		}
	}
	return n
}
