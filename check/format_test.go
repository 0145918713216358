package check

import (
	"testing"
)

func TestThousands(t *testing.T) {
	t.Parallel()

	cases := []struct {
		in   int
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {14953, "14,953"}, {1234567, "1,234,567"}, {-2880, "-2,880"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			if got := thousands(tc.in); got != tc.want {
				t.Errorf("thousands(%d) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name        string
		part, whole int
		want        string
	}{
		{"almost full never shows 100", 14999, 15000, "99.9%"},
		{"full", 15000, 15000, "100%"},
		{"whole number", 1200, 15000, "8%"},
		{"rounded down", 3012, 3600, "83.6%"},
		{"empty", 0, 15000, "0%"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := percent(tc.part, tc.whole); got != tc.want {
				t.Errorf("percent(%d, %d) = %q, want %q", tc.part, tc.whole, got, tc.want)
			}
		})
	}
}
