package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// JSON writes a redacted result as one JSON object and a newline.
func JSON(w io.Writer, r Redacted) error { return writeJSON(w, r.r) }

// MultiJSON writes a redacted multi-org run as one JSON object and a newline.
func MultiJSON(w io.Writer, m RedactedMulti) error { return writeJSON(w, m.m) }

// writeJSON encodes v, whose strings are scrubbed already: the encoded text
// is never scrubbed again (a password "false" or `": "` would break it).
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err //nolint:wrapcheck // encoding our own types cannot fail in practice
	}
	// "##[" is written as "##\u005b", the same JSON string, so that the
	// runner never reads a legacy workflow command in the report (see defuse).
	_, err := io.WriteString(w, strings.ReplaceAll(b.String(), "##[", `##\u005b`))
	return err //nolint:wrapcheck // a failed write to stdout has nothing to add
}
