package simorg

import "strings"

// fieldType is the describe type and length of one of an object's fields.
func fieldType(object, name string) (string, int) {
	switch {
	case name == "Id":
		return "id", 18
	case strings.HasSuffix(name, "Id"):
		return "reference", 18
	case strings.HasSuffix(name, "Date") || name == "LoginTime":
		return "datetime", 0
	case strings.HasPrefix(name, "Is") || strings.HasPrefix(name, "Options") || strings.HasPrefix(name, "Receives") || strings.HasPrefix(name, "UserPermissions") ||
		strings.HasPrefix(name, "Permissions"):
		return "boolean", 0
	case object == "Organization" && name == "OrganizationType":
		return "picklist", 255
	}
	return "string", 255
}

// apexTypes maps describe types to the Apex type names column metadata uses.
func apexType(typ string) string {
	switch typ {
	case "id", "reference":
		return "Id"
	case "datetime":
		return "Datetime"
	case "boolean":
		return "Boolean"
	}
	return "String"
}

// columnMetadata is the answer to GET …/query?q=…&columns=true: the columns
// of the select list instead of the records. The sf CLI asks for it after
// every `sf data query` with results, and reads columnName, joinColumns,
// aggregate and displayName of each column (plugin-data's retrieveColumns);
// the other keys and their values are UNCERTAIN: no document or recording
// of them was found.
// COUNT() has one aggregate column, expr0, displayed as COUNT() (UNCERTAIN).
func columnMetadata(q *soqlQuery, so sobjectType, schema record) map[string]any {
	cols := []map[string]any{}
	idSelected := false
	if q.count {
		cols = append(cols, column("expr0", "COUNT()", "Integer", true, false, false))
	}
	for _, name := range q.fields {
		picked, _ := schema.pick([]string{name})
		canon := picked.Fields[0].Name
		idSelected = idSelected || canon == "Id"
		typ, _ := fieldType(so.name, canon)
		cols = append(cols, column(canon, canon, apexType(typ), false, typ == "boolean", typ == "string" || typ == "picklist"))
	}
	return map[string]any{
		"columnMetadata": cols, "entityName": so.name, "groupBy": false,
		"idSelected": idSelected, "keyPrefix": so.prefix,
	}
}

func column(name, display, apex string, aggregate, isBool, isText bool) map[string]any {
	return map[string]any{
		"aggregate": aggregate, "apexType": apex, "booleanType": isBool, "columnName": name,
		"custom": false, "displayName": display, "foreignKeyName": nil, "insertable": false,
		"joinColumns": []any{}, "numberType": apex == "Integer", "textType": isText, "updatable": false,
	}
}
