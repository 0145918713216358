package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"html"
	"net/url"
	"strings"
)

// forms lists how a secret could appear in text: as is, trimmed, made
// inert, URL-, XML/HTML-, JSON- and base64-encoded.
func forms(v string) []string {
	if v == "" {
		return nil
	}
	out := []string{v, strings.TrimSpace(v), url.QueryEscape(v), url.PathEscape(v), html.EscapeString(v),
		base64.StdEncoding.EncodeToString([]byte(v)), base64.RawStdEncoding.EncodeToString([]byte(v)),
		base64.URLEncoding.EncodeToString([]byte(v)), base64.RawURLEncoding.EncodeToString([]byte(v))}
	var x strings.Builder
	if err := xml.EscapeText(&x, []byte(v)); err == nil {
		out = append(out, x.String())
	}
	// json.Marshal escapes <, > and & (\u003c); an encoder with
	// SetEscapeHTML(false), as the JSON report uses, does not. Both forms.
	if j, err := json.Marshal(v); err == nil {
		out = append(out, string(j[1:len(j)-1]))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err == nil {
		j := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
		out = append(out, string(j[1:len(j)-1]))
	}
	// Answer text is made inert before it is matched (Inert: blanks
	// folded, hidden characters one Replacement), and Scrub also reads
	// every text as its skeleton (percent-escapes decoded, blanks, hidden
	// characters and Replacements left out): a secret is matched in both
	// forms too.
	if inert := Inert(v); inert != strings.TrimSpace(v) {
		out = append(out, inert)
	}
	if sk := skeletonForm(v); sk != v {
		out = append(out, sk)
	}
	// A query string spells a blank "+"; Scrub decodes percent-escapes in
	// any case but leaves "+" alone.
	if strings.Contains(v, " ") {
		out = append(out, strings.ReplaceAll(v, " ", "+"))
	}
	// Each line of a multi-line secret (a PEM key) is a secret of its own.
	if strings.ContainsAny(v, "\r\n") {
		for _, line := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if line = strings.TrimSpace(line); len(line) >= 16 && !strings.HasPrefix(line, "-----") {
				out = append(out, line)
			}
		}
	}
	return out
}

// sessionParts lists a session id or access token and the part after its
// "!": Salesforce session ids are "<org id>!<session>", and the org id alone
// is not secret but the rest is (a fault message may quote the rest alone).
func sessionParts(id string) []string {
	out := []string{id}
	if _, rest, ok := strings.Cut(id, "!"); ok {
		out = append(out, rest)
	}
	return out
}
