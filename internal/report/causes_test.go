package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// TestCauseAnnotations_Limits: however many causes, at most ten
// annotations of each kind, the last one counting the rest.
func TestCauseAnnotations_Limits(t *testing.T) {
	t.Parallel()
	var results []*check.Result
	for i := range 25 {
		f := check.NewFinding(check.ConfigError, "bad")
		f.Title += fmt.Sprintf(": key-%02d", i)
		results = append(results, orgResult(fmt.Sprintf("cfg-%02d", i), f))
		w := check.NewFinding(check.PasswordExpiring, "soon")
		w.Title += fmt.Sprintf(" (%02d)", i)
		results = append(results, orgResult(fmt.Sprintf("warn-%02d", i), w))
	}
	got := causeAnnotations(Causes(results))
	count := map[check.Severity]int{}
	for _, f := range got {
		count[f.Severity]++
	}
	if count[check.SeverityError] != 10 || count[check.SeverityWarning] != 10 {
		t.Fatalf("%d error and %d warning annotations, want 10 and 10", count[check.SeverityError], count[check.SeverityWarning])
	}
	if got[0].Title != "Configuration error: key-00 — 1 org" || got[9].Title != "16 more causes of errors — 16 orgs" {
		t.Errorf("first and last error annotations %q, %q", got[0].Title, got[9].Title)
	}
	if got[10].Severity != check.SeverityWarning || got[19].Title != "16 more causes of warnings — 16 orgs" {
		t.Errorf("warnings do not follow the errors, or the last does not count the rest: %q", got[19].Title)
	}
}

// TestListAnnotations: a refused list with many problems keeps to the ten
// error annotations the runner shows.
func TestListAnnotations(t *testing.T) {
	t.Parallel()
	var findings []check.Finding
	for i := range 30 {
		findings = append(findings, check.NewFinding(check.ConfigError, fmt.Sprintf("org #%d: name is required", i+1)))
	}
	got := listAnnotations(findings)
	if len(got) != 10 || !strings.Contains(got[9].Message, "and 21 more problems with the orgs list — see the job summary") {
		t.Errorf("%d annotations, last %q", len(got), got[len(got)-1].Message)
	}
	if got := listAnnotations(findings[:10]); len(got) != 10 || got[9].Message != findings[9].Message {
		t.Errorf("ten problems are not shown as they are")
	}
}

// TestCauses_RetirementDates: flows retiring on different dates are two
// causes, each with its date.
func TestCauses_RetirementDates(t *testing.T) {
	t.Parallel()
	soap := orgResult("soap", check.NewFinding(check.FlowRetiring, "SOAP login() retires"))
	soap.RetiresOn = "2027-06-01"
	pw := orgResult("pw", check.NewFinding(check.FlowRetiring, "The password flow retires"))
	pw.RetiresOn = "2027-02-20"
	soap2 := orgResult("soap2", check.NewFinding(check.FlowRetiring, "SOAP login() retires"))
	soap2.RetiresOn = "2027-06-01"
	var got []string
	for _, c := range Causes([]*check.Result{soap, pw, soap2}) {
		got = append(got, c.Heading())
	}
	want := "Login flow is being retired on 2027-06-01 — 2 orgs|Login flow is being retired on 2027-02-20 — 1 org"
	if strings.Join(got, "|") != want {
		t.Errorf("causes %q, want %q", got, want)
	}
}
