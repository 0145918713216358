package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/internal/diagnose"
	"github.com/salesforce-login-check/salesforce-login-check/internal/transport"
)

// IsSandboxHost reports whether host is a sandbox login host.
func IsSandboxHost(host string) bool {
	host = strings.ToLower(host)
	return host == "test.salesforce.com" || strings.Contains(host, ".sandbox.my.")
}

// IsGenericHost reports whether host is login/test/welcome.salesforce.com.
func IsGenericHost(host string) bool { return transport.IsGenericHost(host) }

// IsSalesforceHost reports whether host is one of Salesforce's login hosts or
// My Domain suffixes; the list lives with the egress gate that enforces it.
func IsSalesforceHost(host string) bool { return transport.IsSalesforceHost(host) }

func isLoopback(host string) bool { return transport.IsLoopback(host) }

// myDomainFor returns the My Domain URL for a Lightning or Setup host, which
// people copy from the browser but which do not serve the API.
func myDomainFor(host string) (string, bool) {
	switch {
	case strings.HasSuffix(host, ".lightning.force.com"):
		return "https://" + strings.TrimSuffix(host, ".lightning.force.com") + ".my.salesforce.com", true
	case strings.HasSuffix(host, ".my.salesforce-setup.com"):
		return "https://" + strings.TrimSuffix(host, ".my.salesforce-setup.com") + ".my.salesforce.com", true
	}
	return "", false
}

// parseLoginURL checks the login URL and returns it normalised
// (scheme://host[:port][/path], no trailing slash) with its host.
func parseLoginURL(raw string, allowCustom bool) (string, string, *Problem) {
	const input, env = "login-url", "SF_LOGIN_URL"
	bad := func(reason diagnose.Reason, format string, args ...any) (string, string, *Problem) {
		return "", "", &Problem{Input: input, Env: env, Reason: reason, Message: fmt.Sprintf(format, args...)}
	}
	if raw != strings.TrimSpace(raw) {
		return bad(diagnose.ConfigError, "login-url has leading or trailing whitespace or a newline: remove it")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return bad(diagnose.ConfigError, "login-url is not a URL: use https://login.salesforce.com, https://test.salesforce.com or your My Domain URL")
	}
	if u.User != nil {
		return bad(diagnose.ConfigError, "login-url must not contain a user name or password (user:pass@host): put credentials in their own inputs")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return bad(diagnose.ConfigError, "login-url must not have a query (?…) or fragment (#…): use the host only, e.g. https://login.salesforce.com")
	}
	host := strings.ToLower(u.Hostname())
	if my, ok := myDomainFor(host); ok {
		return bad(diagnose.ConfigError, "login-url %s is the Lightning or Setup address, which does not serve the API: use %s", u.Scheme+"://"+host, my)
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	if strings.Contains(strings.ToLower(path), "/services/") {
		return bad(diagnose.ConfigError, "login-url must be the host only, without %s: use %s://%s", path, u.Scheme, u.Host)
	}
	custom := !IsSalesforceHost(host)
	switch u.Scheme {
	case "https":
	case "http":
		if !(allowCustom && isLoopback(host)) {
			return bad(diagnose.ConfigError, "login-url must use https: plain http is only accepted for a loopback test server with allow-custom-host: true")
		}
	default:
		return bad(diagnose.ConfigError, "login-url must start with https:// (got %q)", u.Scheme)
	}
	if custom && !allowCustom {
		return bad(diagnose.UntrustedLoginHost, "login-url host %s is not a Salesforce login domain, so the credentials were not sent: use https://login.salesforce.com, https://test.salesforce.com or https://<MyDomainName>.my.salesforce.com, or set allow-custom-host: true for a test server or proxy you trust", host)
	}
	if path != "" && !strings.HasSuffix(host, ".my.site.com") && !custom {
		return bad(diagnose.ConfigError, "login-url must be the host only, without the path %s: use %s://%s", path, u.Scheme, u.Host)
	}
	return u.Scheme + "://" + u.Host + path, host, nil
}
