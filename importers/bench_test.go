package importers

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/wfm-project/wfm/importers/internal/technionfile"
)

// technionGen generates a per-call log in the Technion shape (17
// tab-separated columns, date YYMMDD, clock H:MM:SS, outcomes AGENT 81 %,
// HANG 18 %, PHANTOM 1 %, as in February 1999). It is deterministic: row i
// arrives on day i/perDay from 1999-01-01 at a time spread over the day.
type technionGen struct {
	rows, i, perDay int
	buf             []byte
	off             int
	dates           []string
	clocks          []string
	tails           [][]byte
	header          bool
}

func newTechnionGen(rows int) *technionGen {
	g := &technionGen{rows: rows, perDay: 30000}
	days := rows/g.perDay + 1
	d0 := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := 0; d < days; d++ {
		g.dates = append(g.dates, d0.AddDate(0, 0, d).Format("060102"))
	}
	for s := 0; s < 86400; s++ {
		g.clocks = append(g.clocks, strconv.Itoa(s/3600)+":"+pad2(s/60%60)+":"+pad2(s%60))
	}
	// tails: vru_exit vru_time q_start q_exit q_time outcome ser_start ser_exit ser_time server
	for k := 0; k < 1000; k++ {
		outcome, ser, q := "AGENT", 60+k%400, k%90
		switch {
		case k%100 == 0:
			outcome, ser, q = "PHANTOM", 0, 0
		case k%100 < 19:
			outcome, ser = "HANG", 0
		}
		tail := "\t7:02:56\t" + strconv.Itoa(k%15) + "\t7:02:56\t7:03:10\t" + strconv.Itoa(q) + "\t" + outcome +
			"\t7:03:10\t7:05:41\t" + strconv.Itoa(ser) + "\tDORIT\n"
		g.tails = append(g.tails, []byte(tail))
	}
	return g
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func (g *technionGen) Read(p []byte) (int, error) {
	if g.off >= len(g.buf) {
		g.buf, g.off = g.buf[:0], 0
		if !g.header {
			g.header = true
			g.buf = append(g.buf, "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"...)
		}
		for n := 0; n < 512 && g.i < g.rows; n++ {
			i := g.i
			g.i++
			g.buf = append(g.buf, "AA0101\t"...)
			g.buf = strconv.AppendInt(g.buf, int64(i), 10)
			g.buf = append(g.buf, "\t0\t0\tPS\t"...)
			g.buf = append(g.buf, g.dates[i/g.perDay]...)
			g.buf = append(g.buf, '\t')
			g.buf = append(g.buf, g.clocks[(i%g.perDay)*86400/g.perDay]...)
			g.buf = append(g.buf, g.tails[i%len(g.tails)]...)
		}
		if len(g.buf) == 0 {
			return 0, io.EOF
		}
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// BenchmarkImportTechnion10M imports a generated 10-million-row per-call
// log in the Technion shape at 15 minutes, end to end (splitting, parsing,
// outcome mapping, bucketing, dense history). Run with
//
//	go test ./importers -run '^$' -bench ImportTechnion10M -benchtime 1x -count 5 -cpu 1
//
// It reports rows/s (wall clock), rows/cpu-s (per second of the process's
// CPU time, which a loaded machine does not distort) and the peak memory
// the Go runtime obtained from the OS (MemStats.Sys, an upper bound of the
// heap's high-water mark).
func BenchmarkImportTechnion10M(b *testing.B) {
	benchTechnion(b, 10_000_000)
}

// BenchmarkImportTechnion1M is the same on a tenth of the rows.
func BenchmarkImportTechnion1M(b *testing.B) {
	benchTechnion(b, 1_000_000)
}

func benchTechnion(b *testing.B, rows int) {
	p, err := LookupPreset("technion")
	if err != nil {
		b.Fatal(err)
	}
	// generation cost alone, to subtract
	gen := time.Now()
	io.Copy(io.Discard, newTechnionGen(rows))
	genTime := time.Since(gen)
	runtime.GC()
	b.ResetTimer()
	var total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		start, cpu0 := time.Now(), cpuTime()
		res, err := Import(context.Background(), []Source{{Name: "gen", R: newTechnionGen(rows)}}, Options{Preset: p, Interval: 15 * time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		cpu += cpuTime() - cpu0
		s := res.Files[0]
		if s.Rows != rows || s.Imported+s.ExcludedRows() != rows {
			b.Fatalf("rows %d imported %d excluded %d", s.Rows, s.Imported, s.ExcludedRows())
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	per := total / time.Duration(b.N)
	b.ReportMetric(float64(rows)/per.Seconds(), "rows/s")
	b.ReportMetric(float64(rows)/(per-genTime).Seconds(), "rows/s-excl-gen")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
	if cpu > 0 {
		// rows per second of CPU time, generation included: what one
		// core does when it is not shared with other processes
		b.ReportMetric(float64(rows)/(cpu/time.Duration(b.N)).Seconds(), "rows/cpu-s")
	}
}

// technionRows is the size of BenchmarkImportTechnionFile's file.
var technionRows = flag.Int("technion-rows", 1_000_000, "data rows of the file BenchmarkImportTechnionFile writes (10000000: about 1 GB)")

// BenchmarkImportTechnionFile imports a real file from disk: the bundled
// Technion February 1999 log repeated with dates four weeks later each
// time (package technionfile), -technion-rows rows (default a million,
// about 100 MB; 10,000,000 is the 1 GB file of issue 19), at 15 minutes,
// as `wfm import --preset technion --interval 15m` does. Run with
//
//	go test ./importers -run '^$' -bench ImportTechnionFile -benchtime 1x -count 3 -cpu 1,2 -technion-rows 10000000
//
// It reports rows/s (wall clock), rows/cpu-s (rows per second of the
// process's user + system CPU time) and sys-MB as
// BenchmarkImportTechnion10M does. -cpu sets GOMAXPROCS, the number of
// parsing workers.
func BenchmarkImportTechnionFile(b *testing.B) {
	if testing.Short() {
		b.Skip("writes a large file")
	}
	log, err := os.ReadFile(sharedData(b, "technion_bank_1999_feb", "data_anonymous_bank_february.txt"))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "technion.tsv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := technionfile.Write(f, log, *technionRows); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	p, err := LookupPreset("technion")
	if err != nil {
		b.Fatal(err)
	}
	rows := *technionRows
	runtime.GC()
	b.ResetTimer()
	var total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		start, cpu0 := time.Now(), cpuTime()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Import(context.Background(), []Source{{Name: path, R: f}}, Options{Preset: p, Interval: 15 * time.Minute})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		cpu += cpuTime() - cpu0
		s := res.Files[0]
		if s.Rows != rows || s.Imported+s.ExcludedRows() != rows {
			b.Fatalf("rows %d imported %d excluded %d", s.Rows, s.Imported, s.ExcludedRows())
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(rows)/(total/time.Duration(b.N)).Seconds(), "rows/s")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
	if cpu > 0 {
		b.ReportMetric(float64(rows)/(cpu/time.Duration(b.N)).Seconds(), "rows/cpu-s")
	}
}
