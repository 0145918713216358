package check_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEndSession_theOnlyWayInAndOut holds the rule of endSession in the
// check's source: a session is obtained only by calls whose result is held
// in the same function (holdSOAP, holdToken), and ended only by endSession.
// A new flow that logs in, logs out or revokes by itself fails here.
func TestEndSession_theOnlyWayInAndOut(t *testing.T) {
	t.Parallel()
	// obtains are the wire's calls that hand out a session, with the hold
	// that must follow them in the same function.
	obtains := map[string]string{
		"soap.Login":              "holdSOAP",
		"oauth.PasswordGrant":     "holdToken",
		"oauth.ClientCredentials": "holdToken",
		"oauth.JWTBearer":         "holdToken",
		"oauth.Refresh":           "holdToken",
	}
	ends := []string{"soap.Logout", "oauth.Revoke"}

	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var gotObtain, gotEnd []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			calls := calledNames(fn.Body)
			for _, c := range calls {
				if hold, ok := obtains[c]; ok {
					if !slices.Contains(calls, hold) {
						t.Errorf("%s: %s calls %s without %s: the session it hands out would not be ended", name, fn.Name.Name, c, hold)
					}
					gotObtain = append(gotObtain, fn.Name.Name)
				}
				if slices.Contains(ends, c) {
					gotEnd = append(gotEnd, fn.Name.Name+" "+c)
				}
			}
		}
	}
	if diff := cmp.Diff([]string{"endSession soap.Logout", "endSession oauth.Revoke"}, gotEnd); diff != "" {
		t.Errorf("functions that end a session (-want, +got):\n%s", diff)
	}
	if len(gotObtain) == 0 {
		t.Error("no function obtains a session: the rule's list of calls is out of date")
	}
}

// calledNames lists the calls in body as "pkg.Func" or "method", in order.
func calledNames(body *ast.BlockStmt) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		switch fun := call.Fun.(type) {
		case *ast.SelectorExpr:
			if id, ok := fun.X.(*ast.Ident); ok && (id.Name == "soap" || id.Name == "oauth") {
				out = append(out, id.Name+"."+fun.Sel.Name)
			} else {
				out = append(out, fun.Sel.Name)
			}
		case *ast.Ident:
			out = append(out, fun.Name)
		}
		return true
	})
	return out
}
