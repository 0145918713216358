// Package transport sends the check's HTTP requests with the safety rules a
// login needs: never follow a redirect, cap every body, and retry only what
// cannot have reached the login service.
package transport
