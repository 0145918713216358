// Command salesforce-login-check checks Salesforce integration credentials
// with one lockout-safe login and says what is wrong and how to fix it. It
// runs as a GitHub Action, a docker image and a plain binary.
package main
