package check

import (
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/salesforce-login-check/salesforce-login-check/check/internal/probe"
)

// TestParseRange: a range is two addresses of one family in order; anything
// else from an answer is no range, so it can neither trust nor distrust.
func TestParseRange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		start, end string
		ok         bool
		label      string
		inside     []string
		outside    []string
	}{
		{"10.0.0.0", "10.0.255.255", true, "10.0.0.0–10.0.255.255", []string{"10.0.0.0", "10.0.7.1", "10.0.255.255", "::ffff:10.0.0.1"}, []string{"10.1.0.0", "9.255.255.255", "::1"}},
		{"203.0.113.7", "203.0.113.7", true, "203.0.113.7", []string{"203.0.113.7"}, []string{"203.0.113.8"}},
		{"2001:db8::", "2001:db8::ff", true, "2001:db8::–2001:db8::ff", []string{"2001:db8::1"}, []string{"2001:db8::100", "10.0.0.1"}},
		{" 192.0.2.1 ", "192.0.2.9", true, "192.0.2.1–192.0.2.9", []string{"192.0.2.5"}, nil},
		{"10.0.0.9", "10.0.0.1", false, "", nil, nil},
		{"10.0.0.1", "2001:db8::1", false, "", nil, nil},
		{"10.0.0.1", "", false, "", nil, nil},
		{"localhost", "10.0.0.1", false, "", nil, nil},
		{"10.0.0.0/8", "10.255.255.255", false, "", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.start+"-"+tc.end, func(t *testing.T) {
			t.Parallel()
			r, ok := parseRange(tc.start, tc.end)
			if ok != tc.ok || r.label != tc.label {
				t.Fatalf("parseRange = %q, %v; want %q, %v", r.label, ok, tc.label, tc.ok)
			}
			for _, a := range tc.inside {
				if !r.contains(netip.MustParseAddr(a).Unmap()) {
					t.Errorf("%s not inside %s", a, r.label)
				}
			}
			for _, a := range tc.outside {
				if r.contains(netip.MustParseAddr(a).Unmap()) {
					t.Errorf("%s inside %s", a, r.label)
				}
			}
		})
	}
}

// TestHoursText: Login Hours as minutes after midnight, a day with start
// equal to end (or later) is a day without login.
func TestHoursText(t *testing.T) {
	t.Parallel()
	got := hoursText([]probe.DayHours{
		{Day: time.Sunday, Start: 0, End: 0},
		{Day: time.Monday, Start: 420, End: 1140},
		{Day: time.Saturday, Start: 60, End: 1440},
		{Day: time.Wednesday, Start: 600, End: 540},
	})
	want := []string{"Sunday no login", "Monday 07:00–19:00", "Saturday 01:00–24:00", "Wednesday no login"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hours (-want, +got):\n%s", diff)
	}
}
