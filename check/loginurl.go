package check

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// LoginURL is a login URL the check accepts.
type LoginURL struct {
	// URL is scheme://host[:port][/path] with no trailing slash.
	URL string
	// Host is the lower-case host name.
	Host string
	// Origin is the canonical origin, scheme://host:port: lower-case scheme
	// and host, no trailing dot, an IP address in its one spelling, the
	// port a number with the scheme's default made explicit. Every
	// spelling of one login host has the same Origin, so a rule about one
	// host (a user logs in once per run) keys on it.
	Origin string
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
	origin, ok := canonicalOrigin(u.Scheme, host, u.Port())
	if !ok {
		return bad(ConfigError, "login-url has a port that is not a number from 1 to 65535: give the port the server listens on, or none for https")
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
	return LoginURL{URL: u.Scheme + "://" + u.Host + path, Host: host, Origin: origin,
		Generic: transport.IsGenericHost(host), Sandbox: transport.IsSandboxHost(host)}, nil
}

// defaultPorts are the ports a URL without one talks to.
var defaultPorts = map[string]uint64{"https": 443, "http": 80}

// canonicalOrigin spells the origin of a URL one way: scheme and host lower
// case (host is lower case already), no trailing dot, an IP address as
// netip writes it (an IPv4-mapped IPv6 address as IPv4), and the port as a
// number from 1 to 65535, the scheme's default when none is given. It
// reports false for a port out of range.
func canonicalOrigin(scheme, host, port string) (string, bool) {
	scheme = strings.ToLower(scheme)
	host = strings.TrimRight(host, ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		host = ip.Unmap().String()
	}
	n := defaultPorts[scheme]
	if port != "" {
		var err error
		n, err = strconv.ParseUint(port, 10, 64)
		if err != nil || n < 1 || n > 65535 {
			return "", false
		}
	}
	return scheme + "://" + net.JoinHostPort(host, strconv.FormatUint(n, 10)), true
}
