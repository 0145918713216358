// Package diagnose holds the stable vocabulary of the check (statuses,
// reasons, exit codes) and turns what Salesforce answered into a reason with a
// title and a remedy a person can act on.
package diagnose
