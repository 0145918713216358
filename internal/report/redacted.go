package report

import (
	"reflect"

	"github.com/salesforce-login-check/salesforce-login-check/check"
)

// Redacted is a Result with every string in it made inert (one line, every
// control or format character one visible replacement), masked with every
// secret of the run and capped (check.Secrets.Report). It is the only thing
// the single-org renderers accept, and Redact is the only way to make one,
// so no renderer can print a secret, a bidi override or a 900 KB org name
// by forgetting a field: a field added to Result later is treated too.
//
// Renderers only cut and escape that text; they never delete or replace
// a character of it (a control character deleted after the masking would
// join the halves of a secret), and never scrub rendered text (scrubbing
// JSON or markdown after the fact breaks it, and escaping first hides a
// secret from the scrubber).
type Redacted struct{ r *check.Result }

// RedactedMulti is a Multi with every secret scrubbed, orgs included; the
// multi-org renderers accept only it.
type RedactedMulti struct{ m *Multi }

// Redact returns r, deep-copied, with every string made inert, masked and
// capped.
func Redact(r *check.Result, secrets *check.Secrets) Redacted {
	return Redacted{r: scrubbedCopy(r, secrets)}
}

// RedactMulti returns m, deep-copied, with every string of the run and of
// every org made inert, masked and capped.
func RedactMulti(m *Multi, secrets *check.Secrets) RedactedMulti {
	return RedactedMulti{m: scrubbedCopy(m, secrets)}
}

// scrubbedCopy deep-copies v, treating every string field of type string
// (nil secrets: made inert and capped, nothing masked).
func scrubbedCopy[T any](v *T, secrets *check.Secrets) *T {
	if v == nil {
		return nil
	}
	return scrubValue(reflect.ValueOf(v), secrets).Interface().(*T) //nolint:forcetypeassert // same type in, same type out
}

var plainString = reflect.TypeFor[string]()

// scrubValue returns a deep copy of v with each plain string made inert,
// masked and capped. Named string types (diagnose.Status, Reason, Severity) are the
// check's own closed vocabulary, never text from outside; they are copied as
// they are, so that a password "fail" cannot change a status.
func scrubValue(v reflect.Value, secrets *check.Secrets) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		if v.Type() != plainString {
			return v
		}
		return reflect.ValueOf(secrets.Report(v.String()))
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(scrubValue(v.Elem(), secrets))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		for i := range v.NumField() {
			out.Field(i).Set(scrubValue(v.Field(i), secrets))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(scrubValue(v.Index(i), secrets))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(scrubValue(it.Key(), secrets), scrubValue(it.Value(), secrets))
		}
		return out
	}
	// Numbers and booleans hold no text. An interface or a channel in a
	// result would be a design change; the reflection test catches it.
	return v
}
