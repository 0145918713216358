package simorg

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestStallREST: a stalled org holds a REST call on a live session until the
// client gives up, and answers 401 on a session that was logged out, which is
// how .ci/e2e.sh proves that a stopped check logged its session out.
func TestStallREST(t *testing.T) {
	t.Parallel()
	u := &User{Username: "stall@acme.example.com", Password: "Stall-Pa55", Token: "StallTok3n"}
	o := New("Acme Corp", u)
	o.StallREST = true
	o.mu.Lock()
	s := o.newSession(u, netip.MustParseAddr("127.0.0.1"), false, "")
	o.mu.Unlock()

	call := func(ctx context.Context) *httptest.ResponseRecorder {
		r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/services/data/v64.0/", nil)
		r.Header.Set("Authorization", "Bearer "+s.ID)
		w := httptest.NewRecorder()
		o.Handler().ServeHTTP(w, r)
		return w
	}

	// The client has already given up: the stall returns without an answer.
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	if w := call(gone); w.Body.Len() != 0 {
		t.Errorf("a live session got an answer (%d %s), want the call held", w.Code, w.Body)
	}

	o.mu.Lock()
	delete(o.sessions, s.ID) // what logout() does
	o.mu.Unlock()
	if w := call(t.Context()); w.Code != http.StatusUnauthorized {
		t.Errorf("a logged-out session got %d %s, want 401", w.Code, w.Body)
	}
}
