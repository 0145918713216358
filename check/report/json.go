package report

import (
	"bytes"
	"encoding/json"
	"io"

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
	_, err := io.WriteString(w, secrets.Scrub(b.String()))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}
