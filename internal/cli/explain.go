package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
)

// runExplain is `explain [REASON]`: without a reason, every reason on one
// line (reason, status, exit code, title); with one, its title, what
// Salesforce said or did and the fix, in the words of its annotation. An
// unknown reason exits 2 and lists the known ones.
func runExplain(args []string, env Env) error {
	switch {
	case len(args) == 0:
		return writeReasons(env.Stdout)
	case len(args) > 1 || strings.HasPrefix(args[0], "-"):
		_, _ = io.WriteString(env.Stderr, usage)
		return &ExitError{Code: check.ExitConfig, Err: fmt.Errorf("explain takes one reason, or none to list them all; got %q", strings.Join(args, " "))}
	}
	r := check.Reason(strings.ToLower(strings.TrimSpace(args[0])))
	if !check.Known(r) {
		_, _ = fmt.Fprintf(env.Stderr, "unknown reason %q; the reasons are:\n\n", args[0])
		_ = writeReasons(env.Stderr)
		return &ExitError{Code: check.ExitConfig, Err: fmt.Errorf("unknown reason %q: pick one from the list above", args[0])}
	}
	return writeExplanation(env.Stdout, r)
}

// writeReasons writes one line per reason: reason, status, exit code, title.
func writeReasons(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "REASON\tSTATUS\tEXIT\tTITLE")
	for _, r := range check.Reasons() {
		info := check.Lookup(r)
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", r, info.Status, info.Exit, info.Title)
	}
	return tw.Flush() //nolint:wrapcheck // a failed write to stdout has nothing to add
}

// writeExplanation writes one reason as its annotation words it.
func writeExplanation(w io.Writer, r check.Reason) error {
	info := check.Lookup(r)
	e := report.ExplainReason(r)
	_, err := fmt.Fprintf(w, "%s\nreason %s, status %s, exit code %d\n\nWhat Salesforce said or did:\n%s\n\nFix:\n%s\n",
		e.Title, r, info.Status, info.Exit, e.Said, e.Fix)
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}
