package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/importers/csvcell"
	"github.com/xuri/excelize/v2"
)

func init() { registerCommand((*app).importCommand) }

type importOptions struct {
	out         string
	preset      string
	mapping     []string
	layout      string
	tz          string
	interval    time.Duration
	queue       string
	channel     string
	sheet       string
	outcomes    []string
	rejects     string
	maxRejects  string
	listPresets bool
	detect      bool
	split       string
	rowLength   time.Duration
}

func (o *importOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "history.csv", "history file (.csv or .xlsx; - for stdout)")
	o.addLogFlags(f)
	f.BoolVar(&o.listPresets, "list-presets", false, "list the built-in presets and what each expects")
	f.BoolVar(&o.detect, "detect", false, "read the first rows of each LOG and say which preset fits and what it maps (exit 1 when none fits)")
}

// addLogFlags adds the flags that say how to read contact logs (mapping,
// clock, interval, rejects), for every command that reads logs.
func (o *importOptions) addLogFlags(f *pflag.FlagSet) {
	f.StringVar(&o.preset, "preset", "", "named mapping for a known file shape (see wfm import --list-presets)")
	f.StringSliceVar(&o.mapping, "map", nil, "field=column pairs, e.g. arrival=vru_entry,handle=ser_time (override the preset)")
	f.StringVar(&o.layout, "layout", "", "arrival time layout: a Go layout (2006-01-02 15:04:05), rfc3339, excel, clock or dayfraction")
	f.StringVar(&o.tz, "tz", "", "IANA time zone of naive times and of the history (default site.timezone, else the preset's, else UTC)")
	f.DurationVar(&o.interval, "interval", 0, "interval length: 5m, 10m, 15m, 30m or 60m (default site.interval, 30m)")
	f.StringVar(&o.queue, "queue", "", "put every contact in this queue (default: the queue column, else \"main\")")
	f.StringVar(&o.channel, "channel", "", "put every contact in this channel (default: the channel column, else \"voice\")")
	f.StringVar(&o.sheet, "sheet", "", "workbook sheet to read (default the first)")
	f.StringSliceVar(&o.outcomes, "outcome", nil, "VALUE=answered|abandoned|excluded pairs for the outcome column")
	f.StringVar(&o.rejects, "rejects", "", "rejected rows file (default beside the output: NAME.rejects.csv)")
	f.StringVar(&o.maxRejects, "max-rejects", "", "fail (exit 1) when more rows than N, or P% of rows, are rejected")
	f.StringVar(&o.split, "split", "", "aggregated rows longer than --interval: spread them even (by overlap) or by profile (of the finer rows at the same weekday and time); default even")
	f.DurationVar(&o.rowLength, "row-length", 0, "length of every aggregated row (default: the preset's length column, else inferred from the gaps between rows)")
}

func (a *app) importCommand() *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import LOGS...",
		Short: "Read contact logs into interval history (history.csv)",
		Long: `Import reads contact logs — CSV, TSV, Excel .xlsx, JSON Lines,
Parquet, any of them gzip-compressed — and writes history.csv: offered,
answered and abandoned contacts, AHT and ASA per interval, queue and
channel. The grid is dense: every interval from the first day with data
to the last is written, empty ones as zeros. --detect says which preset
fits a file.

Columns are mapped with --preset (see --list-presets), config import.map or
--map field=column. Fields: arrival (required), date, outcome, handle, wait,
handle_start/handle_end, wait_start/wait_end, queue, channel; for rows that
are already aggregated: count (contacts in the interval), abandoned, aht,
asa; a row longer than --interval is spread over the intervals it covers
(--split even or profile) and the summary says which. Without --outcome, an outcome column holds answered, abandoned or
excluded (any case).

Every row is accounted for: rows read = imported + excluded + rejected, per
file. Rejected rows go to --rejects with file, line, reason and the raw row.
With more rejected rows than --max-rejects allows, the history is not
written and wfm exits 1; without --max-rejects, more than half of the rows
rejected means the file was misread: no history, exit 2.`,
		Example: `  wfm import --preset technion data_anonymous_bank_february.txt -o history.csv
  wfm import --map arrival=start,outcome=status,handle=talk_s --outcome ok=answered,lost=abandoned calls.csv.gz
  wfm import --preset usbank --interval 15m bank_calls.csv -o - | head
  wfm import --detect export.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.listPresets {
				return a.listPresets()
			}
			if o.detect {
				return a.runDetect(cmd.Context(), o, args)
			}
			return a.runImport(cmd.Context(), o, args)
		},
	}
	o.addFlags(cmd)
	return cmd
}

// importPlan is the command's flags and config turned into domain values.
type importPlan struct {
	opts      importers.Options
	files     []string
	maxReject maxRejects
}

// maxRejects is --max-rejects: a count, or a percentage of rows read.
type maxRejects struct {
	set     bool
	n       int
	percent float64
	text    string
}

func parseMaxRejects(s string) (maxRejects, error) {
	m := maxRejects{text: s}
	if s == "" {
		return m, nil
	}
	bad := fmt.Errorf("--max-rejects %q: want a number of rows (100) or a percentage of rows read (0.5%%)", s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		x, err := strconv.ParseFloat(p, 64)
		if err != nil || x < 0 || x > 100 {
			return m, bad
		}
		m.set, m.percent = true, x
		return m, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return m, bad
	}
	m.set, m.n, m.percent = true, n, -1
	return m, nil
}

// exceeded reports whether rejected of rows is over the limit.
func (m maxRejects) exceeded(rows, rejected int) bool {
	if !m.set {
		return false
	}
	if m.percent >= 0 {
		return float64(rejected) > m.percent/100*float64(rows)
	}
	return rejected > m.n
}

// misread reports whether, with no limit given, most of rows were
// rejected: the file was misread (a wrong layout, date order or mapping)
// and is refused.
func (m maxRejects) misread(rows, rejected int) bool { return !m.set && 2*rejected > rows }

// importSettings merges preset, config and flags (flags win over config,
// config over the preset).
func (a *app) importSettings(o *importOptions, args []string) (*importPlan, error) {
	ic := a.cfg.Import
	plan := &importPlan{files: args}
	if len(plan.files) == 0 {
		for i, f := range ic.Files {
			path := a.cfg.resolvePath(f)
			if _, err := os.Stat(path); err != nil {
				abs, _ := filepath.Abs(path)
				return nil, withHint(fmt.Errorf("config %s: import.files[%d]: %s: %w", a.cfg.displayPath(), i, abs, errors.Unwrap(err)),
					"names in import.files are relative to the config file's directory")
			}
			plan.files = append(plan.files, path)
		}
	}
	if len(plan.files) == 0 {
		return nil, withHint(errors.New("import: no input files"), "name the contact logs: wfm import LOGS... (- reads stdin)")
	}
	name := firstOf(o.preset, ic.Preset)
	p := importers.Preset{}
	if name != "" {
		var err error
		if p, err = importers.LookupPreset(name); err != nil {
			return nil, withHint(err, "wfm import --list-presets shows them")
		}
	}
	p = p.Clone()
	for f, c := range ic.Map {
		p.Map[f] = c
	}
	for _, kv := range o.mapping {
		f, c, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(f) == "" || strings.TrimSpace(c) == "" {
			return nil, fmt.Errorf("--map %q: want field=column, e.g. arrival=vru_entry", kv)
		}
		p.Map[strings.TrimSpace(f)] = strings.TrimSpace(c)
	}
	if len(p.Map) == 0 {
		return nil, withHint(errors.New("import: no column mapping: give --preset NAME or --map arrival=COLUMN,..."),
			"wfm import --list-presets shows the presets and what each expects")
	}
	if l := firstOf(o.layout, ic.Layout); l != "" {
		p.Formats[importers.FieldArrival] = l
	}
	outcomes := make([]string, 0, len(ic.Outcomes)+len(o.outcomes))
	for v, out := range ic.Outcomes {
		outcomes = append(outcomes, v+"="+out)
	}
	sort.Strings(outcomes)
	outcomes = append(outcomes, o.outcomes...)
	for _, kv := range outcomes {
		v, out, ok := strings.Cut(kv, "=")
		oc, err := importers.ParseOutcome(out)
		if !ok || err != nil {
			return nil, fmt.Errorf("--outcome %q: want VALUE=answered, VALUE=abandoned or VALUE=excluded", kv)
		}
		p.Outcomes[v] = oc
	}
	if q := firstOf(o.queue, ic.Queue); q != "" {
		p.Queue = q
		delete(p.Map, importers.FieldQueue)
	}
	if c := firstOf(o.channel, ic.Channel); c != "" {
		p.Channel = c
		delete(p.Map, importers.FieldChannel)
	}
	if o.rowLength != 0 {
		if o.rowLength < time.Minute || o.rowLength%time.Minute != 0 || o.rowLength > 24*time.Hour {
			return nil, fmt.Errorf("--row-length %v: want whole minutes up to 24h, such as 60m", o.rowLength)
		}
		p.RowLength = o.rowLength
		p.LengthColumn = ""
	}
	plan.opts = importers.Options{Preset: p, Sheet: firstOf(o.sheet, ic.Sheet), OpenSpreadsheet: openXLSX}
	if o.split != "" {
		if _, err := importers.ParseSplit(o.split); err != nil {
			return nil, fmt.Errorf("--split %q: %v", o.split, err)
		}
		plan.opts.Split = o.split
	}

	iv := o.interval
	if iv == 0 {
		iv = a.cfg.Site.Interval
	}
	if iv == 0 {
		iv = 30 * time.Minute
	}
	if iv < time.Minute || iv%time.Minute != 0 || time.Hour%iv != 0 {
		return nil, fmt.Errorf("--interval %v: want 5m, 10m, 15m, 30m or 60m (any whole number of minutes dividing an hour)", iv)
	}
	plan.opts.Interval = iv
	if tz := firstOf(o.tz, a.cfg.Site.Timezone); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return nil, fmt.Errorf("--tz %q: not an IANA time zone such as Europe/London", tz)
		}
		plan.opts.Location = loc
	}
	var err error
	if plan.maxReject, err = parseMaxRejects(firstOf(o.maxRejects, ic.MaxRejects)); err != nil {
		return nil, err
	}
	return plan, nil
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func (a *app) runImport(ctx context.Context, o *importOptions, args []string) error {
	plan, err := a.importSettings(o, args)
	if err != nil {
		return err
	}
	kind := outputKind(o.out)
	if kind != "csv" && kind != "xlsx" {
		return fmt.Errorf("-o %s: want a .csv or .xlsx file, or - for stdout", o.out)
	}
	rejectsPath := o.rejects
	if rejectsPath == "" {
		rejectsPath = "rejects.csv"
		if o.out != "-" {
			rejectsPath = strings.TrimSuffix(o.out, filepath.Ext(o.out)) + ".rejects.csv"
		}
	}
	if rejectsPath == o.out || (o.out != "-" && sameFile(rejectsPath, o.out)) {
		return fmt.Errorf("--rejects %s: the same file as the output", rejectsPath)
	}
	if err := refuseInputAsOutput("-o", o.out, plan.files...); err != nil {
		return err
	}
	if err := refuseInputAsOutput("--rejects", rejectsPath, plan.files...); err != nil {
		return err
	}

	rejectsOut, err := createPending(rejectsPath)
	if err != nil {
		return err
	}
	defer rejectsOut.discard()
	res, _, err := a.importLogsTo(ctx, plan, rejectsOut)
	if err != nil {
		if errors.Is(err, importers.ErrColumns) || errors.Is(err, importers.ErrMapping) {
			return withHint(err, "map the columns with --map field=column, or pick a --preset (wfm import --list-presets)")
		}
		if errors.Is(err, importers.ErrSpan) {
			return withHint(err, "look at the two rows named: fix the wrong date, or force the time layout with --layout")
		}
		if errors.Is(err, importers.ErrSpreadsheet) {
			return withHint(err, "is it really a workbook?")
		}
		if errors.Is(err, importers.ErrDateOrder) {
			return withHint(err, "say the order with --layout: '02/01/2006 15:04:05' (day first) or '01/02/2006 15:04:05' (month first)")
		}
		return err
	}

	rows, rejected, imported := 0, 0, 0
	for _, f := range res.Files {
		rows += f.Rows
		rejected += f.RejectedRows()
		imported += f.Imported
	}
	summaryTo := a.stdout
	if o.out == "-" {
		summaryTo = a.stderr
	}
	misread := plan.maxReject.misread(rows, rejected)
	over := plan.maxReject.exceeded(rows, rejected) || imported == 0 || misread
	var historyOut *pendingFile
	if !over {
		write := func(w io.Writer) error {
			if kind == "xlsx" {
				return writeXLSXTable(w, historySheet(res.History))
			}
			return importers.WriteHistory(w, res.History)
		}
		if o.out == "-" {
			bw := bufio.NewWriter(a.stdout)
			if err := write(bw); err != nil {
				return err
			}
			if err := bw.Flush(); err != nil {
				return err
			}
		} else {
			if historyOut, err = createPending(o.out); err != nil {
				return err
			}
			defer historyOut.discard()
			if err := write(historyOut.w); err != nil {
				return fmt.Errorf("write %s: %w", o.out, err)
			}
		}
	}
	if err := commitPair(historyOut, rejectsOut); err != nil {
		return err
	}
	if err := a.printImportSummary(summaryTo, res, o.out, rejectsPath, rejected, over); err != nil {
		return err
	}
	if misread {
		return withHint(fmt.Errorf("import: %d of %d rows rejected, more than half: the file is likely misread; %s not written, see %s", rejected, rows, o.out, rejectsPath),
			"the reasons above say what did not fit: check --layout, --map or --preset; --max-rejects 100% imports what can be read")
	}
	if imported == 0 {
		return checkFailedf("import: no contacts imported: %d rows read, %d rejected; %s not written, see %s", rows, rejected, o.out, rejectsPath)
	}
	if over {
		return checkFailedf("import: %d of %d rows rejected, more than --max-rejects %s; %s not written, see %s",
			rejected, rows, plan.maxReject.text, o.out, rejectsPath)
	}
	return nil
}

// sameFile reports whether paths a and b name one file (the same path, or
// links to one inode).
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// pendingFile is an output written to a temporary file beside its target,
// renamed over the target only by commitPair.
type pendingFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
	mode os.FileMode
	done bool
}

func createPending(path string) (*pendingFile, error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return nil, fmt.Errorf("write %s: is a directory; give a file name, e.g. %s", path, filepath.Join(path, "out"+filepath.Ext(path)+defaultExt(path)))
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("write %s: not a regular file", path)
		}
		mode = st.Mode().Perm()
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, outputDirError(path, dir, err)
	}
	inFlight.add(f.Name())
	return &pendingFile{path: path, f: f, w: bufio.NewWriterSize(f, 1<<16), mode: mode}, nil
}

// finish flushes, syncs and closes the temporary file.
func (p *pendingFile) finish() error {
	err := p.w.Flush()
	if err == nil {
		err = p.f.Sync()
	}
	if e := p.f.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Chmod(p.f.Name(), p.mode)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	return nil
}

// discard removes the temporary file unless it was committed.
func (p *pendingFile) discard() {
	if p != nil && !p.done {
		p.f.Close()
		os.Remove(p.f.Name())
		inFlight.remove(p.f.Name())
	}
}

// commitPair puts a history and its rejects in place so that no kill can
// leave a new history beside old rejects or the reverse: both are written
// in full first, the old rejects file is removed, then the history (nil
// when it is not written) and the rejects are renamed over their targets.
// An interruption between the steps leaves a history without a rejects
// file, never a mismatched pair.
func commitPair(history, rejects *pendingFile) error {
	for _, p := range []*pendingFile{history, rejects} {
		if p != nil {
			if err := p.finish(); err != nil {
				return err
			}
		}
	}
	if err := os.Remove(rejects.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("write %s: %w", rejects.path, err)
	}
	for _, p := range []*pendingFile{history, rejects} {
		if p == nil {
			continue
		}
		if err := inFlight.rename(p.f.Name(), p.path); err != nil {
			return fmt.Errorf("write %s: %w", p.path, err)
		}
		p.done = true
	}
	return nil
}

// importLogs imports plan's contact logs and writes every rejected row to
// rejectsPath, for commands that write no history of their own. It returns
// the result and the number of rows rejected.
func (a *app) importLogs(ctx context.Context, plan *importPlan, rejectsPath string) (*importers.Result, int, error) {
	p, err := createPending(rejectsPath)
	if err != nil {
		return nil, 0, err
	}
	defer p.discard()
	res, n, err := a.importLogsTo(ctx, plan, p)
	if err != nil {
		return nil, 0, err
	}
	if err := commitPair(nil, p); err != nil {
		return nil, 0, err
	}
	return res, n, nil
}

// importLogsTo opens plan's contact logs, imports them and writes every
// rejected row to rejects (file, line, reason, detail, raw). The logs are
// closed, and their progress bars finished, when it returns. It returns the
// result and the number of rows rejected.
func (a *app) importLogsTo(ctx context.Context, plan *importPlan, rejects *pendingFile) (*importers.Result, int, error) {
	rejected := 0
	cw := csv.NewWriter(rejects.w)
	if err := cw.Write([]string{"file", "line", "reason", "detail", "raw"}); err != nil {
		return nil, 0, err
	}
	res, err := a.importPlanned(ctx, plan, func(r importers.Reject) error {
		rejected++
		return cw.Write([]string{csvcell.Escape(r.File), strconv.Itoa(r.Line), r.Reason, csvcell.Escape(r.Detail), csvcell.Escape(r.Raw)})
	})
	if err != nil {
		return nil, 0, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, 0, fmt.Errorf("write %s: %w", rejects.path, err)
	}
	return res, rejected, nil
}

// importPlanned opens plan's contact logs and imports them, handing each
// rejected row to onReject. The logs are closed, and their progress bars
// finished, when it returns.
func (a *app) importPlanned(ctx context.Context, plan *importPlan, onReject func(importers.Reject) error) (*importers.Result, error) {
	var sources []importers.Source
	for _, name := range plan.files {
		src, closeFn, err := a.openLog(name)
		if err != nil {
			return nil, err
		}
		defer closeFn()
		sources = append(sources, src)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	opts := plan.opts
	opts.OnReject = onReject
	return importers.Import(ctx, sources, opts)
}

// openLog opens a contact log ("-" = stdin), with a progress bar on stderr
// for large files when stderr is a terminal.
func (a *app) openLog(name string) (importers.Source, func(), error) {
	if name == "-" {
		return importers.Source{Name: "stdin", R: a.stdin}, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return importers.Source{}, nil, fmt.Errorf("import: %w", err)
	}
	src := importers.Source{Name: name, R: f}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > 8<<20 && a.showProgress() {
		bar := progressbar.NewOptions64(st.Size(),
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription(filepath.Base(name)),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
		src.R = progressFile{Reader: io.TeeReader(f, bar), f: f}
		return src, func() { bar.Finish(); f.Close() }, nil
	}
	return src, func() { f.Close() }, nil
}

// progressFile reads a log through its progress bar and still lets a
// Parquet file be read in place (importers.ParquetFile), which bypasses
// the bar.
type progressFile struct {
	io.Reader
	f *os.File
}

func (p progressFile) ReadAt(b []byte, off int64) (int, error) { return p.f.ReadAt(b, off) }
func (p progressFile) Stat() (os.FileInfo, error)              { return p.f.Stat() }

func historySheet(rows []importers.HistoryRow) xlsxSheet {
	sh := xlsxSheet{Name: "History", Header: importers.HistoryHeader, Widths: map[int]float64{1: 18}}
	for _, r := range rows {
		sh.Rows = append(sh.Rows, []xlsxCell{r.Start, r.Queue, r.Channel, r.Offered, r.Answered, r.Abandoned, r.AHT.Seconds(), r.ASA.Seconds()})
	}
	return sh
}

// printImportSummary prints rows read = imported + excluded + rejected per
// file, then every exclusion, rejection and warning reason.
func (a *app) printImportSummary(w io.Writer, res *importers.Result, out, rejectsPath string, rejected int, over bool) error {
	format := a.format
	if format == "" {
		format = "csv"
		if isTerminal(w) {
			format = "table"
		}
	}
	if format == "json" {
		type fileJSON struct {
			importers.FileSummary
			ExcludedRows int `json:"excluded_rows"`
			RejectedRows int `json:"rejected_rows"`
		}
		v := struct {
			History   string     `json:"history,omitempty"`
			Rejects   string     `json:"rejects"`
			Interval  string     `json:"interval"`
			Timezone  string     `json:"timezone"`
			Intervals int        `json:"history_rows"`
			Files     []fileJSON `json:"files"`
		}{Rejects: rejectsPath, Interval: res.Interval.String(), Timezone: res.Location.String(), Intervals: len(res.History)}
		if !over {
			v.History = out
		}
		for _, f := range res.Files {
			v.Files = append(v.Files, fileJSON{f, f.ExcludedRows(), f.RejectedRows()})
		}
		return printJSON(w, v)
	}
	t := table{
		Title:  fmt.Sprintf("import: %d intervals of %v (%s)", len(res.History), res.Interval, res.Location),
		Header: []string{"file", "format", "rows", "imported", "excluded", "rejected", "offered", "answered", "abandoned"},
	}
	var tot importers.FileSummary
	for _, f := range res.Files {
		t.Rows = append(t.Rows, []string{f.Name, f.Format, itoa(f.Rows), itoa(f.Imported), itoa(f.ExcludedRows()), itoa(f.RejectedRows()),
			itoa(f.Offered), itoa(f.Answered), itoa(f.Abandoned)})
		tot.Rows += f.Rows
		tot.Imported += f.Imported
		tot.Offered += f.Offered
		tot.Answered += f.Answered
		tot.Abandoned += f.Abandoned
	}
	if len(res.Files) > 1 {
		ex := 0
		for _, f := range res.Files {
			ex += f.ExcludedRows()
		}
		t.Rows = append(t.Rows, []string{"total", "", itoa(tot.Rows), itoa(tot.Imported), itoa(ex), itoa(rejected),
			itoa(tot.Offered), itoa(tot.Answered), itoa(tot.Abandoned)})
	}
	if err := t.print(w, format); err != nil {
		return err
	}
	reasons := table{Title: "excluded, rejected, warnings and splits by reason", Header: []string{"file", "kind", "reason", "rows"}}
	for _, f := range res.Files {
		for _, k := range []struct {
			kind string
			m    map[string]int
		}{{"excluded", f.Excluded}, {"rejected", f.Rejected}, {"warning", f.Warnings}, {"split", splitReasons(f, res.Interval)}} {
			keys := make([]string, 0, len(k.m))
			for r := range k.m {
				keys = append(keys, r)
			}
			sort.Strings(keys)
			for _, r := range keys {
				reasons.Rows = append(reasons.Rows, []string{f.Name, k.kind, r, itoa(k.m[r])})
			}
		}
	}
	if len(reasons.Rows) > 0 {
		if format == "table" {
			fmt.Fprintln(w)
		}
		if err := reasons.print(w, format); err != nil {
			return err
		}
	}
	if format == "table" {
		if !over {
			fmt.Fprintf(w, "wrote %s", out)
		} else {
			fmt.Fprintf(w, "did not write %s", out)
		}
		fmt.Fprintf(w, "; rejected rows in %s\n", rejectsPath)
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// splitReasons words a file's split rows for the reasons table: "60m rows
// into 15m intervals, by profile (lines 2-25)".
func splitReasons(f importers.FileSummary, iv time.Duration) map[string]int {
	m := map[string]int{}
	for _, g := range f.Splits {
		m[fmt.Sprintf("%s rows into %s intervals, %s (lines %s)", fmtMinutes(g.RowLength), fmtMinutes(iv), g.Method, g.Lines)] += g.Rows
	}
	return m
}

// fmtMinutes writes 1h0m0s as 60m and 24h0m0s as 24h.
func fmtMinutes(d time.Duration) string {
	if d%time.Hour == 0 && d > time.Hour {
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// listPresets prints the built-in presets and what each expects: as text
// unless --format csv or json is given.
func (a *app) listPresets() error {
	ps := importers.Presets()
	format := a.format
	if format == "json" {
		type presetJSON struct {
			Name         string            `json:"name"`
			Description  string            `json:"description"`
			Expects      string            `json:"expects"`
			Map          map[string]string `json:"map"`
			Optional     []string          `json:"optional,omitempty"`
			Formats      map[string]string `json:"formats,omitempty"`
			Outcomes     map[string]string `json:"outcomes,omitempty"`
			Channels     map[string]string `json:"channels,omitempty"`
			Pattern      string            `json:"pattern,omitempty"`
			PatternStart string            `json:"pattern_start,omitempty"`
			PatternStep  string            `json:"pattern_step,omitempty"`
			WarnNegative []string          `json:"warn_negative,omitempty"`
			Timezone     string            `json:"timezone,omitempty"`
			Queue        string            `json:"queue,omitempty"`
			Channel      string            `json:"channel,omitempty"`
			Totals       map[string]string `json:"totals,omitempty"`
			LengthColumn string            `json:"length_column,omitempty"`
			MaxWait      string            `json:"max_wait,omitempty"`
		}
		var out []presetJSON
		for _, p := range ps {
			j := presetJSON{Name: p.Name, Description: p.Description, Expects: p.Expects, Map: p.Map, Optional: p.Optional,
				Formats: p.Formats, Channels: p.Channels, Pattern: p.Pattern, WarnNegative: p.NonNegative,
				Timezone: p.Timezone, Queue: p.Queue, Channel: p.Channel, Totals: p.Totals, LengthColumn: p.LengthColumn}
			if p.MaxWait > 0 {
				j.MaxWait = p.MaxWait.String()
			}
			if len(p.Outcomes) > 0 {
				j.Outcomes = map[string]string{}
				for v, o := range p.Outcomes {
					j.Outcomes[v] = o.String()
				}
			}
			if p.Pattern != "" {
				j.PatternStart, j.PatternStep = p.PatternStart.String(), p.PatternStep.String()
			}
			out = append(out, j)
		}
		return printJSON(a.stdout, out)
	}
	if format == "csv" {
		t := table{Header: []string{"name", "description", "expects", "map", "formats", "outcomes", "timezone"}}
		for _, p := range ps {
			t.Rows = append(t.Rows, []string{p.Name, p.Description, p.Expects, p.MappingString(), formatsString(p), outcomesString(p), p.Timezone})
		}
		return t.print(a.stdout, "csv")
	}
	for i, p := range ps {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		fmt.Fprintf(a.stdout, "%s — %s\n", p.Name, p.Description)
		fmt.Fprintf(a.stdout, "  expects   %s\n", p.Expects)
		fmt.Fprintf(a.stdout, "  map       %s\n", p.MappingString())
		if s := formatsString(p); s != "" {
			fmt.Fprintf(a.stdout, "  formats   %s\n", s)
		}
		if p.Pattern != "" {
			fmt.Fprintf(a.stdout, "  pattern   %s (index 1 = %v, step %v)\n", p.Pattern, p.PatternStart, p.PatternStep)
		}
		if s := outcomesString(p); s != "" {
			fmt.Fprintf(a.stdout, "  outcomes  %s\n", s)
		}
		if len(p.Optional) > 0 {
			fmt.Fprintf(a.stdout, "  optional  %s (the column may be missing)\n", strings.Join(p.Optional, ", "))
		}
		if len(p.NonNegative) > 0 {
			fmt.Fprintf(a.stdout, "  warns     on negative %s (rows kept)\n", strings.Join(p.NonNegative, ", "))
		}
		for _, f := range []string{importers.FieldAHT, importers.FieldASA} {
			if over, ok := p.Totals[f]; ok {
				fmt.Fprintf(a.stdout, "  totals    %s is total seconds over %s\n", f, firstOf(over, "the answered"))
			}
		}
		if p.LengthColumn != "" {
			fmt.Fprintf(a.stdout, "  length    each row's length in minutes in %s\n", p.LengthColumn)
		}
		if p.MaxWait > 0 {
			fmt.Fprintf(a.stdout, "  max wait  %v\n", p.MaxWait)
		}
		if p.Timezone != "" {
			fmt.Fprintf(a.stdout, "  timezone  %s\n", p.Timezone)
		}
		if p.Queue != "" || p.Channel != "" {
			fmt.Fprintf(a.stdout, "  default   queue=%s, channel=%s\n", firstOf(p.Queue, "main"), firstOf(p.Channel, "voice"))
		}
	}
	return nil
}

func formatsString(p importers.Preset) string {
	var parts []string
	for _, f := range importers.Fields {
		if v, ok := p.Formats[f]; ok {
			parts = append(parts, f+"="+v)
		}
	}
	return strings.Join(parts, ",")
}

func outcomesString(p importers.Preset) string {
	var parts []string
	for v, o := range p.Outcomes {
		parts = append(parts, v+"="+o.String())
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// xlsxRows streams a worksheet's rows as raw cell values (dates as serial
// numbers, times as day fractions), for importers.
type xlsxRows struct {
	f     *excelize.File
	rows  *excelize.Rows
	sheet string
	n     int // rows read
}

// openXLSX is the importers.SpreadsheetOpener of wfm: excelize, raw values,
// within the workbook limits of openWorkbook.
func openXLSX(r io.Reader, sheet string) (importers.SheetRows, error) {
	f, err := openWorkbook(r, true)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			f.Close()
			return nil, errors.New("xlsx: the workbook has no sheets")
		}
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		f.Close()
		return nil, fmt.Errorf("xlsx: no sheet %q; the workbook has %q", sheet, sheets)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: sheet %q: %w", sheet, err)
	}
	return &xlsxRows{f: f, rows: rows, sheet: sheet}, nil
}

func (x *xlsxRows) Next() ([]string, error) {
	return nextSheetRow(x.rows, x.sheet, &x.n)
}

// nextSheetRow reads the next row of a sheet, refusing a sheet of more than
// maxSheetRows rows (row numbers may skip ahead) and a row of more than
// xlsxMaxColumns cells; *n counts the rows read.
func nextSheetRow(rows *excelize.Rows, sheet string, n *int) ([]string, error) {
	if !rows.Next() {
		if err := rows.Error(); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", sheet, err)
		}
		return nil, io.EOF
	}
	*n++
	if *n > maxSheetRows {
		return nil, fmt.Errorf("sheet %s: more than %d rows, %w (Excel's own)", sheet, maxSheetRows, errWorkbookLimit)
	}
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("sheet %s: row %d: %w", sheet, *n, err)
	}
	if len(cols) > xlsxMaxColumns {
		return nil, fmt.Errorf("sheet %s: row %d has %d cells, %w of %d", sheet, *n, len(cols), errWorkbookLimit, xlsxMaxColumns)
	}
	return cols, nil
}

func (x *xlsxRows) Close() error {
	x.rows.Close()
	return x.f.Close()
}

// runDetect prints, for each log, the preset that fits its first rows
// (importers.Detect) or the columns found and a suggested --map. It fails
// (exit 1) when no preset fits a log.
func (a *app) runDetect(ctx context.Context, o *importOptions, args []string) error {
	if len(args) == 0 {
		return withHint(errors.New("import --detect: no input files"), "name the contact logs: wfm import --detect LOGS...")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	var ds []*importers.Detection
	var none []string
	for _, name := range args {
		src, closeFn, err := a.openLog(name)
		if err != nil {
			return err
		}
		d, err := importers.Detect(ctx, src, importers.Options{OpenSpreadsheet: openXLSX, Sheet: o.sheet})
		closeFn()
		if err != nil {
			return err
		}
		ds = append(ds, d)
		if d.Best == "" && !d.History {
			none = append(none, name)
		}
	}
	if a.format == "json" {
		if err := printJSON(a.stdout, ds); err != nil {
			return err
		}
	} else {
		for i, d := range ds {
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			printDetection(a.stdout, d, args[i])
		}
	}
	if len(none) > 0 {
		return checkFailedf("import --detect: no preset fits %s", strings.Join(none, ", "))
	}
	return nil
}

func printDetection(w io.Writer, d *importers.Detection, path string) {
	read := "read whole"
	if d.Truncated {
		read = fmt.Sprintf("first %d KiB read", importers.DetectBytes>>10)
	}
	fmt.Fprintf(w, "%s: %s, %d columns, %s\n", d.File, d.Format, len(d.Columns), read)
	if d.History {
		fmt.Fprintln(w, "a history.csv as wfm import writes it: interval history already, nothing to import")
		fmt.Fprintf(w, "try: wfm analyze %s, or wfm forecast %s\n", shellQuote(path), shellQuote(path))
		return
	}
	if d.Best != "" {
		m := d.Matches[0]
		fmt.Fprintf(w, "fits preset %s: %d of %d required columns\n", m.Preset, m.Found, m.Required)
		for _, f := range importers.Fields {
			if c, ok := m.Mapped[f]; ok {
				fmt.Fprintf(w, "  %-12s %s\n", f, c)
			}
		}
		t := m.Trial
		fmt.Fprintf(w, "  rows read %d: %d imported, %d excluded, %d rejected\n", t.Rows, t.Imported, t.ExcludedRows(), t.RejectedRows())
		for _, alt := range d.Matches[1:] {
			if alt.Found == alt.Required && alt.Trial != nil && alt.Trial.Imported > 0 {
				fmt.Fprintf(w, "  also fits %s: %d imported, %d rejected\n", alt.Preset, alt.Trial.Imported, alt.Trial.RejectedRows())
			}
		}
		fmt.Fprintf(w, "try: wfm import --preset %s %s\n", m.Preset, shellQuote(path))
		return
	}
	fmt.Fprintln(w, "no preset fits")
	cols := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		cols[i] = strconv.Quote(c)
	}
	fmt.Fprintf(w, "columns: %s\n", strings.Join(cols, ", "))
	for i, m := range d.Matches {
		if i == 3 {
			break
		}
		why := "missing " + strings.Join(m.Missing, ", ")
		if len(m.Missing) == 0 {
			why = "its first rows did not import"
			if m.TrialError != "" {
				why += ": " + m.TrialError
			} else if m.Trial != nil {
				why = fmt.Sprintf("none of the %d rows read imported (%d rejected)", m.Trial.Rows, m.Trial.RejectedRows())
			}
		}
		fmt.Fprintf(w, "  closest: %s, %d of %d required columns; %s\n", m.Preset, m.Found, m.Required, why)
	}
	if d.Suggest != "" {
		fmt.Fprintf(w, "try: wfm import --map %s %s\n", shellQuote(d.Suggest), shellQuote(path))
	} else {
		fmt.Fprintln(w, "no column looks like an arrival time: map one with --map arrival=COLUMN")
	}
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and -_./=,:+
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:+", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
