package simorg

import (
	"net/http"
	"strings"
)

// salesforcePaths serves a path with repeated slashes as the path with single
// ones, as Salesforce does: the sf CLI keeps an instance URL with a trailing
// slash and sends //services/data/…, which production answers
// (forcedotcom/sfdx-core#1310 and jsforce/jsforce#1525 record such
// requests being served). Go's ServeMux would answer them with a redirect to
// the cleaned path, which Salesforce never sends and the CLI does not follow;
// a path with dot segments, which Salesforce has no reason to clean either,
// gets the login host's 404 instead of that redirect. Every handler of the
// package is reached through here, so no answer is ever a redirect.
func salesforcePaths(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Path, "//") && !hasDotSegment(r.URL.Path) {
			h.ServeHTTP(w, r)
			return
		}
		r2 := new(http.Request)
		*r2 = *r
		u := *r.URL
		u.Path = collapseSlashes(u.Path)
		u.RawPath = collapseSlashes(u.RawPath)
		r2.URL = &u
		if hasDotSegment(u.Path) {
			notFound(w, r2)
			return
		}
		h.ServeHTTP(w, r2)
	})
}

// collapseSlashes turns every run of slashes into one.
func collapseSlashes(p string) string {
	if !strings.Contains(p, "//") {
		return p
	}
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i > 0 && p[i-1] == '/' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// hasDotSegment reports a "." or ".." segment, which ServeMux would redirect.
func hasDotSegment(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}
