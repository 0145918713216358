package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	salesforce "github.com/k-capehart/go-salesforce/v3"
)

// goSalesforceCase logs go-salesforce in with the case's OAuth flow
// (username-password, client credentials or JWT bearer) and makes its
// follow-up calls: a SOQL query over User and GET /limits.
func goSalesforceCase(c simCase, want expectation) result {
	r := result{client: "go-salesforce", name: c.Name}
	s := c.Settings
	creds := salesforce.Creds{Domain: c.LoginURL, ConsumerKey: s["SF_CLIENT_ID"]}
	switch c.flow() {
	case "password":
		creds.ConsumerSecret, creds.Username, creds.Password, creds.SecurityToken = s["SF_CLIENT_SECRET"], s["SF_USERNAME"], s["SF_PASSWORD"], s["SF_SECURITY_TOKEN"]
	case "client-credentials":
		creds.ConsumerSecret = s["SF_CLIENT_SECRET"]
	case "jwt":
		if want.Needs == "jwt-audience" {
			r.skip = "a set jwt-audience (it derives the audience from the domain)"
			return r
		}
		key, err := os.ReadFile(s["SF_PRIVATE_KEY_FILE"])
		if err != nil {
			r.err = fmt.Errorf("the case's key file: %w", err)
			return r
		}
		creds.Username, creds.ConsumerRSAPem = s["SF_USERNAME"], string(key)
	case "refresh-token":
		r.skip = "the refresh token flow (it has none)"
		return r
	default:
		r.skip = "SOAP login() (it logs in with OAuth only)"
		return r
	}
	sf, err := salesforce.Init(creds)
	switch {
	case want.Login == "KEY_UNUSABLE":
		// The key is mangled on purpose: the client must refuse it itself.
		if err == nil || !strings.Contains(err.Error(), "ParseRSAPrivateKeyFromPEM") {
			r.err = fmt.Errorf("login with a mangled key: %s, want the client to refuse the key", describe(err))
			return r
		}
		r.said = "refused the mangled key before sending it"
		return r
	case want.Login != "ok":
		// go-salesforce keeps only the status of a refused token request.
		if err == nil || !strings.HasPrefix(err.Error(), "400 ") {
			r.err = fmt.Errorf("login: %s, want a 400 answer (%s)", describe(err), want.Login)
			return r
		}
		r.said = "login refused: " + err.Error()
		return r
	case err != nil:
		r.err = fmt.Errorf("login: %w", err)
		return r
	}
	if sf.GetAccessToken() == "" || !strings.HasPrefix(sf.GetAccessToken(), "00D") {
		r.err = errors.New("no access token of the form <org id>!…")
		return r
	}
	if sf.GetInstanceUrl() != c.LoginURL {
		r.err = fmt.Errorf("instance_url %s, want the login host %s", sf.GetInstanceUrl(), c.LoginURL)
		return r
	}
	var users []struct {
		ID       string `mapstructure:"Id"`
		Username string `mapstructure:"Username"`
	}
	err = sf.Query("SELECT Id, Username FROM User", &users)
	if want.REST != "ok" {
		r.err = check("query", restCode(err), want.REST)
		r.said = "login ok, query " + restCode(err)
		return r
	}
	if err != nil || len(users) != 1 || !strings.HasPrefix(users[0].ID, "005") {
		r.err = fmt.Errorf("query: %s, %d users, want the one user", describe(err), len(users))
		return r
	}
	resp, err := sf.DoRequest(http.MethodGet, "/limits", nil)
	got := "ok"
	if err != nil {
		got = restCode(err)
	}
	wantLimits := want.REST
	if want.Limits != "" {
		wantLimits = want.Limits
	}
	if err == nil {
		var limits map[string]struct{ Max, Remaining int }
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if json.Unmarshal(b, &limits) != nil || limits["DailyApiRequests"].Max == 0 {
			got = "no DailyApiRequests"
		}
	}
	if r.err = check("limits", got, wantLimits); r.err != nil {
		return r
	}
	r.said = "login ok, user " + users[0].ID + " (" + users[0].Username + "), query and limits ok"
	return r
}

// restCode reads the errorCode of a go-salesforce error, which carries
// Salesforce's JSON error array as its text.
func restCode(err error) string {
	if err == nil {
		return "none"
	}
	var arr []struct {
		ErrorCode string `json:"errorCode"`
	}
	if json.Unmarshal([]byte(err.Error()), &arr) == nil && len(arr) > 0 {
		return arr[0].ErrorCode
	}
	return "error: " + err.Error()
}

// describe is an error's text, or "no error".
func describe(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
