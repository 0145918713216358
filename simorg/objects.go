package simorg

import (
	"fmt"
	"sort"
	"strings"
)

// sobjectType is an object the org knows, with the key prefix of its ids.
type sobjectType struct {
	name, label, plural, prefix string
	searchable, layoutable      bool
	// since is the first API version with the object (0: every version).
	since float64
}

// sobjectTypes are the objects the org serves, in describe-global order.
func sobjectTypes() []sobjectType {
	return []sobjectType{
		{name: "LoginHistory", label: "Login History", plural: "Login History", prefix: "0Ya"},
		{name: "Organization", label: "Organization", plural: "Organizations", prefix: "00D"},
		{name: "User", label: "User", plural: "Users", prefix: "005", searchable: true, layoutable: true},
		// The org-policy objects (orgpolicy.go, docs/salesforce.md §11).
		{name: "UserPermissionAccess", label: "User Permission Access", plural: "User Permission Access", since: permissionAccessVersion},
		{name: "AuthSession", label: "Session", plural: "Sessions", prefix: "0Ak"},
	}
}

// availableIn reports whether the object exists in an API version.
func (so sobjectType) availableIn(ver string) bool {
	return so.since == 0 || versionAtLeast(ver, so.since)
}

// sobjectNamed finds an object by name, in any letter case: parts of a REST
// URI such as object and field names are not case-sensitive, ids are (REST
// API Developer Guide, the list of REST resources, resources_list.htm), and
// neither are SOQL's names (nforce lowercases every type it sends). Answers
// spell the object its own way.
func sobjectNamed(name string) (sobjectType, bool) {
	for _, so := range sobjectTypes() {
		if strings.EqualFold(so.name, name) {
			return so, true
		}
	}
	return sobjectType{}, false
}

// schema is a record of the object with every field: what a select list,
// describe and column metadata are checked against.
func (o *Org) schema(so sobjectType, s *Session, ver string) record {
	switch so.name {
	case "User":
		return o.userRecord(s.User, ver)
	case "LoginHistory":
		return loginHistoryRecord(LoginHistoryRow{}, ver)
	case "UserPermissionAccess", "AuthSession":
		return o.orgPolicySchema(so, s, ver)
	default:
		return o.organizationRecord(ver)
	}
}

// rows are the records of the object that s may read, in the order a query
// without ORDER BY returns them. ok is false when s may not read the object
// at all.
func (o *Org) rows(so sobjectType, s *Session, ver string) (rows []record, ok bool) {
	if !so.availableIn(ver) {
		return nil, false
	}
	switch so.name {
	case "UserPermissionAccess", "AuthSession":
		return o.orgPolicyRows(so, s, ver), true
	case "User":
		for _, u := range o.Users() {
			rows = append(rows, o.userRecord(u, ver))
		}
		sort.Slice(rows, func(i, j int) bool { return fmt.Sprint(rows[i].get("Id")) < fmt.Sprint(rows[j].get("Id")) })
		return rows, true
	case "LoginHistory":
		// A user without "Manage Users" reads only its own rows (API 37.0+,
		// docs/salesforce.md §8), newest first when no ORDER BY says
		// otherwise.
		if s.User.CannotReadLoginHistory {
			return nil, false
		}
		history := o.History()
		sort.SliceStable(history, func(i, j int) bool { return history[i].LoginTime.After(history[j].LoginTime) })
		for _, row := range history {
			if row.UserID == s.User.ID {
				rows = append(rows, loginHistoryRecord(row, ver))
			}
		}
		return rows, true
	default:
		return []record{o.organizationRecord(ver)}, true
	}
}

// byID finds one record of the object by its 15- or 18-character id.
func (o *Org) byID(so sobjectType, s *Session, ver, id string) (record, bool) {
	if len(id) != 15 && len(id) != 18 {
		return record{}, false
	}
	rows, ok := o.rows(so, s, ver)
	if !ok {
		return record{}, false
	}
	for _, r := range rows {
		if have, _ := r.get("Id").(string); len(have) >= 15 && have[:15] == id[:15] {
			return r, true
		}
	}
	return record{}, false
}
