package probe

import (
	"testing"
	"time"
)

func TestParseSFTime(t *testing.T) {
	t.Parallel()

	want := time.Date(2026, 11, 29, 13, 59, 58, 0, time.UTC)
	cases := []struct {
		in     string
		wantOK bool
	}{
		{"2026-11-29T13:59:58.000+0000", true},
		{"2026-11-29T14:59:58.000+0100", true},
		{"2026-11-29T13:59:58Z", true},
		{"2026-11-29T13:59:58.000Z", true},
		{"29/11/2026 13:59", false},
		{"", false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, ok := parseSFTime(tc.in)
			if ok != tc.wantOK || (ok && !got.Equal(want)) {
				t.Errorf("parseSFTime(%q) = %v, %v; want %v, %v", tc.in, got, ok, want, tc.wantOK)
			}
		})
	}
}

func TestValidID(t *testing.T) {
	t.Parallel()

	cases := []struct {
		id   string
		want bool
	}{
		{"005xx000001Sv6e", true},
		{"005xx000001Sv6eAAC", true},
		{"005xx000001Sv6eAA", false},
		{"005xx000001Sv6eAAC1", false},
		{"005' OR Name != '", false},
		{"005xx000001Sv/../", false},
		{"005xx000001Sv6é", false},
		{"", false},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			if got := validID(tc.id); got != tc.want {
				t.Errorf("validID(%q) = %v, want %v", tc.id, got, tc.want)
			}
		})
	}
}

func TestSOQLTime(t *testing.T) {
	t.Parallel()

	in := time.Date(2026, 11, 29, 15, 0, 0, 123456789, time.FixedZone("CET", 3600))
	if got, want := soqlTime(in.Add(-24*time.Hour)), "2026-11-28T14:00:00Z"; got != want {
		t.Errorf("soqlTime = %q, want %q", got, want)
	}
}
