package importers

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// chunkTestLog is a Technion-shaped log (the technion preset's columns,
// with "type" as the queue) of n rows, in which row i is, by i mod 50:
// excluded (PHANTOM), rejected for a bad date, a bad clock, an unknown
// outcome, a bad ser_time, a q_time over 12 hours or a missing field,
// followed by an empty line, written with CR LF, or a good row; and a few
// have a negative vru_time (a warning) or fall in the 1999-04-09 DST gap
// at 02:00 in Asia/Jerusalem.
func chunkTestLog(n int) string {
	var b strings.Builder
	b.WriteString("vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n")
	queues := []string{"PS", "NW", "PE", "IN"}
	for i := 0; i < n; i++ {
		day := time.Date(1999, 4, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/400)
		sec := (i % 400) * 216 // over the day
		if i%97 == 5 {
			sec = 2*3600 + 60*(i%60) // 02:xx: in the gap on 1999-04-09
		}
		date := day.Format("060102")
		clock := fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
		outcome, ser, q, vru := "AGENT", strconv.Itoa(30+i%300), strconv.Itoa(i%70), strconv.Itoa(i%9)
		end := "\n"
		missing := false
		switch i % 50 {
		case 1:
			outcome = "PHANTOM"
		case 2, 3, 4, 5, 6:
			outcome = "HANG"
		case 7:
			date = "990231"
		case 8:
			clock = "7:61:00"
		case 9:
			outcome = "TRANSFER"
		case 10:
			ser = "12s"
		case 11:
			q = "50000"
		case 12:
			missing = true
		case 13:
			end = "\n\n"
		case 14:
			end = "\r\n"
		case 15:
			vru = "-3"
		}
		fmt.Fprintf(&b, "AA0101\t%d\t0\t0\t%s\t%s\t%s\t7:02:56\t%s\t7:02:56\t7:03:10\t%s\t%s\t7:03:10\t7:05:41\t%s", i, queues[i/7%4], date, clock, vru, q, outcome, ser)
		if !missing {
			b.WriteString("\tDORIT")
		}
		b.WriteString(end)
	}
	return b.String()
}

// failMark at the end of a test log makes its second reading fail there
// with a read error.
const failMark = "\x00fail"

// importRun is what one import returned and called back.
type importRun struct {
	res      *Result
	err      string
	rejects  []Reject
	contacts []Contact
}

func runImport(t *testing.T, text string, opts Options, chunk, workers int, contacts bool) importRun {
	t.Helper()
	old := chunkBytes
	chunkBytes = chunk
	defer func() { chunkBytes = old }()
	var run importRun
	opts.Workers = workers
	opts.OnReject = func(r Reject) error { run.rejects = append(run.rejects, r); return nil }
	if contacts {
		opts.OnContact = func(c Contact) { run.contacts = append(run.contacts, c) }
	}
	var r io.Reader = strings.NewReader(text)
	if fail, ok := strings.CutSuffix(text, failMark); ok {
		r = io.MultiReader(strings.NewReader(fail), iotest.ErrReader(errors.New("disk on fire")))
	}
	res, err := Import(context.Background(), []Source{{Name: "a.tsv", R: strings.NewReader(text)}, {Name: "b.tsv", R: r}}, opts)
	run.res = res
	if err != nil {
		run.err = err.Error()
	}
	return run
}

// TestChunksMatchRowByRow checks that parsing in chunks on any number of
// workers gives what reading row by row gives: the same history, summary,
// rejects in the same order with the same lines, contacts in file order
// and the same ErrSpan message (which names the first row of the earliest
// interval); also when the rest of a file must be read row by row (a
// quote, a line longer than a chunk).
func TestChunksMatchRowByRow(t *testing.T) {
	p := mustPreset(t, "technion").Clone()
	p.Map[FieldQueue] = "type"
	log := chunkTestLog(6000)
	lines := strings.SplitAfter(log, "\n")
	quoted := strings.Join(lines[:3000], "") + "AA0101\t\"x\ny\"\t0\n" + strings.Join(lines[3000:], "")
	long := strings.Join(lines[:2000], "") + strings.Repeat("z", 3000) + "\n" + strings.Join(lines[2000:], "")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(log))
	zw.Close()
	cut := strings.Join(lines[:4000], "") + lines[4000][:20]
	// quoted fields on every line, an escaped quote, a lone quote inside
	// a field, and late in the file a field that does not close
	q := strings.NewReplacer("\tAGENT\t", "\t\"AGENT\"\t", "DORIT", `"DO""RIT"`, "\tPS\t", "\tP\"S\t").Replace(log)
	ql := strings.SplitAfter(q, "\n")
	allQuoted := strings.Join(ql[:5000], "") + "AA0101\t\"open\t0\n" + strings.Join(ql[5000:], "")
	for name, text := range map[string]string{"plain": log, "quote": quoted, "long line": long, "gzip": gz.String(),
		"read error": cut + failMark, "quoted fields": q, "quoted fields, one open": allQuoted, "read error after a quote": strings.Replace(cut, "DORIT", `"DORIT"`, 1) + failMark} {
		for _, opts := range []Options{
			{Preset: p, Interval: 15 * time.Minute},
			{Preset: p, Interval: 15 * time.Minute, MaxRows: 1000},
		} {
			want := runImport(t, text, opts, -1, 1, true)
			if strings.HasSuffix(text, failMark) {
				if !strings.Contains(want.err, "b.tsv:") || !strings.Contains(want.err, "disk on fire") {
					t.Fatalf("%s: got error %q, want the read error in b.tsv", name, want.err)
				}
				t.Logf("%s: %s", name, want.err)
			} else if opts.MaxRows == 0 {
				s := want.res.Files[0]
				if s.Imported == 0 || s.ExcludedRows() == 0 || s.RejectedRows() < 6 || len(s.Warnings) < 2 || len(want.contacts) == 0 {
					t.Fatalf("%s: the log does not exercise every count: %+v", name, s)
				}
			} else if !strings.Contains(want.err, ErrSpan.Error()) {
				t.Fatalf("%s: MaxRows %d: got error %q, want ErrSpan", name, opts.MaxRows, want.err)
			}
			for _, c := range []struct{ chunk, workers int }{{0, 1}, {0, 3}, {100, 1}, {777, 2}, {4096, 5}} {
				got := runImport(t, text, opts, c.chunk, c.workers, true)
				where := fmt.Sprintf("%s, MaxRows %d, chunks of %d bytes, %d workers", name, opts.MaxRows, c.chunk, c.workers)
				if got.err != want.err {
					t.Errorf("%s: error %q, row by row %q", where, got.err, want.err)
				}
				if want.res != nil && (!reflect.DeepEqual(got.res.History, want.res.History) || !reflect.DeepEqual(got.res.Files, want.res.Files)) {
					t.Errorf("%s: result differs from row by row:\n%+v\n%+v", where, got.res.Files, want.res.Files)
				}
				if !reflect.DeepEqual(got.rejects, want.rejects) {
					t.Errorf("%s: %d rejects differ from row by row's %d", where, len(got.rejects), len(want.rejects))
				}
				if !reflect.DeepEqual(got.contacts, want.contacts) {
					t.Errorf("%s: %d contacts differ from row by row's %d", where, len(got.contacts), len(want.contacts))
				}
			}
		}
	}
}

// TestSplitFields compares splitFields with strings.Split on lines of
// delimiters, bytes one off the delimiter (which a looser zero-byte test
// takes for it) and high bytes, at every length up to 40.
func TestSplitFields(t *testing.T) {
	alphabet := []byte{'\t', '\t' ^ 1, '\t' + 0x80, ',', 'a', 0x89, 0x00, 0xff}
	seed := uint32(1)
	for n := 0; n <= 40; n++ {
		for k := 0; k < 200; k++ {
			b := make([]byte, n)
			for i := range b {
				seed = seed*1664525 + 1013904223 // Numerical Recipes' LCG
				b[i] = alphabet[seed>>29]
			}
			for _, d := range []byte{'\t', ','} {
				got := splitFields(nil, string(b), d)
				want := strings.Split(string(b), string(d))
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%q split at %q: got %q, want %q", b, d, got, want)
				}
			}
		}
	}
}

// TestParseDigitsMatchesTimeParse checks parseLayout's fast path against
// time.Parse on values of each layout's width: random digits (most dates
// and times out of range), leap days and the bounds of every field.
func TestParseDigitsMatchesTimeParse(t *testing.T) {
	layouts := []string{"2006-01-02 15:04:05", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999",
		"2006-01-02T15:04:05Z", "2006-01-02 15:04", "2006-01-02T15:04", "2006/01/02 15:04:05", "2006/01/02 15:04",
		"2006-01-02", "2006/01/02", "20060102", "060102"}
	edges := []string{"1900-02-29 23:59:59", "2000-02-29 00:00:00", "2100-02-29 12:00:00", "2024-02-29 24:00:00", "2024-13-01 00:00:00",
		"2024-00-10 00:00:00", "2024-04-31 00:00:00", "2024-04-30 00:60:00", "2024-04-30 00:00:60", "0000-01-01 00:00:00", "9999-12-31 23:59:59"}
	seed := uint32(7)
	rnd := func(n uint32) uint32 { seed = seed*1664525 + 1013904223; return (seed >> 8) % n }
	tried, fast := 0, 0
	for _, l := range layouts {
		pat := digitPattern(l)
		if pat == "" {
			t.Fatalf("layout %q has no pattern", l)
		}
		var values []string
		// shape writes a date and time in pat's shape
		shape := func(y, mo, d, h, mi, sec int) string {
			digits := map[byte]string{'Y': fmt.Sprintf("%04d", y), 'y': fmt.Sprintf("%02d", y%100), 'M': fmt.Sprintf("%02d", mo),
				'D': fmt.Sprintf("%02d", d), 'h': fmt.Sprintf("%02d", h), 'm': fmt.Sprintf("%02d", mi), 's': fmt.Sprintf("%02d", sec)}
			b := []byte(pat)
			for i := range b {
				if ds, ok := digits[b[i]]; ok {
					b[i], digits[b[i]] = ds[0], ds[1:]
				}
			}
			return string(b)
		}
		for _, e := range edges {
			var y, mo, d, h, mi, sec int
			fmt.Sscanf(e, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec)
			values = append(values, shape(y, mo, d, h, mi, sec))
		}
		for k := 0; k < 3000; k++ {
			v := shape(int(rnd(10000)), int(rnd(14)), int(rnd(33)), int(rnd(26)), int(rnd(62)), int(rnd(62)))
			if k%7 == 0 {
				b := []byte(v)
				b[rnd(uint32(len(b)))] = "x- :T"[rnd(5)]
				v = string(b)
			}
			values = append(values, v)
		}
		for _, v := range values {
			tried++
			got, ok := parseDigits(pat, v)
			tm, err := time.Parse(l, v)
			if !ok {
				continue
			}
			fast++
			want := civil{y: tm.Year(), m: int(tm.Month()), d: tm.Day(), sec: tm.Hour()*3600 + tm.Minute()*60 + tm.Second()}
			if err != nil || got != want {
				t.Errorf("%q as %q: fast path %+v, time.Parse %+v, %v", v, l, got, want, err)
			}
		}
	}
	t.Logf("fast path read %d of %d values", fast, tried)
	if fast < tried/20 {
		t.Errorf("fast path read %d of %d values; the test tries too few valid ones", fast, tried)
	}
}

// TestClockSecondsMatchesFloatPath checks parseClockDuration's integer
// fast path against its float reading (parseClockDuration without it,
// rebuilt here from strings.Split and strconv.ParseFloat).
func TestClockSecondsMatchesFloatPath(t *testing.T) {
	slow := func(t string) (float64, bool) {
		parts := strings.Split(t, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return 0, false
		}
		var total float64
		for i, p := range parts {
			x, err := strconv.ParseFloat(p, 64)
			if err != nil || x < 0 || (i > 0 && x >= 60) {
				return 0, false
			}
			total = total*60 + x
		}
		return total, true
	}
	seed := uint32(3)
	alphabet := "0123456789::5"
	for k := 0; k < 100000; k++ {
		n := int(seed>>28) + 1
		b := make([]byte, n)
		for i := range b {
			seed = seed*1664525 + 1013904223
			b[i] = alphabet[(seed>>8)%uint32(len(alphabet))]
		}
		v := string(b)
		got, ok := clockSeconds(v)
		want, wok := slow(v)
		if ok && (!wok || float64(got) != want) {
			t.Fatalf("%q: fast path %d, float path %v %v", v, got, want, wok)
		}
		if !ok && wok && len(v) < 12 && !strings.Contains(v, "::") {
			t.Errorf("%q: fast path refuses what the float path reads as %v", v, want)
		}
	}
	for _, v := range []string{"1:00:00", "0:59", "12345678901:00:00", "1:60", "1:2:3:4", ":30", "1:", "+1:00", "1.5:00"} {
		got, ok := clockSeconds(v)
		want, wok := slow(v)
		if ok && (!wok || float64(got) != want) {
			t.Errorf("%q: fast path %d, float path %v %v", v, got, want, wok)
		}
	}
}

// FuzzChunks checks that any input imports the same in chunks on several
// workers as row by row: history, summary, rejects and error, with the
// technion preset (fixed layouts), the usbank one (aggregated rows) and
// a mapping read with the auto format (slash dates and their order).
func FuzzChunks(f *testing.F) {
	f.Add([]byte(chunkTestLog(60)))
	f.Add([]byte(strings.ReplaceAll(chunkTestLog(40), "AGENT", `"AGENT"`)))
	f.Add([]byte("DateTime,Calls\n2003-03-03T07:00:00Z,5\n2003-03-03T07:05:00Z,\"7\"\n2003-03-03T07:10:00Z,x\n\n2003-03-03T07:15:00Z,-1\r\n"))
	seedFiles(f)
	technion := mustPreset(f, "technion").Clone()
	technion.Map[FieldQueue] = "type"
	usbank := mustPreset(f, "usbank")
	f.Add([]byte(autoLog(50, 30, true)))
	f.Add([]byte(autoLog(50, 0, false)))
	auto := Preset{Map: map[string]string{FieldArrival: "start", FieldQueue: "q", FieldOutcome: "status", FieldHandle: "talk"},
		Outcomes: map[string]Outcome{"ok": Answered, "lost": Abandoned}}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, p := range []Preset{technion, usbank, auto} {
			opts := Options{Preset: p, Interval: 15 * time.Minute, MaxRows: 100_000}
			want := runImport(t, string(b), opts, -1, 1, true)
			got := runImport(t, string(b), opts, 37, 3, true)
			if got.err != want.err {
				t.Fatalf("%s: error %q, row by row %q", p.Name, got.err, want.err)
			}
			if want.res != nil && (!reflect.DeepEqual(got.res.History, want.res.History) || !reflect.DeepEqual(got.res.Files, want.res.Files)) {
				t.Fatalf("%s: result differs from row by row:\n%+v\n%+v", p.Name, got.res.Files, want.res.Files)
			}
			if !reflect.DeepEqual(got.rejects, want.rejects) || !reflect.DeepEqual(got.contacts, want.contacts) {
				t.Fatalf("%s: rejects or contacts differ from row by row", p.Name)
			}
		}
	})
}

// autoLog is a CSV of n rows read with the auto format: ISO timestamps,
// or, with slash, day-first slash dates whose first decisive one (a day
// over 12) comes at row decideAt (never when decideAt ≥ n), with rejects
// (bad dates, unknown statuses, wrong field counts) among them.
func autoLog(n, decideAt int, slash bool) string {
	var b strings.Builder
	b.WriteString("start,q,status,talk\n")
	for i := 0; i < n; i++ {
		day := 1 + i/500%12 // 1 to 12: reads both ways
		if i >= decideAt {
			day = 13 + i/500%16 // 13 to 28: day first
		}
		ts := fmt.Sprintf("2026-03-%02d %02d:%02d:%02d", day, 7+i%12, i%60, i%59)
		if slash {
			ts = fmt.Sprintf("%02d/03/2026 %02d:%02d", day, 7+i%12, i%60)
		}
		status, talk := "ok", strconv.Itoa(20+i%200)
		switch i % 40 {
		case 3:
			status = "lost"
		case 7:
			ts = "2026-02-30 10:00"
		case 9:
			status = "maybe"
		case 11:
			talk += ",extra"
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", ts, []string{"sales", "care"}[i/3%2], status, talk)
	}
	return b.String()
}

// TestChunksAutoDates checks chunks against row by row where the date
// order matters: slash dates that read both ways until row 3,000 (held,
// then counted), slash dates that never decide (ErrDateOrder), and ISO
// timestamps read with the auto format.
func TestChunksAutoDates(t *testing.T) {
	p := Preset{Map: map[string]string{FieldArrival: "start", FieldQueue: "q", FieldOutcome: "status", FieldHandle: "talk"},
		Outcomes: map[string]Outcome{"ok": Answered, "lost": Abandoned}}
	for name, text := range map[string]string{
		"slash, decided at row 3000": autoLog(8000, 3000, true),
		"slash, never decided":       autoLog(3000, 5000, true),
		"iso":                        autoLog(6000, 0, false),
	} {
		opts := Options{Preset: p, Interval: 30 * time.Minute}
		want := runImport(t, text, opts, -1, 1, true)
		if strings.Contains(name, "never") != strings.Contains(want.err, ErrDateOrder.Error()) {
			t.Fatalf("%s: error %q", name, want.err)
		}
		if want.res != nil && (want.res.Files[1].Imported < 1000 || want.res.Files[1].RejectedRows() < 100) {
			t.Fatalf("%s: the log does not exercise the import: %+v", name, want.res.Files[1])
		}
		for _, c := range []struct{ chunk, workers int }{{0, 1}, {0, 2}, {333, 1}, {1000, 3}, {5000, 4}} {
			got := runImport(t, text, opts, c.chunk, c.workers, true)
			where := fmt.Sprintf("%s, chunks of %d bytes, %d workers", name, c.chunk, c.workers)
			if got.err != want.err {
				t.Errorf("%s: error %q, row by row %q", where, got.err, want.err)
			}
			if want.res != nil && (!reflect.DeepEqual(got.res.History, want.res.History) || !reflect.DeepEqual(got.res.Files, want.res.Files)) {
				t.Errorf("%s: result differs from row by row:\n%+v\n%+v", where, got.res.Files, want.res.Files)
			}
			if !reflect.DeepEqual(got.rejects, want.rejects) || !reflect.DeepEqual(got.contacts, want.contacts) {
				t.Errorf("%s: %d rejects and %d contacts, row by row %d and %d", where, len(got.rejects), len(got.contacts), len(want.rejects), len(want.contacts))
			}
		}
	}
}
