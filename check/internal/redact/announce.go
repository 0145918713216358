package redact

import (
	"strings"
	"unicode"
)

// maxAnnouncedLines bounds the lines of one multi-line secret (a PEM key)
// announced to the runner: a 4096-bit RSA key has about 50.
const maxAnnouncedLines = 64

// minKeyLine is the shortest line of a key worth a mask of its own.
const minKeyLine = 16

// announced lists what of a secret the runner is told to mask
// (::add-mask::): the value, trimmed, as one value. The runner matches a
// mask within one line of the log, so a multi-line value is announced line
// by line only when it is a PEM key (at most maxAnnouncedLines lines), and
// not at all otherwise. A value shorter than MinLen or an ordinary word
// (see ordinary) is never announced: masking it would shred every later
// step's log ("error", "warning" and "failed" masked for the rest of the
// job) for nothing, since no output of the check holds it anyway (Scrub
// masks it there).
func announced(v string) []string {
	if !strings.ContainsAny(v, "\r\n") {
		v = strings.TrimSpace(v)
		if len(v) < MinLen || ordinary(v) {
			return nil
		}
		return []string{v}
	}
	if !strings.Contains(v, "-----BEGIN ") {
		return nil
	}
	var out []string
	for _, line := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if line = strings.TrimSpace(line); len(line) >= minKeyLine && !strings.HasPrefix(line, "-----") && !ordinary(line) {
			out = append(out, line)
			if len(out) == maxAnnouncedLines {
				break
			}
		}
	}
	return out
}

// ordinary reports whether v reads as an ordinary word: letters only and
// shorter than minKeyLine ("warning", "Salesforce"), or one of the words a
// log is made of in any spelling ("ERROR", "failed:"). No Salesforce
// session id, token or client secret is one; a password that is one is
// still masked in every output of the check.
func ordinary(v string) bool {
	if strings.IndexFunc(v, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 && len([]rune(v)) < minKeyLine {
		return true
	}
	letters := strings.TrimFunc(v, func(r rune) bool { return !unicode.IsLetter(r) })
	_, common := logWords[strings.ToLower(letters)]
	return common && len(letters) >= len(v)-2
}

// logWords are words of the check's own output and of build logs, in
// lower case.
var logWords = map[string]struct{}{
	"error": {}, "errors": {}, "warning": {}, "warnings": {}, "notice": {}, "info": {}, "debug": {},
	"failed": {}, "failure": {}, "fail": {}, "passed": {}, "pass": {}, "success": {}, "succeeded": {},
	"true": {}, "false": {}, "null": {}, "none": {}, "undefined": {}, "unknown": {},
	"password": {}, "token": {}, "session": {}, "secret": {}, "login": {}, "logout": {}, "username": {},
	"salesforce": {}, "github": {}, "actions": {}, "workflow": {}, "runner": {}, "status": {}, "reason": {},
	"invalid": {}, "expired": {}, "timeout": {}, "network": {}, "localhost": {}, "https": {}, "http": {},
}
