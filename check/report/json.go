package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/redact"
)

// JSON writes v (a *Result or a *Multi) as one JSON object and a newline,
// with every secret scrubbed.
func JSON(w io.Writer, v any, secrets *redact.Secrets) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err //nolint:wrapcheck // encoding our own types cannot fail in practice
	}
	// "##[" is written as "##\u005b", the same JSON string, so that the
	// runner never reads a legacy workflow command in the report (see defuse).
	_, err := io.WriteString(w, strings.ReplaceAll(secrets.Scrub(b.String()), "##[", `##\u005b`))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}
