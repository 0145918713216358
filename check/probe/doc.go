// Package probe runs the cheap checks made after a successful login on the
// session that login produced: is the session usable, how much of the daily
// API budget is left, when does the password expire, and what does the user's
// own login history say.
package probe
