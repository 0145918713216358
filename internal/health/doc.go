// Package health runs the probes after a successful login and judges what
// they measured: one Health row per probe and the findings (a refused
// session, an exhausted API budget, an expiring password, failed logins).
// The measuring and the wire are package probe's.
package health
