package ship

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// TestBinaryExitCodes runs the built binary, main and all, with a clean
// environment (nothing is sent anywhere: every case is refused or answered
// before any request) and holds each outcome to its documented exit code.
// A configuration the binary refuses exits 2, never 3.
func TestBinaryExitCodes(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildBinary(t)
	cases := []struct {
		name string
		args []string
		env  []string
		want int
	}{
		{"version", []string{"version"}, nil, check.ExitOK},
		{"help", []string{"help"}, nil, check.ExitOK},
		{"unknown command", []string{"frobnicate"}, nil, check.ExitConfig},
		{"unknown flag", []string{"--yaml"}, nil, check.ExitConfig},
		{"no settings at all", nil, nil, check.ExitConfig},
		{"a setting that is not valid", []string{"--json"}, []string{"SF_USERNAME=ci@acme.example.com", "SF_PASSWORD=Pa55word-Valid8", "SF_TIMEOUT=soon"}, check.ExitConfig},
		{"a login URL that is not Salesforce", nil, []string{"SF_USERNAME=ci@acme.example.com", "SF_PASSWORD=Pa55word-Valid8", "SF_LOGIN_URL=https://login.example.com"}, check.ExitConfig},
		{"an orgs list that is not YAML", nil, []string{"SF_ORGS=- name: [prod"}, check.ExitConfig},
		{"simulate with a flag it does not know", []string{"simulate", "--port", "1"}, nil, check.ExitConfig},
		{"simulate on an address off loopback", []string{"simulate", "--addr", "192.0.2.1:8484"}, nil, check.ExitConfig},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), bin, tc.args...)
			cmd.Env = append([]string{"PATH=/nonexistent", "HOME=" + t.TempDir()}, tc.env...)
			out, err := cmd.CombinedOutput()
			got := 0
			var ee *exec.ExitError
			switch {
			case errors.As(err, &ee):
				got = ee.ExitCode()
			case err != nil:
				t.Fatalf("%s did not run: %v", bin, err)
			}
			if got != tc.want {
				t.Errorf("exit %d, want %d:\n%s", got, tc.want, out)
			}
		})
	}
}

// TestExitCodesAreNamed: every exit code in the module's code is one of
// check's named constants (ExitOK, ExitFail, ExitConfig, ExitInconclusive):
// no ExitError, result or os.Exit carries a bare number.
func TestExitCodesAreNamed(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root {
				if _, statErr := os.Stat(filepath.Join(path, "go.mod")); statErr == nil {
					return filepath.SkipDir // another module (fidelity)
				}
			}
			if strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if key, ok := n.Key.(*ast.Ident); ok && (key.Name == "Code" || key.Name == "Exit") && isNumber(n.Value) {
					t.Errorf("%s: %s: a bare exit code; use check.Exit…", fset.Position(n.Pos()), key.Name)
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Exit" && len(n.Args) == 1 && isNumber(n.Args[0]) {
					t.Errorf("%s: os.Exit with a bare number; use check.Exit…", fset.Position(n.Pos()))
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && (id.Name == "code" || id.Name == "exit") && i < len(n.Rhs) && isNumber(n.Rhs[i]) {
						t.Errorf("%s: %s = a bare number; use check.Exit…", fset.Position(n.Pos()), id.Name)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isNumber(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.INT
}
