package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// reportSchema compiles docs/report.schema.json once for the package's
// tests, with a validator that knows draft 2020-12.
var reportSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	b, err := os.ReadFile("../../docs/report.schema.json")
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	const id = "urn:salesforce-login-check:report:1"
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	return c.Compile(id)
})

// validateReport fails the test unless report is one JSON value that the
// schema accepts.
func validateReport(t *testing.T, report string) {
	t.Helper()
	schema, err := reportSchema()
	if err != nil {
		t.Fatalf("docs/report.schema.json: %v", err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(report))
	if err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, report)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("the report does not follow docs/report.schema.json: %v\n%s", err, report)
	}
}

// TestJSONReportFollowsTheSchema: the --json report of every case of the
// simulated org (every demo case among them: refused settings, failures,
// warnings, passes, probes) follows docs/report.schema.json.
func TestJSONReportFollowsTheSchema(t *testing.T) {
	t.Parallel()
	for _, sc := range simorg.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			_, env := serve(t, sc)
			inv := runCLI(t, env, "--json")
			validateReport(t, inv.stdout)
		})
	}
}

// TestMultiOrgJSONReportFollowsTheSchema: the report of a run over an
// orgs list, with a pass, a failure and a refused org, and that of a
// refused list, follow the schema, as does the report file.
func TestMultiOrgJSONReportFollowsTheSchema(t *testing.T) {
	t.Parallel()
	t.Run("three orgs", func(t *testing.T) {
		t.Parallel()
		f := newThreeOrgs(t)
		dir := t.TempDir()
		f.env["GITHUB_WORKSPACE"], f.env["SF_REPORT_FILE"] = dir, "report.json"
		run := runCLI(t, f.env, "--json")
		validateReport(t, run.stdout)
		var got struct {
			Orgs []json.RawMessage `json:"orgs"`
		}
		if err := json.Unmarshal([]byte(run.stdout), &got); err != nil || len(got.Orgs) != 3 {
			t.Errorf("want a report of 3 orgs, got %d (%v)", len(got.Orgs), err)
		}
		file, err := os.ReadFile(dir + "/report.json")
		if err != nil {
			t.Fatal(err)
		}
		validateReport(t, string(file))
	})
	t.Run("refused list", func(t *testing.T) {
		t.Parallel()
		run := runCLI(t, map[string]string{"SF_ORGS": "- name: a\n  password: Literal-Pa55word\n"}, "--json")
		if run.exit != 2 {
			t.Errorf("exit = %d, want 2", run.exit)
		}
		validateReport(t, run.stdout)
	})
}

// TestSchemaRefuses: the schema is not a formality: a report without its
// version, with a reason the vocabulary lacks, or with an org's name in a
// single report is refused.
func TestSchemaRefuses(t *testing.T) {
	t.Parallel()
	schema, err := reportSchema()
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]any{
		"schema_version": "1.0", "status": "fail", "reason": "wrong-password", "salesforce_error": "INVALID_LOGIN",
		"org_id": "", "user_id": "", "username": "a@acme.com", "instance_url": "", "sandbox": nil, "api_version": "64.0",
		"latency_ms": 12, "attempts": 2, "auth_flow": "soap", "retires_on": "2027-06-01", "findings": []any{},
	}
	if err := schema.Validate(valid); err != nil {
		t.Fatalf("the schema refuses a valid report: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
	}{
		{"no schema_version", func(m map[string]any) { delete(m, "schema_version") }},
		{"another major version", func(m map[string]any) { m["schema_version"] = "2.0" }},
		{"unknown reason", func(m map[string]any) { m["reason"] = "bad-password" }},
		{"unknown status", func(m map[string]any) { m["status"] = "ok" }},
		{"a name in a single report", func(m map[string]any) { m["name"] = "prod" }},
		{"three attempts", func(m map[string]any) { m["attempts"] = 3 }},
		{"a date that is not one", func(m map[string]any) { m["retires_on"] = "Summer '27" }},
		{"no findings", func(m map[string]any) { delete(m, "findings") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := map[string]any{}
			for k, v := range valid {
				m[k] = v
			}
			tc.edit(m)
			if schema.Validate(m) == nil {
				t.Errorf("the schema accepts %v", m)
			}
		})
	}
}

// TestReportDocExampleFollowsTheSchema: the example in docs/report.md is a
// report the schema accepts.
func TestReportDocExampleFollowsTheSchema(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/report.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```json\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/report.md has no ```json example")
	}
	validateReport(t, example)
}
