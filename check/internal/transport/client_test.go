package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fast is a client with short retries whose gate allows the loopback test
// server at target (its scheme and host).
func fast(hc *http.Client, target string) *Client {
	return New(hc, NewGate(target, true), WithBackoff(time.Millisecond))
}

func kindOf(t *testing.T, err error) Kind {
	t.Helper()
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("error %v is not a *transport.Error", err)
	}
	return te.Kind
}

func TestDo_neverFollowsRedirects(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	for _, code := range []int{301, 302, 307, 308} {
		var seen atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen.Add(1)
			http.Redirect(w, r, other.URL+"/services/Soap/u/64.0", code)
		}))
		t.Cleanup(srv.Close)
		resp, err := fast(nil, srv.URL).Do(context.Background(), Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("secret body")})
		if err != nil || resp.Status != code || seen.Load() != 1 {
			t.Errorf("%d: resp %v err %v after %d requests, want the redirect itself, once", code, resp, err, seen.Load())
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests, want 0", n)
	}
}

func TestDo_capsBodies(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", MaxBody+1)))
	}))
	t.Cleanup(srv.Close)
	_, err := fast(nil, srv.URL).Do(context.Background(), Request{Method: http.MethodGet, URL: srv.URL})
	if k := kindOf(t, err); k != KindTooLarge {
		t.Errorf("kind = %v, want %v", k, KindTooLarge)
	}
}

func TestDo_retryPolicy(t *testing.T) {
	t.Parallel()
	gateway := func(r *Response) bool { return r.Status == 503 && !strings.Contains(string(r.Body), "Envelope") }
	cases := []struct {
		name      string
		status    int
		body      string
		wantTries int32
	}{
		{"gateway 503 page: retried twice", 503, "<html>Service Unavailable</html>", 3},
		{"503 with a SOAP body: the service answered, never retried", 503, "<Envelope/>", 1},
		{"500 fault: never retried", 500, "<Envelope/>", 1},
		{"400: never retried", 400, "{}", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var seen atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				seen.Add(1)
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			resp, err := fast(nil, srv.URL).Do(context.Background(), Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("x"), RetryResponse: gateway})
			if err != nil || resp.Status != tc.status {
				t.Fatalf("resp %v err %v", resp, err)
			}
			if seen.Load() != tc.wantTries {
				t.Errorf("server saw %d requests, want %d", seen.Load(), tc.wantTries)
			}
		})
	}
}

func TestDo_connectFailuresAreRetried(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens: connection refused
	// The dials are counted where they happen: nothing listens to count them.
	var dials atomic.Int32
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, address string) (net.Conn, error) {
		dials.Add(1)
		return dial(ctx, network, address)
	}
	_, err = fast(&http.Client{Transport: tr}, "http://"+addr).Do(context.Background(), Request{Method: http.MethodPost, URL: "http://" + addr})
	if k, n := kindOf(t, err), int(dials.Load()); k != KindConnect || n != 1+MaxRetries {
		t.Errorf("kind %v after %d dials, want %v after %d", k, n, KindConnect, 1+MaxRetries)
	}
}

func TestDo_resetAfterTheRequestIsNotRetried(t *testing.T) {
	t.Parallel()
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		seen.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"))
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	_, err := fast(nil, srv.URL).Do(context.Background(), Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("login")})
	if k := kindOf(t, err); k != KindReset || seen.Load() != 1 {
		t.Errorf("kind %v, seen %d; want %v once: the request reached the server", k, seen.Load(), KindReset)
	}
}

func TestDo_deadlineAndCancel(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := fast(nil, srv.URL).Do(ctx, Request{Method: http.MethodGet, URL: srv.URL})
	if k := kindOf(t, err); k != KindTimeout {
		t.Errorf("after the deadline: kind %v, want %v", k, KindTimeout)
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = fast(nil, srv.URL).Do(ctx, Request{Method: http.MethodGet, URL: srv.URL})
	if k := kindOf(t, err); k != KindCancelled {
		t.Errorf("after cancel: kind %v, want %v", k, KindCancelled)
	}
}

func TestError_neverHoldsTheURLQuery(t *testing.T) {
	t.Parallel()
	_, err := fast(nil, "http://127.0.0.1:1/?token=SECRET123").Do(context.Background(), Request{Method: http.MethodGet, URL: "http://127.0.0.1:1/?token=SECRET123"})
	if err == nil || strings.Contains(err.Error(), "SECRET123") {
		t.Errorf("error %v must not quote the URL", err)
	}
}

func TestMediaType(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":                             "untyped",
		"text/html; charset=UTF-8":     "text/html",
		" application/json ":           "application/json",
		"text/html\x1b[31m\r\n::error": "text/html\uFFFD ::error",
		strings.Repeat("x", 200):       "…",
	}
	for in, want := range cases {
		if got := MediaType(in); got != want {
			t.Errorf("MediaType(%q) = %q, want %q", in, got, want)
		}
	}
}
