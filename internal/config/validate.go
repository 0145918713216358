package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// Size limits: far above any real value, low enough that a pasted file or a
// hostile value is refused before it travels anywhere.
const (
	maxValue    = 4 << 10            // 4 KiB for names, passwords, tokens, URLs
	maxKeyValue = 64 << 10           // 64 KiB for a private key
	minSecret   = check.MinSecretLen // the shortest value the check masks
	minTimeout  = time.Second
	maxTimeout  = 10 * time.Minute
)

var apiVersionRE = regexp.MustCompile(`^[1-9][0-9]?\.0$`)

// validator collects every problem, so the user fixes them all in one go.
type validator struct {
	problems []Problem
}

// add records a problem of an input. It panics on a name that is no input
// of the table: the mistake is the code's, and FuzzValidate reports it.
func (v *validator) add(input, format string, args ...any) {
	in, ok := InputByName(input)
	if !ok {
		panic("config: a problem names no input: " + input)
	}
	v.problems = append(v.problems, Problem{Input: input, Env: in.Env, Reason: check.ConfigError, Message: fmt.Sprintf(format, args...)})
}

// text checks a value's encoding and size; it never quotes a secret.
func (v *validator) text(input, value string, limit int) bool {
	switch {
	case len(value) > limit:
		v.add(input, "%s is %d bytes long, more than the %d a real value can be: check what was pasted into it", input, len(value), limit)
	case !utf8.ValidString(value):
		v.add(input, "%s is not valid UTF-8 text: paste it again as plain text", input)
	case strings.ContainsRune(value, 0):
		v.add(input, "%s contains a NUL byte: paste it again as plain text", input)
	default:
		return true
	}
	return false
}

// secret checks a secret for the most common breakage: whitespace or a
// newline pasted around it.
func (v *validator) secret(input, value string, limit int) {
	if !v.text(input, value, limit) || value == "" {
		return
	}
	// The masking leaves values under check.MinSecretLen alone (they would
	// shred every message), so such a secret could be shown. None is real:
	// Salesforce passwords have at least five characters, tokens and
	// client secrets dozens.
	if utf8.RuneCountInString(strings.TrimSpace(value)) < minSecret {
		v.add(input, "%s is shorter than %d characters, too short to be a real one: check what was stored in it", input, minSecret)
		return
	}
	const space = " \t\r\n\v\f"
	if value != strings.Trim(value, space) {
		edges := value[:len(value)-len(strings.TrimLeft(value, space))] + value[len(strings.TrimRight(value, space)):]
		what := "leading or trailing whitespace"
		if strings.ContainsAny(edges, "\r\n") {
			what = "a leading or trailing newline"
		}
		v.add(input, "%s has %s (a pasted newline is the most common broken secret): store the value without it", input, what)
	}
}

func (v *validator) boolean(input, value string) bool {
	b, err := strconv.ParseBool(strings.TrimSpace(value))
	if err != nil {
		v.add(input, "%s must be true or false", input)
	}
	return b
}

func (v *validator) integer(input, value string, lo, hi int) int {
	if strings.TrimSpace(value) == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < lo || n > hi {
		v.add(input, "%s must be a whole number from %d to %d", input, lo, hi)
	}
	return n
}

// timeout reads a duration ("30s", "2m") or a number of seconds, from
// minTimeout to maxTimeout exactly; a number too large for a duration is
// refused, never wrapped around.
func (v *validator) timeout(value string) time.Duration {
	s := strings.TrimSpace(value)
	d, err := time.ParseDuration(s)
	if err != nil {
		if n, nerr := strconv.ParseInt(s, 10, 64); nerr == nil && n >= 0 && n <= int64(maxTimeout/time.Second) {
			d, err = time.Duration(n)*time.Second, nil
		}
	}
	if err != nil || d < minTimeout || d > maxTimeout {
		v.add("timeout", "timeout must be a duration from 1s to 10m, such as 30s or 2m")
	}
	return d
}

// MaxParallelism bounds the parallelism setting: far above what one
// runner's network and Salesforce's per-org concurrency make useful.
const MaxParallelism = 64

// Settings is a validated run: one check, or an orgs list whose orgs are
// each validated on their own (with the view orgs.Spec.Lookuper gives).
type Settings struct {
	// Check is the configuration of the one check; nil when the run checks
	// an orgs list.
	Check *check.Config
	// ListInput is the input that gives the orgs list (Raw.ListInput); ""
	// when the run is one check.
	ListInput string
	// Parallelism is how many orgs are checked at a time.
	Parallelism int
	// FailOnWarning turns a warning into a failure (exit 1).
	FailOnWarning bool
}

// ListInput is the input that gives an orgs list: "orgs-file" when it is
// set, else "orgs" when that is; "" when the run is one check.
func (r *Raw) ListInput() string {
	switch {
	case strings.TrimSpace(r.OrgsFile) != "":
		return "orgs-file"
	case strings.TrimSpace(r.Orgs) != "":
		return "orgs"
	}
	return ""
}

// BothLists reports orgs and orgs-file both set, which Validate refuses.
func (r *Raw) BothLists() bool {
	return strings.TrimSpace(r.OrgsFile) != "" && strings.TrimSpace(r.Orgs) != ""
}

// Validate checks raw settings and returns the settings of the run, or an
// *Error listing every problem. It is the one place settings are checked;
// it makes no network call. A run with an orgs list checks here what is the
// run's (the list's input, parallelism, fail-on-warning); each org's own
// settings are checked when the org is.
func Validate(raw *Raw) (*Settings, error) {
	v := &validator{}
	s := &Settings{ListInput: raw.ListInput()}
	if s.ListInput != "" {
		s.FailOnWarning = v.boolean("fail-on-warning", raw.FailOnWarning)
		if n, err := strconv.Atoi(strings.TrimSpace(raw.Parallelism)); err != nil || n < 1 || n > MaxParallelism {
			v.add("parallelism", "parallelism must be a whole number from 1 to %d", MaxParallelism)
		} else {
			s.Parallelism = n
		}
		if raw.BothLists() {
			// Env left empty: the message names both inputs.
			v.problems = append(v.problems, Problem{Input: "orgs-file", Reason: check.ConfigError,
				Message: "orgs and orgs-file are both set: give the list one way, in the orgs input or in the file orgs-file names, and leave the other empty"})
		}
		if len(v.problems) > 0 {
			return nil, &Error{Problems: v.problems}
		}
		return s, nil
	}
	s.Check = v.check(raw)
	if len(v.problems) > 0 {
		return nil, &Error{Problems: v.problems}
	}
	s.FailOnWarning = s.Check.FailOnWarning
	return s, nil
}

// check checks the settings of one check.
func (v *validator) check(raw *Raw) *check.Config {
	c := &check.Config{
		Username:      raw.Username,
		Password:      raw.Password,
		SecurityToken: raw.SecurityToken,
		ClientID:      strings.TrimSpace(raw.ClientID),
		ClientSecret:  raw.ClientSecret,
		RefreshToken:  raw.RefreshToken,
	}
	for _, f := range []struct{ input, value string }{
		{"username", raw.Username}, {"client-id", raw.ClientID}, {"jwt-audience", raw.JWTAudience},
		{"api-version", raw.APIVersion}, {"timeout", raw.Timeout}, {"auth-flow", raw.AuthFlow},
	} {
		v.text(f.input, f.value, maxValue)
	}
	for _, f := range raw.secretInputs() {
		if f.input == "private-key" {
			v.text(f.input, f.value, f.limit)
			continue
		}
		v.secret(f.input, f.value, f.limit)
	}

	c.Timeout = v.timeout(raw.Timeout)
	c.Pinpoint = v.boolean("pinpoint", raw.Pinpoint)
	c.FailOnWarning = v.boolean("fail-on-warning", raw.FailOnWarning)
	c.AllowCustomHost = v.boolean("allow-custom-host", raw.AllowCustomHost)
	c.Probes = check.ProbeSettings{
		Session:             v.boolean("probe-session", raw.ProbeSession),
		Limits:              v.boolean("probe-limits", raw.ProbeLimits),
		Password:            v.boolean("probe-password", raw.ProbePassword),
		LoginHistory:        v.boolean("probe-login-history", raw.ProbeLoginHistory),
		OrgPolicy:           v.boolean("probe-org-policy", raw.ProbeOrgPolicy),
		MinAPIRemaining:     v.integer("min-api-remaining", raw.MinAPIRemaining, 0, 100),
		PasswordMaxAgeDays:  v.integer("password-max-age-days", raw.PasswordMaxAgeDays, 0, 3650),
		PasswordWarningDays: v.integer("password-warning-days", raw.PasswordWarningDays, 0, 3650),
	}

	c.APIVersion = strings.TrimSpace(raw.APIVersion)
	if !apiVersionRE.MatchString(c.APIVersion) {
		v.add("api-version", "api-version must look like 64.0 (a whole number, then .0)")
	}

	v.username(raw)
	v.flow(c, raw)
	return c
}

// username refuses, in every flow and before any request, a username that
// is not a Salesforce login name (always e-mail shaped: user@acme.com, or
// user@acme.com.uat in a sandbox) or that looks like a secret pasted into
// the wrong input: an SFDX auth URL, a URL with credentials, the value of a
// secret input. The value is never quoted: the problem names the input
// only, and shownSettings keeps it out of the report.
func (v *validator) username(raw *Raw) {
	u := raw.Username
	t := strings.TrimSpace(u)
	switch {
	case t == "":
		return
	case looksLikeURL(t):
		v.add("username", "username looks like a URL (an SFDX auth URL force://… or a URL with credentials), not a username; it is not shown, as it may hold a secret: put the username alone (user@acme.com) in username, and an SFDX auth URL in sfdx-auth-url")
	case isSecretValue(raw, t):
		v.add("username", "username holds the value of a secret input, not a username; it is not shown: put the username (user@acme.com) in username and each secret in its own input")
	case !emailShaped(t):
		v.add("username", "username is not a Salesforce username, which always looks like an e-mail address (user@acme.com or user@acme.com.sandbox); it is not shown, in case a secret was pasted there")
	case u != t:
		v.add("username", "username has leading or trailing whitespace or a newline: remove it")
	}
}

// looksLikeURL reports a scheme:// in s: an SFDX auth URL (force://…) or
// any URL, which a username never holds.
func looksLikeURL(s string) bool {
	i := strings.Index(s, "://")
	return i > 0 || strings.HasPrefix(strings.ToLower(s), "force:")
}

// isSecretValue reports s equal to the value of a secret input.
func isSecretValue(raw *Raw, s string) bool {
	for _, f := range raw.secretInputs() {
		if len(s) >= minSecret && strings.TrimSpace(f.value) == s {
			return true
		}
	}
	return false
}

// emailShaped reports a login name of the form Salesforce requires: an
// e-mail address, local@domain, the local part of the characters an address
// may use unquoted (RFC 5322 atext and dots), the domain of two or more
// labels of letters, digits and hyphens, the last starting with a letter (a
// top-level domain, or a sandbox's name).
func emailShaped(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !usernameLocalRE.MatchString(local) {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabelRE.MatchString(l) {
			return false
		}
	}
	last := labels[len(labels)-1]
	return last[0] >= 'a' && last[0] <= 'z' || last[0] >= 'A' && last[0] <= 'Z'
}

var (
	usernameLocalRE = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
	domainLabelRE   = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`)
)

// soapChecks are the preflight rules of a username + password (+ token) login.
func (v *validator) soapChecks(c *check.Config, flow check.Flow) {
	if c.Username == "" {
		v.add("username", "username is required for auth-flow %s: set the username input or SF_USERNAME", flow)
	}
	if c.Password == "" {
		v.add("password", "password is required for auth-flow %s: set the password input or SF_PASSWORD", flow)
	}
	if t := c.SecurityToken; t != "" && t == strings.TrimSpace(t) {
		if !isAlnum(t) {
			v.add("security-token", "security-token must be letters and digits only, as Salesforce e-mails it: check it is the token, not the password or a quoted value")
		} else if strings.HasSuffix(c.Password, t) && len(c.Password) > len(t) {
			v.add("password", "password already ends with the security token, so the token would be sent twice: store the password alone in password and the token in security-token")
		}
	}
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// sandboxUsername reports a username that carries a sandbox suffix
// (user@acme.com.uat): the domain has more labels than an e-mail domain with a
// common top-level domain would.
func sandboxUsername(username string) bool {
	_, domain, ok := strings.Cut(strings.ToLower(strings.TrimSpace(username)), "@")
	if !ok {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 3 {
		return false
	}
	// acme.com.uat: a generic top-level domain followed by one more label that
	// is not a two-letter country code (acme.com.au is an e-mail domain).
	last, prev := labels[len(labels)-1], labels[len(labels)-2]
	switch prev {
	case "com", "org", "net", "edu", "gov", "io":
		return len(last) != 2
	}
	return false
}

// privateKey checks the JWT key: given once, readable, and an RSA private
// key. What ParsePrivateKey repaired becomes an info line.
func (v *validator) privateKey(c *check.Config, raw *Raw) {
	file := strings.TrimSpace(raw.PrivateKeyFile)
	switch {
	case raw.KeyFileProblem != "":
		v.add("private-key-file", "%s", raw.KeyFileProblem)
		return
	case file != "" && !raw.KeyFromFile:
		v.add("private-key", "private-key and private-key-file are both set: give the key one way only")
		return
	}
	if strings.TrimSpace(raw.PrivateKey) == "" {
		v.add("private-key", "private-key (or private-key-file) is required for auth-flow jwt: set the private-key input or SF_PRIVATE_KEY to the key, or private-key-file to its path")
		return
	}
	key, repaired, err := ParsePrivateKey(raw.PrivateKey)
	if err != nil {
		input := "private-key"
		if raw.KeyFromFile {
			input = "private-key-file"
		}
		v.add(input, "%s", err.Error())
		return
	}
	c.PrivateKey = key
	if repaired != "" {
		c.Notes = append(c.Notes, repaired)
	}
}
