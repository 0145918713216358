package cli

import (
	"strings"
	"testing"
)

// TestColourOnlyOnATerminal: ANSI colour appears only on a terminal, and
// never with NO_COLOR (https://no-color.org) or TERM=dumb.
func TestColourOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		terminal bool
		env      map[string]string
		want     bool
	}{
		{"terminal", true, nil, true},
		{"pipe", false, nil, false},
		{"terminal with NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false},
		{"terminal with TERM=dumb", true, map[string]string{"TERM": "dumb"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"SF_USERNAME": "a@acme.example.com"} // no password: a config error, no network
			for k, v := range tc.env {
				env[k] = v
			}
			run := runWith(t, ambient{terminal: tc.terminal}, env)
			if got := strings.Contains(run.stdout, "\x1b["); got != tc.want {
				t.Errorf("colour = %v, want %v:\n%q", got, tc.want, run.stdout)
			}
		})
	}
}
