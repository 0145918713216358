package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// SchemaVersion is the version of the JSON report's schema
// (docs/report.schema.json), written first in every report as
// schema_version: MAJOR.MINOR. MINOR grows when a field is added; MAJOR when
// a field is removed or renamed, or a value changes meaning.
const SchemaVersion = "1.0"

// singleReport is the JSON report of one check: the schema version, then
// the result's own fields.
type singleReport struct {
	SchemaVersion string `json:"schema_version"`
	*check.Result
}

// multiReport is the JSON report of a run over an orgs list.
type multiReport struct {
	SchemaVersion string `json:"schema_version"`
	*Multi
}

// JSON writes a redacted result as one JSON object and a newline.
func JSON(w io.Writer, r Redacted) error {
	return writeJSON(w, singleReport{SchemaVersion: SchemaVersion, Result: r.r})
}

// MultiJSON writes a redacted multi-org run as one JSON object and a newline.
func MultiJSON(w io.Writer, m RedactedMulti) error {
	return writeJSON(w, multiReport{SchemaVersion: SchemaVersion, Multi: m.m})
}

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
