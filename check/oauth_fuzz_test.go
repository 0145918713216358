package check

import "testing"

// FuzzOAuthError: whatever an OAuth error answer holds, it ends in a reason
// of the vocabulary that is neither a pass nor a configuration error.
func FuzzOAuthError(f *testing.F) {
	f.Add("invalid_grant", "authentication failure", 400)
	f.Add("invalid_client_id", "client identifier invalid", 400)
	f.Add("unknown_error", "retry your request", 503)
	f.Add("OAUTH_APP_BLOCKED", "this app is blocked by admin", 302)
	f.Add("", "", 0)
	f.Fuzz(func(t *testing.T, code, desc string, status int) {
		r := OAuthError(code, desc, status)
		info := Lookup(r)
		if Lookup(r).Reason != r || info.Status == StatusPass || info.Exit == ExitConfig {
			t.Errorf("OAuthError(%q, %q, %d) = %q", code, desc, status, r)
		}
		if again := OAuthError(code, desc, status); again != r {
			t.Errorf("not deterministic: %q then %q", r, again)
		}
	})
}
