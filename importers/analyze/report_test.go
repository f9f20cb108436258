package analyze

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/wfm-project/wfm/importers"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// A history small enough to add up by hand: 60-minute intervals, Monday
// 5 and Tuesday 6 January 2026.
//
//	Mon 09:00  10 offered,  8 answered, 2 abandoned, AHT 100 s, ASA 10 s
//	Mon 10:00  20 offered, 20 answered, 0 abandoned, AHT 200 s, ASA 30 s
//	Tue 09:00  30 offered, 24 answered, 6 abandoned, AHT 150 s, ASA 20 s
//
// Totals: 60 offered, 52 answered, 8 abandoned (13.33 %); AHT =
// (8·100 + 20·200 + 24·150)/52 = 8400/52 = 161.538 s; ASA = (8·10 + 20·30 +
// 24·20)/52 = 1160/52 = 22.308 s. Hour 9: 40 offered over 2 days = 20 a
// day, AHT (800 + 3600)/32 = 137.5 s, 8/40 = 20 % abandoned. Between Mon
// 10:00 and Tue 09:00 the hours Mon 11:00–24:00 (13) and Tue 00:00–09:00
// (9) have no rows. The history's patience bound is 1160 s / 8 = 145 s.
func TestAnalyzeHistoryHand(t *testing.T) {
	rows := []importers.HistoryRow{
		{Start: at("2026-01-05T09:00:00Z"), Queue: "q", Channel: "voice", Offered: 10, Answered: 8, Abandoned: 2, AHT: 100 * time.Second, ASA: 10 * time.Second},
		{Start: at("2026-01-05T10:00:00Z"), Queue: "q", Channel: "voice", Offered: 20, Answered: 20, AHT: 200 * time.Second, ASA: 30 * time.Second},
		{Start: at("2026-01-06T09:00:00Z"), Queue: "q", Channel: "voice", Offered: 30, Answered: 24, Abandoned: 6, AHT: 150 * time.Second, ASA: 20 * time.Second},
	}
	rep, err := Analyze(rows, nil, Options{Top: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Interval != time.Hour || rep.PerContact || len(rep.Queues) != 1 {
		t.Fatalf("report %+v", rep)
	}
	if !rep.First.Equal(at("2026-01-05T09:00:00Z")) || !rep.Last.Equal(at("2026-01-06T10:00:00Z")) {
		t.Errorf("span %v .. %v", rep.First, rep.Last)
	}
	q := rep.Queues[0]
	if q.Offered != 60 || q.Answered != 52 || q.Abandoned != 8 {
		t.Errorf("totals %v %v %v", q.Offered, q.Answered, q.Abandoned)
	}
	near(t, "abandon rate", q.AbandonRate, 8.0/60, 1e-12)
	near(t, "AHT", q.AHT.Seconds(), 8400.0/52, 0.001)
	near(t, "ASA", q.ASA.Seconds(), 1160.0/52, 0.001)
	if len(q.Days) != 2 || q.Days[0].Offered != 30 || q.Days[1].Offered != 30 || q.Days[1].Date.Weekday() != time.Tuesday {
		t.Fatalf("days %+v", q.Days)
	}
	near(t, "Monday AHT", q.Days[0].AHT.Seconds(), 4800.0/28, 0.001)
	if q.Heat.Days[time.Monday] != 1 || q.Heat.Mean[time.Monday][9] != 10 || q.Heat.Mean[time.Tuesday][9] != 30 || q.Heat.Mean[time.Monday][10] != 20 {
		t.Errorf("heat %+v", q.Heat)
	}
	h9 := q.Hours[9]
	if h9.Offered != 40 || h9.PerDay != 20 || h9.AHT != 137500*time.Millisecond || h9.AbandonPct != 0.2 {
		t.Errorf("hour 9 %+v", h9)
	}
	if len(q.Busiest) != 2 || q.Busiest[0].Offered != 30 || q.Busiest[1].Offered != 20 {
		t.Errorf("busiest %+v", q.Busiest)
	}
	if q.Service != nil || q.Waits != nil || q.Handle != nil {
		t.Errorf("per-contact figures from a history: %+v %+v %+v", q.Service, q.Waits, q.Handle)
	}
	if q.Patience.Method != PatienceLowerBound || q.Patience.LowerBound != 145*time.Second {
		t.Errorf("patience %+v, want the 145s lower bound", q.Patience)
	}
	want := []Finding{
		{Kind: MissingIntervals, Start: at("2026-01-05T11:00:00Z"), End: at("2026-01-06T00:00:00Z"), Intervals: 13},
		{Kind: MissingIntervals, Start: at("2026-01-06T00:00:00Z"), End: at("2026-01-06T09:00:00Z"), Intervals: 9},
	}
	if len(q.Findings) != len(want) {
		t.Fatalf("findings %+v, want %+v", q.Findings, want)
	}
	for i, w := range want {
		if f := q.Findings[i]; f.Kind != w.Kind || !f.Start.Equal(w.Start) || !f.End.Equal(w.End) || f.Intervals != w.Intervals {
			t.Errorf("finding %d: %+v, want %+v", i, f, w)
		}
	}
}

// Single contacts counted by hand, all at 09:xx on one day. Answered:
// waits 0, 10, 20, 30 s with handle times 60, 120, 180, 240 s; abandoned:
// waits 0, 15, 45 s. SL(20s) = 3 answered within 20 s / 7 offered =
// 42.857 %; ASA = 60/4 = 15 s. Waits before abandoning: mean 20 s, median
// (the 2nd of 3) 15 s, p90 (the ⌈2.7⌉ = 3rd) 45 s; one left at once.
// Patience: A = 2 queued abandons, T = 60 + 60 = 120 s → 60 s over 6
// contacts. Handle quantiles (definition 1: the ⌈q·4⌉-th): p10 60, p25
// 60, p50 120, p75 180, p90 240, p95 240 s; mean 150 s.
func TestAnalyzeContactsHand(t *testing.T) {
	cs := NewContactStats(time.UTC)
	base := at("2026-01-05T09:00:00Z")
	var ws []Wait
	for i, w := range []int{0, 10, 20, 30} {
		cs.Add(importers.Contact{Arrival: base.Add(time.Duration(i) * time.Minute), Queue: "q", Channel: "voice", Outcome: importers.Answered,
			Wait: time.Duration(w) * time.Second, WaitKnown: true, Handle: time.Duration(60*(i+1)) * time.Second, HandleKnown: true})
		ws = append(ws, Wait{Wait: time.Duration(w) * time.Second})
	}
	for _, w := range []int{0, 15, 45} {
		cs.Add(importers.Contact{Arrival: base, Queue: "q", Channel: "voice", Outcome: importers.Abandoned, Wait: time.Duration(w) * time.Second, WaitKnown: true})
		ws = append(ws, Wait{Wait: time.Duration(w) * time.Second, Abandoned: true})
	}
	cs.Add(importers.Contact{Arrival: base, Queue: "q", Channel: "voice", Outcome: importers.Excluded}) // not offered
	rows := []importers.HistoryRow{{Start: base, Queue: "q", Channel: "voice", Offered: 7, Answered: 4, Abandoned: 3, AHT: 150 * time.Second, ASA: 15 * time.Second}}
	rep, err := Analyze(rows, cs, Options{Targets: map[Key]Target{{"q", "voice"}: {Level: 0.8, Time: 20 * time.Second}}})
	if err != nil {
		t.Fatal(err)
	}
	q := rep.Queues[0]
	s := q.Service
	if s == nil || s.Within != 3 || s.Contacts != 7 || s.ASA != 15*time.Second || s.Met {
		t.Fatalf("service %+v", s)
	}
	near(t, "SL", s.Level, 3.0/7, 1e-12)
	ab := q.Waits.Abandoned
	if ab.N != 3 || ab.Mean != 20*time.Second || ab.Median() != 15*time.Second || ab.P90() != 45*time.Second || q.Waits.ZeroAbandoned != 1 {
		t.Errorf("abandoned waits %+v, zero %d", ab, q.Waits.ZeroAbandoned)
	}
	wantQ := []time.Duration{60, 60, 120, 180, 240, 240}
	for i, w := range wantQ {
		if q.Handle.Quantiles[i] != w*time.Second {
			t.Errorf("handle q%.2f = %v, want %v", Quantiles[i], q.Handle.Quantiles[i], w*time.Second)
		}
	}
	if q.Handle.Mean != 150*time.Second || q.Hours[9].HandleN != 4 || q.Hours[9].HandleP50 != 120*time.Second || q.Hours[9].HandleP90 != 240*time.Second {
		t.Errorf("handle %+v, hour 9 %+v", q.Handle, q.Hours[9])
	}
	p := q.Patience
	if p.Method != PatienceCensored || p.Estimate.Mean != 60*time.Second || p.Estimate.Abandoned != 2 || p.Estimate.Contacts != 6 || p.Estimate.ZeroAbands != 1 {
		t.Errorf("patience %+v", p)
	}
	direct, _ := EstimatePatience(ws)
	if direct != p.Estimate {
		t.Errorf("streamed estimate %+v, EstimatePatience %+v", p.Estimate, direct)
	}
}

// Waits in fractions of a second: 20.4 s is not within 20 s, 0.2 s is
// not a zero wait, and sums stay exact.
func TestContactStatsFractional(t *testing.T) {
	cs := NewContactStats(nil)
	add := func(o importers.Outcome, w time.Duration) {
		cs.Add(importers.Contact{Arrival: at("2026-01-05T09:00:00Z"), Queue: "q", Channel: "voice", Outcome: o, Wait: w, WaitKnown: true})
	}
	add(importers.Answered, 20400*time.Millisecond)
	add(importers.Answered, 20*time.Second)
	add(importers.Abandoned, 200*time.Millisecond)
	a := cs.accs[Key{"q", "voice"}]
	s := a.service(Target{Time: 20 * time.Second})
	if s.Within != 1 || s.Contacts != 3 || s.ASA != 20200*time.Millisecond {
		t.Errorf("service %+v", s)
	}
	if a.zeroAbandoned() != 0 {
		t.Errorf("0.2 s counted as a zero wait")
	}
	p, err := a.patience()
	if err != nil || p.TotalWait != 40600*time.Millisecond || p.Mean != 40600*time.Millisecond {
		t.Errorf("patience %+v %v", p, err)
	}
}

// Hand cases of RobustZ. [0 1 0 0]: median 0, MAD 0, so the Poisson
// floor √1 = 1 is the scale and 1 call is z = 1. [10 12 14 16 100]:
// median 14, deviations 4 2 0 2 86, MAD 2, 1.4826·2 = 2.965 < √14 =
// 3.742, so 100 is z = 86/3.742 = 22.98. [0 100 200 300 400]: median 200,
// MAD 100, scale 148.26, 400 is z = 1.349.
func TestRobustZ(t *testing.T) {
	for _, c := range []struct {
		x       float64
		group   []float64
		z, med  float64
		wantTol float64
	}{
		{1, []float64{0, 1, 0, 0}, 1, 0, 1e-12},
		{100, []float64{10, 12, 14, 16, 100}, 86 / math.Sqrt(14), 14, 1e-9},
		{400, []float64{0, 100, 200, 300, 400}, 200 / 148.26, 200, 1e-9},
	} {
		z, med := RobustZ(c.x, c.group)
		near(t, "z", z, c.z, c.wantTol)
		near(t, "median", med, c.med, 0)
	}
}

// Five weeks of hourly rows, 100 contacts an hour, Sunday 4 January to
// Saturday 7 February 2026 (UTC), with Saturdays closed (0) and four
// planted faults, each to be found alone:
//   - Thursday 15 January has no rows: a missing day;
//   - Friday 23 January is all zeros: a zero day (Fridays' median is 2,400);
//   - Monday 26 January has 200 an hour: its 4,800 against Mondays'
//     median 2,400 (MAD 0, so the scale is √2400 = 49.0) is z = 49.0;
//   - Wednesday 7 January 10:00 has 160: against 100 (scale √100 = 10) z =
//     6.0, while its day, 2,460, is z = 1.22 and not an outlier.
//
// Saturdays' zeros are a closed weekday, not a finding.
func TestFindings(t *testing.T) {
	var rows []importers.HistoryRow
	start := at("2026-01-04T00:00:00Z")
	for h := 0; h < 35*24; h++ {
		ts := start.Add(time.Duration(h) * time.Hour)
		if ts.Year() == 2026 && ts.YearDay() == 15 {
			continue
		}
		n := 100.0
		switch {
		case ts.Weekday() == time.Saturday, ts.YearDay() == 23:
			n = 0
		case ts.YearDay() == 26:
			n = 200
		case ts.YearDay() == 7 && ts.Hour() == 10:
			n = 160
		}
		rows = append(rows, importers.HistoryRow{Start: ts, Queue: "q", Channel: "voice", Offered: n, Answered: n})
	}
	rep, err := Analyze(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs := rep.Queues[0].Findings
	want := []Finding{
		{Kind: IntervalOutlier, Start: at("2026-01-07T10:00:00Z"), Value: 160, Expected: 100, Score: 6},
		{Kind: MissingDay, Start: at("2026-01-15T00:00:00Z"), Intervals: 24},
		{Kind: ZeroDay, Start: at("2026-01-23T00:00:00Z"), Expected: 2400},
		{Kind: DayOutlier, Start: at("2026-01-26T00:00:00Z"), Value: 4800, Expected: 2400, Score: 2400 / math.Sqrt(2400)},
	}
	if len(fs) != len(want) {
		t.Fatalf("findings %+v, want %d", fs, len(want))
	}
	for i, w := range want {
		f := fs[i]
		if f.Kind != w.Kind || !f.Start.Equal(w.Start) || f.Value != w.Value || f.Expected != w.Expected || math.Abs(f.Score-w.Score) > 1e-9 || f.Intervals != w.Intervals && w.Kind == MissingDay {
			t.Errorf("finding %d: %+v, want %+v", i, f, w)
		}
	}
}

func TestAnalyzeEmpty(t *testing.T) {
	if _, err := Analyze(nil, nil, Options{}); err != ErrNoData {
		t.Fatalf("err %v, want ErrNoData", err)
	}
}

// Two rows a second apart and a year apart would make a grid of 31
// million one-second intervals to search for gaps: refused.
func TestAnalyzeSpan(t *testing.T) {
	rows := []importers.HistoryRow{
		{Start: at("2026-01-01T00:00:00Z"), Queue: "q", Channel: "voice", Offered: 1},
		{Start: at("2026-01-01T00:00:01Z"), Queue: "q", Channel: "voice", Offered: 1},
		{Start: at("2027-01-01T00:00:00Z"), Queue: "q", Channel: "voice", Offered: 1},
	}
	if _, err := Analyze(rows, nil, Options{}); !errors.Is(err, importers.ErrSpan) {
		t.Fatalf("err %v, want ErrSpan", err)
	}
}

// A DST change read without a time zone: Europe/Berlin's 29 March 2026
// in +01:00 before 02:00 and +02:00 after is one day, not two.
func TestAnalyzeDSTDay(t *testing.T) {
	rows := []importers.HistoryRow{
		{Start: at("2026-03-29T01:00:00+01:00"), Queue: "q", Channel: "voice", Offered: 1},
		{Start: at("2026-03-29T03:00:00+02:00"), Queue: "q", Channel: "voice", Offered: 2},
		{Start: at("2026-03-29T04:00:00+02:00"), Queue: "q", Channel: "voice", Offered: 3},
	}
	rep, err := Analyze(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := rep.Queues[0]
	if len(q.Days) != 1 || q.Days[0].Offered != 6 || q.Heat.Days[time.Sunday] != 1 || q.Heat.Mean[time.Sunday][3] != 2 {
		t.Fatalf("days %+v, heat days %v", q.Days, q.Heat.Days)
	}
	if len(q.Findings) != 0 {
		t.Errorf("findings %+v: 01:00+01:00 and 03:00+02:00 are an hour apart", q.Findings)
	}
}
