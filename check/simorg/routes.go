package simorg

import "net/http"

// routes adds the OAuth and REST endpoints to mux.
func (o *Org) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /services/oauth2/token", o.serveToken)
	mux.HandleFunc("POST /services/oauth2/revoke", o.serveRevoke)
	mux.HandleFunc("GET /id/{org}/{user}", o.serveIdentity)
	mux.HandleFunc("GET /services/data/{ver}/{$}", o.serveResources)
	mux.HandleFunc("GET /services/data/{ver}/limits", o.serveLimits)
	mux.HandleFunc("GET /services/data/{ver}/limits/{$}", o.serveLimits)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/User/{id}", o.serveUser)
	mux.HandleFunc("GET /services/data/{ver}/sobjects/User/{id}/password", o.serveUser)
	mux.HandleFunc("GET /services/data/{ver}/query", o.serveQuery)
	mux.HandleFunc("GET /services/data/{ver}/query/{$}", o.serveQuery)
}
