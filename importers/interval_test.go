package importers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// historyAt returns the history row of queue at start (UTC), failing the
// test when there is none.
func historyAt(t *testing.T, res *Result, queue string, start time.Time) HistoryRow {
	t.Helper()
	for _, r := range res.History {
		if r.Queue == queue && r.Start.Equal(start) {
			return r
		}
	}
	t.Fatalf("no history row for %s at %v", queue, start)
	return HistoryRow{}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func checkRow(t *testing.T, r HistoryRow, offered, answered, abandoned float64, aht, asa time.Duration) {
	t.Helper()
	if !near(r.Offered, offered) || !near(r.Answered, answered) || !near(r.Abandoned, abandoned) || r.AHT != aht || r.ASA != asa {
		t.Errorf("%s %v: got %g offered, %g answered, %g abandoned, AHT %v, ASA %v; want %g, %g, %g, %v, %v",
			r.Queue, r.Start.Format("2006-01-02 15:04"), r.Offered, r.Answered, r.Abandoned, r.AHT, r.ASA, offered, answered, abandoned, aht, asa)
	}
}

func importString(t *testing.T, in string, opts Options) (*Result, []Reject) {
	t.Helper()
	var rejects []Reject
	opts.OnReject = func(r Reject) error { rejects = append(rejects, r); return nil }
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	res, err := Import(context.Background(), []Source{{Name: "report.csv", R: strings.NewReader(in)}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, rejects
}

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// The Avaya CMS sample (hand-written from the hsplit columns; see
// testdata/platforms/README.md): split 1 on Monday 2026-02-23 in two
// 60-minute rows (intrvl 60), and splits 1 and 2 on Monday 2026-03-02 in
// 30-minute rows. Every figure below is worked by hand from the file:
// offered = acdcalls + abncalls, AHT = (acdtime + acwtime) / acdcalls,
// ASA = anstime / acdcalls.
func TestPresetAvayaCMS(t *testing.T) {
	p := mustPreset(t, "avaya-cms")
	res, rejects := importFile(t, "testdata/platforms/avaya-cms-hsplit.txt", Options{Preset: p, Interval: 30 * time.Minute, Location: time.UTC, Split: SplitProfile})
	if len(rejects) != 0 {
		t.Fatalf("rejects %+v", rejects)
	}
	// 10 rows; offered 50+30+15+20+30+6+6+0+4+3 = 164; abandoned
	// 10+5+3+2+6+0+1+0+0+1 = 28.
	checkSummary(t, res.Files[0], KindText, 10, 10, 0, 0, 136, 28)
	if g := res.Files[0].Splits; len(g) != 1 || g[0].RowLength != time.Hour || g[0].Method != SplitProfile || g[0].Rows != 2 || g[0].Lines != "2-3" {
		t.Errorf("splits %+v: want the two 60m rows of lines 2-3, by profile", g)
	}
	// 30-minute rows as they are: 08:00 split 1 = 12 + 3 offered, AHT
	// (2400+600)/12 = 250 s, ASA 240/12 = 20 s; split 2 at 09:30: 2 + 1,
	// AHT 360/2 = 180 s, ASA 30/2 = 15 s.
	checkRow(t, historyAt(t, res, "1", utc(2026, 3, 2, 8, 0)), 15, 12, 3, 250*time.Second, 20*time.Second)
	checkRow(t, historyAt(t, res, "2", utc(2026, 3, 2, 9, 30)), 3, 2, 1, 180*time.Second, 15*time.Second)
	// The 08:00 60-minute row of 2026-02-23 (50 offered, 40 answered, AHT
	// 10000/40 = 250 s, ASA 1200/40 = 30 s) by the profile of Mondays
	// 08:00 and 08:30 of split 1: 15 and 20 offered, so 15/35 and 20/35
	// of it; the 09:00 row (30, 25 answered, AHT 6250/25 = 250 s, ASA
	// 500/25 = 20 s) by 30 and 6: 5/6 and 1/6.
	checkRow(t, historyAt(t, res, "1", utc(2026, 2, 23, 8, 0)), 50*15.0/35, 40*15.0/35, 10*15.0/35, 250*time.Second, 30*time.Second)
	checkRow(t, historyAt(t, res, "1", utc(2026, 2, 23, 8, 30)), 50*20.0/35, 40*20.0/35, 10*20.0/35, 250*time.Second, 30*time.Second)
	checkRow(t, historyAt(t, res, "1", utc(2026, 2, 23, 9, 0)), 25, 25*5.0/6, 5*5.0/6, 250*time.Second, 20*time.Second)
	checkRow(t, historyAt(t, res, "1", utc(2026, 2, 23, 9, 30)), 5, 25*1.0/6, 5*1.0/6, 250*time.Second, 20*time.Second)
	total := 0.0
	for _, r := range res.History {
		total += r.Offered
	}
	if !near(total, 164) {
		t.Errorf("history offers %g in all, want the file's 164", total)
	}

	// Evenly, each 60-minute row gives half to each half hour.
	res, _ = importFile(t, "testdata/platforms/avaya-cms-hsplit.txt", Options{Preset: p, Interval: 30 * time.Minute, Location: time.UTC})
	checkRow(t, historyAt(t, res, "1", utc(2026, 2, 23, 8, 30)), 25, 20, 5, 250*time.Second, 30*time.Second)
	if g := res.Files[0].Splits; len(g) != 1 || g[0].Method != SplitEven {
		t.Errorf("splits %+v: want even", g)
	}

	// At 60 minutes nothing is split and the half hours add up: split 1
	// at 2026-03-02 09:00 = 30 + 6 offered, AHT (6480+1500)/30 = 266 s,
	// ASA 540/30 = 18 s.
	res, _ = importFile(t, "testdata/platforms/avaya-cms-hsplit.txt", Options{Preset: p, Interval: time.Hour, Location: time.UTC})
	if len(res.Files[0].Splits) != 0 {
		t.Errorf("splits %+v at 60m: want none", res.Files[0].Splits)
	}
	checkRow(t, historyAt(t, res, "1", utc(2026, 3, 2, 9, 0)), 36, 30, 6, 266*time.Second, 18*time.Second)
	checkRow(t, historyAt(t, res, "1", utc(2026, 2, 23, 8, 0)), 50, 40, 10, 250*time.Second, 30*time.Second)
}

// The Cisco sample (hand-written from the Call_Type_Interval columns):
// two call types in 15-minute rows. Offered = CallsHandled +
// TotalCallsAband; AHT = HandleTime / CallsHandled; ASA = AnswerWaitTime /
// CallsAnswered.
func TestPresetCiscoUCCE(t *testing.T) {
	p := mustPreset(t, "cisco-ucce")
	res, rejects := importFile(t, "testdata/platforms/cisco-ucce-call-type-interval.csv", Options{Preset: p, Interval: 15 * time.Minute, Location: time.UTC})
	if len(rejects) != 0 {
		t.Fatalf("rejects %+v", rejects)
	}
	// handled 18+20+27+16+5+0+3+2 = 91, abandoned 3+4+2+1+1+0+0+1 = 12
	checkSummary(t, res.Files[0], KindCSV, 8, 8, 0, 0, 91, 12)
	// 08:00 type 5001: 18 + 3, AHT 4320/18 = 240 s, ASA 380/19 = 20 s
	checkRow(t, historyAt(t, res, "5001", utc(2026, 3, 2, 8, 0)), 21, 18, 3, 240*time.Second, 20*time.Second)
	// 08:15 type 5002: no calls
	checkRow(t, historyAt(t, res, "5002", utc(2026, 3, 2, 8, 15)), 0, 0, 0, 0, 0)
	// At 30 minutes: 08:00 type 5001 = 38 + 7, AHT 9720/38 = 255.789 s,
	// ASA 980/39 = 25.128 s (both to the millisecond).
	res, _ = importFile(t, "testdata/platforms/cisco-ucce-call-type-interval.csv", Options{Preset: p, Interval: 30 * time.Minute, Location: time.UTC})
	checkRow(t, historyAt(t, res, "5001", utc(2026, 3, 2, 8, 0)), 45, 38, 7, 255789*time.Millisecond, 25128*time.Millisecond)
	if len(res.Files[0].Splits) != 0 {
		t.Errorf("splits %+v: 15m rows into 30m need none", res.Files[0].Splits)
	}
}

var hourly = Preset{Map: map[string]string{FieldArrival: "start", FieldCount: "n", FieldAHT: "aht"}, Formats: map[string]string{FieldAHT: FormatSeconds}}

// Lengths are inferred from the gaps between a day's rows: 45-minute rows
// into 30-minute intervals are spread by overlap (30 and 15 minutes of
// the first, 15 and 30 of the second).
func TestSplitOverlap(t *testing.T) {
	in := "start,n,aht\n2026-01-05 08:00,30,100\n2026-01-05 08:45,60,200\n2026-01-05 09:30,3,300\n"
	res, _ := importString(t, in, Options{Preset: hourly, Interval: 30 * time.Minute})
	// 08:00: 2/3 of 30; 08:30: 1/3 of 30 + 1/3 of 60, AHT (10·100 +
	// 20·200)/30 = 166.667 s; 09:00: 2/3 of 60; 09:30: 2/3 of 3 (the last
	// row is 45 minutes too: 09:30-10:15).
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 8, 0)), 20, 20, 0, 100*time.Second, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 8, 30)), 30, 30, 0, 166667*time.Millisecond, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 9, 0)), 40, 40, 0, 200*time.Second, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 9, 30)), 2, 2, 0, 300*time.Second, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 10, 0)), 1, 1, 0, 300*time.Second, 0)
	if g := res.Files[0].Splits; len(g) != 1 || g[0].RowLength != 45*time.Minute || g[0].Lines != "2-4" {
		t.Errorf("splits %+v", g)
	}
}

// A file of daily totals (one row a day) has rows a day long; with no
// finer data the profile split falls back to even and says so.
func TestSplitDailyRows(t *testing.T) {
	in := "start,n,aht\n2026-01-05,96,\n2026-01-06,48,\n"
	res, _ := importString(t, in, Options{Preset: hourly, Interval: 30 * time.Minute, Split: SplitProfile})
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 13, 30)), 2, 2, 0, 0, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 6, 23, 30)), 1, 1, 0, 0, 0)
	if g := res.Files[0].Splits; len(g) != 1 || g[0].RowLength != 24*time.Hour || g[0].Method != SplitEven+" (no finer rows at those times)" {
		t.Errorf("splits %+v", g)
	}
	// --row-length says otherwise: 2-hour rows.
	p := hourly.Clone()
	p.RowLength = 2 * time.Hour
	res, _ = importString(t, in, Options{Preset: p, Interval: 30 * time.Minute})
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 1, 30)), 24, 24, 0, 0, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 2, 0)), 0, 0, 0, 0, 0)
}

// One file of mixed lengths (hourly one week, 15-minute rows the next):
// the hourly rows are spread by the profile of the 15-minute rows of the
// same weekday and time (1, 2, 0, 1 of 4), the 09:00 row of 0 contacts
// gives nothing.
func TestSplitProfileMixedLengths(t *testing.T) {
	in := "start,n\n2026-01-05 08:00,10\n2026-01-05 09:00,0\n" +
		"2026-01-12 08:00,1\n2026-01-12 08:15,2\n2026-01-12 08:30,0\n2026-01-12 08:45,1\n"
	p := Preset{Map: map[string]string{FieldArrival: "start", FieldCount: "n"}}
	res, _ := importString(t, in, Options{Preset: p, Interval: 15 * time.Minute, Split: SplitProfile})
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 8, 0)), 2.5, 2.5, 0, 0, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 8, 15)), 5, 5, 0, 0, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 8, 30)), 0, 0, 0, 0, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 5, 8, 45)), 2.5, 2.5, 0, 0, 0)
	checkRow(t, historyAt(t, res, "main", utc(2026, 1, 12, 8, 15)), 2, 2, 0, 0, 0)
	// the 09:00 row: no profile there (no 15-minute rows at 09:xx), so even
	g := res.Files[0].Splits
	if len(g) != 2 || g[0].Method != SplitEven+" (no finer rows at those times)" || g[0].Lines != "3" || g[1].Method != SplitProfile || g[1].Lines != "2" {
		t.Errorf("splits %+v", g)
	}
}

// Bad input: the row, column and what was expected.
func TestIntervalBadInput(t *testing.T) {
	p := mustPreset(t, "avaya-cms")
	hdr := "row_date;starttime;intrvl;split;acdcalls;anstime;acdtime;acwtime;abncalls\n"
	in := hdr + "2026-03-02;800;30;1;4;40;400;100;1\n" +
		"2026-03-02;830;x;1;4;40;400;100;1\n" + // bad intrvl
		"2026-03-02;900;30;1;0;40;0;0;1\n" + // anstime over no calls
		"2026-03-02;975;30;1;4;40;400;100;1\n" // 9:75
	res, rejects := importString(t, in, Options{Preset: p, Interval: 30 * time.Minute})
	checkSummary(t, res.Files[0], KindText, 4, 1, 0, 3, 4, 1)
	want := []struct {
		line   int
		reason string
		detail string
	}{
		{3, "bad row length", `column "intrvl": "x" is not a number of minutes from 1 to 1440`},
		{4, "bad asa time", `column "anstime": a total of 40s over no contacts`},
		{5, "bad arrival time", `column "starttime": "975" is not a time of day as hhmm, such as 800 or 1430`},
	}
	if len(rejects) != len(want) {
		t.Fatalf("rejects %+v", rejects)
	}
	for i, w := range want {
		if r := rejects[i]; r.Line != w.line || r.Reason != w.reason || r.Detail != w.detail {
			t.Errorf("reject %d: %d %q %q; want %d %q %q", i, r.Line, r.Reason, r.Detail, w.line, w.reason, w.detail)
		}
	}
	// a missing length column names the file and the column
	_, err := Import(context.Background(), []Source{{Name: "hsplit.txt", R: strings.NewReader("row_date;starttime;split;acdcalls;anstime;acdtime;acwtime;abncalls\n")}}, Options{Preset: p})
	if !errors.Is(err, ErrColumns) || !strings.Contains(err.Error(), `hsplit.txt:1: columns do not match the mapping: missing column "intrvl"`) {
		t.Errorf("missing intrvl: %v", err)
	}
	// a mean over 12 hours in a total
	in = hdr + "2026-03-02;800;30;1;2;0;90000;0;0\n"
	_, rejects = importString(t, in, Options{Preset: p})
	if len(rejects) != 1 || rejects[0].Reason != "aht time over 12h" || !strings.Contains(rejects[0].Detail, "a total of 25h0m0s over 2 contacts is 12h30m0s each") {
		t.Errorf("over 12h: %+v", rejects)
	}
	// an unknown split method, totals for single contacts
	if _, err := compile(Options{Preset: hourly, Split: "smooth"}); !errors.Is(err, ErrMapping) || !strings.Contains(err.Error(), `split "smooth": want "even" or "profile"`) {
		t.Errorf("split smooth: %v", err)
	}
	single := Preset{Map: map[string]string{FieldArrival: "t"}, Totals: map[string]string{FieldAHT: ""}}
	if _, err := compile(Options{Preset: single}); !errors.Is(err, ErrMapping) {
		t.Errorf("totals for single contacts: %v", err)
	}
}

// Daily rows across the day clocks go forward (2026-03-08 in New York):
// the gaps are whole days on the wall clock, so the rows are a day long,
// and that day has 23 hours: 46 half hours of 46/46 each.
func TestSplitDailyRowsDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	in := "start,n,aht\n2026-03-07,48,\n2026-03-08,46,\n2026-03-09,48,\n"
	res, _ := importString(t, in, Options{Preset: hourly, Interval: 30 * time.Minute, Location: ny})
	if g := res.Files[0].Splits; len(g) != 1 || g[0].RowLength != 24*time.Hour || g[0].Rows != 3 {
		t.Fatalf("splits %+v: want 3 day-long rows", g)
	}
	day := map[string]float64{}
	cells := map[string]int{}
	for _, r := range res.History {
		d := r.Start.Format("2006-01-02")
		day[d] += r.Offered
		cells[d]++
		if r.Offered != 1 {
			t.Errorf("%v: %g offered, want 1 in every half hour", r.Start, r.Offered)
		}
	}
	if cells["2026-03-08"] != 46 || day["2026-03-08"] != 46 || day["2026-03-07"] != 48 || day["2026-03-09"] != 48 {
		t.Errorf("by day %v over %v half hours", day, cells)
	}
}

// intervalReport is a year of a Cisco-shaped interval report: 30-minute
// rows for 20 call types (17,520 × 20 = 350,400 rows), written in memory.
func intervalReport() []byte {
	var b strings.Builder
	b.WriteString("DateTime,CallTypeID,CallsHandled,CallsAnswered,TotalCallsAband,AnswerWaitTime,HandleTime\n")
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 365*48; i++ {
		ts := t0.Add(time.Duration(i) * 30 * time.Minute).Format("2006-01-02 15:04:05")
		for q := 0; q < 20; q++ {
			h := (i*7+q*13)%40 + 1
			fmt.Fprintf(&b, "%s,%d,%d,%d,%d,%d,%d\n", ts, 5000+q, h, h, h/10, h*15, h*240)
		}
	}
	return []byte(b.String())
}

// BenchmarkImportIntervalReport imports 350,400 aggregated rows at their
// own 30 minutes (no split), and into 15 minutes split evenly and by
// profile (every row split: the profile falls back to even, having no
// finer rows, after looking each part up).
func BenchmarkImportIntervalReport(b *testing.B) {
	data := intervalReport()
	p, _ := LookupPreset("cisco-ucce")
	for _, c := range []struct {
		name  string
		iv    time.Duration
		split string
	}{{"30m", 30 * time.Minute, ""}, {"15m-even", 15 * time.Minute, SplitEven}, {"15m-profile", 15 * time.Minute, SplitProfile}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				res, err := Import(context.Background(), []Source{{Name: "r.csv", R: bytes.NewReader(data)}},
					Options{Preset: p, Interval: c.iv, Location: time.UTC, Split: c.split})
				if err != nil || res.Files[0].Imported != 365*48*20 {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(365*48*20)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// ErrSpan names the file and line of a split row at the far end, also
// when it is not in the last file (rows are split after every file is
// read): the hourly row of a.csv line 4 ends the grid.
func TestSplitSpanNamesRow(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "start", FieldCount: "n"}}
	a := "start,n\n2026-01-05 08:00,1\n2926-01-05 08:00,1\n2926-01-05 09:00,1\n"
	b := "start,n\n2026-01-05 08:00,1\n2026-01-05 09:00,1\n"
	_, err := Import(context.Background(), []Source{{Name: "a.csv", R: strings.NewReader(a)}, {Name: "b.csv", R: strings.NewReader(b)}},
		Options{Preset: p, Interval: 15 * time.Minute, Location: time.UTC})
	if !errors.Is(err, ErrSpan) || !strings.Contains(err.Error(), "2926-01-05 (a.csv:4)") {
		t.Errorf("%v: want ErrSpan naming a.csv:4", err)
	}
}

// Aggregated rows parsed on several workers, in chunks, are held and
// split exactly as on one: the same history and the same split groups.
func TestIntervalReportWorkers(t *testing.T) {
	data := intervalReport()
	p, _ := LookupPreset("cisco-ucce")
	var res [2]*Result
	for i, w := range []int{1, 4} {
		r, err := Import(context.Background(), []Source{{Name: "r.csv", R: bytes.NewReader(data)}},
			Options{Preset: p, Interval: 15 * time.Minute, Location: time.UTC, Split: SplitProfile, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		res[i] = r
	}
	if !reflect.DeepEqual(res[0].Files, res[1].Files) || !reflect.DeepEqual(res[0].History, res[1].History) {
		t.Errorf("1 worker: %+v; 4 workers: %+v", res[0].Files, res[1].Files)
	}
	if g := res[0].Files[0].Splits; len(g) != 1 || g[0].Rows != 365*48*20 {
		t.Errorf("splits %+v: want every row of the report", g)
	}
}
