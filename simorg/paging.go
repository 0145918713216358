package simorg

import (
	"net/http"
	"strconv"
	"strings"
)

// Query results come in batches (REST API Developer Guide, "Query Options
// Header" and "Execute a SOQL Query"): 2,000 records at most by default; the
// request header "Sforce-Query-Options: batchSize=N" asks for N between 200
// and 2,000 (a wish, not a promise: Salesforce may send other sizes). A
// batch that is not the last answers done=false with nextRecordsUrl,
// /services/data/vXX.X/query/<locator>-<offset>, which the client GETs for
// the next batch. A user holds at most 10 open query cursors; opening an
// 11th releases the oldest (SOAP API Developer Guide, queryMore()).
const (
	defaultBatch  = 2000
	minBatch      = 200
	maxCursorsPer = 10
)

// cursor is the rest of a query's records, waiting to be fetched.
type cursor struct {
	id       string // the 18-character locator, "01g…"
	userID   string
	resource string // "query" or "queryAll"
	records  []record
}

// batchSize reads Sforce-Query-Options: batchSize=N, held to 200–2,000.
func batchSize(r *http.Request) int {
	for _, opt := range strings.Split(r.Header.Get("Sforce-Query-Options"), ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(opt), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "batchSize") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			continue
		}
		return min(max(n, minBatch), defaultBatch)
	}
	return defaultBatch
}

// queryPage is one batch of a query's answer.
type queryPage struct {
	TotalSize      int      `json:"totalSize"`
	Done           bool     `json:"done"`
	NextRecordsURL string   `json:"nextRecordsUrl,omitempty"`
	Records        []record `json:"records"`
}

// page cuts records[offset:] to one batch and keeps a cursor for the rest.
func (o *Org) page(r *http.Request, s *Session, c *cursor, offset, total int) queryPage {
	size := batchSize(r)
	rest := c.records[offset:]
	if len(rest) <= size {
		o.closeCursor(c.id)
		if rest == nil {
			rest = []record{}
		}
		return queryPage{TotalSize: total, Done: true, Records: rest}
	}
	o.keepCursor(s, c)
	next := "/services/data/" + r.PathValue("ver") + "/" + c.resource + "/" + c.id + "-" + strconv.Itoa(offset+size)
	return queryPage{TotalSize: total, NextRecordsURL: next, Records: rest[:size]}
}

// keepCursor stores c (once), releasing the user's oldest cursor past ten.
func (o *Org) keepCursor(s *Session, c *cursor) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, have := range o.cursors {
		if have == c {
			return
		}
	}
	mine := 0
	for _, have := range o.cursors {
		if have.userID == s.User.ID {
			mine++
		}
	}
	if mine >= maxCursorsPer {
		for i, have := range o.cursors {
			if have.userID == s.User.ID {
				o.cursors = append(o.cursors[:i], o.cursors[i+1:]...)
				break
			}
		}
	}
	o.cursors = append(o.cursors, c)
}

func (o *Org) closeCursor(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, have := range o.cursors {
		if have.id == id {
			o.cursors = append(o.cursors[:i], o.cursors[i+1:]...)
			return
		}
	}
}

// findCursor returns the cursor and offset of a "<locator>-<offset>" of
// the session's user.
func (o *Org) findCursor(s *Session, locator string) (*cursor, int, bool) {
	id, off, ok := strings.Cut(locator, "-")
	offset, err := strconv.Atoi(off)
	if !ok || err != nil || offset < 0 {
		return nil, 0, false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, c := range o.cursors {
		if c.id == id && c.userID == s.User.ID && offset <= len(c.records) {
			return c, offset, true
		}
	}
	return nil, 0, false
}

// serveQueryMore answers GET /services/data/vXX.X/query/<locator>-<offset>
// with the next batch. A locator that is unknown, used up or another
// user's is answered 400 INVALID_QUERY_LOCATOR (the code is the SOAP API's
// for an expired or unknown locator; the REST text is UNCERTAIN).
func (o *Org) serveQueryMore(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/query/{locator}")
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	c, offset, ok := o.findCursor(s, r.PathValue("locator"))
	if !ok {
		restError(w, http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
		return
	}
	writeJSON(w, o.page(r, s, c, offset, len(c.records)))
}

// newLocator is a fresh query locator id: the key prefix 01g, then 15
// characters.
func newLocator() string {
	return "01g" + strings.ToUpper(randomHex(6)) + "AAQ"
}
