package check

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// all returns every reason of the vocabulary, sorted.
func all() []Reason { return Reasons() }

// reasonRow is the row of a reason in the docs' tables, as the vocabulary
// words it: reason, status, exit code, then title and remedy.
func reasonRow(info Info) string {
	return "| `" + string(info.Reason) + "` | " + string(info.Status) + " | " + strconv.Itoa(info.Exit) +
		" | **" + info.Title + ".** " + info.Remedy + " |"
}

// docRows returns the reason rows of a Markdown file by reason.
func docRows(t *testing.T, path string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| `([a-z0-9-]+)` \\| (pass|warn|fail|error) \\|")
	rows := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			rows[m[1]] = append(rows[m[1]], line)
		}
	}
	return rows
}

// TestDocsReasons keeps docs/reasons.md in step with the vocabulary: one row
// for every reason, worded exactly as the vocabulary words it, and no row
// for a reason the code does not know. The README's table of common reasons
// is held to the same rows. (The inputs and outputs are held by
// internal/ship.)
func TestDocsReasons(t *testing.T) {
	t.Parallel()
	reference := docRows(t, "../docs/reasons.md")
	for _, r := range all() {
		want := reasonRow(Lookup(r))
		switch got := reference[string(r)]; {
		case len(got) == 0:
			t.Errorf("docs/reasons.md: no row for reason %s; want\n%s", r, want)
		case len(got) > 1:
			t.Errorf("docs/reasons.md: %d rows for reason %s", len(got), r)
		case got[0] != want:
			t.Errorf("docs/reasons.md row of %s:\n got %s\nwant %s", r, got[0], want)
		}
	}
	readme := docRows(t, "../README.md")
	if len(readme) == 0 {
		t.Error("README.md: no table of common reasons")
	}
	for file, rows := range map[string]map[string][]string{"docs/reasons.md": reference, "README.md": readme} {
		for name, rows := range rows {
			info, known := vocabulary()[Reason(name)]
			if !known {
				t.Errorf("%s: a row for %q, which is not a reason", file, name)
				continue
			}
			for _, got := range rows {
				if want := reasonRow(info); got != want {
					t.Errorf("%s row of %s:\n got %s\nwant %s", file, name, got, want)
				}
			}
		}
	}
}
