package importers

import (
	"maps"
	"testing"
	"time"
)

// TestUSBank imports both shapes of the 2003 US bank series. The README in
// ../shared/data (from fpp3's documentation and a sum over the file) gives
// 27,716 five-minute rows and 5,323,661 calls; both files must give the
// same calls on the same intervals.
func TestUSBank(t *testing.T) {
	a := sharedData(t, "us_bank_2003_5min", "bank_calls.csv")
	b := sharedData(t, "us_bank_2003_5min", "calls_fpp2_rownames.csv")
	ra, rejA := importFile(t, a, Options{Preset: mustPreset(t, "usbank"), Interval: 5 * time.Minute})
	rb, rejB := importFile(t, b, Options{Preset: mustPreset(t, "usbank-fpp2"), Interval: 5 * time.Minute})
	for _, r := range append(rejA, rejB...)[:min(5, len(rejA)+len(rejB))] {
		t.Errorf("reject %s:%d %s: %s", r.File, r.Line, r.Reason, r.Detail)
	}
	for _, res := range []*Result{ra, rb} {
		s := res.Files[0]
		if s.Rows != 27716 || s.Imported != 27716 || s.Offered != 5323661 {
			t.Errorf("%s: rows %d imported %d calls %d; want 27716, 27716, 5323661", s.Name, s.Rows, s.Imported, s.Offered)
		}
	}
	if len(ra.History) != len(rb.History) {
		t.Fatalf("bank_calls gives %d intervals, fpp2 %d", len(ra.History), len(rb.History))
	}
	for i := range ra.History {
		x, y := ra.History[i], rb.History[i]
		if !x.Start.Equal(y.Start) || x.Offered != y.Offered {
			t.Fatalf("interval %d: bank_calls %v %v, fpp2 %v %v", i, x.Start, x.Offered, y.Start, y.Offered)
		}
	}
	// The first interval of data is 2003-03-03 07:00 local (EST, −05:00).
	for _, r := range ra.History {
		if r.Offered > 0 {
			if got := r.Start.Format(time.RFC3339); got != "2003-03-03T07:00:00-05:00" || r.Offered != 111 {
				t.Errorf("first busy interval %s with %v calls, want 2003-03-03T07:00:00-05:00 with 111", got, r.Offered)
			}
			break
		}
	}
	// 2003-03-03 (Mon) .. 2003-10-24 (Fri) is 236 days; 2003-04-06 had 23
	// hours in America/New_York and 2003-10-26 lies after the data.
	if want := 236*288 - 12; len(ra.History) != want {
		t.Errorf("history has %d rows, want 236 days × 288 − 12 (the DST day) = %d", len(ra.History), want)
	}
}

// TestNYC311 imports both 311 extracts: every row accounted, channels from
// the 2025 file's Open Data Channel Type.
func TestNYC311(t *testing.T) {
	// Rows and channel counts as Python's csv.DictReader counts them.
	for _, c := range []struct {
		file     string
		rows     int
		channels map[string]int
	}{
		{"nyc311_2016-06_sample_as10724.csv", 117, map[string]int{"unknown": 117}},
		{"nyc311_2025-03_sample_somaiyahhafeez.csv", 235, map[string]int{"web": 107, "voice": 72, "mobile": 40, "unknown": 16}},
	} {
		path := sharedData(t, "nyc311_samples", c.file)
		res, rejects := importFile(t, path, Options{Preset: mustPreset(t, "nyc311"), Interval: time.Hour})
		s := res.Files[0]
		for _, r := range rejects {
			t.Logf("reject %s:%d %s: %s", r.File, r.Line, r.Reason, r.Detail)
		}
		if s.Rows != c.rows || s.Rows != s.Imported+s.ExcludedRows()+s.RejectedRows() {
			t.Errorf("%s: rows %d = imported %d + excluded %v + rejected %v; want %d rows", c.file, s.Rows, s.Imported, s.Excluded, s.Rejected, c.rows)
		}
		total := 0
		channels := map[string]int{}
		for _, r := range res.History {
			total += int(r.Offered)
			channels[r.Channel] += int(r.Offered)
		}
		if total != s.Imported {
			t.Errorf("%s: history holds %d contacts, summary %d", c.file, total, s.Imported)
		}
		if !maps.Equal(channels, c.channels) {
			t.Errorf("%s: channels %v, want %v", c.file, channels, c.channels)
		}
	}
}
