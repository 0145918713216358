package report

import (
	"fmt"

	"github.com/sethvargo/go-githubactions"

	"github.com/salesforce-login-check/salesforce-login-check/check/diagnose"
	"github.com/salesforce-login-check/salesforce-login-check/check/redact"
)

// GitHub writes one annotation per finding, the outputs and the job summary.
// Secrets must already be masked (redact.New with the action's AddMask);
// every text is scrubbed again here.
func GitHub(a *githubactions.Action, r *Result, secrets *redact.Secrets) (err error) {
	Annotate(a, r.Findings, "", secrets)
	values := r.OutputValues()
	if err := setOutputs(a, values, secrets); err != nil {
		return err
	}
	return addSummary(a, Summary(scrubbed(r, secrets)), secrets)
}

// scrubbed returns a copy of r with the secrets scrubbed from its texts.
// Renderers that escape text (markdown: Pa55_word! becomes Pa55\_word\!)
// must scrub first: an escaped secret no longer matches the scrubber, nor
// the runner's own masking.
func scrubbed(r *Result, secrets *redact.Secrets) *Result {
	s := secrets.Scrub
	c := *r
	c.Name, c.SalesforceError, c.OrgID, c.OrgName, c.UserID = s(r.Name), s(r.SalesforceError), s(r.OrgID), s(r.OrgName), s(r.UserID)
	c.Username, c.InstanceURL, c.LoginHost = s(r.Username), s(r.InstanceURL), s(r.LoginHost)
	c.Findings = scrubbedFindings(r.Findings, secrets)
	if r.Probes != nil {
		p := *r.Probes
		p.EgressIP = s(p.EgressIP)
		p.Health = make([]HealthRow, len(r.Probes.Health))
		for i, h := range r.Probes.Health {
			p.Health[i] = HealthRow{Probe: s(h.Probe), Value: s(h.Value), Threshold: s(h.Threshold), Verdict: s(h.Verdict)}
		}
		c.Probes = &p
	}
	return &c
}

func scrubbedFindings(findings []Finding, secrets *redact.Secrets) []Finding {
	if findings == nil {
		return nil
	}
	out := make([]Finding, len(findings))
	for i, f := range findings {
		f.Title, f.Message, f.Remedy = secrets.Scrub(f.Title), secrets.Scrub(f.Message), secrets.Scrub(f.Remedy)
		out[i] = f
	}
	return out
}

// Annotate writes one ::error, ::warning or ::notice per finding; prefix
// (an org name) starts each title.
func Annotate(a *githubactions.Action, findings []Finding, prefix string, secrets *redact.Secrets) {
	for _, f := range findings {
		title := f.Title
		if prefix != "" {
			title = prefix + ": " + title
		}
		msg := f.Message
		if f.Severity != diagnose.SeverityInfo && f.Remedy != "" {
			msg += " — Fix: " + f.Remedy
		}
		// The library escapes %, CR, LF (and : , in properties), so neither
		// text can end the command or start another.
		ann := a.WithFieldsMap(map[string]string{"title": defuse(oneLine(secrets.Scrub(title)))})
		text := defuse(oneLine(secrets.Scrub(fmt.Sprintf("[%s] %s", f.Reason, msg))))
		switch f.Severity {
		case diagnose.SeverityError:
			ann.Errorf("%s", text)
		case diagnose.SeverityWarning:
			ann.Warningf("%s", text)
		default:
			ann.Noticef("%s", text)
		}
	}
}

// setOutputs writes outputs in a fixed order, each one line.
func setOutputs(a *githubactions.Action, values map[string]string, secrets *redact.Secrets) error {
	if a.Getenv("GITHUB_OUTPUT") == "" {
		return nil
	}
	return fileCommand(func() {
		for _, name := range Outputs {
			if v, ok := values[name]; ok {
				a.SetOutput(name, oneLine(secrets.Scrub(v)))
			}
		}
	})
}

func addSummary(a *githubactions.Action, markdown string, secrets *redact.Secrets) error {
	if a.Getenv("GITHUB_STEP_SUMMARY") == "" {
		return nil
	}
	return fileCommand(func() { a.AddStepSummary(secrets.Scrub(markdown)) })
}

// fileCommand turns the panic go-githubactions raises on an unwritable
// GITHUB_OUTPUT or GITHUB_STEP_SUMMARY file into an error.
func fileCommand(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("failed to write to the runner's file commands: %v", p)
		}
	}()
	f()
	return nil
}
