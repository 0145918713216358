package transport

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// Gate decides where the check may send a request. Every request of a
// Client crosses it (Client.Do), whatever built the URL: the login URL, a
// serverUrl, instance_url or identity URL from a login answer, a probe, a
// logout or a revoke. The rule:
//
//   - https to a Salesforce domain: a login domain (IsSalesforceHost) or a
//     legacy instance host under salesforce.com (na12.salesforce.com, which
//     old answers name as serverUrl or instance_url: docs/salesforce.md §5);
//   - any other host only with allow-custom-host, and then only the login
//     URL's own scheme and host (with its port): a test server or a proxy
//     the user named, never a host an answer named;
//   - plain http only to loopback.
//
// Redirects are never followed (New), so no request leaves this rule by a
// 3xx either. The zero Gate refuses every request.
type Gate struct {
	// custom is the login URL's scheme://host[:port] when allow-custom-host
	// lets the check talk to a host outside Salesforce's domains.
	custom string
	// set tells a Gate from the zero value.
	set bool
}

// NewGate returns the gate of a check whose login URL is loginURL.
func NewGate(loginURL string, allowCustomHost bool) Gate {
	g := Gate{set: true}
	if u, err := url.Parse(loginURL); err == nil && allowCustomHost && u.Host != "" {
		g.custom = origin(u)
	}
	return g
}

// origin is a URL's scheme://host[:port], lower case, without the scheme's
// default port, so that https://proxy and https://proxy:443 are one host.
func origin(u *url.URL) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if port := u.Port(); (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		host = strings.TrimSuffix(host, ":"+port)
	}
	return scheme + "://" + host
}

// RefusedError is a request the gate did not send. Host is the host the
// request was meant for, for the message that names it.
type RefusedError struct {
	Scheme, Host string
	// Rule says which part of the rule the URL broke.
	Rule string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("not sent to %s://%s: %s", e.Scheme, e.Host, e.Rule)
}

// Check returns nil when a request may be sent to rawURL, else a
// *RefusedError. It never sends anything.
func (g Gate) Check(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return &RefusedError{Host: "(none)", Rule: "the URL has no host"}
	}
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname())
	// The host is named as the answer wrote it, never lower-cased: an
	// answer may echo a secret there, and only its exact spelling is
	// recognised and masked by the report's redaction.
	refuse := func(rule string) error {
		return &RefusedError{Scheme: scheme, Host: u.Host, Rule: rule}
	}
	switch {
	case !g.set:
		return refuse("the client has no egress gate")
	case u.User != nil:
		return refuse("a URL with a user name or password is never used")
	case !wellFormedHost(host):
		return refuse("the host is neither a DNS name nor an IP address")
	case scheme != "https" && scheme != "http":
		return refuse("only https (and http to loopback) is used")
	case scheme == "http" && !IsLoopback(host):
		return refuse("plain http is only used to a loopback test server; Salesforce is always https")
	case scheme == "https" && (IsSalesforceHost(host) || strings.HasSuffix(host, ".salesforce.com")):
		return nil
	case g.custom != "" && origin(u) == g.custom:
		return nil
	case g.custom != "":
		return refuse("not a Salesforce domain, and not the custom login host " + g.custom + " that allow-custom-host allows")
	}
	return refuse("not a Salesforce domain (login.salesforce.com, test.salesforce.com, *.my.salesforce.com, …)")
}

// wellFormedHost reports whether host (lower case, without brackets or port)
// is an IP address or a DNS name: dot-separated labels of letters, digits,
// underscores (a compose service name) and inner hyphens, one trailing dot
// allowed. net/url lets through hosts no
// resolver should be asked about ("].salesforce.com", found by
// FuzzGate_dialsOnlyAllowedHosts); a suffix match alone would call them
// Salesforce's.
func wellFormedHost(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	name := strings.TrimSuffix(host, ".")
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range []byte(label) {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
				return false
			}
		}
	}
	return true
}
