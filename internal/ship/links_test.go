package ship

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
)

// TestMarkdownLinksResolve: every relative link in the repository's Markdown
// names a file or folder that exists, so moving a folder (the fixtures, the
// docs) cannot leave a page pointing at nothing.
func TestMarkdownLinksResolve(t *testing.T) {
	t.Parallel()

	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	repo := os.DirFS("../..")
	checked := 0
	err := fs.WalkDir(repo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "testdata" {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(p) != ".md" {
			return nil
		}
		b, err := fs.ReadFile(repo, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range link.FindAllStringSubmatch(line, -1) {
				target, _, _ := strings.Cut(m[1], "#")
				if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				checked++
				resolved := path.Clean(path.Join(path.Dir(p), target))
				if _, err := fs.Stat(repo, resolved); err != nil {
					t.Errorf("%s:%d links to %s, which does not exist (%s)", p, i+1, m[1], resolved)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Error("no relative link found; the walk checked nothing")
	}
}
