// Package redact keeps the secrets of one run and scrubs them, in every form
// they could travel in, from any text before it is printed or written.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Mask is what a secret is replaced with; it matches GitHub's own masking.
const Mask = "***"

// minLen is the shortest value treated as a secret: masking one- or
// two-character strings would shred every message without protecting anything.
const minLen = 3

// Secrets is the set of secret values of one run. It is safe for concurrent
// use. The zero value is ready to use.
type Secrets struct {
	mu     sync.RWMutex
	values map[string]struct{}
	// onAdd is called once for every new value (GitHub's add-mask).
	onAdd func(string)
}

// New returns an empty set that calls onAdd (may be nil) for each new secret.
func New(onAdd func(string)) *Secrets {
	return &Secrets{onAdd: onAdd}
}

// Add registers secrets, with their encoded forms. Empty and very short
// values are ignored.
func (s *Secrets) Add(values ...string) {
	for _, v := range values {
		if len(strings.TrimSpace(v)) < minLen {
			continue
		}
		for _, form := range forms(v) {
			s.add(form)
		}
	}
}

func (s *Secrets) add(v string) {
	if len(v) < minLen || strings.TrimSpace(v) == "" {
		return
	}
	s.mu.Lock()
	if s.values == nil {
		s.values = make(map[string]struct{})
	}
	_, seen := s.values[v]
	s.values[v] = struct{}{}
	onAdd := s.onAdd
	s.mu.Unlock()
	if !seen && onAdd != nil {
		onAdd(v)
	}
}

// forms lists how a secret could appear in text: as is, trimmed, URL-,
// XML/HTML- and base64-encoded.
func forms(v string) []string {
	if v == "" {
		return nil
	}
	out := []string{v, strings.TrimSpace(v), url.QueryEscape(v), url.PathEscape(v), html.EscapeString(v),
		base64.StdEncoding.EncodeToString([]byte(v)), base64.RawStdEncoding.EncodeToString([]byte(v)),
		base64.URLEncoding.EncodeToString([]byte(v)), base64.RawURLEncoding.EncodeToString([]byte(v))}
	if j, err := json.Marshal(v); err == nil {
		out = append(out, string(j[1:len(j)-1]))
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

// Scrub returns text with every registered secret replaced by Mask, longest
// first so that a password+token is masked whole.
func (s *Secrets) Scrub(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	vals := make([]string, 0, len(s.values))
	for v := range s.values {
		vals = append(vals, v)
	}
	s.mu.RUnlock()
	if len(vals) == 0 || text == "" {
		return text
	}
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	for _, v := range vals {
		text = strings.ReplaceAll(text, v, Mask)
	}
	return text
}

// Values returns the registered values (for tests and for GitHub masking).
func (s *Secrets) Values() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.values))
	for v := range s.values {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
