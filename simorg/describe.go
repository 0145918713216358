package simorg

import (
	"net/http"
	"strings"
)

// The objects the org knows, with the key prefixes of their ids.
var sobjects = []struct{ name, label, plural, prefix string }{
	{"User", "User", "Users", "005"},
	{"LoginHistory", "Login History", "Login History", "0Ya"},
}

// serveDescribeGlobal answers GET /services/data/v{version}/sobjects/: the
// objects the org knows, in the shape of the REST Describe Global resource
// (encoding, maxBatchSize, sobjects[]).
func (o *Org) serveDescribeGlobal(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/sobjects")
	if o.authorize(w, r) == nil {
		return
	}
	list := make([]map[string]any, 0, len(sobjects))
	for _, so := range sobjects {
		list = append(list, o.objectSummary(so.name, so.label, so.plural, so.prefix, version(r)))
	}
	writeJSON(w, map[string]any{"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": list})
}

func (o *Org) objectSummary(name, label, plural, prefix, ver string) map[string]any {
	base := "/services/data/v" + ver + "/sobjects/" + name
	return map[string]any{
		"name": name, "label": label, "labelPlural": plural, "keyPrefix": prefix, "custom": false,
		"queryable": true, "retrieveable": true, "searchable": name == "User", "createable": false,
		"updateable": false, "deletable": false, "layoutable": name == "User",
		"urls": map[string]string{"sobject": base, "describe": base + "/describe", "rowTemplate": base + "/{ID}"},
	}
}

// serveDescribe answers GET …/sobjects/{User,LoginHistory}/describe with the
// object's summary and its fields: name, label, type, and whether SOQL may
// filter and sort on it (LoginHistory: Status and SourceIp may not,
// docs/salesforce.md §8).
func (o *Org) serveDescribe(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/sobjects/{object}/describe")
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	name := strings.Split(strings.TrimPrefix(r.URL.Path, "/services/data/"+r.PathValue("ver")+"/sobjects/"), "/")[0]
	rec := o.userRecord(s.User, version(r))
	if name == "LoginHistory" {
		rec = loginHistoryRecord(LoginHistoryRow{}, version(r))
	}
	var doc map[string]any
	for _, so := range sobjects {
		if so.name == name {
			doc = o.objectSummary(so.name, so.label, so.plural, so.prefix, version(r))
		}
	}
	fields := make([]map[string]any, 0, len(rec.Fields))
	for _, f := range rec.Fields {
		typ, length := "string", 255
		switch {
		case f.Name == "Id":
			typ, length = "id", 18
		case strings.HasSuffix(f.Name, "Id"):
			typ, length = "reference", 18
		case strings.HasSuffix(f.Name, "Date") || f.Name == "LoginTime":
			typ, length = "datetime", 0
		case strings.HasPrefix(f.Name, "Is") || strings.HasPrefix(f.Name, "Options") || strings.HasPrefix(f.Name, "Receives") || strings.HasPrefix(f.Name, "UserPermissions"):
			typ, length = "boolean", 0
		}
		filterable := !(name == "LoginHistory" && (f.Name == "Status" || f.Name == "SourceIp"))
		fields = append(fields, map[string]any{
			"name": f.Name, "label": f.Name, "type": typ, "length": length, "nillable": typ != "id" && typ != "boolean",
			"filterable": filterable, "sortable": filterable, "custom": false,
		})
	}
	doc["fields"] = fields
	writeJSON(w, doc)
}
