package check

import (
	"os"
	"regexp"
	"sort"
	"strconv"
	"testing"
)

// all returns every reason of the vocabulary, sorted.
func all() []Reason {
	out := make([]Reason, 0, len(vocabulary))
	for r := range vocabulary {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// TestREADMEReasons keeps the README's reasons table in step with the
// vocabulary: a row for every reason, with its status and exit code. (The
// inputs and outputs tables are held by internal/ship.)
func TestREADMEReasons(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, r := range all() {
		info := Lookup(r)
		row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(string(r)) + "` \\| " + string(info.Status) + " \\| " + strconv.Itoa(info.Exit) + " \\|")
		if !row.MatchString(readme) {
			t.Errorf("README reasons table: no row `%s` | %s | %d", r, info.Status, info.Exit)
		}
	}
}
