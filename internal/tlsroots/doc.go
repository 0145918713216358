// Package tlsroots decides which certificate authorities the check trusts:
// SSL_CERT_FILE/SSL_CERT_DIR, else the system's bundle, else the Mozilla
// roots embedded in the binary (a scratch image has no bundle). The embedded
// set is parsed only when an HTTPS request needs it and the system has none,
// so a run that makes no TLS connection never pays for it.
package tlsroots
