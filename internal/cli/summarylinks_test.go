package cli

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// liveLink matches what GitHub would turn into a link or a notification in
// a job summary: a URL scheme followed by //, a www. host, an e-mail address
// or a @mention.
var liveLink = regexp.MustCompile(`(?i)[a-z][a-z0-9+.-]*://|\bwww\.|@[a-z0-9]`)

// TestSummary_noLinksOrMentionsFromSalesforce: a fault whose code and message
// carry URLs, a www. host, an e-mail address and @mentions makes a job
// summary that shows the text, but in which none of it is live.
func TestSummary_noLinksOrMentionsFromSalesforce(t *testing.T) {
	t.Parallel()
	message := "Your password expired, reset it at https://evil.example/reset or www.evil.example/login, ask @octocat or @github/security, mail it-help@evil.example, ftp://evil.example/x, HTTPS://EVIL.EXAMPLE"
	srv, _, _ := startFaultServer(t, false, answer(http.StatusInternalServerError, "text/xml;charset=UTF-8",
		soapFault("INVALID_LOGIN", message, true)))
	dir := t.TempDir()
	vars := soapVars(srv.URL, "5s")
	vars["GITHUB_ACTIONS"], vars["GITHUB_OUTPUT"], vars["GITHUB_STEP_SUMMARY"] = "true", filepath.Join(dir, "output"), filepath.Join(dir, "summary")
	var dials atomic.Int64
	run := runHostile(t.Context(), t, newFaultClient(&dials), vars)
	if run.exit != 1 {
		t.Errorf("exit = %d, want 1", run.exit)
	}
	b, err := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
	if err != nil {
		t.Fatal(err)
	}
	summary := string(b)
	if !strings.Contains(summary, "evil.example/reset") || !strings.Contains(summary, "octocat") {
		t.Fatalf("the summary does not show the message; the test proves nothing:\n%s", summary)
	}
	for _, m := range liveLink.FindAllString(summary, -1) {
		t.Errorf("the summary holds a live link or mention %q:\n%s", m, summary)
	}
}
