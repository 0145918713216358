package simorg

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// soqlQuery is the SOQL subset the org answers: a select list or COUNT(),
// one object, WHERE conditions joined by AND, ORDER BY one field, LIMIT.
// It is what clients send after a login (who am I, my logins), not SOQL.
type soqlQuery struct {
	text   string
	fields []string
	count  bool
	object string
	where  []soqlCond
	order  string
	desc   bool
	limit  int
}

type soqlCond struct {
	field, op, value string
}

// soqlError is a query refusal: its code and Salesforce's message.
type soqlError struct{ code, msg string }

// soqlGrammar is the few expressions the simulated org reads SOQL with,
// compiled on first use: the binary's other commands never pay for them.
type soqlGrammar struct{ shape, and, cmp, name *regexp.Regexp }

var soqlRE = sync.OnceValue(func() soqlGrammar {
	return soqlGrammar{
		shape: regexp.MustCompile(`(?is)^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)` +
			`(?:\s+WHERE\s+(.+?))?` +
			`(?:\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?(?:\s+NULLS\s+(?:FIRST|LAST))?)?` +
			`(?:\s+LIMIT\s+(\d+))?\s*$`),
		and:  regexp.MustCompile(`(?i)\s+AND\s+`),
		cmp:  regexp.MustCompile(`^(\w+)\s*(=|!=|<=|>=|<|>)\s*('(?:[^'\\]|\\.)*'|[\w:.+\-]+)$`),
		name: regexp.MustCompile(`^\w+$`),
	}
})

func parseSOQL(q string) (*soqlQuery, *soqlError) {
	m := soqlRE().shape.FindStringSubmatch(q)
	if m == nil {
		return nil, &soqlError{"MALFORMED_QUERY", "unexpected token: " + firstWord(q)}
	}
	sq := &soqlQuery{text: q, object: m[2], order: m[4], desc: strings.EqualFold(m[5], "DESC"), limit: -1}
	if strings.EqualFold(strings.Join(strings.Fields(m[1]), ""), "COUNT()") {
		sq.count = true
	} else {
		for _, f := range strings.Split(m[1], ",") {
			f = strings.TrimSpace(f)
			if !soqlRE().name.MatchString(f) {
				return nil, &soqlError{"MALFORMED_QUERY", "unexpected token: " + firstWord(f)}
			}
			sq.fields = append(sq.fields, f)
		}
	}
	if m[3] != "" {
		for _, c := range soqlRE().and.Split(strings.TrimSpace(m[3]), -1) {
			cm := soqlRE().cmp.FindStringSubmatch(strings.TrimSpace(c))
			if cm == nil {
				return nil, &soqlError{"MALFORMED_QUERY", "unexpected token: " + firstWord(c)}
			}
			sq.where = append(sq.where, soqlCond{field: cm[1], op: cm[2], value: cm[3]})
		}
	}
	if m[6] != "" {
		sq.limit, _ = strconv.Atoi(m[6])
	}
	return sq, nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return "<EOF>"
}

// unknownObject and unknownField answer in the recorded wording: the query,
// a caret under the name, its position, and the explanation
// (mautic/mautic#13406 quotes a whole REST answer of INVALID_FIELD;
// forcedotcom/soql-tooling#86 the same layout).
func (q *soqlQuery) unknownObject() *soqlError {
	return &soqlError{"INVALID_TYPE", q.caret(q.object) + fmt.Sprintf("sObject type '%s' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.", q.object)}
}

func (q *soqlQuery) unknownField(name string) *soqlError {
	return &soqlError{"INVALID_FIELD", q.caret(name) + fmt.Sprintf("No such column '%s' on entity '%s'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.", name, q.object)}
}

func (q *soqlQuery) caret(word string) string {
	col := strings.Index(q.text, word)
	if col < 0 {
		col = 0
	}
	return "\n" + q.text + "\n" + strings.Repeat(" ", col) + "^\nERROR at Row:1:Column:" + strconv.Itoa(col+1) + "\n"
}

// run checks every field named against schema (a record of the object),
// then filters, sorts and cuts rows and keeps the select list.
func (q *soqlQuery) run(schema record, rows []record) ([]record, int, *soqlError) {
	names := append([]string(nil), q.fields...)
	for _, c := range q.where {
		names = append(names, c.field)
	}
	if q.order != "" {
		names = append(names, q.order)
	}
	if _, missing := schema.pick(names); missing != "" {
		return nil, 0, q.unknownField(missing)
	}
	var kept []record
	for _, r := range rows {
		ok := true
		for _, c := range q.where {
			match, err := c.matches(r.get(c.field))
			if err != nil {
				return nil, 0, err
			}
			ok = ok && match
		}
		if ok {
			kept = append(kept, r)
		}
	}
	if q.order != "" {
		sort.SliceStable(kept, func(i, j int) bool {
			a, b := fmt.Sprint(kept[i].get(q.order)), fmt.Sprint(kept[j].get(q.order))
			if q.desc {
				return a > b
			}
			return a < b
		})
	}
	total := len(kept)
	if q.limit >= 0 && len(kept) > q.limit {
		kept = kept[:q.limit]
		total = q.limit
	}
	if q.count {
		return nil, total, nil
	}
	out := make([]record, len(kept))
	for i, r := range kept {
		out[i], _ = r.pick(q.fields)
	}
	return out, total, nil
}

// matches compares a field's value with a SOQL literal: datetimes as
// instants, ids by their 15-character case-sensitive form, the rest as text.
func (c soqlCond) matches(v any) (bool, *soqlError) {
	lit := c.value
	quoted := strings.HasPrefix(lit, "'")
	if quoted {
		lit = strings.ReplaceAll(strings.Trim(lit, "'"), `\'`, "'")
	}
	have := fmt.Sprint(v)
	if v == nil {
		have = ""
	}
	var cmp int
	switch {
	case !quoted && strings.EqualFold(lit, "null"):
		cmp = strings.Compare(have, "")
	case !quoted && looksLikeDatetime(lit):
		want, err := parseSOQLTime(lit)
		if err != nil {
			return false, &soqlError{"MALFORMED_QUERY", "value of filter criterion for field '" + c.field + "' must be of type dateTime and should not be enclosed in quotes"}
		}
		got, err := time.Parse("2006-01-02T15:04:05.000-0700", have)
		if err != nil {
			return false, nil
		}
		cmp = got.Compare(want)
	case strings.HasSuffix(strings.ToLower(c.field), "id") && len(have) == 18 && (len(lit) == 15 || len(lit) == 18):
		cmp = strings.Compare(have[:15], lit[:15])
	default:
		cmp = strings.Compare(strings.ToLower(have), strings.ToLower(lit))
	}
	switch c.op {
	case "=":
		return cmp == 0, nil
	case "!=":
		return cmp != 0, nil
	case "<":
		return cmp < 0, nil
	case "<=":
		return cmp <= 0, nil
	case ">":
		return cmp > 0, nil
	default:
		return cmp >= 0, nil
	}
}

func looksLikeDatetime(s string) bool {
	return len(s) >= 19 && s[4] == '-' && s[10] == 'T'
}

// parseSOQLTime reads a SOQL datetime literal: 2026-11-29T17:00:00Z,
// …T17:00:00.000+0000 or …T17:00:00+01:00.
func parseSOQLTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a SOQL datetime: %q", s)
}
