// Command fidelity logs real Go Salesforce clients in to every case of a
// running `salesforce-login-check simulate` and holds what each client
// returns to expect.json: simpleforce (SOAP login()) and go-salesforce
// (OAuth username-password, client credentials and JWT bearer).
//
// It is a module of its own so that the clients never become dependencies
// of the check. Usage: go run . LISTING EXPECT_JSON (.ci/fidelity.sh runs it).
package main
