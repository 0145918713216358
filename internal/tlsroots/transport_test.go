package tlsroots

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestTransport_keepsAConnectionPerWorker: 16 requests at once to one host,
// twice; the second round reuses the first round's connections instead of
// dialling again (the default transport keeps only 2 idle per host).
func TestTransport_keepsAConnectionPerWorker(t *testing.T) {
	t.Parallel()
	var dials atomic.Int32
	// Every handler waits until all 16 requests of a round have arrived,
	// so that the round holds 16 connections at once.
	var arrived sync.WaitGroup
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		arrived.Done()
		arrived.Wait()
		_, _ = io.WriteString(w, "ok")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: NewSource(func(string) string { return "" }).Transport()}
	const workers = 16
	for round := range 2 {
		arrived.Add(workers)
		var done sync.WaitGroup
		for range workers {
			done.Go(func() {
				resp, err := client.Get(srv.URL)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			})
		}
		done.Wait()
		// A connection goes back to the pool just after its body is read,
		// so a request of round 2 may race it and dial; a few may. The
		// default transport dials 14 anew.
		if got := dials.Load(); got > workers+workers/4 {
			t.Errorf("after round %d: %d connections dialled, want about %d (one per worker, reused)", round+1, got, workers)
		}
	}
}
