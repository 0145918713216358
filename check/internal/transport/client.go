package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
)

// MaxBody is the largest response body the check reads (1 MiB).
const MaxBody = 1 << 20

// MaxRetries is how often a request that cannot have reached the server is
// sent again.
const MaxRetries = 2

// Client sends requests. The zero value is not usable; use New.
type Client struct {
	http    *http.Client
	gate    Gate
	maxBody int64
	backoff time.Duration
	// secrets is the run's one set (WithSecrets); nil masks nothing.
	secrets *redact.Secrets
}

// Option configures a Client.
type Option func(*Client)

// WithBackoff sets the base delay between retries (default 200ms; doubled each
// time, with jitter).
func WithBackoff(d time.Duration) Option { return func(c *Client) { c.backoff = d } }

// WithSecrets makes s the run's one set of secrets. Every header value of
// every answer is made inert (redact.Inert) and masked with it as the
// answer is read, and so is every text Response.Keep keeps: the check needs
// no secret from a header, and a header's text (Content-Type, Location) is
// cut to length for messages, where a secret cut through would leave a
// prefix no later masking recognises. The wire packages register in it
// what a request creates or an answer hands out (Secret, Session) before
// anything else happens with it.
func WithSecrets(s *redact.Secrets) Option { return func(c *Client) { c.secrets = s } }

// Secret registers values (a signed assertion, a refresh token) in the
// run's set of secrets; without WithSecrets it does nothing.
func (c *Client) Secret(values ...string) {
	if c.secrets != nil {
		c.secrets.Add(values...)
	}
}

// Session registers session ids and access tokens, with the part after
// their "!", in the run's set of secrets.
func (c *Client) Session(ids ...string) {
	if c.secrets != nil {
		c.secrets.AddSession(ids...)
	}
}

// New returns a Client that uses hc (nil means a client with the default
// transport) and sends only what gate allows, under the proxy rule (Proxy).
// The client never follows redirects.
func New(hc *http.Client, gate Gate, opts ...Option) *Client {
	if hc == nil {
		hc = &http.Client{}
	}
	copied := *hc
	copied.Transport = withProxyRule(hc.Transport)
	copied.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c := &Client{http: &copied, gate: gate, maxBody: MaxBody, backoff: 200 * time.Millisecond}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Response is a complete, capped answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// secrets is the client's WithSecrets, for Keep; nil masks nothing.
	secrets *redact.Secrets
}

// Request describes one logical request; Body is sent again on each retry.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// RetryResponse reports whether an answer proves the request never reached
	// the service behind the host (a gateway's 502/503/504 page). Nil: never.
	RetryResponse func(*Response) bool
}

// Do sends req, retrying at most MaxRetries times where the request cannot
// have reached the service: DNS, connect and TLS handshake failures before the
// request was written, and answers RetryResponse accepts.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	if err := c.Allow(req.URL); err != nil {
		return nil, err
	}
	for try := 1; ; try++ {
		resp, wrote, err := c.once(ctx, req)
		var retry bool
		if err != nil {
			var te *Error
			retry = errors.As(err, &te) && te.Kind.retryable() && !wrote
		} else {
			retry = req.RetryResponse != nil && req.RetryResponse(resp)
		}
		if !retry || try > MaxRetries || c.wait(ctx, try) != nil {
			return resp, err
		}
	}
}

// Allow returns nil when the gate lets a request go to rawURL, else an
// *Error of KindRefused that wraps a *RefusedError.
func (c *Client) Allow(rawURL string) error {
	if err := c.gate.Check(rawURL); err != nil {
		return &Error{Kind: KindRefused, Err: err}
	}
	return nil
}

func (c *Client) wait(ctx context.Context, try int) error {
	d := c.backoff << (try - 1)
	if d > 0 {
		if n, err := rand.Int(rand.Reader, big.NewInt(int64(d/2)+1)); err == nil {
			d += time.Duration(n.Int64())
		}
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return context.DeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) once(ctx context.Context, req Request) (*Response, bool, error) {
	var wrote atomic.Bool
	trace := &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }}
	hr, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), req.Method, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		return nil, false, &Error{Kind: KindOther, Err: fmt.Errorf("failed to build request: %w", scrubURL(err))}
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	r, err := c.http.Do(hr)
	if err != nil {
		return nil, wrote.Load(), classify(ctx, err)
	}
	defer r.Body.Close()
	if r.StatusCode < 200 {
		// An interim answer that net/http hands back as final: 101
		// Switching Protocols, whose body is the raw connection, read
		// until the server closes it, whatever the deadline. No API
		// answers so; closing the body closes the connection.
		return nil, true, &AnswerError{Kind: AnswerNotFinal, Status: r.StatusCode, ContentType: r.Header.Get("Content-Type")}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, c.maxBody+1))
	if err != nil {
		return nil, true, classify(ctx, err)
	}
	if int64(len(body)) > c.maxBody {
		return nil, true, &Error{Kind: KindTooLarge, Err: fmt.Errorf("response body exceeds %d bytes", c.maxBody)}
	}
	for _, vs := range r.Header {
		for i, v := range vs {
			vs[i] = c.secrets.Scrub(redact.Inert(v))
		}
	}
	return &Response{Status: r.StatusCode, Header: r.Header, Body: body, secrets: c.secrets}, true, nil
}

// MediaType names a Content-Type for a message: the media type without its
// parameters, inert and short (the header is the server's text, made inert
// and masked as it was read), or "untyped".
func MediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	if mt = redact.Clip(redact.Inert(mt), maxMediaType); mt == "" {
		return "untyped"
	}
	return mt
}

// maxMediaType is the longest media type MediaType keeps, in characters.
const maxMediaType = 80
