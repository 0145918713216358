package redact

import (
	"encoding/base64"
	"net/url"
	"strings"
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
	if len(masked) == 0 || len(masked) != len(s.Values()) {
		t.Errorf("onAdd called %d times for %d values", len(masked), len(s.Values()))
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
