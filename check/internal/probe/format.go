package probe

import (
	"time"
)

// Salesforce writes datetimes as 2026-11-29T13:59:58.000+0000 (no colon in
// the offset); RFC 3339 is accepted too.
var sfTimeLayouts = []string{
	"2006-01-02T15:04:05.000-0700",
	"2006-01-02T15:04:05-0700",
	time.RFC3339Nano,
}

func parseSFTime(s string) (time.Time, bool) {
	for _, layout := range sfTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// soqlTime is a SOQL datetime literal in UTC: 2026-11-28T14:00:00Z.
func soqlTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}
