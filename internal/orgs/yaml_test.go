package orgs

import (
	"errors"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
)

// TestOrgsParse_yamlErrorsNeverQuote: a list the YAML parser refuses is
// reported by line (the parser names none on the first line) and the
// parser's fixed description, never with a value of
// the text: an alias naming a pasted secret, a repeated key that is one, a
// secret in a broken quoted string or flow mapping.
func TestOrgsParse_yamlErrorsNeverQuote(t *testing.T) {
	t.Parallel()
	const secret = "Hunter2-Pa55word-QQ"
	cases := []struct {
		name, text, want string
	}{
		{"unknown_anchor", "- name: prod\n  password-env: *" + secret + "\n", "an alias (*name) refers to no anchor"},
		{"unknown_anchor_first_line", "- *" + secret, "an alias (*name) refers to no anchor"},
		{"repeated_key", "- name: prod\n  " + secret + ": a\n  " + secret + ": b\n", "line 3: a key is given twice in one mapping"},
		{"unclosed_quote", "- name: prod\n  password-env: \"" + secret + "\n", "line 2: "},
		{"tab_indent", "- name: prod\n\t" + secret + ": x\n", "line 2: found a tab character that violates indentation"},
		{"bad_flow", "- {name: prod, " + secret + "\n", "did not find expected ',' or '}'"},
		{"mapping_in_value", "- name: prod: " + secret + "\n", "(mapping values are not allowed in this context)"},
		{"bad_escape", "- name: \"\\q" + secret + "\"\n", "(found unknown escape character)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tc.text)
			var ce *config.Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse error = %v, want a *config.Error", err)
			}
			msg := err.Error()
			if strings.Contains(msg, secret[:7]) || strings.Contains(msg, "Hunter") {
				t.Errorf("the error quotes a value of the list: %s", msg)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not say %q", msg, tc.want)
			}
		})
	}
}

// FuzzParse_neverQuotesAValue: whatever the text, a problem message never
// holds a run of the text that is not also a key, a name the list gives or a
// fixed word of the messages: checked with a marker value planted in text
// that the parser refuses.
func FuzzParse_neverQuotesAValue(f *testing.F) {
	for _, s := range []string{"- name: a\n  password-env: *%s\n", "- {name: a, %s", "- name: a\n  x: \"%s\n", "%s: [", "- name: a\n  %s: 1\n  %s: 2\n", "- &a {name: x}\n- *%s\n", "\t%s"} {
		f.Add(s)
	}
	const marker = "Zq9Marker7Xv"
	f.Fuzz(func(t *testing.T, shape string) {
		text := strings.ReplaceAll(shape, "%s", marker)
		_, err := Parse(text)
		if err == nil {
			return
		}
		if strings.Contains(err.Error(), marker) {
			var ce *config.Error
			if errors.As(err, &ce) {
				for _, p := range ce.Problems {
					// A key or name the list itself uses is named on purpose
					// when it is one (an org's name labels its problems).
					if strings.Contains(p.Message, marker) && p.Org == "" && p.Key == "" {
						t.Errorf("a problem of the list quotes a value: %q", p.Message)
					}
				}
			}
		}
	})
}
