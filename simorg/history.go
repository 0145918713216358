package simorg

import "time"

// LoginHistoryRow is one LoginHistory record the org writes on every login
// attempt of a known user.
type LoginHistoryRow struct {
	ID        string
	UserID    string
	LoginTime time.Time
	SourceIP  string
	// Status uses the observed LoginHistory capitalisation
	// (docs/salesforce.md §2.4): "Success", "Invalid Password",
	// "Failed: API security token required", "Restricted IP", …
	Status      string
	LoginType   string
	Application string
}

// LoginHistory statuses written by the simulated org.
const (
	StatusSuccess         = "Success"
	StatusInvalidPassword = "Invalid Password"
	StatusTokenRequired   = "Failed: API security token required"
	StatusRestrictedIP    = "Restricted IP"
	StatusRestrictedTime  = "Restricted time"
	StatusLockout         = "Password Lockout"
	StatusFrozen          = "User is frozen"
	StatusInactive        = "User is Inactive"
	// StatusAPIVersionRemoved is the start of ELF LOGIN_ERROR_API_TOO_OLD's
	// text (docs/salesforce.md §2.4).
	StatusAPIVersionRemoved = "Failed: API Version Removed"
	// The statuses of a refused API permission or a disabled login() are not
	// recorded anywhere we could read (UNCERTAIN); this wording is ours.
	StatusAPIDisabled = "Failed: API access disabled"
)

// record appends a LoginHistory row; the caller holds o.mu.
func (o *Org) record(u *User, ip, status, loginType, app string) {
	o.history = append(o.history, LoginHistoryRow{
		ID: "0Ya5g0000" + randomHex(3) + "AAA", UserID: u.ID, LoginTime: o.now().UTC(), SourceIP: ip,
		Status: status, LoginType: loginType, Application: app,
	})
}

// AddHistory appends rows (to simulate other jobs' failed logins).
func (o *Org) AddHistory(rows ...LoginHistoryRow) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.history = append(o.history, rows...)
}

// History returns the LoginHistory rows.
func (o *Org) History() []LoginHistoryRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]LoginHistoryRow(nil), o.history...)
}
