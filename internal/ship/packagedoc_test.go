package ship

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackageDocsInDocGo: every package says what it is for in its doc.go,
// and nowhere else, so a reader finds it without guessing.
func TestPackageDocsInDocGo(t *testing.T) {
	t.Parallel()

	documented := map[string]bool{} // directory → doc.go has the comment
	seen := map[string]bool{}       // directories with Go files
	fset := token.NewFileSet()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || (strings.HasPrefix(name, ".") && name != "." && name != "..") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		seen[dir] = true
		switch {
		case d.Name() == "doc.go" && f.Doc != nil:
			documented[dir] = true
		case d.Name() == "doc.go":
			t.Errorf("%s has no package comment", path)
		case f.Doc != nil:
			t.Errorf("%s has a package comment; it belongs in doc.go", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range seen {
		if !documented[dir] {
			t.Errorf("package in %s has no doc.go", dir)
		}
	}
	if len(seen) < 10 {
		t.Errorf("found %d packages, want the repository's", len(seen))
	}
}
