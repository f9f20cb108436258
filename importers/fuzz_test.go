package importers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// seedFiles adds the first few kilobytes of every file in ../shared/data
// (when present) to a fuzz corpus.
func seedFiles(f *testing.F) {
	for _, parts := range [][]string{
		{"technion_bank_1999_feb", "data_anonymous_bank_february.txt"},
		{"technion_bank_1999_feb", "february_6min_counts.csv"},
		{"us_bank_2003_5min", "bank_calls.csv"},
		{"us_bank_2003_5min", "calls_fpp2_rownames.csv"},
		{"nyc311_samples", "nyc311_2016-06_sample_as10724.csv"},
		{"nyc311_samples", "nyc311_2025-03_sample_somaiyahhafeez.csv"},
	} {
		b, err := os.ReadFile(strings.Join(append([]string{"..", "..", "shared", "data"}, parts...), "/"))
		if err != nil {
			continue
		}
		f.Add(b[:min(len(b), 4096)])
	}
	f.Add([]byte("a,b\n1,\"x,y\"\n2,\"q\"\"q\"\n3,\"line\nbreak\"\r\n\n4,z\n"))
	f.Add([]byte("a\tb\n1\t\"unclosed\n2\tx\n"))
}

// FuzzDelimReader checks the delimited-text splitter against encoding/csv:
// whenever encoding/csv reads an input without error, the splitter must
// give the same records, none lost, none split or merged.
func FuzzDelimReader(f *testing.F) {
	seedFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var want [][]string
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		want, err := cr.ReadAll()
		dr := &delimReader{br: bufio.NewReader(bytes.NewReader(data)), delim: ',', maxQuoted: 1 << 30}
		var got [][]string
		for {
			var rec record
			e := dr.next(&rec)
			if e == io.EOF {
				break
			}
			if e != nil {
				t.Fatal(e)
			}
			if rec.err != nil {
				got = append(got, nil)
				continue
			}
			got = append(got, append([]string(nil), rec.fields...))
		}
		if err != nil {
			return // encoding/csv refuses it; the splitter is lenient
		}
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("input %q\n got %q\nwant %q", data, got, want)
		}
	})
}

// FuzzImport checks the accounting on arbitrary input read as a contact
// log: no panic, rows = imported + excluded + rejected, every reject passed
// to OnReject, and the history holds exactly the imported contacts.
func FuzzImport(f *testing.F) {
	seedFiles(f)
	f.Add([]byte("at,h,o\n2026-01-05 08:00:00,60,A\n2026-01-05 08:00:00,x,A\n,1,B\n"))
	f.Add([]byte("{\"at\":\"2026-01-05 08:00:00\",\"o\":\"B\"}\n{\"at\":\"2026-01-05 08:10:00\",\"h\":60,\"o\":\"A\"}\n{\"at\":1}\nnot json\n"))
	f.Add([]byte("DateTime,Calls\n2026-01-05 08:00:00,20000000\n2026-01-05 08:00:00,5000000000\n9999-12-31 23:59:59,1\n"))
	technion, _ := LookupPreset("technion")
	generic := Preset{Map: map[string]string{FieldArrival: "at", FieldHandle: "h", FieldOutcome: "o"},
		Outcomes: map[string]Outcome{"A": Answered, "B": Abandoned, "X": Excluded}}
	f.Add([]byte("DateTime,Calls\n2026-01-05 08:00:00,7\n2026-01-05 10:00:00,5\n2026-01-12 08:00:00,3\n2026-01-12 08:30:00,1\n"))
	f.Add([]byte("row_date;starttime;intrvl;split;acdcalls;anstime;acdtime;acwtime;abncalls\n2026-03-02;800;60;1;8;240;1600;400;2\n2026-03-02;900;15;1;1;1;1;1;0\n"))
	aggregated := Preset{Map: map[string]string{FieldArrival: "DateTime", FieldCount: "Calls"}}
	avaya, _ := LookupPreset("avaya-cms")
	f.Fuzz(func(t *testing.T, data []byte) {
		for i, p := range []Preset{technion, generic, aggregated, aggregated, avaya} {
			rejected := 0
			opts := Options{Preset: p, Interval: time.Hour, OnReject: func(Reject) error { rejected++; return nil }}
			if i == 3 {
				opts.Interval, opts.Split = 30*time.Minute, SplitProfile
			}
			res, err := Import(context.Background(), []Source{{Name: "fuzz", R: bytes.NewReader(data)}}, opts)
			if err != nil {
				continue // a whole-file error (no header, columns do not match)
			}
			s := res.Files[0]
			if s.Rows != s.Imported+s.ExcludedRows()+s.RejectedRows() || rejected != s.RejectedRows() {
				t.Fatalf("%s: rows %d, imported %d, excluded %d, rejected %d (%d reported)", p.Name, s.Rows, s.Imported, s.ExcludedRows(), s.RejectedRows(), rejected)
			}
			if s.Offered != s.Answered+s.Abandoned {
				t.Fatalf("offered %d != answered %d + abandoned %d", s.Offered, s.Answered, s.Abandoned)
			}
			// split rows leave fractions; their sum is the row's count
			offered := 0.0
			for _, r := range res.History {
				offered += r.Offered
			}
			if math.Abs(offered-float64(s.Offered)) > 1e-6*max(1, float64(s.Offered)) {
				t.Fatalf("%s: history holds %g contacts, summary %d", p.Name, offered, s.Offered)
			}
		}
	})
}
