package soap

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// Namespaces of the Partner API and SOAP 1.1 [WSDL].
const (
	envelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"
	partnerNS  = "urn:partner.soap.sforce.com"
)

// loginRequest builds the login() envelope of the documented quick-start
// example, with username and password XML-escaped.
func loginRequest(username, password string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` +
		`<env:Envelope xmlns:env="` + envelopeNS + `"><env:Body><n1:login xmlns:n1="` + partnerNS + `"><n1:username>`)
	_ = xml.EscapeText(&b, []byte(username))
	b.WriteString(`</n1:username><n1:password>`)
	_ = xml.EscapeText(&b, []byte(password))
	b.WriteString(`</n1:password></n1:login></env:Body></env:Envelope>`)
	return b.Bytes()
}

// logoutRequest builds the logout() envelope: no arguments, the session in
// SessionHeader [DOC logout()].
func logoutRequest(sessionID string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` +
		`<env:Envelope xmlns:env="` + envelopeNS + `" xmlns:n1="` + partnerNS + `"><env:Header><n1:SessionHeader><n1:sessionId>`)
	_ = xml.EscapeText(&b, []byte(sessionID))
	b.WriteString(`</n1:sessionId></n1:SessionHeader></env:Header><env:Body><n1:logout/></env:Body></env:Envelope>`)
	return b.Bytes()
}

// envelope is the part of an answer the check reads. Element names carry no
// namespace so that any prefix (sf:, soapenv:, none) matches; the fixtures show
// both prefixed and default-namespace forms.
type envelope struct {
	XMLName xml.Name `xml:"Envelope"`
	Body    struct {
		Fault *fault `xml:"Fault"`
		Login *struct {
			Result *loginResult `xml:"result"`
		} `xml:"loginResponse"`
		Logout       *struct{}             `xml:"logoutResponse"`
		ReadMetadata *readMetadataResponse `xml:"readMetadataResponse"`
	} `xml:"Body"`
}

type fault struct {
	Code   string `xml:"faultcode"`
	String string `xml:"faultstring"`
	Detail struct {
		Items []struct {
			Code    string `xml:"exceptionCode"`
			Message string `xml:"exceptionMessage"`
		} `xml:",any"`
	} `xml:"detail"`
}

type loginResult struct {
	MetadataServerURL string `xml:"metadataServerUrl"`
	// Booleans and numbers are read as text and parsed by ParseLogin: a
	// value that does not parse must not make the whole answer unreadable,
	// which would leave its session open and unmasked.
	PasswordExpired string    `xml:"passwordExpired"`
	Sandbox         string    `xml:"sandbox"`
	ServerURL       string    `xml:"serverUrl"`
	SessionID       string    `xml:"sessionId"`
	UserID          string    `xml:"userId"`
	UserInfo        *userInfo `xml:"userInfo"`
}

type userInfo struct {
	OrganizationID      string `xml:"organizationId"`
	OrganizationName    string `xml:"organizationName"`
	SessionSecondsValid string `xml:"sessionSecondsValid"`
	UserID              string `xml:"userId"`
	UserName            string `xml:"userName"`
	UserEmail           string `xml:"userEmail"`
	UserFullName        string `xml:"userFullName"`
	UserType            string `xml:"userType"`
}

// code returns the fault's exception code and message: the detail's
// exceptionCode when present, else faultcode without its optional prefix; the
// message from exceptionMessage, else faultstring after "CODE: " (§9).
func (f *fault) code() (string, string) {
	code, msg := "", ""
	for _, it := range f.Detail.Items {
		if c := strings.TrimSpace(it.Code); c != "" {
			code, msg = c, it.Message
			break
		}
	}
	if code == "" {
		code = strings.TrimSpace(f.Code)
		if i := strings.LastIndexByte(code, ':'); i >= 0 {
			code = code[i+1:]
		}
	}
	if msg == "" {
		msg = f.String
		if rest, ok := strings.CutPrefix(msg, code+": "); ok {
			msg = rest
		}
	}
	return code, strings.TrimSpace(msg)
}
