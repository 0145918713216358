package simorg

import "net/http"

// routes adds the OAuth and REST endpoints to mux.
func (o *Org) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /services/oauth2/token", o.serveToken)
	mux.HandleFunc("POST /services/oauth2/revoke", o.serveRevoke)
	mux.HandleFunc("GET /id/{org}/{user}", o.serveIdentity)
	// With and without the trailing slash: ServeMux would answer a 301 to
	// the other, which Salesforce does not, and clients do not follow.
	mux.HandleFunc("GET /services/data/{ver}/{$}", o.serveResources)
	mux.HandleFunc("GET /services/data/{ver}", o.serveResources)
	mux.HandleFunc("GET /services/data/{ver}/limits", o.serveLimits)
	mux.HandleFunc("GET /services/data/{ver}/limits/{$}", o.serveLimits)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/User/{id}", o.serveUser)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/User/{id}/password", o.serveUser)
	mux.HandleFunc("GET /services/data/{ver}/query", o.serveQuery)
	mux.HandleFunc("GET /services/data/{ver}/query/{$}", o.serveQuery)
	mux.HandleFunc("GET /services/oauth2/userinfo", o.serveUserInfo)
	mux.HandleFunc("POST /services/oauth2/userinfo", o.serveUserInfo)
	mux.HandleFunc("GET /services/oauth2/revoke", o.serveRevoke)
	mux.HandleFunc("GET /services/data/{ver}/sobjects", o.serveDescribeGlobal)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/{$}", o.serveDescribeGlobal)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/User/describe", o.serveDescribe)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/User/describe/{$}", o.serveDescribe)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/LoginHistory/describe", o.serveDescribe)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/LoginHistory/describe/{$}", o.serveDescribe)
	// Anything else below /services/ answers in the REST error shape, as
	// Salesforce does, rather than the login host's HTML page.
	mux.HandleFunc("/services/", serveRESTNotFound)
}

// serveRESTNotFound is the REST API's answer to a path it does not know.
func serveRESTNotFound(w http.ResponseWriter, _ *http.Request) {
	restError(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
}
