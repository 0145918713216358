package simorg

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

// limitsFixture is the recorded rest-limits-response.json (SwiftlySalesforce
// MockLimits.json, a Developer Edition org in 2022); DailyApiRequests is
// replaced by the org's own numbers.
var limitsFixture = sync.OnceValue(func() []byte { return fixtures.Salesforce("rest-limits-response.json") })

// restError answers in the REST error shape: [{"message","errorCode"}]
// (rest-error-invalid-session-id.json).
func restError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	// The recorded key order: message, then errorCode.
	type restErr struct {
		Message   string `json:"message"`
		ErrorCode string `json:"errorCode"`
	}
	b, _ := json.Marshal([]restErr{{Message: msg, ErrorCode: code}})
	_, _ = w.Write(b)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	b, _ := json.Marshal(v)
	_, _ = w.Write(b)
}

// sfTime is Salesforce's REST datetime format.
func sfTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000+0000") }

// authorize finds the session behind "Authorization: Bearer <id>" and applies
// the per-request IP rules, the API switch and the daily request budget. It
// counts the call against DailyApiRequests. Nil means it already answered.
func (o *Org) authorize(w http.ResponseWriter, r *http.Request) *Session {
	id, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	o.mu.Lock()
	s := o.sessions[strings.TrimSpace(id)]
	if o.StallREST && s != nil {
		// Only a live session hangs: once it is logged out, the org answers
		// INVALID_SESSION_ID, so a test can ask whether it was.
		o.mu.Unlock()
		<-r.Context().Done()
		return nil
	}
	var (
		status     int
		code, text string
	)
	switch {
	case !ok || s == nil:
		status, code, text = 401, "INVALID_SESSION_ID", "Session expired or invalid"
	case s.User.EnforceIPEveryRequest && len(s.User.ProfileRanges) > 0 && !inRanges(o.requestIP(r), s.User.ProfileRanges):
		// "Enforce login IP ranges on every request": later calls fail with
		// 401 INVALID_SESSION_ID while LoginHistory shows Restricted IP
		// [OBS sfdx-mass-action-scheduler#122].
		status, code, text = 401, "INVALID_SESSION_ID", "Session expired or invalid"
		o.record(s.User, o.requestIP(r).String(), StatusRestrictedIP, "Other Apex API", "salesforce-login-check")
	case s.User.APIDisabled:
		status, code, text = 403, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization."
	case s.User.PasswordExpired:
		// Every call but setPassword() fails until the password is changed
		// (LoginResult docs, docs/salesforce.md §2.3 g; the text as
		// jsforce/jsforce#1308 quotes it). The REST status is UNCERTAIN.
		status, code, text = 403, "INVALID_OPERATION_WITH_EXPIRED_PASSWORD", msgExpiredPassword
	case o.DailyAPIRemaining <= 0:
		status, code, text = 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."
	default:
		o.DailyAPIRemaining--
	}
	if s != nil {
		w.Header().Set("Sforce-Limit-Info", o.limitInfo())
	}
	o.mu.Unlock()
	if status != 0 {
		restError(w, status, code, text)
		return nil
	}
	return s
}

// limitInfo is the Sforce-Limit-Info header: "api-usage=used/max" of the
// daily API requests, the same numbers as DailyApiRequests in /limits
// (REST API Developer Guide, "Limit Info Header": returned on every REST
// answer but the versions list, /services/data/). The caller holds o.mu.
func (o *Org) limitInfo() string {
	return fmt.Sprintf("api-usage=%d/%d", o.DailyAPIMax-o.DailyAPIRemaining, o.DailyAPIMax)
}

// requestIP is the address a REST request is seen from: RESTSourceIP when
// set (a runner whose API calls leave through another NAT address than its
// login), else the connection's address.
func (o *Org) requestIP(r *http.Request) netip.Addr {
	if o.RESTSourceIP.IsValid() {
		return o.RESTSourceIP
	}
	return clientIP(r)
}

// version is the API version of a /services/data/vXX.X/ path.
func version(r *http.Request) string {
	return strings.TrimPrefix(r.PathValue("ver"), "v")
}

// serveResources answers GET /services/data/v{version}/ with the resource
// directory of the version.
func (o *Org) serveResources(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/")
	if !strings.HasPrefix(r.PathValue("ver"), "v") {
		notFound(w, r)
		return
	}
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	base := "/services/data/v" + version(r)
	writeJSON(w, map[string]string{
		"limits": base + "/limits", "sobjects": base + "/sobjects", "query": base + "/query",
		"tooling": base + "/tooling", "search": base + "/search", "recent": base + "/recent",
		// The identity URL of the session's user: clients that hold only a
		// token (jsforce's identity()) find it here.
		"identity": baseURL(r) + "/id/" + o.ID + "/" + s.User.ID,
	})
}

// serveLimits answers GET /services/data/v{version}/limits.
func (o *Org) serveLimits(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/limits")
	if o.authorize(w, r) == nil {
		return
	}
	if o.CannotReadLimits {
		restError(w, 403, "INSUFFICIENT_ACCESS", "insufficient access rights on cross-reference id")
		return
	}
	var limits map[string]json.RawMessage
	if err := json.Unmarshal(limitsFixture(), &limits); err != nil {
		restError(w, 500, "UNKNOWN_EXCEPTION", "limits fixture unreadable")
		return
	}
	o.mu.Lock()
	daily, _ := json.Marshal(map[string]int{"Max": o.DailyAPIMax, "Remaining": o.DailyAPIRemaining})
	o.mu.Unlock()
	limits["DailyApiRequests"] = daily
	writeJSON(w, limits)
}

// serveRecord answers GET /services/data/v{version}/sobjects/{object}/{id}:
// the whole record, or the fields named in ?fields=, in that order.
func (o *Org) serveRecord(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/sobjects/{object}/{id}")
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	so, ok := sobjectNamed(r.PathValue("object"))
	if !ok {
		serveRESTNotFound(w, r)
		return
	}
	rec, ok := o.byID(so, s, version(r), r.PathValue("id"))
	if !ok {
		restError(w, 404, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	if fields := r.URL.Query().Get("fields"); fields != "" {
		var names []string
		for _, f := range strings.Split(fields, ",") {
			names = append(names, strings.TrimSpace(f))
		}
		picked, missing := rec.pick(append([]string{"Id"}, names...))
		if missing != "" {
			restError(w, 400, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on sobject of type %s", missing, so.name))
			return
		}
		// The Id comes back with the named fields, as Salesforce answers.
		rec = picked
	}
	writeJSON(w, rec)
}

// servePassword answers GET /services/data/v{version}/sobjects/User/{id}/password
// [DOC REST "Manage User Passwords"]: the session user's own password state.
func (o *Org) servePassword(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/sobjects/User/{id}/password")
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	if so, ok := sobjectNamed(r.PathValue("object")); !ok || so.name != "User" {
		serveRESTNotFound(w, r)
		return
	}
	u := o.userByID(r.PathValue("id"))
	switch {
	case u == nil:
		restError(w, 404, "NOT_FOUND", "The requested resource does not exist")
	case u != s.User || u.CannotReadPassword:
		restError(w, 403, "INSUFFICIENT_ACCESS", "You do not have permission to view this record.")
	default:
		writeJSON(w, map[string]bool{"isExpired": u.PasswordExpired})
	}
}

// userByID finds a user by its 15- or 18-character id.
func (o *Org) userByID(id string) *User {
	if len(id) != 15 && len(id) != 18 {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, u := range o.users {
		if len(u.ID) >= 15 && u.ID[:15] == id[:15] {
			return u
		}
	}
	return nil
}

// serveQuery answers GET /services/data/v{version}/query?q=… and
// …/queryAll?q=… over User, LoginHistory and Organization, in the SOQL
// subset of soql.go, in batches (paging.go). queryAll also returns deleted
// and archived records (REST API Developer Guide, "QueryAll"); the org has
// none, so it answers as query does. With columns=true it answers the
// select list's column metadata instead (columns.go).
func (o *Org) serveQuery(w http.ResponseWriter, r *http.Request) {
	resource := "query"
	if strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "/queryAll") {
		resource = "queryAll"
	}
	o.count("GET /services/data/v{version}/" + resource)
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	q, qerr := parseSOQL(r.URL.Query().Get("q"))
	if qerr != nil {
		restError(w, 400, qerr.code, qerr.msg)
		return
	}
	so, known := sobjectNamed(q.object)
	var rows []record
	if known {
		rows, known = o.rows(so, s, version(r))
	}
	if !known {
		qerr := q.unknownObject()
		restError(w, 400, qerr.code, qerr.msg)
		return
	}
	q.object = so.name
	schema := o.schema(so, s, version(r))
	records, total, qerr := q.run(schema, rows)
	if qerr != nil {
		restError(w, 400, qerr.code, qerr.msg)
		return
	}
	if r.URL.Query().Get("columns") == "true" {
		writeJSON(w, columnMetadata(q, so, schema))
		return
	}
	if q.count {
		// SELECT COUNT() answers the number in totalSize and no records.
		writeJSON(w, map[string]any{"totalSize": total, "done": true, "records": []any{}})
		return
	}
	c := &cursor{id: newLocator(), userID: s.User.ID, resource: resource, records: records}
	writeJSON(w, o.page(r, s, c, 0, total))
}
