// Package check runs one lockout-safe Salesforce login check: preflight is
// done by config, then exactly one login (two with pinpoint), the post-login
// probes on the session it produced, and the logout or revoke.
package check
