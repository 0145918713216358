package ship

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pinnedRE matches an action pinned by commit with its version:
// owner/repo[/path]@<40 hex> # vX.Y.Z
var pinnedRE = regexp.MustCompile(`^([\w.-]+/[\w.-]+)(/[\w./-]+)?@([0-9a-f]{40}) # (v(\d+)\.\d+\.\d+)$`)

// usesRE finds the uses: lines of steps and jobs.
var usesRE = regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*(.+?)\s*$`)

// nodeRE reads the Node major of a JavaScript action's runs.using.
var nodeRE = regexp.MustCompile(`^node(\d+)$`)

// minNode is the oldest Node runtime GitHub's runners still ship (Node 20
// was removed on 2026-09-16).
const minNode = 24

// actionRelease is one row of testdata/actions.tsv: a release of an action as
// read from the action's own repository.
type actionRelease struct {
	repo, tag, sha, using string
	major                 int
}

// readActionReleases reads testdata/actions.tsv (comment lines start with #,
// then a header, then tab-separated rows).
func readActionReleases(t *testing.T) []actionRelease {
	t.Helper()
	var out []actionRelease
	header := true
	for i, line := range strings.Split(readFile(t, "testdata/actions.tsv"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || f[4] == "" {
			t.Fatalf("testdata/actions.tsv:%d: want repo, tag, sha, runs.using and where it was read, got %q", i+1, line)
		}
		m := regexp.MustCompile(`^v(\d+)\.\d+\.\d+$`).FindStringSubmatch(f[1])
		if m == nil || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(f[2]) {
			t.Fatalf("testdata/actions.tsv:%d: tag %q or sha %q malformed", i+1, f[1], f[2])
		}
		major, _ := strconv.Atoi(m[1])
		out = append(out, actionRelease{repo: f[0], tag: f[1], sha: f[2], using: f[3], major: major})
	}
	if len(out) == 0 {
		t.Fatal("testdata/actions.tsv has no rows")
	}
	return out
}

// checkUses says what is wrong with one uses: value, or nil: a third-party
// action must be pinned by its full commit with the version as a comment,
// that release must be one recorded in releases, its runtime Node 24 or newer
// (or not JavaScript), and its major the newest recorded for the action.
func checkUses(uses string, releases []actionRelease) error {
	if strings.HasPrefix(uses, "./") || strings.HasPrefix(uses, "salesforce-login-check/salesforce-login-check@") {
		return nil // the action itself: from this checkout, or as users reference it
	}
	if strings.HasPrefix(uses, "docker://") {
		return fmt.Errorf("%q: a container image is not a JavaScript action; pin it by digest in a test of its own", uses)
	}
	m := pinnedRE.FindStringSubmatch(uses)
	if m == nil {
		return fmt.Errorf("%q is not pinned as owner/repo@<40-hex commit> # vX.Y.Z", uses)
	}
	repo, sha, tag := m[1], m[3], m[4]
	var rel *actionRelease
	newest := 0
	for i, r := range releases {
		if r.repo != repo {
			continue
		}
		newest = max(newest, r.major)
		if r.tag == tag {
			rel = &releases[i]
		}
	}
	switch {
	case rel == nil:
		return fmt.Errorf("%q: %s %s is not recorded in testdata/actions.tsv; read its commit and runs.using from the action's repository and add a row", uses, repo, tag)
	case rel.sha != sha:
		return fmt.Errorf("%q: %s %s is commit %s, not %s", uses, repo, tag, rel.sha, sha)
	}
	if n := nodeRE.FindStringSubmatch(rel.using); n != nil {
		if v, _ := strconv.Atoi(n[1]); v < minNode {
			return fmt.Errorf("%q: %s %s runs on %s, which GitHub's runners no longer ship; use a release on node%d or newer", uses, repo, tag, rel.using, minNode)
		}
	} else if rel.using != "docker" && rel.using != "composite" {
		return fmt.Errorf("%q: %s %s has runs.using %q, which this test does not know", uses, repo, tag, rel.using)
	}
	if rel.major < newest {
		return fmt.Errorf("%q: %s v%d is recorded; use the current major", uses, repo, newest)
	}
	return nil
}

// TestCheckUses holds the rule to each way a uses: can be wrong.
func TestCheckUses(t *testing.T) {
	t.Parallel()
	releases := []actionRelease{
		{repo: "actions/checkout", tag: "v7.0.1", sha: strings.Repeat("a", 40), using: "node24", major: 7},
		{repo: "actions/checkout", tag: "v4.2.2", sha: strings.Repeat("b", 40), using: "node20", major: 4},
		{repo: "docker/setup-qemu-action", tag: "v3.6.0", sha: strings.Repeat("c", 40), using: "node20", major: 3},
		{repo: "acme/old", tag: "v1.0.0", sha: strings.Repeat("d", 40), using: "node16", major: 1},
		{repo: "acme/shell", tag: "v2.0.0", sha: strings.Repeat("e", 40), using: "composite", major: 2},
		{repo: "acme/tool", tag: "v6.0.0", sha: strings.Repeat("f", 40), using: "node24", major: 6},
		{repo: "acme/tool", tag: "v5.0.0", sha: strings.Repeat("1", 40), using: "node24", major: 5},
	}
	for _, tc := range []struct {
		name, uses, wantErr string
	}{
		{"current release", "actions/checkout@" + strings.Repeat("a", 40) + " # v7.0.1", ""},
		{"composite action", "acme/shell@" + strings.Repeat("e", 40) + " # v2.0.0", ""},
		{"the action itself", "./", ""},
		{"as users use it", "salesforce-login-check/salesforce-login-check@v1", ""},
		{"tag, no commit", "actions/checkout@v7", "is not pinned"},
		{"short commit", "actions/checkout@aaaaaaa # v7.0.1", "is not pinned"},
		{"commit without version", "actions/checkout@" + strings.Repeat("a", 40), "is not pinned"},
		{"branch", "actions/checkout@main", "is not pinned"},
		{"unrecorded release", "actions/checkout@" + strings.Repeat("a", 40) + " # v7.0.2", "not recorded"},
		{"commit of another release", "actions/checkout@" + strings.Repeat("b", 40) + " # v7.0.1", "is commit"},
		{"node20 major", "actions/checkout@" + strings.Repeat("b", 40) + " # v4.2.2", "runs on node20"},
		{"node20 docker action", "docker/setup-qemu-action@" + strings.Repeat("c", 40) + " # v3.6.0", "runs on node20"},
		{"node16", "acme/old@" + strings.Repeat("d", 40) + " # v1.0.0", "runs on node16"},
		{"older major on node24", "acme/tool@" + strings.Repeat("1", 40) + " # v5.0.0", "current major"},
		{"container image", "docker://alpine:3", "container image"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := checkUses(tc.uses, releases)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("checkUses(%q) = %v, want nil", tc.uses, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("checkUses(%q) = %v, want an error containing %q", tc.uses, err, tc.wantErr)
			}
		})
	}
}

// TestActionsPinnedToNode24: every uses: in the workflows, the examples, the
// end-to-end workflows and the docs names a release recorded in
// testdata/actions.tsv by its full commit, at the current major, on Node 24
// or newer; and every workflow sets top-level permissions.
func TestActionsPinnedToNode24(t *testing.T) {
	t.Parallel()
	releases := readActionReleases(t)

	var files []string
	for _, pattern := range []string{
		"../../.github/workflows/*.yml", "../../examples/*.yml", "../../.ci/e2e/workflows/*.yml",
		"../../examples/*.md", "../../docs/*.md", "../../README.md",
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	used := 0
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("failed to read %s: %v", path, err)
		}
		if filepath.Ext(path) == ".yml" && !regexp.MustCompile(`(?m)^permissions:`).Match(b) {
			t.Errorf("%s sets no top-level permissions", path)
		}
		for _, m := range usesRE.FindAllSubmatch(b, -1) {
			used++
			if err := checkUses(string(m[1]), releases); err != nil {
				t.Errorf("%s: %v", path, err)
			}
		}
	}
	if used == 0 {
		t.Error("found no uses: at all; the glob patterns match nothing")
	}
}
