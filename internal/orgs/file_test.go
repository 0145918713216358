package orgs

import (
	"os"
	"strings"
	"testing"
)

// TestExampleOrgsFile: the list the example workflow reads is a valid list,
// read the way the action reads it, and the workflow names it.
func TestExampleOrgsFile(t *testing.T) {
	t.Parallel()
	const path = ".github/salesforce-orgs.yml"
	text, err := ReadFile("../../examples", path)
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	specs, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(specs) != 3 {
		t.Errorf("the example lists %d orgs, want 3", len(specs))
	}
	wf, err := os.ReadFile("../../examples/many-orgs-file.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(wf), "orgs-file: "+path) {
		t.Errorf("examples/many-orgs-file.yml does not read %s", path)
	}
	for _, s := range specs {
		for _, name := range []string{s.PasswordEnv, s.SecurityTokenEnv, s.ClientIDEnv, s.ClientSecretEnv} {
			if name != "" && !strings.Contains(string(wf), name+": ${{ secrets."+name+" }}") {
				t.Errorf("the example workflow does not pass %s, which org %s names", name, s.Name)
			}
		}
	}
}
