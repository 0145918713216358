// Package report holds the outcome of a check and writes it for a person (a
// terminal), a program (JSON) and GitHub Actions (annotations, outputs, job
// summary), with every secret scrubbed on the way out.
package report
