package importers

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func run(t *testing.T, data string, p Preset, opts Options) (*Result, []Reject) {
	t.Helper()
	var rejects []Reject
	opts.Preset = p
	opts.OnReject = func(r Reject) error { rejects = append(rejects, r); return nil }
	res, err := Import(context.Background(), []Source{{Name: "in", R: strings.NewReader(data)}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, rejects
}

func busy(rows []HistoryRow) []HistoryRow {
	var out []HistoryRow
	for _, r := range rows {
		if r.Offered > 0 {
			out = append(out, r)
		}
	}
	return out
}

// TestDST checks the grid and bucketing on both clock changes of 2026 in
// America/New_York (tz database: 8 March 02:00 EST → 03:00 EDT, 1 November
// 02:00 EDT → 01:00 EST).
func TestDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	p := Preset{Map: map[string]string{FieldArrival: "t"}}
	data := "t\n" +
		"2026-11-01T01:30:00-04:00\n" + // first 01:30 (EDT)
		"2026-11-01T01:40:00-05:00\n" + // second 01:40 (EST), an hour later
		"2026-11-01T05:59:59Z\n" + // = 01:59:59 EDT, a second before the change
		"2026-11-01 03:10:00\n" // naive, read in New York
	res, rejects := run(t, data, p, Options{Interval: 15 * time.Minute, Location: ny})
	if len(rejects) > 0 {
		t.Fatalf("rejects: %+v", rejects)
	}
	if n := len(res.History); n != 25*4 {
		t.Errorf("1 November has %d 15-minute intervals, want 25 × 4 = 100", n)
	}
	var got []string
	for _, r := range busy(res.History) {
		got = append(got, r.Start.Format(time.RFC3339)+"="+strconv.FormatFloat(r.Offered, 'f', -1, 64))
	}
	want := "2026-11-01T01:30:00-04:00=1 2026-11-01T01:45:00-04:00=1 2026-11-01T01:30:00-05:00=1 2026-11-01T03:00:00-05:00=1"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}

	if w := res.Files[0].Warnings; w["ambiguous local time in a repeated DST hour"] != 0 {
		t.Errorf("warnings %v for a time outside the repeated hour", w)
	}
	res, _ = run(t, "t\n2026-11-01 01:10:00\n2026-03-08 02:30:00\n", p, Options{Interval: 30 * time.Minute, Location: ny})
	if w := res.Files[0].Warnings; w["ambiguous local time in a repeated DST hour"] != 1 || w["local time in a DST gap (moved forward)"] != 1 {
		t.Errorf("warnings %v, want one ambiguous and one in the gap", w)
	}

	res, _ = run(t, "t\n2026-03-08 01:59:00\n2026-03-08 03:00:00\n", p, Options{Interval: 30 * time.Minute, Location: ny})
	if n := len(res.History); n != 23*2 {
		t.Errorf("8 March has %d 30-minute intervals, want 23 × 2 = 46", n)
	}
	b := busy(res.History)
	if len(b) != 2 || b[0].Start.Format(time.RFC3339) != "2026-03-08T01:30:00-05:00" || b[1].Start.Format(time.RFC3339) != "2026-03-08T03:00:00-04:00" {
		t.Errorf("busy intervals %v", b)
	}
	// Consecutive grid rows are exactly one interval apart in absolute time.
	for i := 1; i < len(res.History); i++ {
		if d := res.History[i].Start.Sub(res.History[i-1].Start); d != 30*time.Minute {
			t.Fatalf("rows %d, %d are %v apart", i-1, i, d)
		}
	}
}

// TestFormats reads the same three contacts as CSV, TSV, semicolons,
// JSON Lines and gzip, with a BOM and CRLF where noted.
func TestFormats(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "when", FieldHandle: "talk", FieldOutcome: "result"},
		Outcomes: map[string]Outcome{"ok": Answered, "gone": Abandoned}}
	csv := "when,talk,result,note\r\n2026-01-05 08:00:00,60,ok,\"a, b\"\r\n2026-01-05 08:10:00,120,OK,\"say \"\"hi\"\"\"\r\n\"2026-01-05 08:20:00\",,gone,\"line\r\nbreak\"\r\n"
	gz := func(s string) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.String()
	}
	for _, c := range []struct{ name, data, kind string }{
		{"csv", csv, KindCSV},
		{"bom", "\ufeff" + csv, KindCSV},
		{"tsv", "when\ttalk\tresult\n2026-01-05 08:00:00\t60\tok\n2026-01-05 08:10:00\t120\tok\n2026-01-05 08:20:00\t\tgone\n", KindTSV},
		{"semicolon", "when;talk;result\n2026-01-05 08:00:00;60;ok\n2026-01-05 08:10:00;120;ok\n2026-01-05 08:20:00;;gone\n", KindText},
		{"jsonl", `{"when":"2026-01-05T08:00:00Z","talk":60,"result":"ok"}` + "\n" +
			`{"when":"2026-01-05T08:10:00Z","talk":"2m","result":"ok","extra":{"a":1}}` + "\n\n" +
			`{"when":"2026-01-05T08:20:00Z","talk":null,"result":"gone"}`, KindJSONL},
		{"gzip", gz(csv), KindCSV + ".gz"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, rejects := run(t, c.data, p, Options{Interval: 30 * time.Minute})
			if len(rejects) > 0 {
				t.Fatalf("rejects: %+v", rejects)
			}
			s := res.Files[0]
			if s.Format != c.kind || s.Rows != 3 || s.Answered != 2 || s.Abandoned != 1 {
				t.Errorf("summary %+v", s)
			}
			b := busy(res.History)
			if len(b) != 1 || b[0].Offered != 3 || b[0].AHT != 90*time.Second {
				t.Errorf("history %+v", b)
			}
		})
	}
}

// TestAggregatedRows sums interval rows with abandoned and AHT into 30
// minutes: AHT is weighted by answered contacts, (10·100 + 30·200)/40 = 175.
func TestAggregatedRows(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "start", FieldCount: "n", FieldAbandoned: "ab", FieldAHT: "aht", FieldQueue: "q"}}
	data := "start,n,ab,aht,q\n" +
		"2026-01-05T08:00:00Z,12,2,100,sales\n" +
		"2026-01-05T08:15:00Z,35,5,200,sales\n" +
		"2026-01-05T08:15:00Z,4,0,1:00,care\n" +
		"2026-01-05T08:45:00Z,-1,0,10,sales\n" +
		"2026-01-05T09:00:00Z,3,4,10,sales\n" +
		"2026-01-05T09:00:00Z,3.0,,,sales\n"
	res, rejects := run(t, data, p, Options{})
	if len(rejects) != 2 || rejects[0].Reason != "negative count" || rejects[1].Reason != "abandoned over count" || rejects[0].Line != 5 {
		t.Errorf("rejects %+v", rejects)
	}
	b := busy(res.History)
	if len(b) != 3 {
		t.Fatalf("history %+v", b)
	}
	if r := b[0]; r.Queue != "care" || r.Offered != 4 || r.AHT != time.Minute {
		t.Errorf("care 08:00: %+v", r)
	}
	if r := b[1]; r.Queue != "sales" || r.Offered != 47 || r.Answered != 40 || r.Abandoned != 7 || r.AHT != 175*time.Second {
		t.Errorf("sales 08:00: %+v", r)
	}
	if r := b[2]; r.Offered != 3 || r.Answered != 3 || r.AHT != 0 {
		t.Errorf("sales 09:00: %+v", r)
	}
	if len(res.History) != 48*2 {
		t.Errorf("%d rows, want 48 intervals × 2 queues", len(res.History))
	}
}

// TestImpossibleValues: negative and over-long handle and wait times and
// unknown outcomes are rejected with their reason; the accounting adds up.
func TestImpossibleValues(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "at", FieldHandle: "h", FieldWait: "w", FieldOutcome: "o"},
		Outcomes: map[string]Outcome{"A": Answered, "X": Excluded}}
	data := "at,h,w,o\n" +
		"2026-01-05T08:00:00Z,60,5,A\n" +
		"2026-01-05T08:00:00Z,-60,5,A\n" +
		"2026-01-05T08:00:00Z,2d,5,A\n" +
		"2026-01-05T08:00:00Z,50:00:00,5,A\n" +
		"2026-01-05T08:00:00Z,60,-0:00:05,A\n" +
		"2026-01-05T08:00:00Z,60,5,Z\n" +
		"2026-01-05T08:00:00Z,sixty,5,A\n" +
		"2026-01-05T08:00:00Z,60,5,x\n" +
		"2026-01-05T08:00:00Z,60\n"
	res, rejects := run(t, data, p, Options{})
	var got []string
	for _, r := range rejects {
		got = append(got, r.Reason)
	}
	want := "negative handle time|bad handle time|handle time over 12h|negative wait time|unknown outcome|bad handle time|wrong number of fields"
	if strings.Join(got, "|") != want {
		t.Errorf("reasons\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	s := res.Files[0]
	if s.Rows != 9 || s.Imported != 1 || s.Excluded["x"] != 1 || s.RejectedRows() != 7 {
		t.Errorf("summary %+v", s)
	}
	if d := rejects[2].Detail; d != `column "h": "50:00:00" is 50h0m0s, more than 12h0m0s` {
		t.Errorf("detail %q", d)
	}
}

// TestHandleFromStartEnd computes handle and wait from clock columns, across
// midnight, with a separate date column.
func TestHandleFromStartEnd(t *testing.T) {
	p := Preset{Map: map[string]string{FieldDate: "d", FieldArrival: "in", FieldWaitStart: "in", FieldWaitEnd: "ans",
		FieldHandleStart: "ans", FieldHandleEnd: "out"}, Formats: map[string]string{FieldDate: "060102"}}
	data := "d,in,ans,out\n990201,23:58:00,23:59:00,0:02:30\n990201,7:00:00,7:00:30,7:03:30\n"
	res, rejects := run(t, data, p, Options{Interval: time.Hour})
	if len(rejects) > 0 {
		t.Fatal(rejects)
	}
	b := busy(res.History)
	if len(b) != 2 || b[1].AHT != 210*time.Second || b[1].ASA != time.Minute || b[0].AHT != 180*time.Second || b[0].ASA != 30*time.Second {
		t.Errorf("%+v", b)
	}
}

func TestErrors(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "at"}}
	for _, c := range []struct {
		name string
		opts Options
		data string
		want error
		text string
	}{
		{"interval", Options{Preset: p, Interval: 7 * time.Minute}, "at\n", ErrInterval, "importers: bad interval 7m0s: want a whole number of seconds dividing an hour, such as 5m, 15m, 30m or 60m"},
		{"no arrival", Options{Preset: Preset{Map: map[string]string{FieldHandle: "h"}}}, "h\n", ErrMapping, "importers: mapping: bad mapping: no arrival column; map one, e.g. arrival=start_time"},
		{"columns", Options{Preset: p}, "when,x\n1,2\n", ErrColumns, `importers: f.csv:1: columns do not match the mapping: missing column "at" (arrival); found "when", "x"; the mapping expects arrival=at`},
		{"empty", Options{Preset: p}, "", nil, "importers: f.csv: empty file: no header row"},
		{"xlsx", Options{Preset: p}, "PK\x03\x04rest", ErrSpreadsheet, "importers: f.csv: spreadsheet reader not available"},
		{"mixed", Options{Preset: Preset{Map: map[string]string{FieldArrival: "a", FieldCount: "n", FieldHandle: "h"}}}, "a\n", ErrMapping, "importers: mapping: bad mapping: handle is for single contacts but count is mapped (aggregated rows); map aht and asa instead"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Import(context.Background(), []Source{{Name: "f.csv", R: strings.NewReader(c.data)}}, c.opts)
			if err == nil || err.Error() != c.text || (c.want != nil && !errors.Is(err, c.want)) {
				t.Errorf("got  %v\nwant %s (%v)", err, c.text, c.want)
			}
		})
	}
}

// TestParseTimes reads the layouts the auto format knows, in UTC.
func TestParseTimes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1999-02-01T07:30:00+02:00", "1999-02-01T05:30:00Z"},
		{"1999-02-01T07:30:00Z", "1999-02-01T07:30:00Z"},
		{"1999-02-01T07:30:00", "1999-02-01T07:30:00Z"},
		{"1999-02-01 07:30:00.250", "1999-02-01T07:30:00Z"},
		{"1999-02-01 07:30", "1999-02-01T07:30:00Z"},
		{"06/20/2016 10:04:21 PM", "2016-06-20T22:04:21Z"},
		{"6/20/2016 12:04 AM", "2016-06-20T00:04:00Z"},
		{"2016/06/20 10:04:21", "2016-06-20T10:04:21Z"},
		{"36192.3125", "1999-02-01T07:30:00Z"}, // Excel serial (ECMA-376 epoch 1899-12-30)
	} {
		var p timeParser
		civ, err := p.parse(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		a := newAggregator(time.UTC, time.Second)
		got := time.Unix(a.start(civ), 0).UTC().Format(time.RFC3339)
		if got != c.want {
			t.Errorf("%s: got %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseDurations(t *testing.T) {
	for _, c := range []struct {
		format, in string
		want       time.Duration
	}{
		{FormatAuto, "166", 166 * time.Second},
		{FormatAuto, "2.5", 2500 * time.Millisecond},
		{FormatAuto, "0:02:46", 166 * time.Second},
		{FormatAuto, "02:46", 166 * time.Second},
		{FormatAuto, "2m46s", 166 * time.Second},
		{FormatAuto, "-9", -9 * time.Second},
		{FormatDayFraction, "1.6550925925925926E-3", 143 * time.Second}, // PwC row ID0001: 0:02:23
		{FormatClock, "26:00:00", 26 * time.Hour},
		{FormatGo, "1h", time.Hour},
	} {
		got, err := parseDuration(c.format, c.in)
		if err != nil || got != c.want {
			t.Errorf("%s %q: got %v, %v; want %v", c.format, c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ format, in string }{{FormatSeconds, "abc"}, {FormatClock, "1:75"}, {FormatAuto, "NaN"}, {FormatSeconds, "1e300"}} {
		if _, err := parseDuration(c.format, c.in); err == nil {
			t.Errorf("%s %q: no error", c.format, c.in)
		}
	}
}

func TestFieldIndex(t *testing.T) {
	if len(Fields) != numFields {
		t.Fatalf("numFields = %d, len(Fields) = %d", numFields, len(Fields))
	}
	for i, f := range Fields {
		if fieldIndex(f) != i {
			t.Errorf("fieldIndex(%q) = %d, want %d", f, fieldIndex(f), i)
		}
	}
}

// TestSpan: one wrong year must not make a dense grid over millennia.
func TestSpan(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "at"}}
	_, err := Import(context.Background(), []Source{{Name: "f.csv", R: strings.NewReader("at\n2003-03-03 07:00\n6003-03-03 07:00\n")}}, Options{Preset: p})
	// 4000 Gregorian years = 10 × 146,097 days; + 2 days, × 48 half hours
	want := "importers: history too long: the data runs from 2003-03-03 (f.csv:2) to 6003-03-03 (f.csv:3): about 70126656 intervals × 1 queues and channels, more than 5000000 rows; a date is likely wrong"
	if err == nil || err.Error() != want || !errors.Is(err, ErrSpan) {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
