package simorg

import "net/http"

// routes adds the OAuth and REST endpoints to mux.
func (o *Org) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /services/oauth2/token", o.serveToken)
	mux.HandleFunc("POST /services/oauth2/revoke", o.serveRevoke)
	mux.HandleFunc("GET /services/oauth2/revoke", o.serveRevoke)
	mux.HandleFunc("GET /services/oauth2/userinfo", o.serveUserInfo)
	mux.HandleFunc("POST /services/oauth2/userinfo", o.serveUserInfo)
	mux.HandleFunc("GET /id/{org}/{user}", o.serveIdentity)
	// Each REST resource with and without the trailing slash: ServeMux would
	// answer a redirect to the other, which Salesforce does not send, and
	// clients do not follow. Only versions the org lists are served.
	data := func(path string, h http.HandlerFunc) {
		mux.HandleFunc("GET /services/data/{ver}"+path, o.versioned(h))
		mux.HandleFunc("GET /services/data/{ver}"+path+"/{$}", o.versioned(h))
	}
	data("", o.serveResources)
	data("/limits", o.serveLimits)
	data("/query", o.serveQuery)
	data("/queryAll", o.serveQuery)
	data("/query/{locator}", o.serveQueryMore)
	data("/queryAll/{locator}", o.serveQueryMore)
	data("/sobjects", o.serveDescribeGlobal)
	data("/sobjects/{object}/describe", o.serveDescribe)
	data("/sobjects/{object}/{id}", o.serveRecord)
	data("/sobjects/{object}/{id}/password", o.servePassword)
	data("/tooling/sobjects/Profile/{id}", o.serveToolingProfile)
	// The Metadata API (readMetadata of SecuritySettings), at the endpoint
	// with and without the org id metadataServerUrl adds.
	mux.HandleFunc("POST /services/Soap/m/{ver}", o.serveMetadata)
	mux.HandleFunc("POST /services/Soap/m/{ver}/{org}", o.serveMetadata)
	// Anything else below /services/ answers in the REST error shape, as
	// Salesforce does, rather than the login host's HTML page; "/services"
	// itself too, which ServeMux would redirect to "/services/".
	mux.HandleFunc("/services/", serveRESTNotFound)
	mux.HandleFunc("/services", serveRESTNotFound)
	mux.HandleFunc("/services/Soap/u", serveRESTNotFound)
}

// serveRESTNotFound is the REST API's answer to a path it does not know.
func serveRESTNotFound(w http.ResponseWriter, _ *http.Request) {
	restError(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
}
