// Package redact keeps the secrets of one run and scrubs them, in every form
// they could travel in, from any text before it is printed or written.
package redact
