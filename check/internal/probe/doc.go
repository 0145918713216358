// Package probe measures, on the session a successful login produced, what
// the REST API says about it: is the session accepted, how much of the daily
// API budget is left, has the password expired and when was it changed, and
// what does the user's own login history hold. It returns measurements and
// typed errors (*APIError, the Err… values, transport's errors); package
// health judges them.
package probe
