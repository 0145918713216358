package report

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// schemaDoc is the part of docs/report.schema.json these tests read.
type schemaDoc struct {
	ID   string                `json:"$id"`
	Defs map[string]schemaNode `json:"$defs"`
}

type schemaNode struct {
	Ref         string                `json:"$ref"`
	Description string                `json:"description"`
	Enum        []string              `json:"enum"`
	Pattern     string                `json:"pattern"`
	Properties  map[string]schemaNode `json:"properties"`
	Items       *schemaNode           `json:"items"`
}

// UnmarshalJSON reads a node; a boolean schema (false: "never present")
// is a node with no fields.
func (n *schemaNode) UnmarshalJSON(b []byte) error {
	if string(b) == "false" || string(b) == "true" {
		*n = schemaNode{Description: "Stable. " + string(b)}
		return nil
	}
	type plain schemaNode
	return json.Unmarshal(b, (*plain)(n))
}

func readSchema(t *testing.T) schemaDoc {
	t.Helper()
	b, err := os.ReadFile("../../docs/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s schemaDoc
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("docs/report.schema.json: %v", err)
	}
	return s
}

// jsonFields lists the JSON names of a struct's fields as encoding/json
// writes them, embedded structs flattened.
func jsonFields(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case f.Anonymous && name == "":
			out = append(out, jsonFields(f.Type)...)
		case name == "":
			out = append(out, f.Name)
		default:
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func keys(m map[string]schemaNode) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestSchemaDeclaresEveryField: every field the JSON report can carry is a
// property of its object in docs/report.schema.json, and every property is
// a field: a field added to the code without the schema, or renamed, fails
// here.
func TestSchemaDeclaresEveryField(t *testing.T) {
	t.Parallel()
	s := readSchema(t)
	for _, tc := range []struct {
		def string
		typ any
	}{
		{"result", check.Result{}},
		{"finding", check.Finding{}},
		{"attempt", check.Attempt{}},
		{"probes", check.Probes{}},
		{"healthRow", check.HealthRow{}},
		{"orgPolicy", check.OrgPolicy{}},
		{"singleReport", singleReport{}},
		{"multiReport", multiReport{}},
	} {
		def, ok := s.Defs[tc.def]
		if !ok {
			t.Errorf("the schema has no $defs/%s", tc.def)
			continue
		}
		want := jsonFields(reflect.TypeOf(tc.typ))
		got := keys(def.Properties)
		if tc.def == "singleReport" {
			// It adds schema_version to result and forbids name.
			want = []string{"name", "schema_version"}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("$defs/%s properties against %T's JSON fields (-fields, +schema):\n%s", tc.def, tc.typ, diff)
		}
	}
}

// TestSchemaEnumsMatchTheCode: the schema's reasons are the vocabulary's,
// and its version is the one the report writes.
func TestSchemaEnumsMatchTheCode(t *testing.T) {
	t.Parallel()
	s := readSchema(t)
	var reasons []string
	for _, r := range check.Reasons() {
		reasons = append(reasons, string(r))
	}
	if diff := cmp.Diff(reasons, s.Defs["reason"].Enum); diff != "" {
		t.Errorf("$defs/reason enum against the vocabulary (-code, +schema):\n%s", diff)
	}
	statuses := []string{string(check.StatusPass), string(check.StatusWarn), string(check.StatusFail), string(check.StatusError)}
	if diff := cmp.Diff(statuses, s.Defs["status"].Enum); diff != "" {
		t.Errorf("$defs/status enum (-code, +schema):\n%s", diff)
	}
	flows := []string{"", string(check.FlowSOAP), string(check.FlowPassword), string(check.FlowClientCredentials), string(check.FlowJWT), string(check.FlowRefreshToken)}
	if diff := cmp.Diff(flows, s.Defs["result"].Properties["auth_flow"].Enum); diff != "" {
		t.Errorf("auth_flow enum (-code, +schema):\n%s", diff)
	}
	if !regexp.MustCompile(s.Defs["schemaVersion"].Pattern).MatchString(SchemaVersion) {
		t.Errorf("SchemaVersion %q does not match the schema's pattern %q", SchemaVersion, s.Defs["schemaVersion"].Pattern)
	}
	major, _, _ := strings.Cut(SchemaVersion, ".")
	if !strings.HasSuffix(s.ID, ":"+major) {
		t.Errorf("the schema's $id %q does not name major version %s", s.ID, major)
	}
}

// TestSchemaSaysWhatIsStable: every property says whether it is Stable or
// Informational, in its own description or in that of the definition it
// refers to, and docs/report.md lists each with the same word.
func TestSchemaSaysWhatIsStable(t *testing.T) {
	t.Parallel()
	s := readSchema(t)
	doc, err := os.ReadFile("../../docs/report.md")
	if err != nil {
		t.Fatal(err)
	}
	stability := func(n schemaNode) string {
		d := n.Description
		if d == "" && strings.HasPrefix(n.Ref, "#/$defs/") {
			d = s.Defs[strings.TrimPrefix(n.Ref, "#/$defs/")].Description
		}
		switch {
		case strings.HasPrefix(d, "Stable."):
			return "stable"
		case strings.HasPrefix(d, "Informational."):
			return "informational"
		}
		return ""
	}
	for _, def := range []string{"result", "finding", "attempt", "probes", "healthRow", "orgPolicy", "multiReport"} {
		for _, name := range keys(s.Defs[def].Properties) {
			word := stability(s.Defs[def].Properties[name])
			if word == "" {
				t.Errorf("$defs/%s property %s: the description says neither Stable. nor Informational.", def, name)
				continue
			}
			row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(name) + "` \\| [^|]*\\b" + def + "\\b[^|]* \\| " + word + " \\|")
			if !row.Match(doc) {
				t.Errorf("docs/report.md: no row `%s` | … %s … | %s |", name, def, word)
			}
		}
	}
	if !slices.Contains(strings.Fields(string(doc)), "`schema_version`") {
		t.Error("docs/report.md does not explain schema_version")
	}
}

// TestREADMEListsTheStableFields: the README's JSON report section names
// every field, stable or informational, under the word the schema gives it.
func TestREADMEListsTheStableFields(t *testing.T) {
	t.Parallel()
	s := readSchema(t)
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "## The JSON report\n")
	section, _, _ = strings.Cut(section, "\n## ")
	stable, informational, found := strings.Cut(section, "**Informational**")
	if !ok || !found {
		t.Fatal("README.md has no section \"The JSON report\" with a **Stable** and an **Informational** list")
	}
	for _, def := range []string{"result", "finding", "probes", "multiReport"} {
		for name, n := range s.Defs[def].Properties {
			d := n.Description
			if d == "" {
				d = s.Defs[strings.TrimPrefix(n.Ref, "#/$defs/")].Description
			}
			in := stable
			if strings.HasPrefix(d, "Informational.") {
				in = informational
			}
			if !strings.Contains(in, "`"+name+"`") && !strings.Contains(in, "`probes."+name+"`") {
				t.Errorf("README.md, The JSON report: %s (in %s) is not in its list", name, def)
			}
		}
	}
}
