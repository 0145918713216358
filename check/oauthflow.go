package check

import (
	"context"

	"github.com/salesforce-login-check/salesforce-login-check/check/diagnose"
	"github.com/salesforce-login-check/salesforce-login-check/check/report"
)

// oauth runs a check with one of the OAuth flows.
func (r *run) oauth(ctx context.Context) {
	_ = ctx
	r.res.Add(report.NewFinding(diagnose.ConfigError, "OAuth flows are not wired yet"))
}
