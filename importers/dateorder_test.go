package importers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestDateOrder checks that the order of day and month in slash dates is
// found from the data: UK-style rows whose first dates read both ways are
// held until 13/01/2026 says the day comes first, then counted in file
// order.
func TestDateOrder(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "start", FieldOutcome: "status"},
		Outcomes: map[string]Outcome{"ok": Answered, "lost": Abandoned}}
	uk := "start,status\n" +
		"05/01/2026 00:00:12,ok\n" + // 5 January
		"05/01/2026 00:10:00,bad\n" + // rejected for its outcome, after the row above
		"06/01/2026 09:00:00,lost\n" +
		"13/01/2026 08:00:00,ok\n" + // decides: day first
		"01/13/2026 08:00:00,ok\n" // contradicts it: rejected
	res, rejects := run(t, uk, p, Options{Interval: time.Hour})
	var got []string
	for _, r := range busy(res.History) {
		got = append(got, r.Start.Format("2006-01-02T15"))
	}
	if want := "2026-01-05T00 2026-01-06T09 2026-01-13T08"; strings.Join(got, " ") != want {
		t.Errorf("busy intervals %v, want %s", got, want)
	}
	if len(rejects) != 2 || rejects[0].Line != 3 || rejects[1].Line != 6 {
		t.Fatalf("rejects %+v, want lines 3 and 6 in that order", rejects)
	}
	if !strings.Contains(rejects[1].Detail, `day first (as "13/01/2026 08:00:00" at line 5 says)`) {
		t.Errorf("detail %q", rejects[1].Detail)
	}
	if s := res.Files[0]; s.Rows != 5 || s.Imported != 3 {
		t.Errorf("rows %d imported %d", s.Rows, s.Imported)
	}

	// US order, decided by the first row
	res, rejects = run(t, "start\n01/13/2026 08:00\n02/01/2026 08:00\n", Preset{Map: map[string]string{FieldArrival: "start"}}, Options{Interval: time.Hour})
	if b := busy(res.History); len(rejects) != 0 || len(b) != 2 || b[1].Start.Format("2006-01-02") != "2026-02-01" {
		t.Errorf("month first: rejects %v, busy %v", rejects, b)
	}

	// a date column of its own, day first
	res, _ = run(t, "d,t\n02/03/2026,09:00\n25/03/2026,10:00\n", Preset{Map: map[string]string{FieldArrival: "t", FieldDate: "d"}}, Options{Interval: time.Hour})
	if b := busy(res.History); len(b) != 2 || b[0].Start.Format("2006-01-02") != "2026-03-02" {
		t.Errorf("date column: busy %v", b)
	}

	// every date reads both ways: refused, naming the first such row
	_, err := Import(context.Background(), []Source{{Name: "uk.csv", R: strings.NewReader("start\n05/01/2026 00:00\n06/01/2026 00:00\n")}},
		Options{Preset: Preset{Map: map[string]string{FieldArrival: "start"}}})
	if !errors.Is(err, ErrDateOrder) || !strings.Contains(err.Error(), `uk.csv:2:`) || !strings.Contains(err.Error(), `"05/01/2026 00:00"`) {
		t.Errorf("all ambiguous: err %v", err)
	}

	// an explicit layout needs no detection
	res, _ = run(t, "start\n05/01/2026 00:00\n", Preset{Map: map[string]string{FieldArrival: "start"}, Formats: map[string]string{FieldArrival: "02/01/2006 15:04"}}, Options{Interval: time.Hour})
	if b := busy(res.History); len(b) != 1 || b[0].Start.Format("2006-01-02") != "2026-01-05" {
		t.Errorf("--layout: busy %v", b)
	}
}
