package forecast

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func hourly(days int, zone *time.Location, f func(t time.Time) float64) []Point {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, zone)
	var pts []Point
	for i := 0; i < days*24; i++ {
		t := start.Add(time.Duration(i) * time.Hour)
		n := f(t)
		pts = append(pts, Point{Start: t, Queue: "q", Channel: "voice", Offered: n, Answered: n, AHT: 100 * time.Second})
	}
	return pts
}

func officeHours(t time.Time) float64 {
	if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday || t.Hour() < 9 || t.Hour() >= 17 {
		return 0
	}
	return 20
}

func TestNewSeriesFillsGapsAndChecksGrid(t *testing.T) {
	z := time.FixedZone("", 3600)
	pts := hourly(3, z, officeHours)
	var open []Point
	for _, p := range pts {
		if p.Offered > 0 {
			open = append(open, p) // an importer may leave out empty intervals
		}
	}
	s, err := NewSeries(open)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 1 || s[0].Step != time.Hour || s[0].Start.Hour() != 9 || len(s[0].Y) != 2*24+8 {
		t.Fatalf("got %d series, step %v, start %v, %d intervals", len(s), s[0].Step, s[0].Start, len(s[0].Y))
	}
	if s[0].Y[10] != 0 || s[0].Y[24] != 20 {
		t.Errorf("gap not zero-filled: %v", s[0].Y[:26])
	}

	bad := append([]Point{}, open...)
	bad[3].Start = bad[3].Start.Add(30 * time.Minute) // 12:30 between hourly rows
	if _, err := NewSeries(bad); !errors.Is(err, ErrGrid) {
		t.Errorf("off-grid row: err %v, want ErrGrid", err)
	}
	odd := []Point{{Start: time.Date(2026, 1, 5, 0, 0, 0, 0, z)}, {Start: time.Date(2026, 1, 5, 0, 7, 0, 0, z)}}
	if _, err := NewSeries(odd); !errors.Is(err, ErrGrid) || !strings.Contains(err.Error(), "7m0s") {
		t.Errorf("7-minute grid: err %v, want ErrGrid naming 7m0s", err)
	}
}

// A DST change keeps 24 wall-clock slots a day: the history's spring-forward
// hour reads as zeros, and the forecast skips that hour on its own DST day.
func TestRunAcrossDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	// 2026-03-29 is the spring-forward day in Europe.
	start := time.Date(2026, 2, 23, 0, 0, 0, 0, loc)
	var pts []Point
	for t0 := start; t0.Before(time.Date(2026, 3, 28, 0, 0, 0, 0, loc)); t0 = t0.Add(time.Hour) {
		pts = append(pts, Point{Start: t0, Queue: "q", Channel: "voice", Offered: officeHours(t0)})
	}
	s, err := NewSeries(pts)
	if err != nil {
		t.Fatal(err)
	}
	s[0].Loc = loc
	res, err := Run(s, Options{Horizon: 3 * 24 * time.Hour, BacktestOrigins: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 3*24-1 {
		t.Errorf("%d rows over a 23-hour day, want %d", len(res.Rows), 3*24-1)
	}
	for _, r := range res.Rows {
		if r.Start.Day() == 29 && r.Start.Hour() == 2 {
			t.Errorf("row at the skipped hour %v", r.Start)
		}
	}
}

func TestRunEventsAHTAndStart(t *testing.T) {
	z := time.FixedZone("", 2*3600)
	s, err := NewSeries(hourly(28, z, officeHours))
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 2, d, 0, 0, 0, 0, time.UTC) }
	opt := Options{
		Horizon: 7 * 24 * time.Hour, Model: "median", BacktestOrigins: 2,
		Start: day(3), // one day after the history's end (Monday 2026-02-02)
		Events: []Event{
			{Start: day(4), End: day(4), Closed: true, Label: "upgrade"},
			{Start: day(5), End: day(6), Multiplier: 1.5},
			{Start: day(9), Multiplier: 3, Queue: "other"},
		},
	}
	res, err := Run(s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 7*24 || !res.Rows[0].Start.Equal(time.Date(2026, 2, 3, 0, 0, 0, 0, z)) {
		t.Fatalf("%d rows from %v, want 168 from 2026-02-03T00:00+02:00", len(res.Rows), res.Rows[0].Start)
	}
	at := func(d, h int) Row { return res.Rows[(d-3)*24+h] }
	if r := at(3, 10); r.Volume != 20 || r.AHT != 100*time.Second || r.Model != "median" {
		t.Errorf("Tue 10:00: %+v, want volume 20, AHT 100s, model median", r)
	}
	if r := at(4, 10); r.Volume != 0 || r.P10 != 0 || r.P90 != 0 {
		t.Errorf("closed Wed 10:00: %+v", r)
	}
	if r := at(5, 10); math.Abs(r.Volume-30) > 1e-9 || r.P90 < r.Volume {
		t.Errorf("×1.5 Thu 10:00: %+v", r)
	}
	if r := at(9, 10); r.Volume != 20 {
		t.Errorf("another queue's event applied: %+v", r)
	}
	if res.Chosen["q/voice"] != "median" {
		t.Errorf("chosen %v", res.Chosen)
	}

	opt.Start = day(1)
	if _, err := Run(s, opt); err == nil || !strings.Contains(err.Error(), "before the end of the history") {
		t.Errorf("start inside history: err %v", err)
	}
	opt.Start, opt.Model = time.Time{}, "prophet"
	if _, err := Run(s, opt); !errors.Is(err, ErrUnknownModel) {
		t.Errorf("unknown model: err %v", err)
	}
}

// A user-marked event in the history is kept out of fitting: a closed
// Wednesday does not drag next Wednesday's forecast down, even for the
// plain average.
func TestEventsKeptOutOfFitting(t *testing.T) {
	z := time.UTC
	pts := hourly(28, z, func(t time.Time) float64 {
		if t.Day() == 28 { // Wednesday 2026-01-28: an outage at half volume
			return officeHours(t) / 2
		}
		return officeHours(t)
	})
	s, _ := NewSeries(pts)
	ev := []Event{{Start: time.Date(2026, 1, 28, 0, 0, 0, 0, z), End: time.Date(2026, 1, 28, 0, 0, 0, 0, z), Closed: true}}
	res, err := Run(s, Options{Horizon: 3 * 24 * time.Hour, Model: "average", BacktestOrigins: 1, Events: ev})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Rows[2*24+10]; r.Volume != 20 {
		t.Errorf("Wed 10:00 after an excluded Wednesday: %v, want 20", r.Volume)
	}
}

func TestDetectAnomalies(t *testing.T) {
	in := synthetic(5, 3)
	// Wipe out Wednesday of week 2 (a missing day), halve Thursday of
	// week 3 (an outage).
	for s := 0; s < 48; s++ {
		in.Y[(7+2)*48+s] = 0
		in.Y[(14+3)*48+s] /= 2
	}
	got := DetectAnomalies(in)
	for d, an := range got {
		want := d == 9 || d == 17
		if an != want {
			t.Errorf("day %d: anomalous %v, want %v", d, an, want)
		}
	}
}

// Every queue and channel gets its own model choice and rows, sorted by
// interval start, then queue.
func TestRunSeveralQueues(t *testing.T) {
	z := time.UTC
	a := hourly(28, z, officeHours)
	b := hourly(28, z, func(t time.Time) float64 { return 2 * officeHours(t) })
	for i := range b {
		b[i].Queue, b[i].Channel = "b", "chat"
	}
	s, err := NewSeries(append(b, a...))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 2 || s[0].Queue != "b" || s[1].Queue != "q" {
		t.Fatalf("series %v", s)
	}
	res, err := Run(s, Options{Horizon: 24 * time.Hour, BacktestOrigins: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 48 || len(res.Chosen) != 2 || len(res.Backtest) != 2*len(AutoModels()) {
		t.Fatalf("%d rows, chosen %v, %d scores", len(res.Rows), res.Chosen, len(res.Backtest))
	}
	for i := 0; i < 48; i += 2 {
		r0, r1 := res.Rows[i], res.Rows[i+1]
		if !r0.Start.Equal(r1.Start) || r0.Queue != "b" || r1.Queue != "q" || r0.Volume != 2*r1.Volume {
			t.Fatalf("rows %d, %d: %+v %+v", i, i+1, r0, r1)
		}
	}
}
