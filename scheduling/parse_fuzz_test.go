package scheduling

import (
	"testing"
	"time"
)

// The config parsers never panic, and what they accept is well formed.
func FuzzParseStartWindow(f *testing.F) {
	for _, s := range []string{"07:00-10:00/30m", "07:00", "00:00-00:00/30m", "7am", "10:00-07:00", "07:00-10:00/-5m", "22:00-02:00/30m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, l, step, err := ParseStartWindow(s)
		if err == nil && (e < 0 || e >= 24*time.Hour || l < e || l-e >= 24*time.Hour || step < 0 || step >= 24*time.Hour) {
			t.Errorf("%q accepted as %v-%v/%v", s, e, l, step)
		}
	})
}

func FuzzParseOffsetWindow(f *testing.F) {
	for _, s := range []string{"1h30m-3h", "3h-1h", "-1h-2h", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		from, to, err := ParseOffsetWindow(s)
		if err == nil && (from < 0 || to <= from) {
			t.Errorf("%q accepted as %v-%v", s, from, to)
		}
	})
}

func FuzzParseDateRanges(f *testing.F) {
	for _, s := range []string{"2026-12-24;2026-12-28..2026-12-31", "", ";;", "2026-12-31..2026-12-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseDateRanges(s)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.Last < r.First {
				t.Errorf("%q accepted with %v", s, r)
			}
		}
	})
}
