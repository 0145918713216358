package transport

// The shortest and longest session id or access token the check accepts
// (docs/salesforce.md §9, rule 7).
const (
	minSession = 16
	maxSession = 4096
)

// SessionShaped reports whether v has the shape of a session id or access
// token Salesforce issues: one line of minSession to maxSession letters,
// digits and "!._~+/=-" (docs/salesforce.md §9, rule 7). Anything else is
// not a session, and the answer that carried it is unusable: such a value
// is never sent, never announced to the runner as a mask (a 20,000-line
// "session id" would be 40,000 of them, a token of common words would mask
// those words in every later step's log), and never printed.
func SessionShaped(v string) bool {
	if len(v) < minSession || len(v) > maxSession {
		return false
	}
	for i := range len(v) {
		switch c := v[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '!' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=' || c == '-':
		default:
			return false
		}
	}
	return true
}
