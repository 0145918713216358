// Package redact keeps the secrets of one run and scrubs them, in every form
// they could travel in, from any text before it is printed or written; and
// holds the one way text is made safe to print: Inert (one line, every
// control or format character one visible replacement), Clip (the one cut)
// and Secrets.Report (inert, masked, capped, in that order).
package redact
