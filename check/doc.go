// Package check decides whether a Salesforce integration login works, and
// if not, why and how to fix it.
//
// The layout in one line: check decides, check/internal talks, internal/ is
// the action.
//
// Run performs one lockout-safe check of a validated Config: exactly one
// login (two with pinpoint), the probes after a successful login on the
// session it produced (Health rows and findings: a refused session, an
// exhausted API budget, an expiring password, failed logins), and the logout
// or revoke. Its Result speaks the check's stable vocabulary: statuses,
// reasons with a title and a remedy a person can act on, and exit codes.
//
// The wire — the egress gate and transport, SOAP, OAuth, the REST probes and
// the masking of secrets — lives in check/internal. The GitHub Action around
// the check (inputs, renderers, the runner's files) lives in internal/.
package check
