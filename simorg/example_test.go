package simorg_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/salesforce-login-check/salesforce-login-check/simorg"
)

// A user's own Go test can log in to a scenario's org over real HTTP, the way
// their integration would log in to Salesforce, and count the attempts.
func Example() {
	sc, _ := simorg.ScenarioNamed("healthy")
	org := sc.NewOrg()
	srv := httptest.NewServer(simorg.NewRouter(org))
	defer srv.Close()

	body := `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">
<soapenv:Body><urn:login><urn:username>` + sc.Env["SF_USERNAME"] + `</urn:username>
<urn:password>` + sc.Env["SF_PASSWORD"] + sc.Env["SF_SECURITY_TOKEN"] + `</urn:password></urn:login></soapenv:Body></soapenv:Envelope>`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/services/Soap/u/64.0", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml; charset=UTF-8")
	req.Header.Set("SOAPAction", "login")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, strings.Contains(string(answer), "<sessionId>"), org.Attempts())
	// Output: 200 true 1
}
