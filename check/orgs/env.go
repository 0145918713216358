package orgs

import (
	"slices"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/config"
)

// Getenv returns the environment one org's check sees, for config.Lookuper.
// The settings an org entry owns (identity, secrets, login URL, flow, API
// version) come from the entry alone — its literal values and the variables
// it names, read through global — or from their defaults: an org never
// inherits another identity's username, password or login URL, whether the
// run got them as SF_* variables or as INPUT_* action inputs. Every other
// setting (timeout, pinpoint, fail-on-warning, allow-custom-host, probes and
// their thresholds) is the run's, shared by every org. The orgs list and
// parallelism, report-file and the like are hidden, so one org's view is a
// single check.
func (s Spec) Getenv(global func(string) string) func(string) string {
	own := make(map[string]string)
	hide := func(input string) {
		name := config.InputEnv(input)
		own[name] = ""
		own[strings.ReplaceAll(name, "-", "_")] = ""
	}
	for _, st := range settings {
		v := ""
		if st.literal != nil {
			v = *st.literal(&s)
		}
		if st.env != nil && *st.env(&s) != "" {
			v = global(*st.env(&s))
		}
		own[envOf(st.input)] = v
		hide(st.input)
	}
	for _, in := range config.Inputs {
		// Belt and braces: a secret input added to config later is hidden
		// even before the orgs list learns a key for it. A key file is the
		// run's identity too: an org names its key with private-key-env.
		if in.Secret || slices.Contains(wholeRunOnly, in.Name) || in.Name == "private-key-file" {
			if _, ok := own[in.Env]; !ok {
				own[in.Env] = ""
			}
			hide(in.Name)
		}
	}
	return func(key string) string {
		if v, ok := own[key]; ok {
			return v
		}
		return global(key)
	}
}

// wholeRunOnly are the settings of the multi-org run itself, which mean
// nothing to one org's check.
var wholeRunOnly = []string{"orgs", "orgs-file", "parallelism", "report-file"}
