// Package simorg is a simulated Salesforce org: a real HTTP server that
// speaks the SOAP login()/logout() wire format, and the OAuth and REST
// endpoints the check uses, exactly as the recorded responses of package
// fixtures show, and counts every login attempt so tests can hold the check
// to its lockout budget.
package simorg
