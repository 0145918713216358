// Package simorg is a simulated Salesforce org: a real HTTP server that
// answers SOAP login(), logout() and getUserInfo(), the OAuth token, revoke,
// identity and userinfo endpoints, and the REST calls clients make after a
// login (limits, a SOQL subset over User, LoginHistory and Organization with
// query, queryAll, batches and column metadata, records by id, describe),
// in the shapes the recorded responses of package fixtures show and
// docs/salesforce.md §10 sources: a drop-in org for the sf CLI,
// @salesforce/core, jsforce and the like (repeated slashes served, no
// redirects, only listed API versions, Sforce-Limit-Info on REST answers).
// It counts every login attempt so tests can hold the check to its lockout
// budget. A Router serves many orgs on one login host, routed by username as
// Salesforce routes a login, so that no URL it hands out has a path before
// /services/.
package simorg
