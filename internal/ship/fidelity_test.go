package ship

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// TestFidelityExpectsEveryScenario: the real clients of .ci/fidelity.sh are
// held to fidelity/expect.json for every case simulate serves, so a new
// scenario without an expectation fails here, in go test, and not first in
// the long fidelity run.
func TestFidelityExpectsEveryScenario(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../fidelity/expect.json")
	if err != nil {
		t.Fatal(err)
	}
	var expect struct {
		Cases map[string]json.RawMessage `json:"cases"`
	}
	if err := json.Unmarshal(b, &expect); err != nil {
		t.Fatalf("fidelity/expect.json: %v", err)
	}
	served := map[string]bool{}
	for _, sc := range simorg.Scenarios() {
		served[sc.Name] = true
		if _, ok := expect.Cases[sc.Name]; !ok {
			t.Errorf("scenario %s has no case in fidelity/expect.json: say what a Salesforce client sees there", sc.Name)
		}
	}
	for name := range expect.Cases {
		if !served[name] {
			t.Errorf("fidelity/expect.json has case %s, which simulate does not serve", name)
		}
	}
}
