package simorg

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Wire texts of the faults, as recorded (docs/salesforce.md §2.2).
const (
	msgInvalidLogin   = "Invalid username, password, security token; or user locked out."
	msgMustUseToken   = "Invalid username, password, security token; or user locked out. Are you at a new location? When accessing Salesforce--either via a desktop client or the API--from outside of your company’s trusted networks, you must add a security token to your password to log in. To get your new security token, log in to Salesforce. From your personal settings, enter Reset My Security Token in the Quick Find box, then select Reset My Security Token."
	msgRestrictedIP   = "cannot log in from current domain"
	msgRestrictedTime = "cannot log in during restricted time"
	msgSOAPDisabled   = "SOAP API login() is disabled by default in this org."
	msgAPIDisabled    = "API is disabled for this User"
	msgBadVersion     = "Invalid Api version specified on URL"
	msgInvalidSession = "Invalid Session ID found in SessionHeader: Illegal Session"
	// jsforce/jsforce#1308 quotes it.
	msgExpiredPassword = "The users password has expired, you must call SetPassword before attempting any other API operations"
	// The texts of these two were never captured (UNCERTAIN); ours say what
	// the documentation says.
	msgInsufficientAccess = "The user does not have the Use Any API Auth permission required for SOAP API login()."
	msgSSO                = "The Single Sign-On Gateway URL is invalid"
)

// soapRequest is the part of a request envelope the org reads. The names
// carry their namespaces, so any prefix the client chose is accepted and a
// body from another API is not.
type soapRequest struct {
	XMLName xml.Name `xml:"http://schemas.xmlsoap.org/soap/envelope/ Envelope"`
	Header  struct {
		Session struct {
			ID string `xml:"urn:partner.soap.sforce.com sessionId"`
		} `xml:"urn:partner.soap.sforce.com SessionHeader"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Header"`
	Body struct {
		Login *struct {
			Username string `xml:"urn:partner.soap.sforce.com username"`
			Password string `xml:"urn:partner.soap.sforce.com password"`
		} `xml:"urn:partner.soap.sforce.com login"`
		Logout      *struct{} `xml:"urn:partner.soap.sforce.com logout"`
		GetUserInfo *struct{} `xml:"urn:partner.soap.sforce.com getUserInfo"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

// serveSOAP handles POST /services/Soap/u/{version}[/{orgId}].
func (o *Org) serveSOAP(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/services/Soap/u/")
	version, orgPart, _ := strings.Cut(rest, "/")
	if r.Method != http.MethodPost {
		// The SOAP endpoint answers only POST; a GET shows an HTML page.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = io.WriteString(w, "<html><body>405 Method Not Allowed</body></html>")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeFault(w, "UNKNOWN_EXCEPTION", "request too large", "UnexpectedErrorFault")
		return
	}
	var req soapRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		writeFault(w, "INVALID_XML", "unable to parse the request envelope", "UnexpectedErrorFault")
		return
	}
	switch {
	case req.Body.Login != nil && orgPart == "":
		o.count("POST /services/Soap/u/{version}")
		o.login(w, r, version, req.Body.Login.Username, req.Body.Login.Password)
	case req.Body.Logout != nil:
		o.count("POST /services/Soap/u/{version}/{orgId} logout")
		o.logout(w, req.Header.Session.ID)
	case req.Body.GetUserInfo != nil:
		o.count("POST /services/Soap/u/{version}/{orgId} getUserInfo")
		o.getUserInfo(w, req.Header.Session.ID)
	default:
		writeFault(w, "INVALID_OPERATION", "operation not supported by the simulated org", "UnexpectedErrorFault")
	}
}

// clientIP is the address the org sees, as LoginHistory.SourceIp records it.
func clientIP(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

func inRanges(ip netip.Addr, ranges []netip.Prefix) bool {
	for _, p := range ranges {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// login decides one login() the way Salesforce does, in the documented
// order: API version and org settings, then the user's state, login hours and
// profile IP ranges, then the password and token.
func (o *Org) login(w http.ResponseWriter, r *http.Request, version, username, password string) {
	if o.LoginDelay > 0 {
		select {
		case <-time.After(o.LoginDelay):
		case <-r.Context().Done():
			return
		}
	}
	ip := clientIP(r)
	o.mu.Lock()
	o.attempts++
	code, msg, sess := o.decideSOAP(version, username, password, ip)
	var u *User
	if sess != nil {
		u = sess.User
	}
	o.mu.Unlock()
	if code != "" {
		writeFault(w, code, msg, "LoginFault")
		return
	}
	writeLoginResult(w, r, o, u, sess, version)
}

// decideSOAP returns a fault code and message, or a new session. The caller
// holds o.mu.
func (o *Org) decideSOAP(version, username, password string, ip netip.Addr) (string, string, *Session) {
	v, err := strconv.ParseFloat(version, 64)
	switch {
	case err == nil && v < 31:
		// API 30.0 and lower are retired (Summer '25): 500
		// UNSUPPORTED_API_VERSION (SOAP EOL page, docs/salesforce.md §3), and
		// LoginHistory says "Failed: API Version Removed" (ELF
		// LOGIN_ERROR_API_TOO_OLD). The fault's text for a retired version
		// was not captured; the one recorded for this code is used.
		if u := o.users[strings.ToLower(username)]; u != nil {
			o.record(u, ip.String(), StatusAPIVersionRemoved, "Other Apex API", "salesforce-login-check")
		}
		return "UNSUPPORTED_API_VERSION", msgBadVersion, nil
	case err != nil || v > o.MaxAPIVersion:
		// Retired versions and versions newer than the org's release
		// (superfell/SoqlX#10, zkSforce#52).
		return "UNSUPPORTED_API_VERSION", msgBadVersion, nil
	case v >= 65:
		// forcedotcom/wsc#363 (2026-02-19).
		return "INVALID_OPERATION", fmt.Sprintf("The SOAP Login operation is not available in the API version specified (%s). Refer to the documentation for supported versions.", version), nil
	case o.SOAPLoginDisabled:
		return "INVALID_OPERATION", msgSOAPDisabled, nil
	}
	u := o.users[strings.ToLower(username)]
	if u == nil {
		return "INVALID_LOGIN", msgInvalidLogin, nil
	}
	src := ip.String()
	const loginType, app = "Other Apex API", "salesforce-login-check"
	fail := func(status, code, msg string) (string, string, *Session) {
		o.record(u, src, status, loginType, app)
		return code, msg, nil
	}
	switch {
	case u.Inactive:
		return fail(StatusInactive, "INVALID_LOGIN", msgInvalidLogin)
	case u.Frozen:
		return fail(StatusFrozen, "INVALID_LOGIN", msgInvalidLogin)
	case u.locked():
		// PASSWORD_LOCKOUT exists in the WSDL but login() was only ever
		// seen answering INVALID_LOGIN "…or user locked out." (§2.3 f).
		return fail(StatusLockout, "INVALID_LOGIN", msgInvalidLogin)
	case u.OutsideLoginHours:
		return fail(StatusRestrictedTime, "LOGIN_DURING_RESTRICTED_TIME", msgRestrictedTime)
	case len(u.ProfileRanges) > 0 && !inRanges(ip, u.ProfileRanges):
		return fail(StatusRestrictedIP, "LOGIN_DURING_RESTRICTED_DOMAIN", msgRestrictedIP)
	case u.SSO:
		return fail(StatusInvalidPassword, "INVALID_SSO_GATEWAY_URL", msgSSO)
	}
	trusted := inRanges(ip, o.TrustedRanges) || (len(u.ProfileRanges) > 0 && inRanges(ip, u.ProfileRanges))
	switch password {
	case u.Password + u.Token:
	case u.Password:
		if !trusted {
			return fail(StatusTokenRequired, "LOGIN_MUST_USE_SECURITY_TOKEN", msgMustUseToken)
		}
	default:
		u.FailedLogins++
		status := StatusInvalidPassword
		if u.locked() {
			status = StatusLockout
		}
		return fail(status, "INVALID_LOGIN", msgInvalidLogin)
	}
	switch {
	case u.APIDisabled:
		return fail(StatusAPIDisabled, "API_CURRENTLY_DISABLED", msgAPIDisabled)
	case u.MissingUseAnyAPIAuth:
		return fail(StatusAPIDisabled, "INSUFFICIENT_ACCESS", msgInsufficientAccess)
	}
	u.FailedLogins = 0
	o.record(u, src, StatusSuccess, loginType, app)
	return "", "", o.newSession(u, ip, false, "")
}

func (o *Org) logout(w http.ResponseWriter, sessionID string) {
	o.mu.Lock()
	_, ok := o.sessions[sessionID]
	delete(o.sessions, sessionID)
	o.mu.Unlock()
	if !ok {
		writeFault(w, "INVALID_SESSION_ID", msgInvalidSession, "UnexpectedErrorFault")
		return
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	// soap-logout-success-enterprise-live2017.xml, Partner namespace.
	_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><logoutResponse/></soapenv:Body></soapenv:Envelope>`)
}

// writeFault answers HTTP 500 with a SOAP fault in the recorded shape
// (soap-fault-invalid-login-partner.xml): sf: prefixed faultcode,
// faultstring "CODE: message", and the exception in detail.
func writeFault(w http.ResponseWriter, code, msg, detailType string) {
	var b bytes.Buffer
	esc := func(s string) { _ = xml.EscapeText(&b, []byte(s)) }
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>sf:`)
	esc(code)
	b.WriteString(`</faultcode><faultstring>`)
	esc(code + ": " + msg)
	b.WriteString(`</faultstring><detail><sf:` + detailType + ` xsi:type="sf:` + detailType + `"><sf:exceptionCode>`)
	esc(code)
	b.WriteString(`</sf:exceptionCode><sf:exceptionMessage>`)
	esc(msg)
	b.WriteString(`</sf:exceptionMessage></sf:` + detailType + `></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(b.Bytes())
}

// writeLoginResult answers a successful login() in the recorded shape
// (soap-login-success-partner-soapforce.xml): default namespace, fields in
// WSDL order, userInfo included.
func writeLoginResult(w http.ResponseWriter, r *http.Request, o *Org, u *User, s *Session, version string) {
	base := baseURL(r)
	var b bytes.Buffer
	el := func(name, value string) {
		b.WriteString("<" + name + ">")
		_ = xml.EscapeText(&b, []byte(value))
		b.WriteString("</" + name + ">")
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><loginResponse><result>`)
	el("metadataServerUrl", base+"/services/Soap/m/"+version+"/"+o.id15())
	el("passwordExpired", strconv.FormatBool(u.PasswordExpired))
	el("sandbox", strconv.FormatBool(o.Sandbox))
	el("serverUrl", base+"/services/Soap/u/"+version+"/"+o.id15())
	el("sessionId", s.ID)
	el("userId", u.ID)
	b.WriteString("<userInfo>")
	writeUserInfo(&b, o, u)
	b.WriteString("</userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>")
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write(b.Bytes())
}

// writeUserInfo writes the GetUserInfoResult fields in WSDL order, as the
// recordings carry them in loginResponse/userInfo and getUserInfoResponse.
func writeUserInfo(b *bytes.Buffer, o *Org, u *User) {
	el := func(name, value string) {
		b.WriteString("<" + name + ">")
		_ = xml.EscapeText(b, []byte(value))
		b.WriteString("</" + name + ">")
	}
	el("accessibilityMode", "false")
	el("currencySymbol", "$")
	el("orgAttachmentFileSizeLimit", "5242880")
	el("orgDefaultCurrencyIsoCode", "USD")
	el("orgDisallowHtmlAttachments", "false")
	el("orgHasPersonAccounts", "false")
	el("organizationId", o.ID)
	el("organizationMultiCurrency", "false")
	el("organizationName", o.Name)
	el("profileId", profileID)
	b.WriteString(`<roleId xsi:nil="true"/>`)
	el("sessionSecondsValid", "7200")
	b.WriteString(`<userDefaultCurrencyIsoCode xsi:nil="true"/>`)
	el("userEmail", u.Email)
	el("userFullName", u.FullName)
	el("userId", u.ID)
	el("userLanguage", "en_US")
	el("userLocale", "en_US")
	el("userName", u.Username)
	el("userTimeZone", "America/Los_Angeles")
	el("userType", "Standard")
	el("userUiSkin", "Theme3")
}

// getUserInfo answers getUserInfo() of a live session in the recorded shape
// (soap-getuserinfo-success-partner.xml).
func (o *Org) getUserInfo(w http.ResponseWriter, sessionID string) {
	o.mu.Lock()
	s := o.sessions[sessionID]
	o.mu.Unlock()
	switch {
	case s == nil:
		writeFault(w, "INVALID_SESSION_ID", msgInvalidSession, "UnexpectedErrorFault")
		return
	case s.User.PasswordExpired:
		// Every call but setPassword() fails (LoginResult docs; jsforce#1308).
		writeFault(w, "INVALID_OPERATION_WITH_EXPIRED_PASSWORD", msgExpiredPassword, "UnexpectedErrorFault")
		return
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><getUserInfoResponse><result>`)
	writeUserInfo(&b, o, s.User)
	b.WriteString("</result></getUserInfoResponse></soapenv:Body></soapenv:Envelope>")
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write(b.Bytes())
}

// baseURL is the scheme and host the client used.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
