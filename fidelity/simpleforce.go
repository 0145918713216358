package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/simpleforce/simpleforce"
)

// simpleforceCase logs simpleforce in with SOAP login() and makes its
// follow-up calls: a SOQL query over User, the user's record, describe.
func simpleforceCase(c simCase, want expectation) result {
	r := result{client: "simpleforce", name: c.Name}
	if c.flow() != "soap" {
		r.skip = "OAuth flows (it logs in with SOAP login() only)"
		return r
	}
	version := c.Settings["SF_API_VERSION"]
	if version == "" {
		version = "64.0"
	}
	username := c.Settings["SF_USERNAME"]
	cl := simpleforce.NewClient(c.LoginURL, simpleforce.DefaultClientID, version)
	err := cl.LoginPassword(username, c.Settings["SF_PASSWORD"], c.Settings["SF_SECURITY_TOKEN"])
	if err != nil {
		code := sfCode(err)
		r.said = "login fault " + code
		r.err = check("login", code, want.Login)
		return r
	}
	// simpleforce reads no passwordExpired: the login succeeds and every
	// later call fails, as the LoginResult documentation says.
	if want.Login != "ok" && want.Login != "PASSWORD_EXPIRED" {
		r.err = fmt.Errorf("login succeeded, want %s", want.Login)
		return r
	}
	if sid := cl.GetSid(); !strings.HasPrefix(sid, "00D") || !strings.Contains(sid, "!") {
		r.err = errors.New("the session id is not <org id>!…")
		return r
	}
	// simpleforce keeps scheme and host of serverUrl as the instance: it
	// must be the login host itself, with nothing before /services/.
	if loc := cl.GetLoc(); loc != c.LoginURL {
		r.err = fmt.Errorf("instance %s, want the login host %s", loc, c.LoginURL)
		return r
	}
	if want.REST == "stall" {
		r.said = "login ok; the org stalls every REST call by design"
		return r
	}
	q, err := cl.Query("SELECT Id, Username FROM User WHERE Username = '" + username + "'")
	if want.REST != "ok" {
		r.said = "login ok, query " + sfCode(err)
		r.err = check("query", sfCode(err), want.REST)
		return r
	}
	switch {
	case err != nil:
		r.err = fmt.Errorf("query: %w", err)
		return r
	case q.TotalSize != 1 || len(q.Records) != 1 || q.Records[0].StringField("Username") != username:
		r.err = fmt.Errorf("query: %d records, want the user %s", q.TotalSize, username)
		return r
	}
	id := q.Records[0].ID()
	user := cl.SObject("User").Get(id)
	if user == nil || user.StringField("Username") != username || user.StringField("LastPasswordChangeDate") == "" {
		r.err = fmt.Errorf("GET sobjects/User/%s did not return the whole record", id)
		return r
	}
	meta := cl.SObject("User").Describe()
	if meta == nil || (*meta)["name"] != "User" {
		r.err = errors.New("describe User returned no description")
		return r
	}
	r.said = "login ok, user " + id + ", query, record and describe ok"
	return r
}

// sfCode is the Salesforce code in a simpleforce error ("none" for none).
func sfCode(err error) string {
	var se simpleforce.SalesforceError
	switch {
	case err == nil:
		return "none"
	case errors.As(err, &se):
		return strings.TrimPrefix(se.ErrorCode, "sf:")
	}
	return "error: " + err.Error()
}
