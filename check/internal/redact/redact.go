package redact

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Mask is what a secret is replaced with; it matches GitHub's own masking.
const Mask = "***"

// MinLen is the one shortest secret, in bytes: a shorter value is never
// masked nor announced, and the configuration refuses a secret input
// shorter than this. Masking shorter strings would shred every message
// without protecting anything, and none is real: Salesforce's shortest
// password policy is five characters (docs/salesforce.md §9), security
// tokens and client secrets are dozens.
const MinLen = 5

// Secrets is the set of secret values of one run. It is safe for concurrent
// use. The zero value is ready to use.
//
// Scrub reads an immutable snapshot without taking a lock; Add builds a new
// snapshot under the mutex (copy on write). Patterns live in a few matchers
// of doubling size, so that adding secrets one org at a time rebuilds
// O(n log n) bytes of automaton in all, not O(n²).
type Secrets struct {
	mu     sync.Mutex
	values map[string]struct{}
	snap   atomic.Pointer[snapshot]
	// onAdd is called once for every new value worth announcing (GitHub's
	// add-mask; see announced), not for the encoded forms: the runner masks the base64, URL, JSON and
	// XML forms of every value it is given by itself (actions/runner
	// src/Runner.Common/HostContext.cs, SecretMasker.AddValueEncoder), and
	// a runner with thousands of masks checks each of them, times each
	// encoder, against every line of every later step's log.
	onAdd     func(string)
	announced map[string]struct{}
}

// snapshot is the scrubbing state after some Add; never changed once stored.
type snapshot struct {
	matchers []*matcher
	// stars is set when a pattern holds the mask's character: only then can
	// masking spell a secret anew, and Scrub repeats until nothing changes.
	stars bool
}

// New returns an empty set that calls onAdd (may be nil) once for each new
// secret worth announcing to the runner (see announced): one value per
// secret, one line, never shorter than MinLen nor an ordinary word.
func New(onAdd func(string)) *Secrets {
	return &Secrets{onAdd: onAdd}
}

// Add registers secrets, with their encoded forms. Empty and very short
// values are ignored.
func (s *Secrets) Add(values ...string) {
	var all, plain []string
	for _, v := range values {
		if len(strings.TrimSpace(v)) < MinLen {
			continue
		}
		all = append(all, forms(v)...)
		plain = append(plain, announced(v)...)
	}
	s.add(all, plain)
}

// AddSession registers session ids and access tokens together with their
// parts (see sessionParts), each in every form.
func (s *Secrets) AddSession(ids ...string) {
	var parts []string
	for _, id := range ids {
		parts = append(parts, sessionParts(id)...)
	}
	s.Add(parts...)
}

// add registers forms for scrubbing, and announces through onAdd those of
// plain that were not announced before.
func (s *Secrets) add(forms, plain []string) {
	s.mu.Lock()
	if s.values == nil {
		s.values = make(map[string]struct{})
		s.announced = make(map[string]struct{})
	}
	var fresh []string
	for _, v := range forms {
		if len(v) < MinLen || strings.TrimSpace(v) == "" {
			continue
		}
		if _, seen := s.values[v]; seen {
			continue
		}
		s.values[v] = struct{}{}
		fresh = append(fresh, v)
	}
	if len(fresh) > 0 {
		s.snap.Store(s.snap.Load().with(fresh))
	}
	var announce []string
	for _, v := range plain {
		if _, known := s.values[v]; !known {
			continue
		}
		if _, done := s.announced[v]; done {
			continue
		}
		s.announced[v] = struct{}{}
		announce = append(announce, v)
	}
	onAdd := s.onAdd
	s.mu.Unlock()
	if onAdd != nil {
		for _, v := range announce {
			onAdd(v)
		}
	}
}

// with returns a new snapshot that also matches fresh. The last matchers are
// merged into the new one while they are no more than twice its size, as a
// binary counter carries.
func (snap *snapshot) with(fresh []string) *snapshot {
	var ms []*matcher
	next := &snapshot{}
	if snap != nil {
		ms = snap.matchers
		next.stars = snap.stars
	}
	patterns := fresh
	for len(ms) > 0 && len(ms[len(ms)-1].patterns) <= 2*len(patterns) {
		patterns = append(append([]string(nil), ms[len(ms)-1].patterns...), patterns...)
		ms = ms[:len(ms)-1]
	}
	next.matchers = append(append([]*matcher(nil), ms...), newMatcher(patterns))
	for _, p := range fresh {
		next.stars = next.stars || strings.Contains(p, Mask[:1])
	}
	return next
}

// Scrub returns text with every occurrence of every registered secret
// replaced by Mask: each run of bytes covered by one or more occurrences
// becomes one Mask, so overlapping secrets leave no fragment. A secret is
// also found in the text's skeleton (percent-escapes decoded whatever the
// case of their hex digits, then blanks, hidden characters and
// Replacements left out): parts split by a control character (made a
// Replacement by Inert), a blank or a line break, or "%2b" for "+", are one
// secret, masked with what split it.
func (s *Secrets) Scrub(text string) string {
	if s == nil || text == "" {
		return text
	}
	snap := s.snap.Load()
	if snap == nil {
		return text
	}
	for {
		out := snap.scrubOnce(text)
		if out == text || !snap.stars {
			return out
		}
		// Masking may have spelt a secret that holds '*' anew ("a***" in
		// "aa***"). Each pass shortens the text or adds a '*', so this ends.
		text = out
	}
}

// found reports whether text holds any registered pattern.
func (snap *snapshot) found(text string) bool {
	for _, m := range snap.matchers {
		if m.found(text) {
			return true
		}
	}
	return false
}

func (snap *snapshot) scrubOnce(text string) string {
	var covered []bool
	for _, m := range snap.matchers {
		if covered == nil {
			if !m.found(text) {
				continue
			}
			covered = make([]bool, len(text))
		}
		m.cover(text, covered)
	}
	if skText, ok := skeletonText(text); ok && snap.found(skText) {
		sk, _ := skeletonOf(text)
		for _, m := range snap.matchers {
			m.each(sk.text, func(start, end int) bool {
				if covered == nil {
					covered = make([]bool, len(text))
				}
				for j := sk.from[start]; j < sk.to[end-1]; j++ {
					covered[j] = true
				}
				return true
			})
		}
	}
	if covered == nil {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		if !covered[i] {
			j := i
			for j < len(text) && !covered[j] {
				j++
			}
			b.WriteString(text[i:j])
			i = j
			continue
		}
		for i < len(text) && covered[i] {
			i++
		}
		b.WriteString(Mask)
	}
	return b.String()
}

// Report returns text ready for a report, the one way every string of a
// result is (report.Redact): made inert (Inert), masked with every secret,
// and cut to MaxField characters (Clip), in that order, and never changed
// after. Text from an answer was kept that way already
// (transport.Response.Keep), so this only repeats it; text of the check's
// own (an error that quotes a host) gets the same treatment. A nil set
// masks nothing but still makes text inert and cuts it.
func (s *Secrets) Report(text string) string {
	return Clip(s.Scrub(Inert(text)), MaxField)
}
