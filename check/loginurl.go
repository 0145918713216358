package check

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// LoginURL is a login URL the check accepts.
type LoginURL struct {
	// URL is scheme://host[:port][/path] with no trailing slash.
	URL string
	// Host is the lower-case host name.
	Host string
	// Generic is login, test or welcome.salesforce.com; Sandbox a sandbox
	// login host.
	Generic, Sandbox bool
}

// LoginURLError is why a login URL is refused. Its message never holds a
// secret: a URL with user information is refused without being quoted.
type LoginURLError struct {
	Reason  Reason
	Message string
}

func (e *LoginURLError) Error() string { return e.Message }

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

// ParseLoginURL checks a login URL and returns it normalised
// (scheme://host[:port][/path], no trailing slash) with what its host is. The
// check decides which login URLs it sends credentials to, so the rule lives
// here, beside the egress gate that enforces it on every request.
func ParseLoginURL(raw string, allowCustom bool) (LoginURL, error) {
	bad := func(reason Reason, format string, args ...any) (LoginURL, error) {
		return LoginURL{}, &LoginURLError{Reason: reason, Message: fmt.Sprintf(format, args...)}
	}
	if raw != strings.TrimSpace(raw) {
		return bad(ConfigError, "login-url has leading or trailing whitespace or a newline: remove it")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return bad(ConfigError, "login-url is not a URL: use https://login.salesforce.com, https://test.salesforce.com or your My Domain URL")
	}
	if u.User != nil {
		return bad(ConfigError, "login-url must not contain a user name or password (user:pass@host): put credentials in their own inputs")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return bad(ConfigError, "login-url must not have a query (?…) or fragment (#…): use the host only, e.g. https://login.salesforce.com")
	}
	host := strings.ToLower(u.Hostname())
	if my, ok := myDomainFor(host); ok {
		return bad(ConfigError, "login-url %s is the Lightning or Setup address, which does not serve the API: use %s", u.Scheme+"://"+host, my)
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	if strings.Contains(strings.ToLower(path), "/services/") {
		return bad(ConfigError, "login-url must be the host only, without %s: use %s://%s", path, u.Scheme, u.Host)
	}
	custom := !transport.IsSalesforceHost(host)
	switch u.Scheme {
	case "https":
	case "http":
		if !(allowCustom && transport.IsLoopback(host)) {
			return bad(ConfigError, "login-url must use https: plain http is only accepted for a loopback test server with allow-custom-host: true")
		}
	default:
		return bad(ConfigError, "login-url must start with https:// (got %q)", u.Scheme)
	}
	if custom && !allowCustom {
		return bad(UntrustedLoginHost, "login-url host %s is not a Salesforce login domain, so the credentials were not sent: use https://login.salesforce.com, https://test.salesforce.com or https://<MyDomainName>.my.salesforce.com, or set allow-custom-host: true for a test server or proxy you trust", host)
	}
	if path != "" && !strings.HasSuffix(host, ".my.site.com") && !custom {
		return bad(ConfigError, "login-url must be the host only, without the path %s: use %s://%s", path, u.Scheme, u.Host)
	}
	return LoginURL{URL: u.Scheme + "://" + u.Host + path, Host: host,
		Generic: transport.IsGenericHost(host), Sandbox: transport.IsSandboxHost(host)}, nil
}
