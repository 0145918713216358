package orgs

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/salesforce-login-check/salesforce-login-check/check"
	"github.com/salesforce-login-check/salesforce-login-check/internal/config"
	"github.com/salesforce-login-check/salesforce-login-check/internal/workspace"
)

// MaxFile is the largest orgs-file read: the list itself is capped at the
// same size (maxText), and a bigger file is more likely a mistake than a
// list.
const MaxFile = maxText

// ReadFile reads the orgs list of the orgs-file input from the workspace
// dir (workspace.Dir). A path that resolves outside it, a missing or
// unreadable file and one over MaxFile are refused with a *config.Error naming the
// input and the rule; the path itself is not quoted, in case a secret was
// pasted there by mistake.
func ReadFile(dir, path string) (string, error) {
	data, err := workspace.ReadFile(dir, path, MaxFile)
	if err == nil {
		return string(data), nil
	}
	var msg string
	var tl *workspace.TooLargeError
	switch {
	case errors.Is(err, workspace.ErrOutside):
		msg = fmt.Sprintf("orgs-file resolves outside the workspace (%s), through .. or a symbolic link: keep the list in the repository, such as .github/salesforce-orgs.yml, and give its path relative to the repository root", dir)
	case errors.As(err, &tl):
		msg = fmt.Sprintf("orgs-file is %d bytes long, more than the %d one run reads: split the orgs across jobs with a matrix", tl.Size, tl.Max)
	case errors.Is(err, fs.ErrNotExist):
		msg = fmt.Sprintf("orgs-file names no file in the workspace (%s): give the path relative to the repository root, such as .github/salesforce-orgs.yml, and check out the repository (actions/checkout) before this step", dir)
	default:
		msg = fmt.Sprintf("orgs-file could not be read from the workspace (%s): %s", dir, errText(err))
	}
	return "", &config.Error{Problems: []config.Problem{{Input: "orgs-file", Reason: check.ConfigError, Message: msg}}}
}

// errText is the cause of a file error without the path it carries.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
