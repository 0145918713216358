package simorg

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// minAPIVersion is the oldest version the org lists: API 30.0 and older are
// retired (docs/salesforce.md §3).
const minAPIVersion = 31

// apiVersions are the versions GET /services/data/ lists, oldest first.
func (o *Org) apiVersions() []int {
	var out []int
	for v := minAPIVersion; float64(v) <= o.MaxAPIVersion; v++ {
		out = append(out, v)
	}
	return out
}

// knownVersion reports whether a path's {ver} ("v64.0") is one the org lists,
// spelled as the list spells it.
func (o *Org) knownVersion(ver string) bool {
	num, ok := strings.CutPrefix(ver, "v")
	whole, ok2 := strings.CutSuffix(num, ".0")
	if !ok || !ok2 {
		return false
	}
	v, err := strconv.Atoi(whole)
	return err == nil && strconv.Itoa(v) == whole && v >= minAPIVersion && float64(v) <= o.MaxAPIVersion
}

// versioned serves h only for a version the org lists. Any other answers 404
// NOT_FOUND in the REST error shape, as Salesforce answers
// /services/data/v99.0/… (REST API Developer Guide, "Status Codes and Error
// Responses": 404 "The requested resource couldn't be found. Check the URI
// for errors"). The version is checked before the session, so the answer does
// not count against the daily requests (which check Salesforce makes first
// is UNCERTAIN).
func (o *Org) versioned(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !o.knownVersion(r.PathValue("ver")) {
			restError(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
			return
		}
		h(w, r)
	}
}

// serveVersions answers GET /services/data/, which needs no authentication,
// in the recorded shape (rest-versions-synthetic.json).
func (o *Org) serveVersions(w http.ResponseWriter, _ *http.Request) {
	o.count("GET /services/data/")
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	var parts []string
	for _, v := range o.apiVersions() {
		parts = append(parts, fmt.Sprintf(`{"label":"API %d.0","url":"/services/data/v%d.0","version":"%d.0"}`, v, v, v))
	}
	_, _ = fmt.Fprint(w, "["+strings.Join(parts, ",")+"]")
}
