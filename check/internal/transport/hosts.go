package transport

import (
	"net"
	"strings"
)

// Salesforce's login hosts and My Domain suffixes (docs/salesforce.md §5).
var (
	genericHosts = map[string]bool{
		"login.salesforce.com":   true,
		"test.salesforce.com":    true,
		"welcome.salesforce.com": true,
	}
	domainSuffixes = []string{
		".my.salesforce.com", // incl. sandbox/develop/scratch/trailblaze/patch/demo/free partitions
		".my.site.com",       // Experience Cloud
		".cloudforce.com",    // legacy My Domain suffix
		".database.com",      // legacy My Domain suffix
		".my.salesforce.mil", // US Government Cloud Plus Defense (third-party list, UNCERTAIN)
		".sfcrmproducts.cn",  // Salesforce on Alibaba Cloud (third-party list, UNCERTAIN)
	}
)

// IsGenericHost reports whether host is login/test/welcome.salesforce.com.
func IsGenericHost(host string) bool { return genericHosts[strings.ToLower(host)] }

// IsSandboxHost reports whether host is a sandbox login host.
func IsSandboxHost(host string) bool {
	host = strings.ToLower(host)
	return host == "test.salesforce.com" || strings.Contains(host, ".sandbox.my.")
}

// IsSalesforceHost reports whether host is one of Salesforce's login hosts or
// under one of its My Domain suffixes.
func IsSalesforceHost(host string) bool {
	host = strings.ToLower(host)
	if genericHosts[host] {
		return true
	}
	for _, s := range domainSuffixes {
		if strings.HasSuffix(host, s) && len(host) > len(s) {
			return true
		}
	}
	return false
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
