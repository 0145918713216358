package redact

import "sort"

// Values returns the registered values, sorted: what the tests compare
// Scrub against.
func (s *Secrets) Values() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.values))
	for v := range s.values {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
