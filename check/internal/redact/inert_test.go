package redact

import (
	"strings"
	"testing"
	"unicode"
)

func TestInert(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Invalid username", "Invalid username"},
		{"blanks folded and trimmed", " a\t\tb\r\nc  ", "a b c"},
		{"control characters", "Pa55word\a-Secret1", "Pa55word\uFFFD-Secret1"},
		{"a run is one replacement", "a\x00\x01\x1b\u202eb", "a\uFFFDb"},
		{"terminal escape sequence", "a\x1b[0;31mred\x1b[0m", "a\uFFFDred\uFFFD"},
		{"bidi override", "evil\u202etxt.exe", "evil\uFFFDtxt.exe"},
		{"zero-width and BOM", "a\u200bb\ufeffc", "a\uFFFDb\uFFFDc"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"separators are blanks", "a\u2028b\u0085c", "a b c"},
		{"C1 control", "a\u009bb", "a\uFFFDb"},
		{"non-ASCII kept", "Überprüfung 認証 company’s", "Überprüfung 認証 company’s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Inert(tc.in)
			if got != tc.want {
				t.Errorf("Inert(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Inert(got); again != got {
				t.Errorf("Inert is not idempotent: %q, then %q", got, again)
			}
		})
	}
}

// FuzzInert holds the invariant for any text: one line, no hidden
// character, idempotent.
func FuzzInert(f *testing.F) {
	for _, s := range []string{"a\tb", "\u202e\u200b", "\xff\xfe", " x ", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Inert(s)
		if strings.ContainsFunc(got, func(r rune) bool { return hidden(r) || r != ' ' && unicode.IsSpace(r) }) {
			t.Errorf("Inert(%q) = %q holds a hidden character or a line break", s, got)
		}
		if Inert(got) != got {
			t.Errorf("Inert(%q) = %q is not inert", s, got)
		}
	})
}

// TestScrub_splitSecrets: a secret split by a control or format character
// (made a Replacement by Inert) or spelt with percent-escapes in either
// case is masked whole, the separators with it.
func TestScrub_splitSecrets(t *testing.T) {
	t.Parallel()
	const secret = "Pa55word+/Secret1"
	s := New(nil)
	s.Add(secret)
	for _, text := range []string{
		Inert("x Pa55word\a+/Secret1 y"),
		Inert("x Pa\u202e55word+/Sec\u200bret1 y"),
		"x Pa55word%2b%2fSecret1 y",
		"x Pa55word%2B%2fSecret1 y",
		"x %50a55word+/Secret1 y",
		Inert("x Pa55word%2b\a%2FSecret1 y"),
	} {
		if got := s.Scrub(text); got != "x *** y" {
			t.Errorf("Scrub(%q) = %q, want %q", text, got, "x *** y")
		}
	}
}

// TestAnnounced: each secret is announced as one value, never one shorter
// than MinLen, an ordinary word or a multi-line value that is not a key.
func TestAnnounced(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		v    string
		want []string
	}{
		{"password", " Pa55word-9x ", []string{"Pa55word-9x"}},
		{"ordinary word", "warning", nil},
		{"capitalised word", "Salesforce", nil},
		{"log word with a digit", "failed1", nil},
		{"short", "a1", nil},
		{"words on lines", "error\nwarning\nfailed", nil},
		{"lines of a session", strings.Repeat("00Dx0000000BV7z!AQ0123456789\n", 100), nil},
		{"PEM key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
			[]string{"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "BKcwggSjAgEAAoIBAQC7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := announced(tc.v); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("announced(%.40q) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
	long := "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", 1000) + "-----END PRIVATE KEY-----\n"
	if got := announced(long); len(got) > maxAnnouncedLines {
		t.Errorf("a 1,000-line key is announced as %d masks, more than %d", len(got), maxAnnouncedLines)
	}
}
