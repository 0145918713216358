package check

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
	"github.com/salesforce-login-check/salesforce-login-check/internal/fixtures"
)

const (
	// testToken is a made-up session id in Salesforce's shape.
	testToken  = "00Dxx0000001gPL!AR8AQFakeSessionIdForProbeTests.0123456789abcdefghijklmnop"
	testUserID = "005xx000001Sv6eAAC"
	testAPI    = "64.0"
	day        = 24 * time.Hour
)

var (
	testNow   = time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)
	testLogin = testNow.Add(-2 * time.Second)

	allOn = ProbeSettings{
		Session: true, Limits: true, Password: true, LoginHistory: true,
		MinAPIRemaining: 10, PasswordMaxAgeDays: 90, PasswordWarningDays: 14,
	}
)

// The calls as plannedCalls writes them; the fake org files every request under the
// same template, so the two can be compared.
const (
	callRoot     = "GET /services/data/v{api}/"
	callLimits   = "GET /services/data/v{api}/limits"
	callPassword = "GET /services/data/v{api}/sobjects/User/{id}/password"
	callUser     = "GET /services/data/v{api}/sobjects/User/{id}?fields=LastPasswordChangeDate"
	callHistory  = "GET /services/data/v{api}/query?q=SELECT Id, LoginTime, SourceIp, Status, LoginType, Application " +
		"FROM LoginHistory WHERE UserId = '{id}' AND LoginTime >= {since} ORDER BY LoginTime DESC LIMIT 2000"
	callCount = "GET /services/data/v{api}/query?q=SELECT COUNT() FROM LoginHistory WHERE UserId = '{id}' AND LoginTime >= {since}"
)

// answer is what the fake org sends for one call.
type answer struct {
	status int
	body   string
	// contentType defaults to Salesforce's application/json;charset=UTF-8.
	contentType string
}

type seenRequest struct {
	call   string
	auth   string
	accept string
	// q is the decoded SOQL query, if any.
	q string
}

// fakeOrg is a Salesforce REST API that answers from a table of calls.
type fakeOrg struct {
	url  string
	mu   sync.Mutex
	seen []seenRequest
}

var soqlDateTime = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

func newFakeOrg(t *testing.T, routes map[string]answer) *fakeOrg {
	t.Helper()
	o := &fakeOrg{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		call, q := template(r)
		o.mu.Lock()
		o.seen = append(o.seen, seenRequest{call: call, auth: r.Header.Get("Authorization"), accept: r.Header.Get("Accept"), q: q})
		o.mu.Unlock()
		a, ok := routes[call]
		if !ok {
			t.Errorf("unexpected request %s", call)
			a = answer{status: http.StatusNotFound, body: `[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]`}
		}
		ct := a.contentType
		if ct == "" {
			ct = "application/json;charset=UTF-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	o.url = srv.URL
	return o
}

// template writes a request the way plannedCalls does.
func template(r *http.Request) (call, q string) {
	path := strings.Replace(r.URL.Path, "/services/data/v"+testAPI, "/services/data/v{api}", 1)
	call = r.Method + " " + strings.ReplaceAll(path, testUserID, "{id}")
	query := r.URL.Query()
	if q = query.Get("q"); q != "" {
		call += "?q=" + soqlDateTime.ReplaceAllString(strings.ReplaceAll(q, testUserID, "{id}"), "{since}")
	}
	if f := query.Get("fields"); f != "" {
		call += "?fields=" + f
	}
	return call, q
}

func (o *fakeOrg) requests() []seenRequest {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.seen)
}

func (o *fakeOrg) calls() []string {
	var out []string
	for _, r := range o.requests() {
		out = append(out, r.call)
	}
	return out
}

func (o *fakeOrg) session() probe.Session {
	return probe.Session{InstanceURL: o.url + "/", Token: testToken, UserID: testUserID, APIVersion: testAPI, LoginTime: testLogin}
}

// newClient is a client with short retries whose gate allows the fake org
// at instanceURL.
// nonsenseLimits is the note for a limits answer without believable numbers.
const nonsenseLimits = "the api-limits probe could not finish: the answer's DailyApiRequests Max and Remaining are missing or make no sense " +
	"(whole numbers, Max above 0, Remaining from 0 to Max)"

// newClient is the check's transport for the probes of session s: its
// token is a secret of the run, as the login registered it.
func newClient(s probe.Session) *transport.Client {
	secrets := NewSecrets(nil)
	secrets.AddSession(s.Token)
	return transport.New(nil, transport.NewGate(s.InstanceURL, true), transport.WithBackoff(time.Millisecond), transport.WithSecrets(secrets))
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	return string(fixtures.Salesforce(name))
}

// limitsBody is the recorded limits answer with DailyApiRequests replaced.
func limitsBody(t *testing.T, maxReq, remaining int) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(fixture(t, "rest-limits-response.json")), &m); err != nil {
		t.Fatal(err)
	}
	m["DailyApiRequests"] = json.RawMessage(fmt.Sprintf(`{"Max":%d,"Remaining":%d}`, maxReq, remaining))
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sfTime writes a datetime the way Salesforce does.
func sfTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000+0000") }

// errBody is Salesforce's REST error array with one error.
func errBody(code, message string) string {
	b, _ := json.Marshal([]map[string]string{{"message": message, "errorCode": code}})
	return string(b)
}

const (
	// rootBody is a synthetic version resource list (GET /services/data/vXX.X/).
	rootBody       = `{"tooling":"/services/data/v64.0/tooling","query":"/services/data/v64.0/query","sobjects":"/services/data/v64.0/sobjects","limits":"/services/data/v64.0/limits"}`
	notExpiredBody = `{"isExpired":false}`
	expiredBody    = `{"isExpired":true}`
)

// userBody is a synthetic User record as GET /sobjects/User/{id}?fields=…
// returns it.
func userBody(changed string) string {
	return fmt.Sprintf(`{"attributes":{"type":"User","url":"/services/data/v64.0/sobjects/User/%s"},"LastPasswordChangeDate":%s,"Id":"%s"}`,
		testUserID, changed, testUserID)
}

func changedAgo(d time.Duration) string { return `"` + sfTime(testNow.Add(-d)) + `"` }

// row is one LoginHistory row, ago before testNow.
type row struct {
	ago    time.Duration
	ip     string
	status string
}

// historyBody is a synthetic LoginHistory query result.
func historyBody(t *testing.T, rows ...row) string {
	t.Helper()
	type attrs struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	}
	type record struct {
		Attributes  attrs  `json:"attributes"`
		ID          string `json:"Id"`
		LoginTime   string `json:"LoginTime"`
		SourceIP    string `json:"SourceIp"`
		Status      string `json:"Status"`
		LoginType   string `json:"LoginType"`
		Application string `json:"Application"`
	}
	recs := make([]record, 0, len(rows))
	for i, r := range rows {
		id := fmt.Sprintf("0Yaxx%010dAAA", i)
		recs = append(recs, record{
			Attributes: attrs{Type: "LoginHistory", URL: "/services/data/v64.0/sobjects/LoginHistory/" + id},
			ID:         id, LoginTime: sfTime(testNow.Add(-r.ago)), SourceIP: r.ip, Status: r.status,
			LoginType: "Other Apex API", Application: "N/A",
		})
	}
	b, err := json.Marshal(map[string]any{"totalSize": len(recs), "done": true, "records": recs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func happyRoutes(t *testing.T) map[string]answer {
	t.Helper()
	return map[string]answer{
		callRoot:     {status: 200, body: rootBody},
		callLimits:   {status: 200, body: fixture(t, "rest-limits-response.json")},
		callPassword: {status: 200, body: notExpiredBody},
		callUser:     {status: 200, body: userBody(changedAgo(30*day + time.Hour))},
		callHistory: {status: 200, body: historyBody(t,
			row{2 * time.Second, "40.0.0.1", "Success"},
			row{30 * time.Minute, "40.0.0.9", "Success"},
			row{5 * time.Hour, "40.0.0.9", "Success"},
		)},
	}
}

// with returns routes with some calls answered differently.
func with(routes map[string]answer, changes map[string]answer) map[string]answer {
	out := maps.Clone(routes)
	maps.Copy(out, changes)
	return out
}

func ptr[T any](v T) *T { return &v }

const historyThreshold = "warn at any failed login in 24 h, or over 2,880 logins in an hour (80% of 3,600)"

var (
	hSession  = HealthRow{Probe: "session", Value: "accepted", Threshold: "must be accepted", Verdict: "ok"}
	hLimits   = HealthRow{Probe: "api-limits", Value: "14,953 of 15,000 left (99.6%)", Threshold: "warn under 10%, fail at 0", Verdict: "ok"}
	hPassword = HealthRow{Probe: "password", Value: "expires in 60 days (changed 2026-10-30)", Threshold: "warn under 14 days (max age 90 days)", Verdict: "ok"}
	hHistory  = HealthRow{Probe: "login-history", Value: "egress 40.0.0.1; 0 failed in 24 h; 2 logins in the last hour", Threshold: historyThreshold, Verdict: "ok"}
)

// happy returns the measures of the happy path, changed by edit.
func happy(edit func(p *Probes)) *Probes {
	p := &Probes{
		SessionUsable:         ptr(true),
		APIRequestsRemaining:  ptr(14953),
		APIRequestsMax:        ptr(15000),
		PasswordExpiresInDays: ptr(60),
		EgressIP:              "40.0.0.1",
		FailedLogins24h:       ptr(0),
		LoginsLastHour:        ptr(2),
		Health:                []HealthRow{hSession, hLimits, hPassword, hHistory},
	}
	if edit != nil {
		edit(p)
	}
	return p
}

func finding(sev Severity, r Reason, msg string) Finding {
	return Finding{Severity: sev, Reason: r, Message: msg}
}

func fail(r Reason, msg string) Finding {
	return finding(SeverityError, r, msg)
}

func warn(r Reason, msg string) Finding {
	return finding(SeverityWarning, r, msg)
}

func info(r Reason, msg string) Finding {
	return finding(SeverityInfo, r, msg)
}

// ignoreVocabulary leaves out what report.NewFinding copies from the
// vocabulary; the vocabulary has its own tests.
var ignoreVocabulary = cmpopts.IgnoreFields(Finding{}, "Title", "Remedy")

func TestRun(t *testing.T) {
	t.Parallel()

	invalidType := "sObject type 'LoginHistory' is not supported. If you are attempting to use a custom object, be sure to " +
		"append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."

	// 2,000 logins in the last 33 minutes: the page is full.
	busy := []row{{2 * time.Second, "40.0.0.1", "Success"}}
	for i := range 1999 {
		busy = append(busy, row{time.Duration(3+i) * time.Second, "40.0.0.9", "Success"})
	}

	cases := []struct {
		name    string
		cfg     ProbeSettings
		routes  func(t *testing.T) map[string]answer
		session func(s *probe.Session)
		want    []Finding
		// wantCalls nil means plannedCalls(cfg).
		wantCalls  []string
		wantProbes *Probes
	}{
		{
			name:       "all probes pass",
			cfg:        allOn,
			routes:     happyRoutes,
			wantProbes: happy(nil),
		},
		{
			name: "session rejected",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callRoot: {status: 401, body: fixture(t, "rest-error-invalid-session-id.json")}})
			},
			want: []Finding{fail(SessionRejected,
				"login worked but the session is refused: the profile enforces Login IP ranges on every request, or sessions are "+
					"locked to IP (Salesforce: HTTP 401 INVALID_SESSION_ID: Session expired or invalid)")},
			wantCalls: []string{callRoot},
			wantProbes: &Probes{SessionUsable: ptr(false), Health: []HealthRow{
				{Probe: "session", Value: "refused: HTTP 401 INVALID_SESSION_ID", Threshold: "must be accepted", Verdict: "fail"},
			}},
		},
		{
			name: "session without the api scope",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callRoot: {status: 401,
					body: errBody("INVALID_SESSION_ID", "This session is not valid for use with the REST API")}})
			},
			want: []Finding{fail(SessionRejected,
				"login worked but the session is not valid for the REST API: the connected app's OAuth scopes do not include api "+
					"(Salesforce: HTTP 401 INVALID_SESSION_ID: This session is not valid for use with the REST API)")},
			wantCalls: []string{callRoot},
			wantProbes: &Probes{SessionUsable: ptr(false), Health: []HealthRow{
				{Probe: "session", Value: "refused: HTTP 401 INVALID_SESSION_ID", Threshold: "must be accepted", Verdict: "fail"},
			}},
		},
		{
			name: "session refused on a later probe",
			cfg:  ProbeSettings{Limits: true, Password: true, MinAPIRemaining: 10},
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 401, body: fixture(t, "rest-error-invalid-session-id.json")}})
			},
			want: []Finding{fail(SessionRejected,
				"login worked but the session is refused: the profile enforces Login IP ranges on every request, or sessions are "+
					"locked to IP (Salesforce: HTTP 401 INVALID_SESSION_ID: Session expired or invalid)")},
			wantCalls: []string{callLimits},
			wantProbes: &Probes{SessionUsable: ptr(false), Health: []HealthRow{
				{Probe: "api-limits", Value: "refused: HTTP 401 INVALID_SESSION_ID", Threshold: "warn under 10%, fail at 0", Verdict: "fail"},
			}},
		},
		{
			name: "API disabled for the org",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callRoot: {status: 403,
					body: errBody("API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.")}})
			},
			want: []Finding{fail(APIDisabled,
				"login worked but API calls are refused: the user lacks the \"API Enabled\" permission or the org has no API access "+
					"(Salesforce: HTTP 403 API_DISABLED_FOR_ORG: The REST API is not enabled for this Organization.)")},
			wantCalls: []string{callRoot},
			wantProbes: &Probes{SessionUsable: ptr(false), Health: []HealthRow{
				{Probe: "session", Value: "refused: HTTP 403 API_DISABLED_FOR_ORG", Threshold: "must be accepted", Verdict: "fail"},
			}},
		},
		{
			name: "API disabled for the user",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callRoot: {status: 403,
					body: errBody("API_CURRENTLY_DISABLED", "API is disabled for this User")}})
			},
			want: []Finding{fail(APIDisabled,
				"login worked but API calls are refused: the user lacks the \"API Enabled\" permission or the org has no API access "+
					"(Salesforce: HTTP 403 API_CURRENTLY_DISABLED: API is disabled for this User)")},
			wantCalls: []string{callRoot},
			wantProbes: &Probes{SessionUsable: ptr(false), Health: []HealthRow{
				{Probe: "session", Value: "refused: HTTP 403 API_CURRENTLY_DISABLED", Threshold: "must be accepted", Verdict: "fail"},
			}},
		},
		{
			name: "request limit exceeded",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callRoot: {status: 403,
					body: `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`}})
			},
			want: []Finding{fail(APILimitExhausted,
				"login worked but Salesforce refuses API calls because the org's request limit is exceeded "+
					"(Salesforce: HTTP 403 REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.)")},
			wantCalls: []string{callRoot},
			wantProbes: &Probes{SessionUsable: ptr(false), Health: []HealthRow{
				{Probe: "session", Value: "refused: HTTP 403 REQUEST_LIMIT_EXCEEDED", Threshold: "must be accepted", Verdict: "fail"},
			}},
		},
		{
			name: "expired password refuses the session",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callRoot: {status: 401, body: errBody("INVALID_OPERATION_WITH_EXPIRED_PASSWORD",
					"The users password has expired, you must call SetPassword before attempting any other API operations")}})
			},
			want: []Finding{fail(PasswordExpired,
				"the password has expired: Salesforce refuses every API call until it is changed (Salesforce: HTTP 401 "+
					"INVALID_OPERATION_WITH_EXPIRED_PASSWORD: The users password has expired, you must call SetPassword before "+
					"attempting any other API operations)")},
			wantCalls: []string{callRoot},
			wantProbes: &Probes{SessionUsable: ptr(false), Health: []HealthRow{
				{Probe: "session", Value: "refused: HTTP 401 INVALID_OPERATION_WITH_EXPIRED_PASSWORD", Threshold: "must be accepted", Verdict: "fail"},
			}},
		},
		{
			name: "API requests low",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: limitsBody(t, 15000, 1200)}})
			},
			want: []Finding{warn(APILimitLow,
				"1,200 of the org's 15,000 daily API requests remain (8%), under min-api-remaining (10%)")},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining = ptr(1200)
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "1,200 of 15,000 left (8%)", Threshold: "warn under 10%, fail at 0", Verdict: "warning"}
			}),
		},
		{
			name: "API requests exactly at the threshold",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: limitsBody(t, 15000, 1500)}})
			},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining = ptr(1500)
				p.Health[1].Value = "1,500 of 15,000 left (10%)"
			}),
		},
		{
			name: "API requests exhausted",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: limitsBody(t, 15000, 0)}})
			},
			want: []Finding{fail(APILimitExhausted,
				"none of the org's 15,000 daily API requests remain: every integration call fails until the rolling 24-hour window frees some")},
			wantCalls: []string{callRoot, callLimits},
			wantProbes: &Probes{
				SessionUsable: ptr(true), APIRequestsRemaining: ptr(0), APIRequestsMax: ptr(15000),
				Health: []HealthRow{hSession, {Probe: "api-limits", Value: "0 of 15,000 left (0%)", Threshold: "warn under 10%, fail at 0", Verdict: "fail"}},
			},
		},
		{
			name: "limits not readable",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 403,
					body: errBody("INSUFFICIENT_ACCESS", "You do not have permission to view this record.")}})
			},
			want: []Finding{info(ProbeNotPermitted,
				"not readable by this user: grant View Setup and Configuration to see limits "+
					"(Salesforce: HTTP 403 INSUFFICIENT_ACCESS: You do not have permission to view this record.)")},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "not readable", Threshold: "warn under 10%, fail at 0", Verdict: "not permitted"}
			}),
		},
		{
			name: "limits answer without DailyApiRequests",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: `{"DataStorageMB":{"Max":5,"Remaining":3}}`}})
			},
			want: []Finding{info(UnexpectedResponse,
				nonsenseLimits)},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits answer with Remaining over Max",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: `{"DailyApiRequests":{"Max":15000,"Remaining":750000}}`}})
			},
			want: []Finding{info(UnexpectedResponse, nonsenseLimits)},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits answer with negative Remaining",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: `{"DailyApiRequests":{"Max":15000,"Remaining":-1}}`}})
			},
			want: []Finding{info(UnexpectedResponse, nonsenseLimits)},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits answer with Max in exponent form",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: `{"DailyApiRequests":{"Max":1e17,"Remaining":5}}`}})
			},
			want: []Finding{info(UnexpectedResponse, nonsenseLimits)},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits answer with Max that overflows",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: `{"DailyApiRequests":{"Max":100000000000000000000,"Remaining":5}}`}})
			},
			want: []Finding{info(UnexpectedResponse, nonsenseLimits)},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits answer with Max near the int range",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: `{"DailyApiRequests":{"Max":9223372036854775807,"Remaining":9223372036854775807}}`}})
			},
			want: []Finding{info(UnexpectedResponse, nonsenseLimits)},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits answer with fractional Remaining",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: `{"DailyApiRequests":{"Max":15000,"Remaining":10.5}}`}})
			},
			want: []Finding{info(UnexpectedResponse, nonsenseLimits)},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits answer is a web page",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 200, body: "<html><body>Maintenance</body></html>", contentType: "text/html"}})
			},
			want: []Finding{info(UnexpectedResponse,
				"the api-limits probe could not finish: HTTP 200 with a text/html body, not a REST JSON answer")},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown (unexpected-response)", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "limits server error echoing the token",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callLimits: {status: 500,
					body: errBody("UNKNOWN_EXCEPTION", "An unexpected error occurred for session "+testToken+", hash "+strings.SplitN(testToken, "!", 2)[1])}})
			},
			want: []Finding{info(ServerError,
				"the api-limits probe could not finish: Salesforce answered HTTP 500 UNKNOWN_EXCEPTION: An unexpected error occurred for session ***, hash ***")},
			wantProbes: happy(func(p *Probes) {
				p.APIRequestsRemaining, p.APIRequestsMax = nil, nil
				p.Health[1] = HealthRow{Probe: "api-limits", Value: "unknown (HTTP 500 UNKNOWN_EXCEPTION)", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"}
			}),
		},
		{
			name: "password expired",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callPassword: {status: 200, body: expiredBody}})
			},
			want: []Finding{fail(PasswordExpired,
				"the password has expired: Salesforce reports isExpired for this user, and every API call but setPassword fails until it is changed")},
			wantCalls: []string{callRoot, callLimits, callPassword},
			wantProbes: &Probes{
				SessionUsable: ptr(true), APIRequestsRemaining: ptr(14953), APIRequestsMax: ptr(15000), PasswordExpiresInDays: ptr(0),
				Health: []HealthRow{hSession, hLimits, {Probe: "password", Value: "expired", Threshold: "warn under 14 days (max age 90 days)", Verdict: "fail"}},
			},
		},
		{
			name: "password expires within the warning days",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callUser: {status: 200, body: userBody(changedAgo(80*day + time.Hour))}})
			},
			want: []Finding{warn(PasswordExpiring,
				"the password expires in 10 days; changing it resets the security token — update both secrets")},
			wantProbes: happy(func(p *Probes) {
				p.PasswordExpiresInDays = ptr(10)
				p.Health[2] = HealthRow{Probe: "password", Value: "expires in 10 days (changed 2026-09-10)", Threshold: "warn under 14 days (max age 90 days)", Verdict: "warning"}
			}),
		},
		{
			name: "password expires tomorrow",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callUser: {status: 200, body: userBody(changedAgo(89 * day))}})
			},
			want: []Finding{warn(PasswordExpiring,
				"the password expires in 1 day; changing it resets the security token — update both secrets")},
			wantProbes: happy(func(p *Probes) {
				p.PasswordExpiresInDays = ptr(1)
				p.Health[2] = HealthRow{Probe: "password", Value: "expires in 1 day (changed 2026-09-01)", Threshold: "warn under 14 days (max age 90 days)", Verdict: "warning"}
			}),
		},
		{
			name: "password past the max age but not reported expired",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callUser: {status: 200, body: userBody(changedAgo(100 * day))}})
			},
			want: []Finding{warn(PasswordExpiring,
				"the password is 100 days old (last changed on 2026-08-21), which reaches password-max-age-days (90), yet Salesforce "+
					"does not report it expired: check password-max-age-days against the profile's password policy; changing it "+
					"resets the security token — update both secrets")},
			wantProbes: happy(func(p *Probes) {
				p.PasswordExpiresInDays = ptr(0)
				p.Health[2] = HealthRow{Probe: "password", Value: "due now (changed 2026-08-21)", Threshold: "warn under 14 days (max age 90 days)", Verdict: "warning"}
			}),
		},
		{
			name: "password status not readable",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callPassword: {status: 403,
					body: errBody("INSUFFICIENT_ACCESS", "You do not have permission to view this record.")}})
			},
			want: []Finding{info(ProbeNotPermitted,
				"not readable by this user: the user cannot read its own password status "+
					"(Salesforce: HTTP 403 INSUFFICIENT_ACCESS: You do not have permission to view this record.)")},
			wantProbes: happy(nil),
		},
		{
			name: "password status and age not readable",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{
					callPassword: {status: 404, body: errBody("NOT_FOUND", "The requested resource does not exist")},
					callUser:     {status: 403, body: errBody("INSUFFICIENT_ACCESS", "You do not have permission to view this record.")},
				})
			},
			want: []Finding{
				info(ProbeNotPermitted, "not readable by this user: the user cannot read its own password status "+
					"(Salesforce: HTTP 404 NOT_FOUND: The requested resource does not exist)"),
				info(ProbeNotPermitted, "not readable by this user: the user cannot read LastPasswordChangeDate on its own "+
					"User record, so the days left are unknown (Salesforce: HTTP 403 INSUFFICIENT_ACCESS: You do not have permission to view this record.)"),
			},
			wantProbes: happy(func(p *Probes) {
				p.PasswordExpiresInDays = nil
				p.Health[2] = HealthRow{Probe: "password", Value: "not readable", Threshold: "warn under 14 days (max age 90 days)", Verdict: "not permitted"}
			}),
		},
		{
			name:   "password age not configured",
			cfg:    func() ProbeSettings { c := allOn; c.PasswordMaxAgeDays = 0; return c }(),
			routes: happyRoutes,
			wantProbes: happy(func(p *Probes) {
				p.PasswordExpiresInDays = nil
				p.Health[2] = HealthRow{Probe: "password", Value: "not expired (days left unknown: set password-max-age-days)", Threshold: "fail when expired", Verdict: "ok"}
			}),
		},
		{
			name: "LastPasswordChangeDate not in the org",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callUser: {status: 400, body: errBody("INVALID_FIELD",
					"\nLastPasswordChangeDate\n       ^\nERROR at Row:1:Column:8\nNo such column 'LastPasswordChangeDate' on entity 'User'.")}})
			},
			want: []Finding{info(ProbeNotPermitted,
				"not readable by this user: the user cannot read LastPasswordChangeDate on its own User record, so the days left "+
					"are unknown (Salesforce: HTTP 400 INVALID_FIELD: LastPasswordChangeDate ^ ERROR at Row:1:Column:8 No such column "+
					"'LastPasswordChangeDate' on entity 'User'.)")},
			wantProbes: happy(func(p *Probes) {
				p.PasswordExpiresInDays = nil
				p.Health[2] = HealthRow{Probe: "password", Value: "not expired", Threshold: "warn under 14 days (max age 90 days)", Verdict: "ok"}
			}),
		},
		{
			name: "no password change recorded",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callUser: {status: 200, body: userBody("null")}})
			},
			wantProbes: happy(func(p *Probes) {
				p.PasswordExpiresInDays = nil
				p.Health[2] = HealthRow{Probe: "password", Value: "not expired; no password change recorded", Threshold: "warn under 14 days (max age 90 days)", Verdict: "ok"}
			}),
		},
		{
			name: "failed logins with an old password",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callHistory: {status: 200, body: historyBody(t,
					row{2 * time.Second, "40.0.0.1", "Success"},
					row{10 * time.Minute, "20.1.2.3", "Invalid Password"},
					row{15 * time.Minute, "20.1.2.3", "Invalid Password"},
					row{20 * time.Minute, "20.1.2.3", "Invalid Password"},
					row{25 * time.Minute, "20.1.2.3", "Invalid Password"},
					row{30 * time.Minute, "20.1.2.3", "Invalid Password"},
					row{35 * time.Minute, "20.1.2.3", "Invalid Password"},
					row{2 * time.Hour, "20.1.2.3", "Invalid Password"},
					row{25 * time.Hour, "20.1.2.3", "Invalid Password"}, // outside the window
				)}})
			},
			want: []Finding{warn(RecentLoginFailures,
				"7 failed logins in 24 h from 20.1.2.3: Invalid Password — another job still uses an old password; 10 more in a "+
					"row and the user is locked out (by default; this check's successful login restarted the count)")},
			wantProbes: happy(func(p *Probes) {
				p.FailedLogins24h, p.LoginsLastHour = ptr(7), ptr(7)
				p.Health[3] = HealthRow{Probe: "login-history", Value: "egress 40.0.0.1; 7 failed in 24 h; 7 logins in the last hour",
					Threshold: historyThreshold, Verdict: "warning"}
			}),
		},
		{
			name: "password failures after this login",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callHistory: {status: 200, body: historyBody(t,
					row{500 * time.Millisecond, "20.1.2.3", "Invalid Password"},
					row{time.Second, "20.1.2.3", "Invalid Password"},
					row{1500 * time.Millisecond, "20.1.2.3", "Invalid Password"},
					row{2 * time.Second, "40.0.0.1", "Success"},
					row{10 * time.Minute, "20.1.2.3", "invalid password"},
					row{20 * time.Minute, "20.1.2.3", "INVALID PASSWORD"},
				)}})
			},
			want: []Finding{warn(RecentLoginFailures,
				"5 failed logins in 24 h from 20.1.2.3: Invalid Password — another job still uses an old password; 7 more and "+
					"the user is locked out (by default after 10 failed attempts in a row)")},
			wantProbes: happy(func(p *Probes) {
				p.FailedLogins24h, p.LoginsLastHour = ptr(5), ptr(6)
				p.Health[3] = HealthRow{Probe: "login-history", Value: "egress 40.0.0.1; 5 failed in 24 h; 6 logins in the last hour",
					Threshold: historyThreshold, Verdict: "warning"}
			}),
		},
		{
			name: "failed logins from several addresses",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callHistory: {status: 200, body: historyBody(t,
					row{2 * time.Second, "40.0.0.1", "Success"},
					row{3 * time.Hour, "20.1.2.3", "Invalid Password"},
					row{4 * time.Hour, "20.1.2.3", "Invalid Password"},
					row{5 * time.Hour, "20.1.2.3", "Invalid Password"},
					row{6 * time.Hour, "20.1.2.3", "Invalid Password"},
					row{7 * time.Hour, "20.1.2.3", "Invalid Password"},
					row{8 * time.Hour, "52.1.1.1", "Restricted IP"},
					row{9 * time.Hour, "52.1.1.1", "Restricted IP"},
					row{10 * time.Hour, "52.1.1.2", "Failed: API security token required"},
					row{11 * time.Hour, "52.1.1.3", "Failed: Computer activation required"},
					row{12 * time.Hour, "", "User is Inactive"},
				)}})
			},
			want: []Finding{warn(RecentLoginFailures,
				"10 failed logins in 24 h; 5 from 20.1.2.3: Invalid Password — another job still uses an old password; 10 more in "+
					"a row and the user is locked out (by default; this check's successful login restarted the count); also 2 from "+
					"52.1.1.1: Restricted IP, 1 from 52.1.1.2: Failed: API security token required, 1 from 52.1.1.3: Failed: Computer "+
					"activation required and 1 more group")},
			wantProbes: happy(func(p *Probes) {
				p.FailedLogins24h, p.LoginsLastHour = ptr(10), ptr(1)
				p.Health[3] = HealthRow{Probe: "login-history", Value: "egress 40.0.0.1; 10 failed in 24 h; 1 login in the last hour",
					Threshold: historyThreshold, Verdict: "warning"}
			}),
		},
		{
			name: "failed logins without a password failure",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callHistory: {status: 200, body: historyBody(t,
					row{2 * time.Second, "40.0.0.1", "Success"},
					row{3 * time.Hour, "52.1.1.1", "Restricted IP"},
				)}})
			},
			want: []Finding{warn(RecentLoginFailures,
				"1 failed login in 24 h from 52.1.1.1: Restricted IP — a job logs in from an address outside the profile's Login IP Ranges")},
			wantProbes: happy(func(p *Probes) {
				p.FailedLogins24h, p.LoginsLastHour = ptr(1), ptr(1)
				p.Health[3] = HealthRow{Probe: "login-history", Value: "egress 40.0.0.1; 1 failed in 24 h; 1 login in the last hour",
					Threshold: historyThreshold, Verdict: "warning"}
			}),
		},
		{
			name: "login rate close to the limit",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{
					callHistory: {status: 200, body: historyBody(t, busy...)},
					callCount:   {status: 200, body: `{"totalSize":3012,"done":true,"records":[]}`},
				})
			},
			want: []Finding{warn(LoginRateHigh,
				"3,012 logins of this user in the last hour, 83.6% of Salesforce's limit of 3,600 per user per hour; "+
					"at the limit Salesforce refuses the user's logins for an hour")},
			wantCalls: append(plannedCalls(allOn), callCount),
			wantProbes: happy(func(p *Probes) {
				p.LoginsLastHour = ptr(3012)
				p.Health[3] = HealthRow{Probe: "login-history", Value: "egress 40.0.0.1; at least 0 failed in 24 h; 3,012 logins in the last hour",
					Threshold: historyThreshold, Verdict: "warning"}
			}),
		},
		{
			name: "login count refused",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{
					callHistory: {status: 200, body: historyBody(t, busy...)},
					callCount:   {status: 500, body: errBody("UNKNOWN_EXCEPTION", "An unexpected error occurred.")},
				})
			},
			want: []Finding{info(ServerError,
				"the login-history probe could not finish: Salesforce answered HTTP 500 UNKNOWN_EXCEPTION: An unexpected error occurred.")},
			wantCalls: append(plannedCalls(allOn), callCount),
			wantProbes: happy(func(p *Probes) {
				p.LoginsLastHour = ptr(2000)
				p.Health[3] = HealthRow{Probe: "login-history", Value: "egress 40.0.0.1; at least 0 failed in 24 h; at least 2,000 logins in the last hour",
					Threshold: historyThreshold, Verdict: "ok"}
			}),
		},
		{
			name: "login history not readable",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callHistory: {status: 400, body: errBody("INVALID_TYPE", invalidType)}})
			},
			want: []Finding{info(ProbeNotPermitted,
				"not readable by this user: reading its own LoginHistory needs API version 37.0 or later (api-version), or Manage "+
					"Users; egress IP, failed logins and login rate are unknown (Salesforce: HTTP 400 INVALID_TYPE: "+invalidType+")")},
			wantProbes: happy(func(p *Probes) {
				p.EgressIP, p.FailedLogins24h, p.LoginsLastHour = "", nil, nil
				p.Health[3] = HealthRow{Probe: "login-history", Value: "not readable", Threshold: historyThreshold, Verdict: "not permitted"}
			}),
		},
		{
			name: "this login's row not visible yet",
			cfg:  allOn,
			routes: func(t *testing.T) map[string]answer {
				return with(happyRoutes(t), map[string]answer{callHistory: {status: 200, body: historyBody(t,
					row{time.Minute, "40.0.0.9", "Success"},
				)}})
			},
			wantProbes: happy(func(p *Probes) {
				p.EgressIP, p.LoginsLastHour = "", ptr(1)
				p.Health[3].Value = "egress IP not found; 0 failed in 24 h; 1 login in the last hour"
			}),
		},
		{
			name:   "no login time given",
			cfg:    allOn,
			routes: happyRoutes,
			session: func(s *probe.Session) {
				s.LoginTime = time.Time{}
			},
			wantProbes: happy(func(p *Probes) {
				p.EgressIP = ""
				p.Health[3].Value = "egress IP not found; 0 failed in 24 h; 2 logins in the last hour"
			}),
		},
		{
			name:   "user id unsafe for SOQL",
			cfg:    allOn,
			routes: happyRoutes,
			session: func(s *probe.Session) {
				s.UserID = "005' OR Name != '"
			},
			want: []Finding{
				info(UnexpectedResponse, "the password probe was skipped: the user id from the login is not a 15- or 18-character Salesforce id"),
				info(UnexpectedResponse, "the login-history probe was skipped: the user id from the login is not a 15- or 18-character Salesforce id"),
			},
			wantCalls: []string{callRoot, callLimits},
			wantProbes: &Probes{
				SessionUsable: ptr(true), APIRequestsRemaining: ptr(14953), APIRequestsMax: ptr(15000),
				Health: []HealthRow{
					hSession, hLimits,
					{Probe: "password", Value: "unknown", Threshold: "warn under 14 days (max age 90 days)", Verdict: "unknown"},
					{Probe: "login-history", Value: "unknown", Threshold: historyThreshold, Verdict: "unknown"},
				},
			},
		},
		{
			name:       "no probe enabled",
			cfg:        ProbeSettings{MinAPIRemaining: 10, PasswordMaxAgeDays: 90, PasswordWarningDays: 14},
			routes:     happyRoutes,
			wantCalls:  []string{},
			wantProbes: &Probes{},
		},
		{
			name:      "only limits",
			cfg:       ProbeSettings{Limits: true, MinAPIRemaining: 10},
			routes:    happyRoutes,
			wantCalls: []string{callLimits},
			wantProbes: &Probes{
				APIRequestsRemaining: ptr(14953), APIRequestsMax: ptr(15000),
				Health: []HealthRow{hLimits},
			},
		},
		{
			name:      "only login history",
			cfg:       ProbeSettings{LoginHistory: true},
			routes:    happyRoutes,
			wantCalls: []string{callHistory},
			wantProbes: &Probes{
				EgressIP: "40.0.0.1", FailedLogins24h: ptr(0), LoginsLastHour: ptr(2),
				Health: []HealthRow{hHistory},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := newFakeOrg(t, tc.routes(t))
			s := org.session()
			if tc.session != nil {
				tc.session(&s)
			}

			got, gotProbes := probeHealth(t.Context(), newClient(s), s, tc.cfg, testNow)

			if diff := cmp.Diff(tc.want, got, ignoreVocabulary, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("findings (-want, +got):\n%s", diff)
			}
			// The expiry date and its source are held through the binary
			// (internal/cli TestOrgPolicy*), against the simulated org.
			if diff := cmp.Diff(tc.wantProbes, gotProbes, cmpopts.IgnoreFields(Probes{}, "PasswordExpiresOn", "PasswordExpirySource")); diff != "" {
				t.Errorf("probes (-want, +got):\n%s", diff)
			}
			wantCalls := tc.wantCalls
			if wantCalls == nil {
				wantCalls = plannedCalls(tc.cfg)
			}
			if diff := cmp.Diff(wantCalls, org.calls(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("calls (-want, +got):\n%s", diff)
			}
			for _, r := range org.requests() {
				if r.auth != "Bearer "+testToken {
					t.Errorf("%s: Authorization = %q, want the bearer token", r.call, r.auth)
				}
				if r.accept != "application/json" {
					t.Errorf("%s: Accept = %q, want application/json", r.call, r.accept)
				}
			}
			assertNoToken(t, got, gotProbes)
		})
	}
}

// assertNoToken fails if the token, or its part after the org id, appears in
// anything the run produced.
func assertNoToken(t *testing.T, findings []Finding, p *Probes) {
	t.Helper()
	_, secretPart, _ := strings.Cut(testToken, "!")
	b, err := json.Marshal(struct {
		F []Finding
		P *Probes
	}{findings, p})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), secretPart) {
		t.Errorf("the token leaked into the results: %s", b)
	}
}

func TestCalls(t *testing.T) {
	t.Parallel()

	noAge := allOn
	noAge.PasswordMaxAgeDays = 0

	cases := []struct {
		name string
		cfg  ProbeSettings
		want []string
	}{
		{name: "all", cfg: allOn, want: []string{callRoot, callLimits, callPassword, callUser, callHistory}},
		{name: "password without max age", cfg: noAge, want: []string{callRoot, callLimits, callPassword, callHistory}},
		{name: "session only", cfg: ProbeSettings{Session: true}, want: []string{callRoot}},
		{name: "none", cfg: ProbeSettings{}, want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			if diff := cmp.Diff(tc.want, plannedCalls(tc.cfg)); diff != "" {
				t.Errorf("plannedCalls (-want, +got):\n%s", diff)
			}
			// The happy path makes exactly these calls.
			org := newFakeOrg(t, happyRoutes(t))
			probeHealth(t.Context(), newClient(org.session()), org.session(), tc.cfg, testNow)
			if diff := cmp.Diff(plannedCalls(tc.cfg), org.calls()); diff != "" {
				t.Errorf("calls made (-planned, +made):\n%s", diff)
			}
		})
	}
}

func TestRun_Unreachable(t *testing.T) {
	t.Parallel()

	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	s := probe.Session{InstanceURL: url, Token: testToken, UserID: testUserID, APIVersion: testAPI, LoginTime: testLogin}

	got, gotProbes := probeHealth(t.Context(), newClient(s), s, ProbeSettings{Session: true, Limits: true, MinAPIRemaining: 10}, testNow)

	wantReasons := []Reason{NetworkError, NetworkError}
	var gotReasons []Reason
	for _, f := range got {
		gotReasons = append(gotReasons, f.Reason)
		if f.Severity != SeverityInfo {
			t.Errorf("%s: severity %s, want info: a probe never fails the check for the network", f.Reason, f.Severity)
		}
		if !strings.Contains(f.Remedy, "the login result stands") {
			t.Errorf("%s: remedy %q does not speak of the probe", f.Reason, f.Remedy)
		}
	}
	if diff := cmp.Diff(wantReasons, gotReasons); diff != "" {
		t.Errorf("reasons (-want, +got):\n%s", diff)
	}
	wantHealth := []HealthRow{
		{Probe: "session", Value: "unknown (network-error)", Threshold: "must be accepted", Verdict: "unknown"},
		{Probe: "api-limits", Value: "unknown (network-error)", Threshold: "warn under 10%, fail at 0", Verdict: "unknown"},
	}
	if diff := cmp.Diff(&Probes{Health: wantHealth}, gotProbes); diff != "" {
		t.Errorf("probes (-want, +got):\n%s", diff)
	}
}

func TestRun_Timeout(t *testing.T) {
	t.Parallel()

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	s := probe.Session{InstanceURL: srv.URL, Token: testToken, UserID: testUserID, APIVersion: testAPI, LoginTime: testLogin}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()

	got, gotProbes := probeHealth(ctx, newClient(s), s, allOn, testNow)

	if len(got) != 1 || got[0].Reason != Timeout || got[0].Severity != SeverityInfo {
		t.Fatalf("findings = %+v, want one info timeout", got)
	}
	if want := "the session probe could not finish: deadline exceeded"; !strings.HasPrefix(got[0].Message, want) {
		t.Errorf("message %q, want it to start with %q", got[0].Message, want)
	}
	// The run stops once the context is done: no row for the later probes.
	want := &Probes{Health: []HealthRow{{Probe: "session", Value: "unknown (timeout)", Threshold: "must be accepted", Verdict: "unknown"}}}
	if diff := cmp.Diff(want, gotProbes); diff != "" {
		t.Errorf("probes (-want, +got):\n%s", diff)
	}
}

func TestRun_InfoFindingsNeverFail(t *testing.T) {
	t.Parallel()

	org := newFakeOrg(t, with(happyRoutes(t), map[string]answer{
		callLimits:  {status: 403, body: errBody("INSUFFICIENT_ACCESS", "You do not have permission to view this record.")},
		callHistory: {status: 400, body: errBody("INVALID_TYPE", "sObject type 'LoginHistory' is not supported.")},
	}))
	got, _ := probeHealth(t.Context(), newClient(org.session()), org.session(), allOn, testNow)

	r := &Result{}
	for _, f := range got {
		r.Add(f)
	}
	r.Finish()
	if r.Status != StatusPass || r.Exit != ExitOK {
		t.Errorf("status %s exit %d, want pass 0: not-permitted probes are info only", r.Status, r.Exit)
	}
	if len(r.Findings) != 2 {
		t.Errorf("got %d findings, want 2 info lines: a not-permitted probe is never hidden", len(r.Findings))
	}
}
