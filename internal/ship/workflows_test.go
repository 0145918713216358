package ship

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pinnedRE matches a third-party action pinned by commit with its version:
// owner/repo[/path]@<40 hex> # vX.Y.Z
var pinnedRE = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$`)

// usesRE finds the uses: lines of steps and jobs.
var usesRE = regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*(.+?)\s*$`)

func TestWorkflowsPinActions(t *testing.T) {
	t.Parallel()

	files, err := filepath.Glob("../../.github/workflows/*.yml")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Glob("../../examples/*.yml")
	if err != nil {
		t.Fatal(err)
	}
	e2e, err := filepath.Glob("../../.ci/e2e/workflows/*.yml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, examples...)
	files = append(files, e2e...)
	if len(files) == 0 {
		t.Fatal("found no workflow files")
	}

	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("failed to read %s: %v", path, err)
			}
			if !regexp.MustCompile(`(?m)^permissions:`).Match(b) {
				t.Errorf("%s sets no top-level permissions", path)
			}
			for _, m := range usesRE.FindAllSubmatch(b, -1) {
				uses := string(m[1])
				switch {
				case strings.HasPrefix(uses, "./"):
					// The action itself, from this checkout.
				case strings.HasPrefix(uses, "salesforce-login-check/salesforce-login-check@"):
					// This action, as users reference it in the examples.
				case !pinnedRE.MatchString(uses):
					t.Errorf("%s: %q is not pinned as owner/repo@<commit> # vX.Y.Z", path, uses)
				}
			}
		})
	}
}
