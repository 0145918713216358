// Package transport sends the check's HTTP requests with the safety rules a
// login needs: every request crosses one egress gate (Gate), no redirect is
// followed, every body is capped, and only what cannot have reached the login
// service is retried.
package transport
