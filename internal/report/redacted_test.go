package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/report"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workflow"
)

// stringFields lists the path of every plain string field reachable from a
// Result, through pointers, structs and slices (a slice is walked at its
// first element). It fails on a kind the redaction does not copy.
func stringFields(t testing.TB, typ reflect.Type, path string) []string {
	switch typ.Kind() {
	case reflect.String:
		if typ == reflect.TypeFor[string]() {
			return []string{path}
		}
		return nil
	case reflect.Pointer:
		return stringFields(t, typ.Elem(), path)
	case reflect.Slice:
		return stringFields(t, typ.Elem(), path+"[0]")
	case reflect.Struct:
		var out []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				t.Fatalf("%s.%s is unexported: the redaction cannot copy it", path, f.Name)
			}
			out = append(out, stringFields(t, f.Type, path+"."+f.Name)...)
		}
		return out
	case reflect.Bool, reflect.Int, reflect.Int64:
		return nil
	}
	t.Fatalf("%s is a %s: teach the redaction (report/redacted.go) and this test about it", path, typ.Kind())
	return nil
}

// fullResult is a result with every pointer set, every slice holding one
// element and every plain string set to "x", except the field at plant,
// set to planted.
func fullResult(plant, planted string) *check.Result {
	r := &check.Result{Status: check.StatusFail, Reason: check.WrongPassword, Exit: check.ExitFail}
	fill(reflect.ValueOf(r).Elem(), ".Result", plant, planted)
	for i := range r.Findings {
		r.Findings[i].Severity, r.Findings[i].Reason = check.SeverityError, check.WrongPassword
	}
	return r
}

func fill(v reflect.Value, path, plant, planted string) {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeFor[string]() {
			s := "x"
			if path == plant {
				s = planted
			}
			v.SetString(s)
		}
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), path, plant, planted)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), path+"[0]", plant, planted)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), path+"."+v.Type().Field(i).Name, plant, planted)
		}
	}
}

// renderings renders a run in every way the binary can, with secrets
// registered first: text, JSON and GitHub (stdout, outputs, summary), for one
// org and for a multi-org run holding it (whose own fields hold planted when
// plant names them).
func renderings(t testing.TB, dir string, r *check.Result, m *report.Multi, secrets []string) map[string]string {
	out := map[string]string{}
	files := map[string]string{"GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary")}
	github := func(name string, render func(w *workflow.Writer, stdout *bytes.Buffer)) {
		for _, f := range files {
			_ = os.Remove(f)
		}
		var stdout bytes.Buffer
		w := workflow.New(func(k string) string { return files[k] }, &stdout)
		reg := check.NewSecrets(w.Mask)
		reg.Add(secrets...)
		render(w, &stdout)
		if err := w.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var shown []string
		for _, line := range strings.Split(stdout.String(), "\n") {
			if !strings.HasPrefix(line, "::add-mask::") {
				shown = append(shown, line)
			}
		}
		out[name+" stdout"] = strings.Join(shown, "\n")
		summary, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
		out[name+" summary"] = string(summary)
		// The outputs as the runner reads them: the random heredoc
		// delimiters are not shown anywhere (and may spell anything).
		text, _ := os.ReadFile(files["GITHUB_OUTPUT"])
		names, values, err := parseOutputFile(string(text))
		if err != nil {
			t.Fatalf("%s: GITHUB_OUTPUT does not parse: %v", name, err)
		}
		for _, n := range names {
			out[name+" outputs"] += n + "=" + values[n] + "\n"
		}
	}
	reg := check.NewSecrets(nil)
	reg.Add(secrets...)
	var b bytes.Buffer
	if err := report.Text(&b, report.Redact(r, reg), false); err != nil {
		t.Fatal(err)
	}
	out["text"] = b.String()
	b.Reset()
	if err := report.JSON(&b, report.Redact(r, reg)); err != nil {
		t.Fatal(err)
	}
	out["json"] = b.String()
	b.Reset()
	if err := report.MultiText(&b, report.RedactMulti(m, reg), false); err != nil {
		t.Fatal(err)
	}
	out["multi text"] = b.String()
	b.Reset()
	if err := report.MultiJSON(&b, report.RedactMulti(m, reg)); err != nil {
		t.Fatal(err)
	}
	out["multi json"] = b.String()
	github("github", func(w *workflow.Writer, stdout *bytes.Buffer) {
		rr := report.Redact(r, reg)
		_ = report.Text(stdout, rr, false)
		report.GitHub(w, rr)
	})
	github("multi github", func(w *workflow.Writer, stdout *bytes.Buffer) {
		rm := report.RedactMulti(m, reg)
		_ = report.MultiText(stdout, rm, false)
		report.MultiGitHub(w, rm)
	})
	return out
}

// planted builds the one-org result and a multi-org run for a secret planted
// at path: a Result path plants in the org (the run's only org), a Multi
// path in the run's own fields.
func planted(path, secret string) (*check.Result, *report.Multi) {
	resultPath := path
	if strings.HasPrefix(path, ".Multi") {
		resultPath = ""
	}
	r := fullResult(resultPath, secret)
	m := report.NewMulti([]*check.Result{r}, false)
	m.Findings = []check.Finding{check.NewFinding(check.ConfigError, "x")}
	if path == ".Multi.FailedOrgs[0]" {
		m.FailedOrgs = []string{secret}
	}
	if path == ".Multi.Findings[0].Message" {
		m.Findings[0].Message = secret
	}
	return r, m
}

// multiFields are the plain strings of a Multi outside its orgs.
func multiFields(t testing.TB) []string {
	var out []string
	for _, p := range stringFields(t, reflect.TypeFor[report.Multi](), ".Multi") {
		if !strings.HasPrefix(p, ".Multi.Orgs") && !strings.HasPrefix(p, ".Multi.Findings[0].") || p == ".Multi.Findings[0].Message" {
			out = append(out, p)
		}
	}
	return out
}

// TestRedact_everyFieldEveryRenderer plants a secret in each plain string
// field, found by reflection (a field added later is covered), and renders
// through every renderer: the secret appears in none. Without the secret
// registered, the same text reaches the JSON report: the plant is real.
func TestRedact_everyFieldEveryRenderer(t *testing.T) {
	t.Parallel()
	// A tab (a blank once made inert), markdown and JSON-escaped
	// characters, a legacy command prefix: each would hide the secret from a
	// scrubber that ran after escaping.
	const secret = "Leaky\t<Pa55>_*word&\"##[|x@y"
	paths := append(stringFields(t, reflect.TypeFor[check.Result](), ".Result"), multiFields(t)...)
	if len(paths) < 20 {
		t.Fatalf("found only %d string fields: %q", len(paths), paths)
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			r, m := planted(path, "before "+secret+" after")
			for name, text := range renderings(t, dir, r, m, []string{secret}) {
				if strings.Contains(text, secret) || strings.Contains(text, strings.ReplaceAll(secret, "\t", " ")) {
					t.Errorf("%s shows the secret planted in %s:\n%s", name, path, text)
				}
			}
			control := renderings(t, dir, r, m, nil)
			js := control["json"]
			if strings.HasPrefix(path, ".Multi") {
				js = control["multi json"]
			}
			quoted, _ := json.Marshal(strings.ReplaceAll(secret, "\t", " ")) // made inert
			if !strings.Contains(strings.ReplaceAll(js, `\u003c`, "<"), strings.Trim(strings.ReplaceAll(string(quoted), `\u003c`, "<"), `"`)[:8]) {
				t.Errorf("unregistered, the planted text does not reach the JSON report; the test proves nothing:\n%s", js)
			}
		})
	}
}

// FuzzRedact holds the invariant for any secret in any field: registered, it
// appears in no rendering. A secret the renderers' own text spells (found by
// rendering the mask in its place) cannot be told apart and is skipped.
func FuzzRedact(f *testing.F) {
	f.Add("Leaky\tPa55word", uint16(0), "")
	f.Add("false", uint16(7), "x")
	f.Add(`", "x": "`, uint16(3), "")
	f.Add("00D5g000004Hq2X!AQ8AQJ1yZb", uint16(12), "y")
	f.Add("_GitHubActionsFileCommandDelimeter_", uint16(2), "")
	f.Add("a***", uint16(5), "a")
	f.Fuzz(func(t *testing.T, secret string, field uint16, pad string) {
		if len(strings.TrimSpace(secret)) < check.MinSecretLen {
			t.Skip()
		}
		paths := append(stringFields(t, reflect.TypeFor[check.Result](), ".Result"), multiFields(t)...)
		path := paths[int(field)%len(paths)]
		dir := t.TempDir()
		r, m := planted(path, pad+check.Mask+pad)
		baseline := renderings(t, dir, r, m, []string{secret})
		r, m = planted(path, pad+secret+pad)
		for name, text := range renderings(t, dir, r, m, []string{secret}) {
			if strings.Contains(text, secret) && !strings.Contains(baseline[name], secret) {
				t.Errorf("%s shows the secret %q planted in %s:\n%s", name, secret, path, text)
			}
		}
	})
}

// BenchmarkRedactMulti redacts a 1,000-org run with the secrets of 1,000
// orgs registered, as a multi-org run does once before rendering.
func BenchmarkRedactMulti(b *testing.B) {
	reg := check.NewSecrets(nil)
	var orgs []*check.Result
	for i := range 1000 {
		reg.Add(fmt.Sprintf("Passw0rd-%04d", i), fmt.Sprintf("T0ken%04dXyZ", i))
		reg.AddSession(fmt.Sprintf("00D000000000%04d!AQ8AQJ1yZb2nq0XkQ2pW.Vx7sXo9rU3eH4t%04d", i, i))
		r := fullResult("", "")
		r.Name = fmt.Sprintf("org-%04d", i)
		orgs = append(orgs, r)
	}
	m := report.NewMulti(orgs, false)
	b.ResetTimer()
	for b.Loop() {
		_ = report.RedactMulti(m, reg)
	}
}
