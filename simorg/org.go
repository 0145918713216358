package simorg

import (
	"crypto/rand"
	"encoding/hex"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// User is an org user with everything that decides whether it can log in.
type User struct {
	Username string
	Password string
	// Token is the current security token.
	Token string
	// ID is the 18-character user id (generated when empty).
	ID       string
	FullName string
	Email    string

	// ProfileRanges are the profile's Login IP Ranges: a login from outside
	// them is refused; a login from inside needs no security token.
	ProfileRanges []netip.Prefix
	// OutsideLoginHours makes every login fall outside the profile's hours.
	OutsideLoginHours bool
	// LockoutThreshold is the number of failed logins that locks the user
	// (0: the default of 10).
	LockoutThreshold int
	// FailedLogins counts consecutive failed logins.
	FailedLogins int
	// PasswordExpired makes login() succeed with passwordExpired=true.
	PasswordExpired bool
	// APIDisabled removes "API Enabled" from the user's profile.
	APIDisabled bool
	// MissingUseAnyAPIAuth: the org enforces "Use Any API Auth" for login()
	// and the user lacks it.
	MissingUseAnyAPIAuth bool
	// SSO marks a user under delegated authentication.
	SSO      bool
	Frozen   bool
	Inactive bool

	// EnforceIPEveryRequest refuses REST calls from outside ProfileRanges
	// (Session Settings: "Enforce login IP ranges on every request").
	EnforceIPEveryRequest bool
	// LastPasswordChange is the User record's LastPasswordChangeDate.
	LastPasswordChange time.Time
	// CannotReadPassword answers 403 to GET /sobjects/User/{id}/password.
	CannotReadPassword bool
	// CannotReadLoginHistory answers INVALID_TYPE to LoginHistory queries.
	CannotReadLoginHistory bool

	// Perms are the user's system permissions (UserPermissionAccess): what
	// the org-policy calls may read (docs/salesforce.md §11).
	Perms Permissions
	// HidePasswordExpiration makes User.PasswordExpirationDate unknown to
	// the user's queries (INVALID_FIELD), as field-level security would;
	// whether a real org hides it from a user without Manage Users is
	// UNCERTAIN.
	HidePasswordExpiration bool
	// LoginHours are the profile's Login Hours, as the Tooling API reads
	// them (OutsideLoginHours decides the login itself).
	LoginHours LoginHours
}

func (u *User) locked() bool {
	limit := u.LockoutThreshold
	if limit == 0 {
		limit = 10
	}
	return u.FailedLogins >= limit
}

// Org is a simulated org. Configure it before serving; its methods are safe
// for concurrent use.
type Org struct {
	// ID is the 18-character org id (15-character form in URLs and sessions).
	ID   string
	Name string
	// Sandbox marks a sandbox org.
	Sandbox bool
	// Edition is the Organization's OrganizationType ("Developer Edition"
	// when empty), Instance its InstanceName (a made-up one when empty), and
	// TrialExpiration its TrialExpirationDate (none when zero).
	Edition, Instance string
	TrialExpiration   time.Time
	// SOAPLoginDisabled is the default of orgs created from Winter '26 on.
	SOAPLoginDisabled bool
	// TrustedRanges are the org's trusted IP ranges (Setup → Network Access):
	// logins from inside need no security token.
	TrustedRanges []netip.Prefix
	// MaxAPIVersion is the newest API version the org serves (default 66.0).
	MaxAPIVersion float64
	// LoginDelay delays every login answer (load tests).
	LoginDelay time.Duration
	// StallREST holds every REST call on a live session until the client
	// gives up: a hung org right after a successful login, to stop a check
	// that holds a session (docker stop, a cancelled workflow) and see it log
	// out. A call on a session that was logged out is answered 401.
	StallREST bool
	// DailyAPIMax and DailyAPIRemaining are the DailyApiRequests limit.
	DailyAPIMax, DailyAPIRemaining int
	// CannotReadLimits answers 403 to GET /limits.
	CannotReadLimits bool
	// RESTSourceIP, when valid, is the address REST calls are seen from, as
	// if the runner's API calls left through another NAT address than its
	// login did.
	RESTSourceIP netip.Addr
	// PasswordFlowBlocked is "Allow OAuth Username-Password Flows" turned
	// off (the default for orgs created from Summer '23 on).
	PasswordFlowBlocked bool
	// PasswordExpiration is SecuritySettings.passwordPolicies.expiration:
	// Never, ThirtyDays, SixtyDays, NinetyDays (the default when empty),
	// SixMonths or OneYear.
	PasswordExpiration string
	// UnknownPermissions are UserPermissionAccess fields the org's release
	// does not have: its describe omits them and a query naming one is
	// refused with INVALID_FIELD.
	UnknownPermissions []string
	// Now is the org's clock (nil: time.Now).
	Now func() time.Time
	// Apps are the connected apps, by consumer key.
	Apps map[string]*App

	mu       sync.Mutex
	users    map[string]*User
	sessions map[string]*Session
	history  []LoginHistoryRow
	attempts int
	requests map[string]int
	revoked  []string
	issued   []string
	cursors  []*cursor
}

// Session is a live session or access token.
type Session struct {
	ID        string
	User      *User
	ClientIP  netip.Addr
	Created   time.Time
	OAuth     bool
	AppKey    string
	LoginTime time.Time
}

// New returns an org with the given users.
func New(name string, users ...*User) *Org {
	o := &Org{
		ID:                "00D5g00000AbCdEEA0",
		Name:              name,
		MaxAPIVersion:     66.0,
		DailyAPIMax:       15000,
		DailyAPIRemaining: 14953,
		Apps:              map[string]*App{},
		users:             map[string]*User{},
		sessions:          map[string]*Session{},
		requests:          map[string]int{},
	}
	for _, u := range users {
		o.AddUser(u)
	}
	return o
}

// AddUser adds or replaces a user.
func (o *Org) AddUser(u *User) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if u.ID == "" {
		u.ID = "0055g00000" + strings.ToUpper(randomHex(3)[:5]) + "AAA"
	}
	o.users[strings.ToLower(u.Username)] = u
}

// User returns the user with that username (nil if none).
func (o *Org) User(username string) *User {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.users[strings.ToLower(username)]
}

// Users returns every user.
func (o *Org) Users() []*User {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]*User, 0, len(o.users))
	for _, u := range o.users {
		out = append(out, u)
	}
	return out
}

// Attempts is the number of login attempts that reached the org (SOAP
// login() and OAuth token requests alike).
func (o *Org) Attempts() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.attempts
}

// Requests returns how many requests each endpoint received, keyed by
// "METHOD /path-template".
func (o *Org) Requests() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make(map[string]int, len(o.requests))
	for k, v := range o.requests {
		out[k] = v
	}
	return out
}

// LiveSessions is the number of sessions not logged out or revoked.
func (o *Org) LiveSessions() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sessions)
}

// Revoked lists the tokens revoked through /services/oauth2/revoke.
func (o *Org) Revoked() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.revoked...)
}

func (o *Org) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Org) count(key string) {
	o.mu.Lock()
	o.requests[key]++
	o.mu.Unlock()
}

// id15 is the 15-character form of the org id.
func (o *Org) id15() string {
	if len(o.ID) >= 15 {
		return o.ID[:15]
	}
	return o.ID
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newSession opens a session; the caller holds o.mu.
func (o *Org) newSession(u *User, ip netip.Addr, oauth bool, appKey string) *Session {
	s := &Session{
		// Session ids start with the 15-character org id and "!" (fixtures).
		ID:   o.id15() + "!AQ" + randomHex(40),
		User: u, ClientIP: ip, Created: o.now(), OAuth: oauth, AppKey: appKey, LoginTime: o.now(),
	}
	o.sessions[s.ID] = s
	o.issued = append(o.issued, s.ID)
	return s
}

// HasSession reports whether id is a live session or access token of the org.
func (o *Org) HasSession(id string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.sessions[id]
	return ok
}

// hasRefreshToken reports whether token is a refresh token of one of the
// org's apps.
func (o *Org) hasRefreshToken(token string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, app := range o.Apps {
		if _, ok := app.RefreshTokens[token]; ok {
			return true
		}
	}
	return false
}

// Issued lists every session id and access token the org handed out, for
// tests that prove none of them reaches the check's output.
func (o *Org) Issued() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.issued...)
}
