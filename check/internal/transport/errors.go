package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
)

// Kind says what went wrong below HTTP.
type Kind int

// The kinds of transport failure.
const (
	KindOther Kind = iota
	KindDNS
	KindConnect
	KindTLSHandshake
	KindCertificate
	KindReset
	KindTimeout
	KindCancelled
	KindTooLarge
	// KindRefused is a request the egress gate did not send (a *RefusedError).
	KindRefused
)

func (k Kind) String() string {
	switch k {
	case KindDNS:
		return "DNS lookup failed"
	case KindConnect:
		return "connection failed"
	case KindTLSHandshake:
		return "TLS handshake failed"
	case KindCertificate:
		return "the server's TLS certificate is not trusted"
	case KindReset:
		return "connection closed mid-answer"
	case KindTimeout:
		return "deadline exceeded"
	case KindCancelled:
		return "cancelled"
	case KindTooLarge:
		return "answer too large"
	case KindRefused:
		return "refused by the egress gate"
	default:
		return "request failed"
	}
}

// retryable reports whether a failure of this kind happens before the request
// can reach the service: only these are ever retried.
func (k Kind) retryable() bool {
	return k == KindDNS || k == KindConnect || k == KindTLSHandshake
}

// Error is a transport failure. Its message never holds a URL's query or
// user info, nor any request body.
type Error struct {
	Kind Kind
	Err  error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Kind.String()
	}
	return e.Kind.String() + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// classify turns an error from net/http into an *Error.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	err = scrubURL(err)
	switch ctxErr := ctx.Err(); {
	case errors.Is(ctxErr, context.DeadlineExceeded):
		return &Error{Kind: KindTimeout, Err: err}
	case errors.Is(ctxErr, context.Canceled):
		return &Error{Kind: KindCancelled, Err: err}
	}
	var (
		dnsErr   *net.DNSError
		opErr    *net.OpError
		certErr  *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Kind: KindTimeout, Err: err}
	case errors.As(err, &dnsErr):
		return &Error{Kind: KindDNS, Err: err}
	case errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &hostErr), errors.As(err, &invalid):
		return &Error{Kind: KindCertificate, Err: err}
	// net/http turns a TLS record header that reads "HTTP/" into
	// ErrSchemeMismatch: a plain HTTP server answered the handshake.
	case errors.As(err, &recErr), errors.As(err, &alertErr), errors.Is(err, http.ErrSchemeMismatch), strings.Contains(err.Error(), "tls: "):
		return &Error{Kind: KindTLSHandshake, Err: err}
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return &Error{Kind: KindConnect, Err: err}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &Error{Kind: KindReset, Err: err}
	}
	return &Error{Kind: KindOther, Err: err}
}

// scrubURL drops the URL from a *url.Error: the URL is known to the caller,
// and a user-supplied one could carry something sensitive.
func scrubURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
