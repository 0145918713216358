// Package report holds the outcome of a check and writes it for a person (a
// terminal), a program (JSON) and GitHub Actions (annotations, outputs, job
// summary). Renderers accept only a Redacted (or RedactedMulti) result, made
// by Redact with every secret scrubbed from every string before any text is
// cut, folded or escaped.
package report
