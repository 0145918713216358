package redact

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestScrub(t *testing.T) {
	t.Parallel()
	const password, token = "Pa55:w/rd&<x>", "Tok3nXYZ"
	var masked []string
	s := New(func(v string) { masked = append(masked, v) })
	s.Add(password, token, password+token, "", "ab")
	cases := []struct{ name, in string }{
		{"raw", "login with " + password + " failed"},
		{"joined", "sent " + password + token},
		{"URL-encoded", "q=" + url.QueryEscape(password)},
		{"base64", "auth " + base64.StdEncoding.EncodeToString([]byte(password+token))},
		{"JSON-escaped", `{"p":"Pa55:w/rd\u0026\u003cx\u003e"}`},
		{"HTML-escaped", "Pa55:w/rd&amp;&lt;x&gt;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := s.Scrub(tc.in)
			if strings.Contains(got, "Pa55") || strings.Contains(got, token) || !strings.Contains(got, Mask) {
				t.Errorf("Scrub(%q) = %q, want every form of the secrets masked", tc.in, got)
			}
		})
	}
	if got := s.Scrub("ab stays, and so does an empty secret"); got != "ab stays, and so does an empty secret" {
		t.Errorf("short values must not be treated as secrets: %q", got)
	}
	for _, v := range s.Values() {
		if v == "YWI=" || v == "YWI" {
			t.Errorf("an encoded form of a too-short value was registered: %q", v)
		}
	}
	// The runner is told each value once, trimmed; it masks their encoded
	// forms by itself.
	if want := []string{password, token, password + token}; strings.Join(masked, "\n") != strings.Join(want, "\n") {
		t.Errorf("onAdd called with %q, want %q", masked, want)
	}
	s.Add(password, " "+token+"\n")
	if len(masked) != 3 {
		t.Errorf("onAdd after a second Add: %q, want no more calls (the trimmed token was announced)", masked)
	}
}

func TestScrub_pemLines(t *testing.T) {
	t.Parallel()
	key := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"
	s := New(nil)
	s.Add(key)
	got := s.Scrub("line: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
	if strings.Contains(got, "MIIEvQIB") {
		t.Errorf("a line of a multi-line secret leaked: %q", got)
	}
	if !strings.Contains(s.Scrub("-----BEGIN PRIVATE KEY-----"), "BEGIN") {
		t.Errorf("PEM armour lines are not secret and must stay readable")
	}
}

func TestScrub_nilAndEmpty(t *testing.T) {
	t.Parallel()
	var s *Secrets
	if got := s.Scrub("text"); got != "text" {
		t.Errorf("nil set changed text: %q", got)
	}
	if got := New(nil).Scrub("text"); got != "text" {
		t.Errorf("empty set changed text: %q", got)
	}
}

func TestScrub_jsonFormsOfBothEncoders(t *testing.T) {
	t.Parallel()
	// The JSON report's encoder does not escape <>& (SetEscapeHTML(false)),
	// json.Marshal does; a quote is escaped by both.
	const secret = `Pa"55<wo>rd&`
	s := New(nil)
	s.Add(secret)
	for _, in := range []string{`"p": "Pa\"55<wo>rd&"`, `"p": "Pa\"55\u003cwo\u003erd\u0026"`} {
		if got := s.Scrub(in); strings.Contains(got, "55") {
			t.Errorf("Scrub(%q) = %q, want the JSON form masked", in, got)
		}
	}
}

func TestAddSession(t *testing.T) {
	t.Parallel()
	const orgID, rest = "00D5g000004Hq2X", "AQ8AQJ1yZb2nq0XkQ2pW.Vx7sXo9rU3eH4t"
	s := New(nil)
	s.AddSession(orgID + "!" + rest)
	got := s.Scrub("logout failed: INVALID_SESSION_ID " + rest + " (org " + orgID + ")")
	if strings.Contains(got, "AQ8AQ") {
		t.Errorf("the part of a session id after ! leaked: %q", got)
	}
	if !strings.Contains(got, orgID) {
		t.Errorf("the org id alone is not secret and must stay readable: %q", got)
	}
}

func TestScrub_overlappingSecrets(t *testing.T) {
	t.Parallel()
	s := New(nil)
	s.Add("hunter22", "22abcdef")
	// The two overlap in the text: masking one first must not leave the
	// other's tail behind.
	if got, want := s.Scrub("x hunter22abcdef y"), "x *** y"; got != want {
		t.Errorf("Scrub() = %q, want %q", got, want)
	}
}

func TestScrub_secretWithMaskCharacters(t *testing.T) {
	t.Parallel()
	s := New(nil)
	s.Add("a***b")
	if got := s.Scrub("aa***bb"); strings.Contains(got, "a***b") {
		t.Errorf("masking spelt the secret anew: %q", got)
	}
}

// TestScrub_matchesReference holds Scrub to the plain definition: a byte is
// masked when it lies in an occurrence of a registered value, with secrets
// added in many batches (several matchers) and texts that mix them.
func TestScrub_matchesReference(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(1, 2))
	const alphabet = "xyz!%*"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		return string(b)
	}
	for round := range 200 {
		s := New(nil)
		for range 1 + rnd.IntN(6) {
			s.Add(word(3 + rnd.IntN(5)))
		}
		text := word(rnd.IntN(40))
		if got, want := s.Scrub(text), reference(s.Values(), text); got != want {
			t.Fatalf("round %d: Scrub(%q) with %q = %q, want %q", round, text, s.Values(), got, want)
		}
	}
}

// reference masks the union of every occurrence of every value, repeated
// until nothing changes, the slow and obvious way.
func reference(values []string, text string) string {
	for {
		covered := make([]bool, len(text))
		for _, v := range values {
			for i := 0; i+len(v) <= len(text); i++ {
				if text[i:i+len(v)] == v {
					for j := i; j < i+len(v); j++ {
						covered[j] = true
					}
				}
			}
		}
		var b strings.Builder
		for i := 0; i < len(text); i++ {
			if !covered[i] {
				b.WriteByte(text[i])
			} else if i == 0 || !covered[i-1] {
				b.WriteString(Mask)
			}
		}
		if b.String() == text {
			return text
		}
		text = b.String()
	}
}

func TestScrub_concurrentWithAdd(t *testing.T) {
	t.Parallel()
	s := New(nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				secret := fmt.Sprintf("00D%02d!session-%02d-%03d", g, g, i)
				s.AddSession(secret)
				if got := s.Scrub("said " + secret); strings.Contains(got, "session-") {
					t.Errorf("a secret added before Scrub leaked: %q", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkScrub scrubs a short message with the secrets of a 1,000-org run
// registered (a password, a token and a session id per org, every form).
func BenchmarkScrub(b *testing.B) {
	s := New(nil)
	for i := range 1000 {
		s.Add(fmt.Sprintf("Passw0rd-%04d", i), fmt.Sprintf("T0ken%04dXyZ", i))
		s.AddSession(fmt.Sprintf("00D000000000%04d!AQ8AQJ1yZb2nq0XkQ2pW.Vx7sXo9rU3eH4t%04d", i, i))
	}
	const text = "INVALID_LOGIN: Invalid username, password, security token; or user locked out. Passw0rd-0500"
	b.ResetTimer()
	for b.Loop() {
		if strings.Contains(s.Scrub(text), "Passw0rd-0500") {
			b.Fatal("not scrubbed")
		}
	}
}

// BenchmarkAdd registers the secrets of a 1,000-org run one org at a time,
// as a multi-org run does when each org logs in.
func BenchmarkAdd(b *testing.B) {
	for b.Loop() {
		s := New(nil)
		for i := range 1000 {
			s.AddSession(fmt.Sprintf("00D000000000%04d!AQ8AQJ1yZb2nq0XkQ2pW.Vx7sXo9rU3eH4t%04d", i, i))
			_ = s.Scrub("x")
		}
	}
}

// TestScrub_foldedBlanks: a secret with an inner tab or double space is
// masked as written and as made inert (Inert folds blanks), the form every
// text from an answer is matched in.
func TestScrub_foldedBlanks(t *testing.T) {
	t.Parallel()
	s := New(nil)
	s.Add("Tab\tIn  Pa55word-9x")
	for _, text := range []string{"x Tab In Pa55word-9x y", Inert("x Tab\tIn  Pa55word-9x y"), "x Tab\tIn  Pa55word-9x y"} {
		if got := s.Scrub(text); got != "x *** y" {
			t.Errorf("Scrub(%q) = %q, want %q", text, got, "x *** y")
		}
	}
}
