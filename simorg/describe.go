package simorg

import (
	"net/http"
)

// serveDescribeGlobal answers GET /services/data/v{version}/sobjects/: the
// objects the org knows, in the shape of the REST Describe Global resource
// (encoding, maxBatchSize, sobjects[]).
func (o *Org) serveDescribeGlobal(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/sobjects")
	if o.authorize(w, r) == nil {
		return
	}
	list := []map[string]any{}
	for _, so := range sobjectTypes() {
		if so.availableIn(version(r)) {
			list = append(list, objectSummary(so, version(r)))
		}
	}
	writeJSON(w, map[string]any{"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": list})
}

func objectSummary(so sobjectType, ver string) map[string]any {
	base := "/services/data/v" + ver + "/sobjects/" + so.name
	return map[string]any{
		"name": so.name, "label": so.label, "labelPlural": so.plural, "keyPrefix": so.prefix, "custom": false,
		"queryable": true, "retrieveable": true, "searchable": so.searchable, "createable": false,
		"updateable": false, "deletable": false, "layoutable": so.layoutable,
		"urls": map[string]string{"sobject": base, "describe": base + "/describe", "rowTemplate": base + "/{ID}"},
	}
}

// serveDescribe answers GET …/sobjects/{object}/describe with the object's
// summary and its fields: name, label, type, and whether SOQL may filter and
// sort on it (LoginHistory: Status and SourceIp may not, docs/salesforce.md
// §8). The name is matched in any letter case.
func (o *Org) serveDescribe(w http.ResponseWriter, r *http.Request) {
	o.count("GET /services/data/v{version}/sobjects/{object}/describe")
	s := o.authorize(w, r)
	if s == nil {
		return
	}
	so, ok := sobjectNamed(r.PathValue("object"))
	if !ok || !so.availableIn(version(r)) {
		serveRESTNotFound(w, r)
		return
	}
	rec := o.schema(so, s, version(r))
	doc := objectSummary(so, version(r))
	fields := make([]map[string]any, 0, len(rec.Fields))
	for _, f := range rec.Fields {
		typ, length := fieldType(so.name, f.Name)
		filterable := !(so.name == "LoginHistory" && (f.Name == "Status" || f.Name == "SourceIp"))
		fields = append(fields, map[string]any{
			"name": f.Name, "label": f.Name, "type": typ, "length": length, "nillable": typ != "id" && typ != "boolean",
			"filterable": filterable, "sortable": filterable, "custom": false,
		})
	}
	doc["fields"] = fields
	writeJSON(w, doc)
}
