// Package simorg is a simulated Salesforce org: a real HTTP server that
// answers SOAP login(), logout() and getUserInfo(), the OAuth token, revoke,
// identity and userinfo endpoints, and the REST calls clients make after a
// login (limits, a SOQL subset over User and LoginHistory, the User record,
// describe), in the shapes the recorded responses of package fixtures show.
// It counts every login attempt so tests can hold the check to its lockout
// budget. A Router serves many orgs on one login host, routed by username as
// Salesforce routes a login, so that no URL it hands out has a path before
// /services/.
package simorg
