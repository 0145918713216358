package ship

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/salesforce-login-check/salesforce-login-check"

// imports returns, for every package directory of the module (relative to
// the root, slash-separated), the module packages its non-test files import.
func moduleImports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	graph := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || name == "fidelity" || (strings.HasPrefix(name, ".") && name != "." && name != "..") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel("../..", filepath.Dir(path))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		if graph[pkg] == nil {
			graph[pkg] = map[string]bool{}
		}
		for _, is := range f.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			if p == module {
				graph[pkg]["."] = true
			} else if rest, ok := strings.CutPrefix(p, module+"/"); ok {
				graph[pkg][rest] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

// TestLayoutCheckDecidesInternalIsTheAction: check/ and check/internal/ never
// import the action around them (a root internal/ package), so the check can
// be read, tested and used without it.
func TestLayoutCheckDecidesInternalIsTheAction(t *testing.T) {
	t.Parallel()
	graph := moduleImports(t)
	if graph["check"] == nil {
		t.Fatal("no package check/ at the top: the layout is check/ (decides), check/internal/ (talks), internal/ (the action)")
	}
	for pkg, deps := range graph {
		if pkg != "check" && !strings.HasPrefix(pkg, "check/") {
			continue
		}
		for dep := range deps {
			if strings.HasPrefix(dep, "internal/") {
				t.Errorf("%s imports %s: check/ never imports a root internal/ package", pkg, dep)
			}
		}
	}
}

// TestLayoutImportDepth: the module's import graph has no cycles and is at
// most 8 packages deep, so a newcomer can hold a path through it in mind.
func TestLayoutImportDepth(t *testing.T) {
	t.Parallel()
	graph := moduleImports(t)
	depth := map[string]int{}
	var walk func(pkg string, path []string) int
	walk = func(pkg string, path []string) int {
		if d, ok := depth[pkg]; ok {
			return d
		}
		for _, p := range path {
			if p == pkg {
				t.Fatalf("import cycle: %s", strings.Join(append(path, pkg), " → "))
			}
		}
		d := 1
		for dep := range graph[pkg] {
			d = max(d, 1+walk(dep, append(path, pkg)))
		}
		depth[pkg] = d
		return d
	}
	for pkg := range graph {
		if d := walk(pkg, nil); d > 8 {
			t.Errorf("%s is %d packages deep; the layout allows 8", pkg, d)
		}
	}
}
