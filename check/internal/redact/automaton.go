package redact

import "strings"

// matcher finds every occurrence of a fixed set of byte strings (each at
// least shortKey bytes) in one pass over a text. It is immutable once built,
// so any number of goroutines may scan with it at once.
//
// A strings.Replacer would also scan once, but it takes the first match at
// each position and skips past it: where two secrets overlap (a password
// ending in the characters a token starts with), the second one's tail would
// survive. The matcher reports every occurrence and Scrub masks their union.
//
// It indexes each pattern by a few of its bytes instead of building an
// Aho–Corasick trie: a trie costs a state per byte of every pattern, and a
// run over 1,000 orgs registers megabytes of session ids in their encoded
// forms, which made the trie most of the process's memory. Here a pattern
// costs its index entry. A pattern of longKey bytes or more is indexed by
// its last longKey bytes (the random tail of a session id or token, where
// the first bytes, an org id, are shared by every session of an org); a
// shorter one by its first shortKey bytes. A bitset of two bytes of every key
// lets a scan skip almost every position without a map lookup.
type matcher struct {
	patterns []string
	// indexed is false for a matcher of fewer than indexFrom patterns,
	// which scans for each pattern in turn: the index costs 16 KiB of
	// bitsets, and a run that registers one org's session at a time builds
	// a small matcher a thousand times.
	indexed bool
	// short holds the patterns under longKey bytes by their first shortKey
	// bytes; shortHead has a bit for the first two of each.
	short     map[uint32][]int32
	shortHead bitset
	// long holds the others by their last longKey bytes; longTail has a
	// bit for the last two of each.
	long     map[uint64][]int32
	longTail bitset
}

// shortKey is the length of a short pattern's key, longKey of a long one's.
const shortKey = 3

// longKey is the length of a long pattern's key.
const longKey = 8

// indexFrom is the number of patterns from which a matcher is indexed.
const indexFrom = 32

// bitset has one bit per pair of bytes.
type bitset [1 << 16 / 64]uint64

func (b *bitset) set(hi, lo byte) {
	i := uint16(hi)<<8 | uint16(lo)
	b[i/64] |= 1 << (i % 64)
}

func (b *bitset) has(hi, lo byte) bool {
	i := uint16(hi)<<8 | uint16(lo)
	return b[i/64]&(1<<(i%64)) != 0
}

func key3(s string) uint32 { return uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2]) }

func key8(s string) uint64 {
	var k uint64
	for i := range longKey {
		k = k<<8 | uint64(s[i])
	}
	return k
}

// newMatcher indexes patterns (each at least shortKey bytes long).
func newMatcher(patterns []string) *matcher {
	if len(patterns) < indexFrom {
		return &matcher{patterns: patterns}
	}
	m := &matcher{patterns: patterns, indexed: true, short: map[uint32][]int32{}, long: map[uint64][]int32{}}
	for i, p := range patterns {
		if len(p) >= longKey {
			tail := p[len(p)-longKey:]
			m.long[key8(tail)] = append(m.long[key8(tail)], int32(i))
			m.longTail.set(tail[longKey-2], tail[longKey-1])
			continue
		}
		m.short[key3(p)] = append(m.short[key3(p)], int32(i))
		m.shortHead.set(p[0], p[1])
	}
	return m
}

// each calls fn with the start and end of every occurrence of a pattern in
// text, in no particular order, until fn returns false.
func (m *matcher) each(text string, fn func(start, end int) bool) {
	if !m.indexed {
		for _, pat := range m.patterns {
			for from := 0; from+len(pat) <= len(text); {
				i := strings.Index(text[from:], pat)
				if i < 0 {
					break
				}
				if !fn(from+i, from+i+len(pat)) {
					return
				}
				from += i + 1
			}
		}
		return
	}
	if len(m.short) > 0 {
		for i := 0; i+shortKey <= len(text); i++ {
			if !m.shortHead.has(text[i], text[i+1]) {
				continue
			}
			for _, p := range m.short[key3(text[i:])] {
				if pat := m.patterns[p]; len(text)-i >= len(pat) && text[i:i+len(pat)] == pat && !fn(i, i+len(pat)) {
					return
				}
			}
		}
	}
	if len(m.long) > 0 {
		for end := longKey; end <= len(text); end++ {
			if !m.longTail.has(text[end-2], text[end-1]) {
				continue
			}
			for _, p := range m.long[key8(text[end-longKey:])] {
				if pat := m.patterns[p]; end >= len(pat) && text[end-len(pat):end] == pat && !fn(end-len(pat), end) {
					return
				}
			}
		}
	}
}

// cover marks in covered every byte of text that lies in an occurrence of a
// pattern, and reports whether it marked any.
func (m *matcher) cover(text string, covered []bool) bool {
	found := false
	m.each(text, func(start, end int) bool {
		for j := start; j < end; j++ {
			covered[j] = true
		}
		found = true
		return true
	})
	return found
}

// found reports whether text holds any pattern, without allocating.
func (m *matcher) found(text string) bool {
	found := false
	m.each(text, func(int, int) bool {
		found = true
		return false
	})
	return found
}
