// Package orgs reads the orgs list of a multi-org run and runs one
// lockout-safe check per org, a bounded number at a time. The list names
// where each org's secrets are (environment variables); the secrets never
// appear in it.
package orgs
