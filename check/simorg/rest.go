package simorg

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/fixtures"
)

// limitsFixture is the recorded rest-limits-response.json (SwiftlySalesforce
// MockLimits.json, a Developer Edition org in 2022); DailyApiRequests is
// replaced by the org's own numbers.
var limitsFixture = fixtures.Salesforce("rest-limits-response.json")

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
	if o.StallREST {
		<-r.Context().Done()
		return nil
	}
	id, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	o.mu.Lock()
	s := o.sessions[strings.TrimSpace(id)]
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
	case o.DailyAPIRemaining <= 0:
		status, code, text = 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."
	default:
		o.DailyAPIRemaining--
	}
	o.mu.Unlock()
	if status != 0 {
		restError(w, status, code, text)
		return nil
	}
	return s
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
	if o.authorize(w, r) == nil {
		return
	}
	base := "/services/data/v" + version(r)
	writeJSON(w, map[string]string{
		"limits": base + "/limits", "sobjects": base + "/sobjects", "query": base + "/query",
		"tooling": base + "/tooling", "search": base + "/search", "recent": base + "/recent",
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
	if err := json.Unmarshal(limitsFixture, &limits); err != nil {
		restError(w, 500, "UNKNOWN_EXCEPTION", "limits fixture unreadable")
		return
	}
	o.mu.Lock()
	daily, _ := json.Marshal(map[string]int{"Max": o.DailyAPIMax, "Remaining": o.DailyAPIRemaining})
	o.mu.Unlock()
	limits["DailyApiRequests"] = daily
	writeJSON(w, limits)
}

// serveUser answers GET /services/data/v{version}/sobjects/User/{id}[/password].
func (o *Org) serveUser(w http.ResponseWriter, r *http.Request) {
	password := strings.HasSuffix(r.URL.Path, "/password")
	if password {
		o.count("GET /services/data/v{version}/sobjects/User/{id}/password")
	} else {
		o.count("GET /services/data/v{version}/sobjects/User/{id}")
	}
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	u := s.User
	if r.PathValue("id") != u.ID {
		restError(w, 404, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	if password {
		if u.CannotReadPassword {
			// [DOC REST "Manage User Passwords"]
			restError(w, 403, "INSUFFICIENT_ACCESS", "You do not have permission to view this record.")
			return
		}
		writeJSON(w, map[string]bool{"isExpired": u.PasswordExpired})
		return
	}
	rec := map[string]any{
		"attributes": map[string]string{"type": "User", "url": "/services/data/v" + version(r) + "/sobjects/User/" + u.ID},
		"Id":         u.ID,
	}
	// LastPasswordChangeDate: the field name is UNCERTAIN
	// (docs/salesforce.md §8); null when the org never recorded one.
	if u.LastPasswordChange.IsZero() {
		rec["LastPasswordChangeDate"] = nil
	} else {
		rec["LastPasswordChangeDate"] = sfTime(u.LastPasswordChange)
	}
	writeJSON(w, rec)
}

var (
	soqlFrom      = regexp.MustCompile(`(?i)\bFROM\s+(\w+)`)
	soqlUserID    = regexp.MustCompile(`(?i)\bUserId\s*=\s*'([A-Za-z0-9]{15,18})'`)
	soqlLoginTime = regexp.MustCompile(`(?i)\bLoginTime\s*>=?\s*(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))`)
	soqlLimit     = regexp.MustCompile(`(?i)\bLIMIT\s+(\d+)`)
)

// serveQuery answers GET /services/data/v{version}/query?q=… for
// LoginHistory, the one object the check queries. It filters by UserId and
// LoginTime — the filterable fields the check uses (§8) — and sorts newest
// first.
func (o *Org) serveQuery(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/query")
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	q := r.URL.Query().Get("q")
	from := soqlFrom.FindStringSubmatch(q)
	if from == nil || !strings.EqualFold(from[1], "LoginHistory") || s.User.CannotReadLoginHistory {
		object := "?"
		if from != nil {
			object = from[1]
		}
		restError(w, 400, "INVALID_TYPE", fmt.Sprintf("sObject type '%s' is not supported.", object))
		return
	}
	var since time.Time
	if m := soqlLoginTime.FindStringSubmatch(q); m != nil {
		t, err := time.Parse(time.RFC3339, m[1])
		if err != nil {
			restError(w, 400, "MALFORMED_QUERY", "invalid datetime")
			return
		}
		since = t
	}
	userID := ""
	if m := soqlUserID.FindStringSubmatch(q); m != nil {
		userID = m[1]
	}
	if userID != s.User.ID {
		// A user reads only its own rows without Manage Users (API 37.0+).
		restError(w, 403, "INSUFFICIENT_ACCESS", "insufficient access rights on object id")
		return
	}
	count := strings.Contains(strings.ToUpper(q), "COUNT()")
	limit := 2000
	if count {
		limit = 50000
	}
	if m := soqlLimit.FindStringSubmatch(q); m != nil {
		_, _ = fmt.Sscan(m[1], &limit)
	}
	rows := o.History()
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].LoginTime.After(rows[j].LoginTime) })
	records := []map[string]any{}
	for _, row := range rows {
		if row.UserID != userID || row.LoginTime.Before(since) || len(records) >= limit {
			continue
		}
		records = append(records, map[string]any{
			"attributes":  map[string]string{"type": "LoginHistory", "url": "/services/data/v" + version(r) + "/sobjects/LoginHistory/" + row.ID},
			"Id":          row.ID,
			"UserId":      row.UserID,
			"LoginTime":   sfTime(row.LoginTime),
			"SourceIp":    row.SourceIP,
			"Status":      row.Status,
			"LoginType":   row.LoginType,
			"Application": row.Application,
		})
	}
	if count {
		// SELECT COUNT() answers the number in totalSize and no records.
		writeJSON(w, map[string]any{"totalSize": len(records), "done": true, "records": []any{}})
		return
	}
	writeJSON(w, map[string]any{"totalSize": len(records), "done": true, "records": records})
}
