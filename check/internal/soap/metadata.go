package soap

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/transport"
)

// metadataNS is the Metadata API's namespace.
const metadataNS = "http://soap.sforce.com/2006/04/metadata"

// MetadataEndpoint is the Metadata API endpoint of an instance for a
// version: /services/Soap/m/<version> (docs/salesforce.md §11).
func MetadataEndpoint(instanceURL, apiVersion string) string {
	return strings.TrimRight(instanceURL, "/") + "/services/Soap/m/" + strings.TrimPrefix(apiVersion, "v")
}

// IPRange is one trusted IP range, as written in the answer.
type IPRange struct {
	Start, End, Description string
}

// SecuritySettings is the part of the org's SecuritySettings the check
// reads: the trusted IP ranges (Network Access), the password expiration
// policy, and whether Login IP Ranges apply to every request.
type SecuritySettings struct {
	TrustedRanges []IPRange
	// PasswordExpiration is passwordPolicies.expiration ("NinetyDays", …);
	// "" when the answer has none.
	PasswordExpiration string
	// EnforceIPRangesEveryRequest is sessionSettings.enforceIpRangesEveryRequest.
	EnforceIPRangesEveryRequest bool
	// Found is false when the answer held no SecuritySettings record.
	Found bool
}

// readMetadataResponse is readMetadataResponse/result/records.
type readMetadataResponse struct {
	Records []struct {
		FullName      string `xml:"fullName"`
		NetworkAccess struct {
			IPRanges []struct {
				Start       string `xml:"start"`
				End         string `xml:"end"`
				Description string `xml:"description"`
			} `xml:"ipRanges"`
		} `xml:"networkAccess"`
		PasswordPolicies struct {
			Expiration string `xml:"expiration"`
		} `xml:"passwordPolicies"`
		SessionSettings struct {
			EnforceIPRangesEveryRequest string `xml:"enforceIpRangesEveryRequest"`
		} `xml:"sessionSettings"`
	} `xml:"result>records"`
}

// readSecurityRequest is readMetadata('SecuritySettings', 'Security') with
// the session in the Metadata API's SessionHeader [DOC readMetadata()].
func readSecurityRequest(sessionID string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` +
		`<env:Envelope xmlns:env="` + envelopeNS + `" xmlns:met="` + metadataNS + `"><env:Header><met:SessionHeader><met:sessionId>`)
	_ = xml.EscapeText(&b, []byte(sessionID))
	b.WriteString(`</met:sessionId></met:SessionHeader></env:Header><env:Body><met:readMetadata>` +
		`<met:type>SecuritySettings</met:type><met:fullNames>Security</met:fullNames></met:readMetadata></env:Body></env:Envelope>`)
	return b.Bytes()
}

// ReadSecuritySettings makes one Metadata API readMetadata call for the
// org's SecuritySettings with the session. A user without Modify All Data
// or Modify Metadata is answered with a *Fault INSUFFICIENT_ACCESS (HTTP
// 500); otherwise it returns an *transport.AnswerError or a
// *transport.Error.
func ReadSecuritySettings(ctx context.Context, tc *transport.Client, instanceURL, apiVersion, sessionID string) (*SecuritySettings, error) {
	resp, err := tc.Do(ctx, transport.Request{
		Method: http.MethodPost,
		URL:    MetadataEndpoint(instanceURL, apiVersion),
		// jsforce sends an empty SOAPAction to the Metadata API.
		Header: http.Header{"Content-Type": {"text/xml; charset=UTF-8"}, "Soapaction": {`""`}},
		Body:   readSecurityRequest(sessionID),
	})
	if err != nil {
		return nil, err //nolint:wrapcheck // typed errors are classified by the caller
	}
	env, err := parse(resp)
	if err != nil {
		return nil, err
	}
	rm := env.Body.ReadMetadata
	if rm == nil || resp.Status != http.StatusOK {
		// A result is only one with 200: a readMetadataResponse under
		// another status is no answer the check trusts.
		detail := "no readMetadataResponse"
		if rm != nil {
			detail = "a readMetadataResponse under a status other than 200"
		}
		return nil, &transport.AnswerError{API: transport.SOAP, Kind: transport.AnswerMalformed, Status: resp.Status,
			ContentType: resp.Header.Get("Content-Type"), Detail: detail}
	}
	out := &SecuritySettings{}
	for _, r := range rm.Records {
		if strings.TrimSpace(r.FullName) != "Security" {
			continue
		}
		out.Found = true
		for _, ip := range r.NetworkAccess.IPRanges {
			out.TrustedRanges = append(out.TrustedRanges, IPRange{
				Start: resp.Keep(strings.TrimSpace(ip.Start), 64), End: resp.Keep(strings.TrimSpace(ip.End), 64),
				Description: resp.Keep(ip.Description, 80),
			})
		}
		out.PasswordExpiration = resp.Keep(strings.TrimSpace(r.PasswordPolicies.Expiration), 64)
		out.EnforceIPRangesEveryRequest = xmlBool(r.SessionSettings.EnforceIPRangesEveryRequest)
	}
	return out, nil
}
