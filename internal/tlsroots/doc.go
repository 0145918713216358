// Package tlsroots is the process's one set of trusted certificate
// authorities and the HTTP transport that uses them. SSL_CERT_FILE and
// SSL_CERT_DIR keep crypto/x509's meaning; else the system's bundle; else
// the Mozilla roots embedded in the binary (a scratch image has none). No
// certificate file is opened until an HTTPS request needs one; then the
// bundle is read once and indexed by subject, and a root is parsed only
// when a server's chain names it, into a small pool for crypto/x509's own
// Verify.
package tlsroots
