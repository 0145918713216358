package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/redact"
	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// Session is what a successful login produced.
type Session struct {
	// InstanceURL is the org's base URL (https://<MyDomain>.my.salesforce.com).
	InstanceURL string
	// Token is the session id or access token: a secret. It is sent only in
	// the Authorization header and scrubbed from every message.
	Token  string
	UserID string
	// APIVersion is the REST version, "64.0" (a leading "v" is ignored).
	APIVersion string
	// LoginTime is when the login was made, to find this login's LoginHistory
	// row. The zero time leaves egress-ip unknown.
	LoginTime time.Time
}

// Answers the probes cannot use. Each method of Client returns them as they
// are (errors.Is), besides an *APIError, a *transport.AnswerError or a
// *transport.Error.
var (
	// ErrUserID: the user id from the login is not a 15- or 18-character
	// Salesforce id, so no call was made with it.
	ErrUserID = errors.New("the user id from the login is not a 15- or 18-character Salesforce id")
	// ErrDailyRequests: the limits answer has no believable daily API numbers.
	ErrDailyRequests = errors.New("the answer's DailyApiRequests Max and Remaining are missing or make no sense " +
		"(whole numbers, Max above 0, Remaining from 0 to Max)")
	// ErrNoIsExpired: the password status has no isExpired.
	ErrNoIsExpired = errors.New("the password status has no isExpired")
	// ErrPasswordChangeDate: LastPasswordChangeDate is not a date.
	ErrPasswordChangeDate = errors.New("LastPasswordChangeDate is not a date")
	// ErrLoginTime: a LoginHistory row's LoginTime is not a date.
	ErrLoginTime = errors.New("a LoginTime is not a date")
)

// pathRoot is the version's resource list: the cheapest authenticated call.
const pathRoot = "/"

// Root makes one authenticated call to prove the session is accepted: a
// login can succeed while every later request is refused (Login IP ranges
// enforced on every request, sessions locked to an IP, API disabled).
func (c *Client) Root(ctx context.Context) error {
	_, err := c.get(ctx, pathRoot, nil, nil)
	return err
}

// pathLimits lists the org's limits; it needs View Setup and Configuration.
const pathLimits = "/limits"

// limitsAnswer is the part of GET /limits the probe reads (fixture
// rest-limits-response.json). Salesforce's numbers are accurate to about five
// minutes.
type limitsAnswer struct {
	DailyAPIRequests *struct {
		// Numbers as written, so that 1e17 or 5000.5 is an unexpected
		// answer rather than a decoding failure or an overflow.
		Max       *json.Number `json:"Max"`
		Remaining *json.Number `json:"Remaining"`
	} `json:"DailyApiRequests"`
}

// maxDailyRequests bounds a believable daily API limit: Salesforce's largest
// are in the millions; anything near the int range is nonsense, and would
// overflow the percentage arithmetic.
const maxDailyRequests = 1_000_000_000_000

// DailyRequests reads the org's daily API request limit and how many of it
// are left. An answer no org could give is ErrDailyRequests.
func (c *Client) DailyRequests(ctx context.Context) (maxReq, left int, err error) {
	var ans limitsAnswer
	if _, err := c.get(ctx, pathLimits, nil, &ans); err != nil {
		return 0, 0, err
	}
	d := ans.DailyAPIRequests
	if d == nil {
		return 0, 0, ErrDailyRequests
	}
	maxReq, left, ok := dailyRequests(d.Max, d.Remaining)
	if !ok {
		return 0, 0, ErrDailyRequests
	}
	return maxReq, left, nil
}

// dailyRequests reads Max and Remaining and checks that they make sense
// together; ok is false for an answer no org could give.
func dailyRequests(maxN, remainingN *json.Number) (maxReq, left int, ok bool) {
	if maxN == nil || remainingN == nil {
		return 0, 0, false
	}
	m, err1 := strconv.ParseInt(maxN.String(), 10, 64)
	r, err2 := strconv.ParseInt(remainingN.String(), 10, 64)
	if err1 != nil || err2 != nil || m <= 0 || m > maxDailyRequests || r < 0 || r > m {
		return 0, 0, false
	}
	return int(m), int(r), true
}

// passwordPath answers {"isExpired": false} for a user whose password status
// the session may read (REST "Manage User Passwords").
func passwordPath(id string) string { return "/sobjects/User/" + id + "/password" }

// userPath is the user's record; with ?fields= only those fields come back.
func userPath(id string) string { return "/sobjects/User/" + id }

// userFields is the one User field the password probe reads:
// LastPasswordChangeDate, "Last Password Change or Reset" in the Summer '26
// field reference (docs/salesforce.md §8). If field-level security hides it,
// Salesforce answers 400 INVALID_FIELD, which the probe reports as not
// readable.
const userFields = "LastPasswordChangeDate"

// userRecord is the part of the User record the probe asks for.
type userRecord struct {
	LastPasswordChangeDate *string `json:"LastPasswordChangeDate"`
}

// PasswordExpired reads whether the session user's password has expired.
func (c *Client) PasswordExpired(ctx context.Context) (bool, error) {
	if !validID(c.userID) {
		return false, ErrUserID
	}
	var status struct {
		IsExpired *bool `json:"isExpired"`
	}
	if _, err := c.get(ctx, passwordPath(c.userID), nil, &status); err != nil {
		return false, err
	}
	if status.IsExpired == nil {
		return false, ErrNoIsExpired
	}
	return *status.IsExpired, nil
}

// LastPasswordChange reads when the session user last changed the password;
// the zero time when no change is recorded.
func (c *Client) LastPasswordChange(ctx context.Context) (time.Time, error) {
	if !validID(c.userID) {
		return time.Time{}, ErrUserID
	}
	var u userRecord
	if _, err := c.get(ctx, userPath(c.userID), url.Values{"fields": {userFields}}, &u); err != nil {
		return time.Time{}, err
	}
	if u.LastPasswordChangeDate == nil || strings.TrimSpace(*u.LastPasswordChangeDate) == "" {
		return time.Time{}, nil
	}
	changed, ok := parseSFTime(strings.TrimSpace(*u.LastPasswordChangeDate))
	if !ok {
		return time.Time{}, ErrPasswordChangeDate
	}
	return changed, nil
}

// pathQuery runs a SOQL query given in q.
const pathQuery = "/query"

// MaxRows is the login-history query's LIMIT and Salesforce's default page
// size, so the answer is one page: one call.
const MaxRows = 2000

// loginHistorySOQL reads the user's logins since a SOQL datetime. Status and
// SourceIp cannot be filtered in SOQL (docs/salesforce.md §8), so the query
// filters by UserId and LoginTime only and the rest is done by the caller.
// API 37.0+ lets a user read its own rows. id must have passed validID.
func loginHistorySOQL(id, since string) string {
	return "SELECT Id, LoginTime, SourceIp, Status, LoginType, Application FROM LoginHistory WHERE UserId = '" + id +
		"' AND LoginTime >= " + since + " ORDER BY LoginTime DESC LIMIT " + fmt.Sprint(MaxRows)
}

// loginCountSOQL counts the user's logins since a SOQL datetime.
func loginCountSOQL(id, since string) string {
	return "SELECT COUNT() FROM LoginHistory WHERE UserId = '" + id + "' AND LoginTime >= " + since
}

// queryAnswer is a SOQL query result page. The probe follows no
// nextRecordsUrl: each page is another API call, and the newest 2,000 rows
// serve every measure but the hourly count, which gets its own COUNT() query
// when it matters.
type queryAnswer struct {
	TotalSize      int        `json:"totalSize"`
	Done           *bool      `json:"done"`
	NextRecordsURL string     `json:"nextRecordsUrl"`
	Records        []loginRow `json:"records"`
}

// loginRow is one LoginHistory record as the query returns it.
type loginRow struct {
	LoginTime   string `json:"LoginTime"`
	SourceIP    string `json:"SourceIp"`
	Status      string `json:"Status"`
	LoginType   string `json:"LoginType"`
	Application string `json:"Application"`
}

// Attempt is one row of LoginHistory.
type Attempt struct {
	At     time.Time
	IP     string
	Status string
}

// Success reports a successful login.
func (a Attempt) Success() bool { return strings.EqualFold(strings.TrimSpace(a.Status), "Success") }

// Failure reports a failed login of any kind.
func (a Attempt) Failure() bool { return strings.TrimSpace(a.Status) != "" && !a.Success() }

// PasswordFailure reports a failure that counts toward the lockout.
func (a Attempt) PasswordFailure() bool {
	return strings.EqualFold(strings.TrimSpace(a.Status), "Invalid Password")
}

// History is the session user's logins since a time, newest first.
type History struct {
	Attempts []Attempt
	// Truncated: there are more rows than the one page read (MaxRows).
	Truncated bool
}

// LoginHistory reads the session user's own logins since since, newest
// first, in one query.
func (c *Client) LoginHistory(ctx context.Context, since time.Time) (History, error) {
	if !validID(c.userID) {
		return History{}, ErrUserID
	}
	var ans queryAnswer
	resp, err := c.get(ctx, pathQuery, url.Values{"q": {loginHistorySOQL(c.userID, soqlTime(since))}}, &ans)
	if err != nil {
		return History{}, err
	}
	rows, ok := parseAttempts(resp, ans.Records)
	if !ok {
		return History{}, ErrLoginTime
	}
	truncated := ans.NextRecordsURL != "" || len(rows) >= MaxRows || (ans.Done != nil && !*ans.Done)
	return History{Attempts: rows, Truncated: truncated}, nil
}

// LoginCount counts the session user's logins since since, in one COUNT()
// query: for when the page LoginHistory reads is cut off.
func (c *Client) LoginCount(ctx context.Context, since time.Time) (int, error) {
	if !validID(c.userID) {
		return 0, ErrUserID
	}
	var ans queryAnswer
	if _, err := c.get(ctx, pathQuery, url.Values{"q": {loginCountSOQL(c.userID, soqlTime(since))}}, &ans); err != nil {
		return 0, err
	}
	return ans.TotalSize, nil
}

// parseAttempts parses the rows, newest first (sorted here, not trusted to
// the query); an IP and a status are kept through
// transport.Response.Keep.
func parseAttempts(resp *transport.Response, records []loginRow) ([]Attempt, bool) {
	out := make([]Attempt, 0, len(records))
	for _, r := range records {
		at, ok := parseSFTime(strings.TrimSpace(r.LoginTime))
		if !ok {
			return nil, false
		}
		out = append(out, Attempt{At: at, IP: resp.Keep(r.SourceIP, redact.MaxCode), Status: resp.Keep(r.Status, redact.MaxName)})
	}
	slices.SortStableFunc(out, func(a, b Attempt) int { return b.At.Compare(a.At) })
	return out, true
}

// validID reports whether id is a 15- or 18-character Salesforce id. The id
// comes from the login's answer and goes into a URL path and a SOQL string
// literal, so nothing else may pass.
func validID(id string) bool {
	if len(id) != 15 && len(id) != 18 {
		return false
	}
	for _, r := range id {
		if (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
