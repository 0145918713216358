package ship

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRepositoryStandsAlone: nothing in the repository points outside it for
// facts or fixtures (a person cloning it has only the repository), and every
// citation of docs/salesforce.md names a section that exists there.
func TestRepositoryStandsAlone(t *testing.T) {
	t.Parallel()

	sections := salesforceSections(t, readFile(t, "../../docs/salesforce.md"))
	outside := regexp.MustCompile(`\.\./` + `shared\b|\bshared/(fixtures|SALESFORCE)|` + `SALESFORCE\.md`)
	cite := regexp.MustCompile(`docs/salesforce\.md §(\d+(?:\.\d+)?)`)

	cited := 0
	repo := os.DirFS("../..")
	err := fs.WalkDir(repo, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "testdata" {
				return fs.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".md", ".sh", ".yml", ".yaml":
		case "":
			// Extensionless: only the scripts and the Dockerfile, not a
			// binary someone built in the tree.
			if d.Name() != "Dockerfile" && filepath.Base(filepath.Dir(path)) != ".ci" {
				return nil
			}
		default:
			return nil
		}
		b, err := fs.ReadFile(repo, path)
		if err != nil {
			return err
		}
		text := string(b)
		for i, line := range strings.Split(text, "\n") {
			if outside.MatchString(line) {
				t.Errorf("%s:%d points outside the repository: %s", path, i+1, strings.TrimSpace(line))
			}
			for _, m := range cite.FindAllStringSubmatch(line, -1) {
				cited++
				if !sections[m[1]] {
					t.Errorf("%s:%d cites docs/salesforce.md §%s, which has no such section", path, i+1, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited == 0 {
		t.Error("no file cites docs/salesforce.md; the walk found nothing to check")
	}
}

// salesforceSections returns the section numbers of docs/salesforce.md:
// "2" for "## 2. …", "2.3" for "### 2.3 …", and "9.4" for the fourth
// numbered rule under "## 9.".
func salesforceSections(t *testing.T, doc string) map[string]bool {
	t.Helper()
	heading := regexp.MustCompile(`^#{2,3} (\d+(?:\.\d+)?)\.? `)
	item := regexp.MustCompile(`^(\d+)\. `)
	sections := map[string]bool{}
	current := ""
	for _, line := range strings.Split(doc, "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			sections[m[1]] = true
			current = m[1]
			continue
		}
		if m := item.FindStringSubmatch(line); m != nil && current != "" && !strings.Contains(current, ".") {
			sections[current+"."+m[1]] = true
		}
	}
	if len(sections) < 10 {
		t.Fatalf("docs/salesforce.md has %d sections, want its numbered sections", len(sections))
	}
	return sections
}
