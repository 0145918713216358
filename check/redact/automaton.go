package redact

import "sort"

// matcher finds every occurrence of a fixed set of byte strings in one pass
// over a text (Aho–Corasick). It is immutable once built, so any number of
// goroutines may scan with it at once.
//
// A strings.Replacer would also scan once, but it takes the first match at
// each position and skips past it: where two secrets overlap (a password
// ending in the characters a token starts with), the second one's tail would
// survive. The matcher reports every occurrence and Scrub masks their union.
type matcher struct {
	// root is the dense transition table of state 0, the state a scan is in
	// at almost every byte of a text without secrets.
	root [256]int32
	// edges[s] are the transitions out of state s > 0, sorted by byte.
	edges [][]edge
	fail  []int32
	// out[s] is the length of the longest pattern that ends in state s,
	// following failure links (0: none). The longest is enough: every
	// shorter one that ends at the same byte lies inside it.
	out      []int32
	patterns []string
}

type edge struct {
	b    byte
	next int32
}

// newMatcher builds the automaton for patterns (each non-empty).
func newMatcher(patterns []string) *matcher {
	m := &matcher{edges: [][]edge{nil}, fail: []int32{0}, out: []int32{0}, patterns: patterns}
	for _, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			next := m.child(s, p[i])
			if next == 0 {
				next = int32(len(m.edges))
				m.edges = append(m.edges, nil)
				m.fail = append(m.fail, 0)
				m.out = append(m.out, 0)
				m.setChild(s, p[i], next)
			}
			s = next
		}
		m.out[s] = max(m.out[s], int32(len(p)))
	}
	// Breadth first, so that a state's failure target is complete before
	// the state is.
	queue := make([]int32, 0, len(m.edges))
	for b := 0; b < 256; b++ {
		if s := m.root[b]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range m.edges[s] {
			f := m.step(m.fail[s], e.b)
			m.fail[e.next] = f
			m.out[e.next] = max(m.out[e.next], m.out[f])
			queue = append(queue, e.next)
		}
	}
	return m
}

// child is the transition of s on b in the trie, 0 if there is none.
func (m *matcher) child(s int32, b byte) int32 {
	if s == 0 {
		return m.root[b]
	}
	es := m.edges[s]
	i := sort.Search(len(es), func(i int) bool { return es[i].b >= b })
	if i < len(es) && es[i].b == b {
		return es[i].next
	}
	return 0
}

func (m *matcher) setChild(s int32, b byte, next int32) {
	if s == 0 {
		m.root[b] = next
		return
	}
	es := m.edges[s]
	i := sort.Search(len(es), func(i int) bool { return es[i].b >= b })
	es = append(es, edge{})
	copy(es[i+1:], es[i:])
	es[i] = edge{b: b, next: next}
	m.edges[s] = es
}

// step is the automaton's move from s on b, following failure links.
func (m *matcher) step(s int32, b byte) int32 {
	for s != 0 {
		if next := m.child(s, b); next != 0 {
			return next
		}
		s = m.fail[s]
	}
	return m.root[b]
}

// cover marks in covered every byte of text that lies in an occurrence of a
// pattern, and reports whether it marked any.
func (m *matcher) cover(text string, covered []bool) bool {
	found := false
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = m.step(s, text[i])
		if n := m.out[s]; n != 0 {
			for j := i + 1 - int(n); j <= i; j++ {
				covered[j] = true
			}
			found = true
		}
	}
	return found
}

// found reports whether text holds any pattern, without allocating.
func (m *matcher) found(text string) bool {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = m.step(s, text[i])
		if m.out[s] != 0 {
			return true
		}
	}
	return false
}
