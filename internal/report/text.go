package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// ANSI colours, used only on a terminal and never with NO_COLOR.
const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	green  = "\x1b[32m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

// Text writes a short human-readable verdict with the remedy.
func Text(w io.Writer, rr Redacted, color bool) error {
	var b strings.Builder
	writeText(&b, rr.r, color)
	_, err := io.WriteString(w, defuse(b.String()))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}

// writeText renders a redacted result, whose every string is one inert line
// already (Redact): nothing is deleted or replaced here, which could join
// the halves of a secret after the masking.
func writeText(b *strings.Builder, r *check.Result, color bool) {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + reset
	}
	mark, code := "✓ PASS", green
	switch r.Status {
	case check.StatusWarn:
		mark, code = "! WARN", yellow
	case check.StatusFail:
		mark, code = "✗ FAIL", red
	case check.StatusError:
		mark, code = "✗ ERROR", red
	}
	title := check.Lookup(r.Reason).Title
	prefix := ""
	if r.Name != "" {
		prefix = "[" + r.Name + "] "
	}
	fmt.Fprintf(b, "%s%s %s — %s\n", prefix, paint(bold+code, mark), r.Reason, title)
	fmt.Fprintf(b, "  %s\n", describe(r))
	for _, f := range r.Findings {
		if f.Reason == r.Reason && f.Severity != check.SeverityInfo {
			fmt.Fprintf(b, "  %s\n  %s %s\n", f.Message, paint(bold, "Fix:"), f.Remedy)
			break
		}
	}
	for _, f := range r.Findings {
		if f.Reason == r.Reason && f.Severity != check.SeverityInfo {
			continue
		}
		label := map[check.Severity]string{check.SeverityError: paint(red, "error"), check.SeverityWarning: paint(yellow, "warning"), check.SeverityInfo: "info"}[f.Severity]
		fmt.Fprintf(b, "  %s: %s — %s\n", label, f.Title, f.Message)
		if f.Severity != check.SeverityInfo {
			fmt.Fprintf(b, "    %s %s\n", paint(bold, "Fix:"), f.Remedy)
		}
	}
	if rows := orgPolicyRows(r); len(rows) > 0 {
		fmt.Fprintf(b, "  %s\n", paint(bold, "Org policy"))
		for _, row := range rows {
			fmt.Fprintf(b, "    %s: %s\n", row[0], row[1])
		}
	}
	if r.Probes != nil {
		for _, h := range r.Probes.Health {
			fmt.Fprintf(b, "  health: %-14s %s (threshold %s) %s\n", h.Probe, h.Value, h.Threshold, h.Verdict)
		}
	}
}

// describe is the one line that says what was checked.
func describe(r *check.Result) string {
	parts := []string{}
	if r.Username != "" {
		parts = append(parts, "user "+r.Username)
	}
	if r.OrgID != "" {
		org := "org " + r.OrgID
		if r.OrgName != "" {
			org += " (" + r.OrgName + ")"
		}
		parts = append(parts, org)
	}
	if r.LoginHost != "" {
		parts = append(parts, "via "+r.LoginHost)
	}
	if r.AuthFlow != "" {
		parts = append(parts, "flow "+r.AuthFlow)
	}
	if r.APIVersion != "" {
		parts = append(parts, "API "+r.APIVersion)
	}
	attempts := "login attempts"
	if r.Attempts == 1 {
		attempts = "login attempt"
	}
	parts = append(parts, fmt.Sprintf("%d ms, %d %s", r.LatencyMS, r.Attempts, attempts))
	return strings.Join(parts, ", ")
}
