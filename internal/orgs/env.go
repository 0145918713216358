package orgs

import (
	"github.com/sethvargo/go-envconfig"

	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
)

// Lookuper returns what one org's check reads its settings through: the
// org's own values over the run's environment. The settings an org entry owns
// (identity, secrets, login URL, flow, API version) come from the entry alone
// — its literal values and the variables it names, read through global — or
// from their defaults: an org never inherits another identity's username,
// password or login URL, whether the run got them as SF_* variables or as
// INPUT_* action inputs. Every other setting (timeout, pinpoint,
// fail-on-warning, allow-custom-host, probes and their thresholds) is the
// run's, shared by every org. The orgs list and parallelism, report-file and
// the like are hidden, so one org's view is a single check.
func (s Spec) Lookuper(global func(string) string) envconfig.Lookuper {
	own := make(map[string]string)
	for _, st := range settings() {
		v := ""
		if st.literal != nil {
			v = *st.literal(&s)
		}
		if st.env != nil && *st.env(&s) != "" {
			v = global(*st.env(&s))
		}
		if v != "" {
			own[envOf(st.input)] = v
		}
	}
	return envconfig.MultiLookuper(envconfig.MapLookuper(own), config.Lookuper(runOnly(global)))
}

// runOnly is the run's environment without what no org may inherit, in every
// form the runner or a local runner spells it: the settings an org entry
// owns, every secret input (even one added to config before the orgs list
// learns a key for it), the key file (an org names its key with
// private-key-env) and the settings of the multi-org run itself
// (config.Input.Run).
func runOnly(global func(string) string) func(string) string {
	hidden := make(map[string]bool)
	hide := func(in config.Input) {
		for _, name := range in.Spellings() {
			hidden[name] = true
		}
	}
	owned := make(map[string]bool, len(settings()))
	for _, st := range settings() {
		owned[st.input] = true
	}
	for _, in := range config.Inputs {
		if owned[in.Name] || in.Secret || in.Run || in.Name == "private-key-file" {
			hide(in)
		}
	}
	return func(key string) string {
		if hidden[key] {
			return ""
		}
		return global(key)
	}
}
