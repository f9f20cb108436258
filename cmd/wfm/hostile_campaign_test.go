package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/txtar"
)

// The hostile-input campaign runs every reader of every command on inputs
// built to break it: empty files, binary garbage, a long line, invalid
// UTF-8, UTF-16, unbalanced quotes, NaN/Inf/1e308/overflowing numbers in
// every numeric column, years 1 and 9999, duplicate and unsorted rows,
// mixed UTC offsets, gzip bombs, truncated archives and zips that are not
// workbooks, YAML alias bombs and deep nesting. Each case must end one of
// the ways the README promises:
//
//   - refused: exit 2, the error names the input file, no panic;
//   - imported with every row accounted for (a contact log: rows read =
//     imported + excluded + rejected, and a bad value is a rejected row);
//   - accepted, only where the input is legitimate (unsorted rows) or a
//     warning says what was done (duplicates).
//
// Memory is bounded: the heap a case adds over what the test holds before
// it (sampled every millisecond, garbage not yet collected included) stays
// under campaignHeapBound. The test prints the count of cases per
// class and how they ended (`go test ./cmd/wfm -run TestHostileCampaign -v`).

const campaignHeapBound = 512 << 20

// campaignCase is one hostile input for one reader.
type campaignCase struct {
	class, name string
	target      *campaignTarget
	file        []byte
	// expect is "refuse" (exit 2 naming the file), "reject-row" (a
	// contact log: the bad value is a rejected row, or the import is
	// refused), "warn-or-refuse" (exit 2, or exit 0 with a warning on
	// stderr) or "any" (legitimate input: exit 0, or refused cleanly).
	expect string
}

// campaignTarget is one reader reached through one command.
type campaignTarget struct {
	name string
	ext  string // the hostile file's extension
	good string // a valid file for this reader (CSV-shaped targets)
	// numeric and times are the columns of good holding numbers and
	// timestamps, mutated one at a time.
	numeric, times []int
	args           func(dir, file string) []string
	isImport       bool
}

func campaignFixtures(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, script := range []string{"validate.txtar", "staff.txtar", "forecast_basic.txtar"} {
		a, err := txtar.ParseFile(filepath.Join("testdata", "script", script))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			files[script+"/"+f.Name] = string(f.Data)
		}
	}
	return files
}

// firstLines keeps a CSV's header and its first n data rows.
func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n+1 {
		lines = lines[:n+1]
	}
	return strings.Join(lines, "")
}

func campaignTargets(dir string, fx map[string]string) []*campaignTarget {
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			panic(err)
		}
		return p
	}
	vcfg := write("v.yaml", fx["validate.txtar/wfm.yaml"])
	req := write("req.csv", fx["validate.txtar/requirements.csv"])
	roster := write("roster.csv", fx["validate.txtar/roster.csv"])
	scfg := write("s.yaml", fx["staff.txtar/wfm.yaml"])
	fcst := write("fcst.csv", fx["staff.txtar/forecast.csv"])
	hist := write("hist.csv", fx["forecast_basic.txtar/history.csv"])
	write("agents-cfg.yaml", fx["validate.txtar/wfm.yaml"])
	out := func(name string) string { return filepath.Join(dir, "out", name) }
	importArgs := func(dir, f string) []string {
		return []string{"import", f, "--map", "arrival=start,outcome=status,handle=talk,wait=wait",
			"--outcome", "ok=answered,lost=abandoned", "--tz", "UTC", "--interval", "60m",
			"--format", "csv", "--max-rejects", "100%", "-o", out("h.csv")}
	}
	goodLog := "start,status,talk,wait\n" +
		"2026-03-02 09:01:10,ok,180,12\n2026-03-02 09:14:59,lost,,40\n" +
		"2026-03-02 10:02:00,ok,200,0\n2026-03-02 10:10:00,ok,120,10\n"
	return []*campaignTarget{
		{name: "import csv", ext: ".csv", good: goodLog, numeric: []int{2, 3}, times: []int{0}, args: importArgs, isImport: true},
		{name: "import tsv", ext: ".tsv", good: strings.ReplaceAll(goodLog, ",", "\t"), numeric: []int{2, 3}, times: []int{0}, args: importArgs, isImport: true},
		{name: "import jsonl", ext: ".jsonl", args: importArgs, isImport: true},
		{name: "import gzip", ext: ".csv.gz", args: importArgs, isImport: true},
		{name: "import xlsx", ext: ".xlsx", args: importArgs, isImport: true},
		{name: "forecast history", ext: ".csv", good: fx["forecast_basic.txtar/history.csv"],
			numeric: []int{3, 4, 5, 6, 7}, times: []int{0},
			args: func(dir, f string) []string {
				return []string{"forecast", f, "--config", vcfg, "--horizon", "1d", "--model", "median", "--backtest-origins", "1", "-o", out("f.csv")}
			}},
		{name: "forecast events", ext: ".csv", good: "start,end,multiplier,label\n2026-01-27,2026-01-27,1.5,sale\n2026-01-28,,0.5,quiet\n",
			numeric: []int{2}, times: []int{0, 1},
			args: func(dir, f string) []string {
				return []string{"forecast", hist, "--horizon", "1d", "--model", "median", "--backtest-origins", "1", "--events", f, "-o", out("f.csv")}
			}},
		{name: "staff forecast", ext: ".csv", good: firstLines(fx["staff.txtar/forecast.csv"], 30),
			numeric: []int{3, 4, 5, 6}, times: []int{0},
			args: func(dir, f string) []string {
				return []string{"staff", f, "--config", scfg, "-o", out("r.csv")}
			}},
		{name: "validate requirements", ext: ".csv", good: fx["validate.txtar/requirements.csv"],
			numeric: []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, times: []int{0},
			args: func(dir, f string) []string {
				return []string{"validate", roster, "--requirements", f, "--config", vcfg, "--format", "csv"}
			}},
		{name: "validate roster", ext: ".csv", good: fx["validate.txtar/roster.csv"],
			times: []int{3, 4},
			args: func(dir, f string) []string {
				return []string{"validate", f, "--requirements", req, "--config", vcfg, "--format", "csv"}
			}},
		{name: "schedule requirements", ext: ".csv", good: fx["validate.txtar/requirements.csv"],
			numeric: []int{6, 7, 8}, times: []int{0},
			args: func(dir, f string) []string {
				return []string{"schedule", f, "--config", vcfg, "--seed", "1", "--effort", "1", "-o", out("ro.csv")}
			}},
		{name: "config", ext: ".yaml",
			args: func(dir, f string) []string {
				return []string{"staff", fcst, "--config", f, "-o", out("r.csv")}
			}},
		{name: "agents file", ext: ".csv", good: "id,name,contract,min_hours,max_hours,unavailable,skills\nfull-001,Ann,full,20,40,2026-12-08,retail\nfull-004,Bo,full,,40,,\n",
			numeric: []int{3, 4}, times: []int{5},
			args: func(dir, f string) []string {
				cfg := filepath.Join(dir, "agents-"+filepath.Base(f)+".yaml")
				data := strings.Replace(fx["validate.txtar/wfm.yaml"], "agents: {headcount: {full: 30}}",
					"agents: {file: "+strconv.Quote(f)+", headcount: {full: 28}}", 1)
				if err := os.WriteFile(cfg, []byte(data), 0o644); err != nil {
					panic(err)
				}
				return []string{"validate", roster, "--requirements", req, "--config", cfg, "--format", "csv"}
			}},
	}
}

// csvRecords parses a good fixture; csvText writes records back.
func csvRecords(s string) [][]string {
	r := csv.NewReader(strings.NewReader(s))
	r.Comma = ','
	if strings.Contains(strings.SplitN(s, "\n", 2)[0], "\t") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		panic(err)
	}
	return recs
}

func csvText(recs [][]string, tab bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if tab {
		w.Comma = '\t'
	}
	_ = w.WriteAll(recs)
	return b.Bytes()
}

func cloneRecs(recs [][]string) [][]string {
	out := make([][]string, len(recs))
	for i, r := range recs {
		out[i] = append([]string(nil), r...)
	}
	return out
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}

// gzipBomb is n bytes of commas, compressed.
func gzipBomb(n int) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	chunk := bytes.Repeat([]byte(","), 1<<20)
	for i := 0; i < n>>20; i++ {
		_, _ = w.Write(chunk)
	}
	_ = w.Close()
	return b.Bytes()
}

// truncated keeps the first half of an archive.
func truncated(b []byte) []byte { return b[:len(b)/2] }

func utf16BOM(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// campaignCases builds every hostile input for every target.
func campaignCases(targets []*campaignTarget, fx map[string]string) []campaignCase {
	rng := rand.New(rand.NewSource(1))
	garbage := make([]byte, 64<<10)
	rng.Read(garbage)
	bomb := gzipBomb(512 << 20)
	var cases []campaignCase
	add := func(t *campaignTarget, class, name, expect string, data []byte) {
		cases = append(cases, campaignCase{class: class, name: name, target: t, file: data, expect: expect})
	}
	refuseOrReject := func(t *campaignTarget) string {
		if t.isImport {
			return "reject-row"
		}
		return "refuse"
	}
	workbook := func() []byte {
		var b bytes.Buffer
		if err := writeXLSXTable(&b, xlsxSheet{Name: "Sheet1", Header: []string{"start", "status", "talk", "wait"},
			Rows: [][]xlsxCell{{"2026-03-02 09:01:10", "ok", "180", "12"}}}); err != nil {
			panic(err)
		}
		return b.Bytes()
	}()
	for _, t := range targets {
		// whole-file payloads, for every reader
		empty := "refuse"
		if t.name == "config" || t.name == "forecast events" {
			empty = "any" // an empty config is the defaults; no events
		}
		add(t, "empty and garbage", "empty file", empty, nil)
		add(t, "empty and garbage", "binary garbage 64 KiB", "refuse", garbage)
		add(t, "empty and garbage", "NUL bytes", "refuse", make([]byte, 4096))
		add(t, "long lines", "10 MiB line of commas", "refuse", bytes.Repeat([]byte(","), 10<<20))
		add(t, "long lines", "10 MiB line without a separator", "refuse", bytes.Repeat([]byte("a"), 10<<20))
		add(t, "encodings", "UTF-16 with BOM", "refuse", utf16BOM(t.good+"x\n"))
		add(t, "encodings", "invalid UTF-8", "refuse", []byte("\xff\xfe\xfd\n\xc3\x28,\xa0\xa1\n"))
		add(t, "archives", "zip that is not a workbook", "refuse", []byte("PK\x03\x04\x14\x00\x00\x00not really a zip"))
		add(t, "archives", "gzip stream of garbage", "refuse", gz(garbage))
		add(t, "archives", "truncated gzip", "refuse", truncated(gz([]byte(strings.Repeat(t.good+"2026-03-02 09:01:10,ok,180,12\n", 50)))))
		add(t, "archives", "gzip bomb, 512 MiB of commas", "refuse", bomb)
		add(t, "archives", "truncated workbook", "refuse", truncated(workbook))
		switch t.name {
		case "import jsonl":
			add(t, "JSON", "first object lacks a key", "any", []byte(`{"start":"2026-03-02 09:01:10","status":"ok","talk":180}`+"\n"+`{"start":"2026-03-02 09:02:10","status":"ok","talk":180,"wait":3}`+"\n"))
			add(t, "JSON", "NaN literal", "reject-row", []byte(`{"start":"2026-03-02 09:01:10","status":"ok","talk":NaN,"wait":1}`+"\n"))
			add(t, "JSON", "1e308 and -1", "reject-row", []byte(`{"start":"2026-03-02 09:01:10","status":"ok","talk":1e308,"wait":-1}`+"\n"))
			add(t, "JSON", "nested 100000 deep", "reject-row", []byte(`{"start":`+strings.Repeat("[", 100000)+"\n"))
			add(t, "JSON", "not an object", "reject-row", []byte("[1,2,3]\n\"x\"\n"))
		case "import gzip":
			add(t, "archives", "valid gzip with a bad row", "reject-row", gz([]byte("start,status,talk,wait\nnot a time,ok,1,1\n2026-03-02 09:01:10,ok,180,12\n")))
		case "import xlsx":
			add(t, "archives", "workbook with one good row", "any", workbook)
		case "config":
			add(t, "YAML", "alias bomb (billion laughs)", "refuse", []byte(`a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
queues: *h
`))
			add(t, "YAML", "nested 5000 deep", "refuse", []byte("queues: "+strings.Repeat("[", 5000)+"\n"))
			add(t, "YAML", "unknown key", "refuse", []byte("shrinkge: 0.3\n"))
			add(t, "YAML", "tab indentation", "refuse", []byte("queues:\n\t- {name: x}\n"))
			for _, v := range []string{".nan", ".inf", "-.inf", "1e308", "-1", "1e20"} {
				add(t, "numbers", "shrinkage: "+v, "refuse", []byte(fx["staff.txtar/wfm.yaml"]+"\nshrinkage: "+v+"\n"))
				add(t, "numbers", "costs.inhouse_per_hour: "+v, "refuse", []byte(fx["validate.txtar/wfm.yaml"]+"\ncosts: {inhouse_per_hour: "+v+"}\n"))
			}
			add(t, "numbers", "site.interval: 7", "refuse", []byte("site: {interval: 7}\n"+fx["staff.txtar/wfm.yaml"]))
			add(t, "dates", "site.timezone: Mars/Olympus", "refuse", []byte("site: {timezone: Mars/Olympus}\n"+fx["staff.txtar/wfm.yaml"][strings.Index(fx["staff.txtar/wfm.yaml"], "queues"):]))
		}
		if t.good == "" {
			continue
		}
		tab := t.ext == ".tsv"
		recs := csvRecords(t.good)
		// structure
		{
			sep := ","
			if tab {
				sep = "\t"
			}
			lines := strings.SplitAfter(string(csvText(recs, tab)), "\n")
			fields := strings.SplitN(lines[1], sep, 3)
			fields[1] = `"` + fields[1]
			lines[1] = strings.Join(fields, sep)
			add(t, "quotes", "stray opening quote in row 1", refuseOrReject(t), []byte(strings.Join(lines, "")))
			// an empty log, agents file, events file or roster is legitimate
			headerOnly := "refuse"
			if t.isImport || t.name == "agents file" || t.name == "forecast events" || t.name == "validate roster" {
				headerOnly = "any"
			}
			add(t, "quotes", "header only", headerOnly, csvText(recs[:1], tab))
			short := cloneRecs(recs)
			short[1] = short[1][:1]
			oneField := refuseOrReject(t)
			if t.name == "agents file" {
				oneField = "any" // only id is required
			}
			add(t, "quotes", "row with one field", oneField, csvText(short, tab))
			dup := cloneRecs(recs)
			dup = append(dup[:2], dup[1:]...)
			expectDup := "warn-or-refuse"
			if t.isImport {
				expectDup = "any" // two contacts at the same second are two contacts
			}
			add(t, "duplicates and order", "row 1 repeated", expectDup, csvText(dup, tab))
			if len(recs) > 3 {
				un := cloneRecs(recs)
				un[1], un[2] = un[2], un[1]
				add(t, "duplicates and order", "rows 1 and 2 swapped", "any", csvText(un, tab))
			}
		}
		for _, col := range t.numeric {
			for _, v := range []string{"NaN", "Inf", "-Inf", "1e308", "-1", "1e20", "0x10", "12abc", "1,000"} {
				r := cloneRecs(recs)
				r[1][col] = v
				add(t, "numbers", fmt.Sprintf("%s=%s", recs[0][col], v), refuseOrReject(t), csvText(r, tab))
			}
		}
		for _, col := range t.times {
			for _, v := range []string{"0001-01-01T00:00:00Z", "9999-12-31T23:30:00+02:00", "2026-13-40T25:61:00Z", "10000-01-01T00:00:00Z", "yesterday"} {
				r := cloneRecs(recs)
				r[1][col] = v
				if t.name == "forecast events" || t.name == "agents file" {
					v = strings.SplitN(v, "T", 2)[0]
					r[1][col] = v
				}
				add(t, "dates", fmt.Sprintf("%s=%s", recs[0][col], v), refuseOrReject(t), csvText(r, tab))
			}
			if strings.Contains(recs[1][col], "+02:00") && len(recs) > 2 {
				r := cloneRecs(recs)
				r[2][col] = strings.Replace(r[2][col], "+02:00", "+05:00", 1)
				mixed := "refuse"
				if t.name == "validate roster" {
					mixed = "any" // exact instants; the checker judges where they fall
				}
				add(t, "dates", "mixed UTC offsets", mixed, csvText(r, tab))
			}
		}
	}
	return cases
}

// campaignResult is how one case ended.
type campaignResult struct {
	code              int
	stdout, stderr    string
	heap              uint64
	elapsed           time.Duration
	panicked, timeout bool
}

func runCampaignCase(dir string, c campaignCase, i int) campaignResult {
	path := filepath.Join(dir, fmt.Sprintf("case%03d%s", i, c.target.ext))
	if err := os.WriteFile(path, c.file, 0o644); err != nil {
		panic(err)
	}
	defer os.Remove(path)
	_ = os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	args := c.target.args(dir, path)
	// The heap the case adds: the test's own inputs are live before it.
	runtime.GC()
	base := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var res campaignResult
	var stdout, stderr bytes.Buffer
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				res.panicked = true
				fmt.Fprintf(&stderr, "panic: %v", r)
			}
		}()
		res.code = run(args, strings.NewReader(""), &stdout, &stderr)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		res.timeout = true
	}
	res.elapsed = time.Since(start)
	close(stop)
	<-sampled
	if p := peak.Load(); p > base[0].Value.Uint64() {
		res.heap = p - base[0].Value.Uint64()
	}
	if !res.timeout {
		res.stdout, res.stderr = stdout.String(), stderr.String()
	}
	return res
}

var campaignImportLine = regexp.MustCompile(`(?m)^[^,\n]+,[a-z.]+,(\d+),(\d+),(\d+),(\d+),`)

// judge says whether a case ended a promised way, and how.
func judge(c campaignCase, base string, r campaignResult) (outcome string, ok bool) {
	switch {
	case r.timeout:
		return "did not finish in 2 min", false
	case r.panicked || strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:"):
		return "panic", false
	case r.heap > campaignHeapBound:
		return fmt.Sprintf("heap %d MiB over the bound", r.heap>>20), false
	}
	named := strings.Contains(r.stderr, base)
	if r.code == 2 {
		if !named && c.target.name != "config" {
			return "exit 2 without the file's name", false
		}
		if c.target.name == "config" && !named && !strings.Contains(r.stderr, "config") {
			return "exit 2 without naming the config", false
		}
		return "refused, exit 2, file named", true
	}
	if r.code != 0 && r.code != 1 {
		return fmt.Sprintf("exit %d", r.code), false
	}
	if c.target.isImport {
		m := campaignImportLine.FindStringSubmatch(r.stdout)
		if m == nil {
			return "import exit " + strconv.Itoa(r.code) + " without a summary line", false
		}
		n := func(s string) int { v, _ := strconv.Atoi(s); return v }
		if n(m[1]) != n(m[2])+n(m[3])+n(m[4]) {
			return "rows lost: " + m[0], false
		}
		if c.expect == "reject-row" && n(m[4]) == 0 {
			return "bad value imported: " + m[0], false
		}
		if c.expect == "reject-row" {
			return "imported, bad rows rejected, every row accounted for", true
		}
		return "imported, every row accounted for", true
	}
	switch c.expect {
	case "any":
		return "accepted (legitimate input)", true
	case "warn-or-refuse":
		if strings.TrimSpace(r.stderr) != "" {
			return "accepted with a warning", true
		}
		return "accepted silently", false
	}
	return fmt.Sprintf("accepted (exit %d)", r.code), false
}

func TestHostileCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile-input campaign runs without -short")
	}
	dir := t.TempDir()
	fx := campaignFixtures(t)
	targets := campaignTargets(dir, fx)
	cases := campaignCases(targets, fx)
	type tally struct{ n, ok int }
	byClass := map[string]*tally{}
	byOutcome := map[string]int{}
	var maxHeap uint64
	var maxHeapCase string
	for i, c := range cases {
		r := runCampaignCase(dir, c, i)
		outcome, ok := judge(c, fmt.Sprintf("case%03d%s", i, c.target.ext), r)
		if byClass[c.class] == nil {
			byClass[c.class] = &tally{}
		}
		byClass[c.class].n++
		byOutcome[outcome]++
		if ok {
			byClass[c.class].ok++
		} else {
			t.Errorf("%s, %s (%s): %s; exit %d; stderr: %.300s", c.target.name, c.name, c.class, outcome, r.code, r.stderr)
		}
		if r.heap > maxHeap {
			maxHeap, maxHeapCase = r.heap, c.target.name+", "+c.name
		}
	}
	var classes []string
	for k := range byClass {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	t.Logf("%d hostile cases over %d readers", len(cases), len(targets))
	for _, k := range classes {
		t.Logf("  %-22s %3d cases, %3d ended as promised", k, byClass[k].n, byClass[k].ok)
	}
	var outcomes []string
	for k := range byOutcome {
		outcomes = append(outcomes, k)
	}
	sort.Strings(outcomes)
	for _, k := range outcomes {
		t.Logf("  %3d %s", byOutcome[k], k)
	}
	t.Logf("largest live heap: %d MiB (%s); bound %d MiB", maxHeap>>20, maxHeapCase, campaignHeapBound>>20)
}
