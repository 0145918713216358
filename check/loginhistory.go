package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
)

const (
	// loginRateLimit is Salesforce's limit of logins per user per hour
	// (docs/salesforce.md §7); login-rate-high warns above loginRateWarnPercent.
	loginRateLimit       = 3600
	loginRateWarnPercent = 80
	// lockoutAttempts is the default maxLoginAttempts (TenAttempts); the
	// org's own policy is not readable with the integration user's rights.
	lockoutAttempts = 10
	// thisLoginSlack allows for the runner's clock being a little ahead of
	// Salesforce's when the login's row is looked up.
	thisLoginSlack = 5 * time.Second
)

// loginHistory reads the user's own login history of the last 24 hours: the
// address Salesforce saw for this login, the failed logins and the hourly
// login rate. It costs one query.
func (p *prober) loginHistory(ctx context.Context) bool {
	rateWarn := loginRateLimit * loginRateWarnPercent / 100
	threshold := fmt.Sprintf("warn at any failed login in 24 h, or over %s logins in an hour (%d%% of %s)",
		thousands(rateWarn), loginRateWarnPercent, thousands(loginRateLimit))
	permit := call{
		probe: nameLoginHistory, input: inputLoginHistory,
		notPermitted: "reading its own LoginHistory needs API version 37.0 or later (api-version), or Manage Users; " +
			"egress IP, failed logins and login rate are unknown",
	}
	since := p.now.Add(-24 * time.Hour)
	hist, err := p.rest.LoginHistory(ctx, since)
	switch {
	case errors.Is(err, probe.ErrUserID):
		p.info(UnexpectedResponse, inputLoginHistory, "the login-history probe was skipped: "+err.Error())
		p.health(nameLoginHistory, "unknown", threshold, verdictUnknown)
		return false
	case errors.Is(err, probe.ErrLoginTime):
		p.info(UnexpectedResponse, inputLoginHistory, "the login-history probe could not finish: "+err.Error())
		p.health(nameLoginHistory, "unknown", threshold, verdictUnknown)
		return false
	case err != nil:
		value, verdict, stop := p.failed(permit, err)
		p.health(nameLoginHistory, value, threshold, verdict)
		return stop
	}
	rows, truncated := hist.Attempts, hist.Truncated
	verdict := verdictOK
	var parts []string

	if this, found := p.thisLogin(rows); found {
		p.out.EgressIP = this.IP
		parts = append(parts, "egress "+this.IP)
	} else {
		parts = append(parts, "egress IP not found")
	}

	failures := failedSince(rows, since)
	n := len(failures)
	p.out.FailedLogins24h = &n
	atLeast := ""
	if truncated {
		atLeast = "at least "
	}
	parts = append(parts, fmt.Sprintf("%s%d failed in 24 h", atLeast, n))
	if n > 0 {
		verdict = verdictWarning
		p.add(NewFinding(RecentLoginFailures, p.failuresMessage(rows, failures, truncated)))
	}

	hourAgo := p.now.Add(-time.Hour)
	inHour := 0
	for _, a := range rows {
		if !a.At.Before(hourAgo) {
			inHour++
		}
	}
	hourLabel := count(inHour, "login", "logins")
	if truncated && len(rows) > 0 && !rows[len(rows)-1].At.Before(hourAgo) {
		// Every row read is from the last hour, so the count is cut off at
		// the page: ask Salesforce for the exact number.
		total, err := p.rest.LoginCount(ctx, hourAgo)
		if err != nil {
			value, vd, stop := p.failed(permit, err)
			if stop {
				p.health(nameLoginHistory, value, threshold, vd)
				return true
			}
			hourLabel = "at least " + hourLabel
		} else {
			inHour = max(inHour, total)
			hourLabel = count(inHour, "login", "logins")
		}
	}
	p.out.LoginsLastHour = &inHour
	parts = append(parts, hourLabel+" in the last hour")
	if inHour > rateWarn {
		verdict = verdictWarning
		p.add(NewFinding(LoginRateHigh, fmt.Sprintf(
			"%s logins of this user in the last hour, %s of Salesforce's limit of %s per user per hour; "+
				"at the limit Salesforce refuses the user's logins for an hour",
			thousands(inHour), percent(inHour, loginRateLimit), thousands(loginRateLimit))))
	}
	p.health(nameLoginHistory, strings.Join(parts, "; "), threshold, verdict)
	return false
}

// thisLogin is the newest successful row no older than the login (less a few
// seconds of clock skew). Without a login time nothing is guessed.
func (p *prober) thisLogin(rows []probe.Attempt) (probe.Attempt, bool) {
	if p.s.LoginTime.IsZero() {
		return probe.Attempt{}, false
	}
	from := p.s.LoginTime.Add(-thisLoginSlack)
	for _, a := range rows {
		if a.At.Before(from) {
			break
		}
		if a.Success() && a.IP != "" {
			return a, true
		}
	}
	return probe.Attempt{}, false
}

func failedSince(rows []probe.Attempt, since time.Time) []probe.Attempt {
	var out []probe.Attempt
	for _, a := range rows {
		if a.Failure() && !a.At.Before(since) {
			out = append(out, a)
		}
	}
	return out
}

// failureGroup is the failures of one status from one address.
type failureGroup struct {
	status, ip string
	n          int
}

func groupFailures(failures []probe.Attempt) []failureGroup {
	idx := map[[2]string]int{}
	var groups []failureGroup
	for _, a := range failures {
		k := [2]string{strings.ToLower(a.Status), a.IP}
		i, ok := idx[k]
		if !ok {
			i = len(groups)
			idx[k] = i
			groups = append(groups, failureGroup{status: a.Status, ip: a.IP})
		}
		groups[i].n++
	}
	slices.SortStableFunc(groups, func(a, b failureGroup) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.status, b.status), cmp.Compare(a.ip, b.ip))
	})
	return groups
}

// maxGroupsNamed caps how many other (status, address) groups the message lists.
const maxGroupsNamed = 3

// failuresMessage names the biggest group, what it likely means, the other
// groups, and, for password failures, how close the user is to a lockout.
func (p *prober) failuresMessage(rows, failures []probe.Attempt, truncated bool) string {
	groups := groupFailures(failures)
	total := count(len(failures), "failed login", "failed logins")
	if truncated {
		total = "at least " + total
	}
	g := groups[0]
	var b strings.Builder
	if len(groups) == 1 {
		fmt.Fprintf(&b, "%s in 24 h from %s: %s", total, address(g.ip), g.status)
	} else {
		fmt.Fprintf(&b, "%s in 24 h; %d from %s: %s", total, g.n, address(g.ip), g.status)
	}
	if h := failureHint(g.status); h != "" {
		b.WriteString(" — " + h)
	}
	if strings.EqualFold(g.status, "Invalid Password") {
		b.WriteString("; " + p.lockoutNote(rows))
	}
	if len(groups) > 1 {
		others := make([]string, 0, maxGroupsNamed)
		for _, o := range groups[1:min(len(groups), 1+maxGroupsNamed)] {
			others = append(others, fmt.Sprintf("%d from %s: %s", o.n, address(o.ip), o.status))
		}
		b.WriteString("; also " + strings.Join(others, ", "))
		if rest := len(groups) - 1 - maxGroupsNamed; rest > 0 {
			fmt.Fprintf(&b, " and %s", count(rest, "more group", "more groups"))
		}
	}
	if truncated {
		b.WriteString(" (only the newest 2,000 logins of the last 24 h were read)")
	}
	return b.String()
}

// lockoutNote says how many more wrong passwords lock the user out. The
// count is of failures in a row: a successful login resets it (Salesforce
// Help "Set Password Policies", quoted by third parties; UNCERTAIN), so only
// password failures after the newest success, and after this check's own
// login, count. The org's limit is not readable here; 10 is the default.
func (p *prober) lockoutNote(rows []probe.Attempt) string {
	inARow := 0
	for _, a := range rows { // newest first
		if a.Success() || (!p.s.LoginTime.IsZero() && !a.At.After(p.s.LoginTime)) {
			break
		}
		if a.PasswordFailure() {
			inARow++
		}
	}
	switch left := lockoutAttempts - inARow; {
	case inARow == 0:
		return fmt.Sprintf("%d more in a row and the user is locked out (by default; this check's successful login restarted the count)", lockoutAttempts)
	case left > 0:
		return fmt.Sprintf("%d more and the user is locked out (by default after %d failed attempts in a row)", left, lockoutAttempts)
	default:
		return fmt.Sprintf("%d failed in a row since the last successful login: the user is probably locked out (by default after %d)", inARow, lockoutAttempts)
	}
}

// failureHint says what a LoginHistory status usually means for an
// integration user; statuses compare case-insensitively (docs/salesforce.md §2.4).
func failureHint(status string) string {
	s := strings.ToLower(status)
	switch {
	case s == "invalid password":
		return "another job still uses an old password"
	case strings.Contains(s, "security token"):
		return "another job logs in without the current security token"
	case s == "restricted ip":
		return "a job logs in from an address outside the profile's Login IP Ranges"
	case s == "password lockout":
		return "the user was locked out"
	case strings.Contains(s, "rate exceeded"):
		return "the user hit the hourly login limit"
	case strings.Contains(s, "computer activation"):
		return "a login from a new address needed identity verification"
	}
	return ""
}

func address(ip string) string {
	if ip == "" {
		return "an unknown address"
	}
	return ip
}
