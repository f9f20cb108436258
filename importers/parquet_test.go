package importers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// parquetCall is a row of the Parquet file the tests write: a typed
// timestamp (milliseconds, UTC), strings, an optional integer and a
// double, as a data-lake export of a contact log would have them.
type parquetCall struct {
	Arrival time.Time `parquet:"arrival,timestamp(millisecond)"`
	Queue   string    `parquet:"queue"`
	Outcome string    `parquet:"outcome"`
	Handle  *int64    `parquet:"handle_s,optional"`
	Wait    float64   `parquet:"wait_s"`
}

func i64(n int64) *int64 { return &n }

// writeParquet writes calls with at most perGroup rows a row group.
func writeParquet(t *testing.T, calls []parquetCall, perGroup int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[parquetCall](&buf, parquet.MaxRowsPerRowGroup(perGroup))
	if _, err := w.Write(calls); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var parquetMapping = Preset{Map: map[string]string{FieldArrival: "arrival", FieldQueue: "queue", FieldOutcome: "outcome",
	FieldHandle: "handle_s", FieldWait: "wait_s"}, Formats: map[string]string{FieldHandle: FormatSeconds, FieldWait: FormatSeconds}}

// The calls the tests write: 7 rows in row groups of 3, 3 and 1. Row 4
// has a negative handle time (rejected), row 6 an unknown outcome
// (rejected), row 7 no handle time (null: answered, handle unknown).
var parquetCalls = []parquetCall{
	{time.Date(2026, 3, 2, 9, 1, 0, 0, time.UTC), "sales", "answered", i64(120), 10},
	{time.Date(2026, 3, 2, 9, 7, 0, 0, time.UTC), "sales", "abandoned", nil, 40},
	{time.Date(2026, 3, 2, 9, 20, 0, 0, time.UTC), "sales", "answered", i64(300), 20},
	{time.Date(2026, 3, 2, 9, 31, 0, 0, time.UTC), "sales", "answered", i64(-5), 1},
	{time.Date(2026, 3, 2, 9, 40, 0, 0, time.UTC), "support", "answered", i64(200), 5.5},
	{time.Date(2026, 3, 2, 9, 41, 0, 0, time.UTC), "support", "lost", i64(10), 0},
	{time.Date(2026, 3, 2, 9, 59, 59, 0, time.UTC), "support", "answered", nil, 3},
}

// A Parquet file is read row group by row group with the same mapping,
// accounting and rejects as CSV: the same calls written as CSV give the
// same summary and history, and the rejects name the same rows (a
// Parquet row's number stands for the line).
func TestParquetLikeCSV(t *testing.T) {
	pq := writeParquet(t, parquetCalls, 3)
	f, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.RowGroups()); n != 3 {
		t.Fatalf("%d row groups, want 3 (so the reader crosses groups)", n)
	}
	var csv strings.Builder
	csv.WriteString("arrival,queue,outcome,handle_s,wait_s\n")
	for _, c := range parquetCalls {
		h := ""
		if c.Handle != nil {
			h = strconv.FormatInt(*c.Handle, 10)
		}
		fmt.Fprintf(&csv, "%s,%s,%s,%s,%s\n", c.Arrival.Format(time.RFC3339), c.Queue, c.Outcome, h, strconv.FormatFloat(c.Wait, 'g', -1, 64))
	}
	opts := Options{Preset: parquetMapping, Interval: 15 * time.Minute, Location: time.UTC}
	pres, prej := importBytes(t, "calls.parquet", pq, opts)
	cres, crej := importBytes(t, "calls.csv", []byte(csv.String()), opts)

	// 7 rows: 5 imported (4 answered, 1 abandoned), 2 rejected.
	checkSummary(t, pres.Files[0], KindParquet, 7, 5, 0, 2, 4, 1)
	if len(prej) != 2 || prej[0].Line != 4 || prej[0].Reason != "negative handle time" || prej[0].Detail != `column "handle_s": "-5" is negative` ||
		prej[1].Line != 6 || prej[1].Reason != "unknown outcome" || !strings.HasPrefix(prej[1].Detail, `column "outcome": "lost" is not one of`) {
		t.Errorf("parquet rejects %+v", prej)
	}
	if !strings.Contains(prej[0].Raw, "2026-03-02T09:31:00Z") {
		t.Errorf("raw %q: want the row's values", prej[0].Raw)
	}
	// the same as CSV, line numbers one more (the header line)
	for i := range crej {
		if crej[i].Line != prej[i].Line+1 || crej[i].Reason != prej[i].Reason || crej[i].Detail != prej[i].Detail {
			t.Errorf("reject %d: csv %+v, parquet %+v", i, crej[i], prej[i])
		}
	}
	c, p := cres.Files[0], pres.Files[0]
	if c.Rows != p.Rows || c.Imported != p.Imported || c.Answered != p.Answered || c.Abandoned != p.Abandoned {
		t.Errorf("csv %+v, parquet %+v", c, p)
	}
	if len(cres.History) != len(pres.History) {
		t.Fatalf("history: csv %d rows, parquet %d", len(cres.History), len(pres.History))
	}
	for i := range cres.History {
		if cres.History[i] != pres.History[i] {
			t.Errorf("history row %d: csv %+v, parquet %+v", i, cres.History[i], pres.History[i])
		}
	}
	// by hand: sales 09:00-09:15 = rows 1 and 2 (1 answered, handle 120 s,
	// wait 10 s; 1 abandoned); support 09:45 = row 7, answered, no handle.
	checkRow(t, historyAt(t, pres, "sales", utc(2026, 3, 2, 9, 0)), 2, 1, 1, 120*time.Second, 10*time.Second)
	checkRow(t, historyAt(t, pres, "support", utc(2026, 3, 2, 9, 45)), 1, 1, 0, 0, 3*time.Second)
	checkRow(t, historyAt(t, pres, "support", utc(2026, 3, 2, 9, 30)), 1, 1, 0, 200*time.Second, 5500*time.Millisecond)
}

func importBytes(t *testing.T, name string, b []byte, opts Options) (*Result, []Reject) {
	t.Helper()
	var rejects []Reject
	opts.OnReject = func(r Reject) error { rejects = append(rejects, r); return nil }
	res, err := Import(context.Background(), []Source{{Name: name, R: bytes.NewReader(b)}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, rejects
}

// Read in place from a file on disk, and from a gzip stream (through
// memory): the same counts.
func TestParquetFileAndGzip(t *testing.T) {
	pq := writeParquet(t, parquetCalls, 2)
	path := filepath.Join(t.TempDir(), "calls.parquet")
	if err := os.WriteFile(path, pq, 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{Preset: parquetMapping, Interval: 15 * time.Minute, Location: time.UTC}
	res, _ := importFile(t, path, opts)
	checkSummary(t, res.Files[0], KindParquet, 7, 5, 0, 2, 4, 1)

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(pq)
	zw.Close()
	res, _ = importBytes(t, "calls.parquet.gz", gz.Bytes(), opts)
	checkSummary(t, res.Files[0], KindParquet+".gz", 7, 5, 0, 2, 4, 1)

	// --detect reads its columns too
	d, err := Detect(context.Background(), Source{Name: "calls.parquet", R: bytes.NewReader(pq)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != KindParquet || strings.Join(d.Columns, ",") != "arrival,queue,outcome,handle_s,wait_s" {
		t.Errorf("detect: %s %v", d.Format, d.Columns)
	}
}

// Typed values are written as text the mapping can read: timestamps,
// dates, decimals, booleans.
func TestParquetTypes(t *testing.T) {
	type row struct {
		Local time.Time `parquet:"local,timestamp(microsecond)"`
		Day   int32     `parquet:"day,date"` // days since 1970-01-01 (parquet-go v0.32.1 writes a time.Time here wrongly)
		N     int32     `parquet:"n"`
		Price int64     `parquet:"price,decimal(2:10)"`
		Ok    bool      `parquet:"ok"`
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf)
	w.Write([]row{{time.Date(2026, 3, 2, 9, 1, 2, 500000000, time.UTC), 20514, 7, -1234, true}})
	w.Close()
	pr, err := openParquet(Source{Name: "t.parquet", R: bytes.NewReader(buf.Bytes())}, bufio.NewReader(bytes.NewReader(buf.Bytes())), false)
	if err != nil {
		t.Fatal(err)
	}
	var rec record
	if err := pr.next(&rec); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for i, h := range pr.header() {
		got[h] = rec.fields[i]
	}
	// parquet-go marks a timestamp(microsecond) field adjusted to UTC;
	// 2026-03-02 is day 20514 (date -ud 2026-03-02 +%s / 86400)
	want := map[string]string{"local": "2026-03-02T09:01:02.5Z", "day": "2026-03-02", "n": "7", "price": "-12.34", "ok": "true"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// Bad input: a file cut short, and one that says PAR1 and is not Parquet.
func TestParquetBadInput(t *testing.T) {
	pq := writeParquet(t, parquetCalls, 3)
	for _, b := range [][]byte{pq[:len(pq)/2], []byte("PAR1 is not a parquet file")} {
		_, err := Import(context.Background(), []Source{{Name: "cut.parquet", R: bytes.NewReader(b)}}, Options{Preset: parquetMapping})
		if err == nil || !strings.HasPrefix(err.Error(), "importers: cut.parquet: parquet: not a readable Parquet file: ") {
			t.Errorf("%d bytes: %v", len(b), err)
		}
	}
	// a mapping naming a column the file lacks
	_, err := Import(context.Background(), []Source{{Name: "calls.parquet", R: bytes.NewReader(pq)}},
		Options{Preset: Preset{Map: map[string]string{FieldArrival: "start"}}})
	if err == nil || !strings.Contains(err.Error(), `calls.parquet:1: columns do not match the mapping: missing column "start" (arrival); found "arrival", "queue"`) {
		t.Errorf("missing column: %v", err)
	}
}

// A timestamp not adjusted to UTC is a local wall-clock time: read in the
// site's zone, 09:01 in New York is the 09:00 interval there.
func TestParquetNaiveTimestamp(t *testing.T) {
	schema := parquet.NewSchema("calls", parquet.Group{"start": parquet.TimestampAdjusted(parquet.Millisecond, false)})
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, schema)
	ms := time.Date(2026, 3, 2, 9, 1, 0, 0, time.UTC).UnixMilli() // the wall clock, as the spec stores it
	if _, err := w.WriteRows([]parquet.Row{{parquet.Int64Value(ms).Level(0, 0, 0)}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	res, _ := importBytes(t, "naive.parquet", buf.Bytes(), Options{Preset: Preset{Map: map[string]string{FieldArrival: "start"}}, Interval: 30 * time.Minute, Location: ny})
	for _, r := range res.History {
		if r.Offered > 0 && !r.Start.Equal(time.Date(2026, 3, 2, 9, 0, 0, 0, ny)) {
			t.Errorf("the call is at %v, want 09:00 New York", r.Start)
		}
	}
	checkSummary(t, res.Files[0], KindParquet, 1, 1, 0, 0, 1, 0)
}
