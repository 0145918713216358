package transport

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"
)

// hangGuard only catches a call that never returns; it measures nothing.
const hangGuard = 30 * time.Second

// startInterimServer answers every request on loopback with head, raw, and
// then holds the connection open until the test ends: a server that never
// closes, as a hostile one would not.
func startInterimServer(t *testing.T, head string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
					return
				}
				_, _ = c.Write([]byte(head))
				<-done
			}()
		}
	}()
	t.Cleanup(func() {
		close(done)
		_ = ln.Close()
	})
	return "http://" + ln.Addr().String()
}

// TestDo_interimAnswerIsUnusable: an answer that is not a final HTTP
// response (101 Switching Protocols, whose body net/http hands over as the
// raw connection, or an endless run of 1xx) ends the request under its
// context: an unusable answer, or the deadline, never a wait for the server
// to close.
func TestDo_interimAnswerIsUnusable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, head string
		// wantNotFinal: an *AnswerError of AnswerNotFinal; else the
		// run's deadline ends it (KindTimeout).
		wantNotFinal bool
	}{
		{"101 upgrade", "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", true},
		{"101 upgrade to h2c", "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n", true},
		{"101 without upgrade headers", "HTTP/1.1 101 Switching Protocols\r\n\r\n", true},
		{"101 with a body length", "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x\r\nContent-Length: 5\r\n\r\n", true},
		{"103 early hints, then silence", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", false},
		{"100 continue, then silence", "HTTP/1.1 100 Continue\r\n\r\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url := startInterimServer(t, tc.head)
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			errc := make(chan error, 1)
			go func() {
				_, err := fast(&http.Client{Transport: &http.Transport{}}, url).Do(ctx, Request{Method: http.MethodPost, URL: url + "/services/Soap/u/64.0", Body: []byte("x")})
				errc <- err
			}()
			var err error
			select {
			case err = <-errc:
			case <-time.After(hangGuard):
				t.Fatalf("Do has not returned after %v: it waits for the server to close", hangGuard)
			}
			var ae *AnswerError
			switch {
			case tc.wantNotFinal && !(errors.As(err, &ae) && ae.Kind == AnswerNotFinal):
				t.Errorf("Do: %v, want an unusable answer (not final)", err)
			case !tc.wantNotFinal && kindOf(t, err) != KindTimeout:
				t.Errorf("Do: %v, want the deadline", err)
			}
		})
	}
}
