package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors, wrapped by the errors Import returns.
var (
	ErrUnknownPreset = errors.New("unknown preset")
	ErrMapping       = errors.New("bad mapping") // a Preset or Options that cannot work
	ErrColumns       = errors.New("columns do not match the mapping")
	ErrInterval      = errors.New("bad interval") // not a whole number of seconds dividing an hour
	ErrSpan          = errors.New("history too long")
	// ErrDateOrder: slash dates that read both day first and month first,
	// and no date in the file (or its first MaxPendingRows rows) decides.
	ErrDateOrder = errors.New("day and month order of the dates unknown")
)

// MaxPendingRows bounds the rows held while a file's date order is not
// known: rows are held, not counted, from the first date that reads both
// ways (05/01/2026) until one decides (13/01/2026); past this many rows,
// or 64 MiB of their text, the import stops with ErrDateOrder.
const MaxPendingRows = 1_000_000

// reasonAmbiguous is the internal reason of a row whose date waits for the
// file's date order; it is never counted or reported. reasonInOrder, also
// internal, is a parsing worker's for a row that only reading in file order
// can parse (see errOrderElsewhere).
const (
	reasonAmbiguous = "\x00ambiguous date"
	reasonInOrder   = "\x00date order unknown"
)

// Options controls Import. The zero value of each field is stated beside it.
type Options struct {
	Preset Preset // the mapping; Preset.Map must name the arrival column
	// Interval is the history's interval length; it must divide an hour
	// (1m, 5m, 6m, 10m, 15m, 30m, 60m, ...). Zero: 30m.
	Interval time.Duration
	// Location is the site's time zone: naive times are read in it and
	// interval starts are written in it. Nil: Preset.Timezone, else UTC.
	Location *time.Location
	// Sheet names the workbook sheet to read. Empty: the first.
	Sheet string
	// OpenSpreadsheet reads workbooks. Nil: workbooks fail with
	// ErrSpreadsheet.
	OpenSpreadsheet SpreadsheetOpener
	// OnReject receives every rejected row, in order. An error it returns
	// stops the import. Nil: rejects are only counted.
	OnReject func(Reject) error
	// MaxHandle and MaxWait bound handle and wait times; longer ones are
	// rejected as impossible. Zero: 12h.
	MaxHandle, MaxWait time.Duration
	// MaxRows bounds the dense history's length (intervals from the first
	// to the last day with data × queues and channels); more fails with
	// ErrSpan, naming the rows at either end. Zero: 5,000,000.
	MaxRows int
	// OnContact, when set, receives every imported single-contact row, in
	// file order, as it is counted into the history (aggregated rows are
	// not contacts and are not passed). Nil: contacts are only counted.
	OnContact func(Contact)
	// Split says how an aggregated row longer than Interval is spread over
	// the intervals it covers: SplitEven or SplitProfile (see interval.go).
	// Empty: SplitEven.
	Split string
	// Workers is the number of goroutines parsing delimited text; the
	// result is the same for any number. Zero: GOMAXPROCS.
	Workers int
}

// Contact is one imported single-contact row, as Options.OnContact
// receives it.
type Contact struct {
	Arrival time.Time // the instant it arrived, in Options.Location
	Queue   string
	Channel string
	Outcome Outcome // Answered or Abandoned
	// Handle and Wait are the row's handle and wait times, when
	// HandleKnown and WaitKnown.
	Handle, Wait           time.Duration
	HandleKnown, WaitKnown bool
}

// Reject is one rejected row.
type Reject struct {
	File   string
	Line   int    // first line of the row (row number in a workbook)
	Raw    string // the row's text
	Reason string // the category counted in the summary, e.g. "bad arrival time"
	Detail string // what exactly was wrong, naming the column and value
}

// FileSummary accounts for every data row of one source:
// Rows = Imported + Σ Excluded + Σ Rejected.
type FileSummary struct {
	Name      string         `json:"file"`
	Format    string         `json:"format"`
	Rows      int            `json:"rows"`
	Imported  int            `json:"imported"`
	Offered   int            `json:"offered"` // contacts the imported rows carry (aggregated rows carry their count)
	Answered  int            `json:"answered"`
	Abandoned int            `json:"abandoned"`
	Excluded  map[string]int `json:"excluded"` // by reason
	Rejected  map[string]int `json:"rejected"` // by reason
	Warnings  map[string]int `json:"warnings"` // imported rows with an impossible value in an unused column, by reason

	// Splits: aggregated rows longer than the interval, and how they were spread.
	Splits []SplitGroup `json:"splits,omitempty"`
}

// ExcludedRows is the number of excluded rows.
func (s FileSummary) ExcludedRows() int { return sumCounts(s.Excluded) }

// RejectedRows is the number of rejected rows.
func (s FileSummary) RejectedRows() int { return sumCounts(s.Rejected) }

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Result is what Import read.
type Result struct {
	History  []HistoryRow  // dense, sorted by interval start, queue, channel
	Files    []FileSummary // one per source, in order
	Interval time.Duration
	Location *time.Location
}

// Import reads every source with opts.Preset and aggregates their contacts
// into one interval history. Errors that make a whole file unusable (no
// header, columns that do not match, unreadable bytes) stop the import;
// errors in single rows reject the row. Import streams: memory grows with
// the number of intervals and queues, not with rows.
func Import(ctx context.Context, sources []Source, opts Options) (*Result, error) {
	m, err := compile(opts)
	if err != nil {
		return nil, err
	}
	agg := newAggregator(m.loc, m.iv)
	res := &Result{Interval: m.iv, Location: m.loc}
	for _, src := range sources {
		sum, err := m.importSource(ctx, src, agg)
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, sum)
	}
	maxRows := opts.MaxRows
	if maxRows == 0 {
		maxRows = 5_000_000
	}
	m.splitRows(agg, res.Files)
	if err := agg.checkSpan(maxRows); err != nil {
		return nil, err
	}
	res.History = agg.history()
	m.mergeSplits(agg, res.History)
	return res, nil
}

// mapper is a compiled Options.
type mapper struct {
	opts      Options
	loc       *time.Location
	iv        time.Duration
	mode      string // "contacts" or "aggregated"
	pattern   *regexp.Regexp
	outcomes  map[string]Outcome // upper-cased keys
	outList   []outcomeKey       // the same, when there are few: faster to search than to hash
	channels  map[string]string  // upper-cased keys
	maxHandle time.Duration
	maxWait   time.Duration
	rep       *intervalState // aggregated rows (interval.go)
}

type outcomeKey struct {
	key string
	o   Outcome
}

// outcome looks v up in the outcomes.
func (m *mapper) outcome(v string) (Outcome, bool) {
	if m.outList == nil {
		o, ok := m.outcomes[v]
		return o, ok
	}
	for _, k := range m.outList {
		if k.key == v {
			return k.o, true
		}
	}
	return 0, false
}

func compile(opts Options) (*mapper, error) {
	p := opts.Preset
	m := &mapper{opts: opts, loc: opts.Location, iv: opts.Interval, mode: "contacts",
		maxHandle: opts.MaxHandle, maxWait: opts.MaxWait}
	if m.iv == 0 {
		m.iv = 30 * time.Minute
	}
	if m.iv < time.Second || m.iv%time.Second != 0 || time.Hour%m.iv != 0 {
		return nil, fmt.Errorf("importers: %w %v: want a whole number of seconds dividing an hour, such as 5m, 15m, 30m or 60m", ErrInterval, m.iv)
	}
	if m.maxHandle == 0 {
		m.maxHandle = 12 * time.Hour
	}
	if m.maxWait == 0 {
		m.maxWait = p.MaxWait
	}
	if m.maxWait == 0 {
		m.maxWait = 12 * time.Hour
	}
	if m.loc == nil {
		m.loc = time.UTC
		if p.Timezone != "" {
			loc, err := time.LoadLocation(p.Timezone)
			if err != nil {
				return nil, fmt.Errorf("importers: preset %q: %w: timezone %q: %v", p.Name, ErrMapping, p.Timezone, err)
			}
			m.loc = loc
		}
	}
	where := "mapping"
	if p.Name != "" {
		where = fmt.Sprintf("preset %q", p.Name)
	}
	for f, col := range p.Map {
		if !slices.Contains(Fields, f) {
			return nil, fmt.Errorf("importers: %s: %w: unknown field %q: want one of %s", where, ErrMapping, f, strings.Join(Fields, ", "))
		}
		if strings.TrimSpace(col) == "" {
			return nil, fmt.Errorf("importers: %s: %w: field %q maps to an empty column name", where, ErrMapping, f)
		}
	}
	if p.Map[FieldArrival] == "" {
		return nil, fmt.Errorf("importers: %s: %w: no arrival column; map one, e.g. arrival=start_time", where, ErrMapping)
	}
	if p.Map[FieldCount] != "" {
		m.mode = "aggregated"
		for _, f := range []string{FieldOutcome, FieldHandle, FieldHandleStart, FieldHandleEnd, FieldWait, FieldWaitStart, FieldWaitEnd} {
			if p.Map[f] != "" {
				return nil, fmt.Errorf("importers: %s: %w: %s is for single contacts but count is mapped (aggregated rows); map aht and asa instead", where, ErrMapping, f)
			}
		}
	} else {
		for _, f := range []string{FieldAbandoned, FieldAHT, FieldASA} {
			if p.Map[f] != "" {
				return nil, fmt.Errorf("importers: %s: %w: %s is for aggregated rows; map count too", where, ErrMapping, f)
			}
		}
	}
	if err := checkIntervalOptions(opts, m.mode, where); err != nil {
		return nil, err
	}
	for _, pair := range [][2]string{{FieldHandleStart, FieldHandleEnd}, {FieldWaitStart, FieldWaitEnd}} {
		if (p.Map[pair[0]] == "") != (p.Map[pair[1]] == "") {
			return nil, fmt.Errorf("importers: %s: %w: map both %s and %s", where, ErrMapping, pair[0], pair[1])
		}
	}
	for f, format := range p.Formats {
		switch f {
		case FieldHandle, FieldWait, FieldAHT, FieldASA:
			if _, err := parseDuration(format, "0"); err != nil && !strings.Contains(err.Error(), "is not") {
				return nil, fmt.Errorf("importers: %s: %w: formats.%s: %v", where, ErrMapping, f, err)
			}
		}
	}
	if p.Pattern != "" {
		re, err := regexp.Compile(p.Pattern)
		if err != nil {
			return nil, fmt.Errorf("importers: %s: %w: pattern: %v", where, ErrMapping, err)
		}
		m.pattern = re
	}
	m.outcomes = map[string]Outcome{}
	for k, v := range p.Outcomes {
		m.outcomes[strings.ToUpper(strings.TrimSpace(k))] = v
	}
	if len(m.outcomes) == 0 {
		// With no outcome values given, an outcome column holds wfm's own
		// names, as history.csv and the rejects file spell them.
		for _, o := range []Outcome{Answered, Abandoned, Excluded} {
			m.outcomes[strings.ToUpper(o.String())] = o
		}
	}
	if len(m.outcomes) <= 16 {
		for k, v := range m.outcomes {
			m.outList = append(m.outList, outcomeKey{k, v})
		}
	}
	m.channels = map[string]string{}
	for k, v := range p.Channels {
		m.channels[strings.ToUpper(strings.TrimSpace(k))] = v
	}
	return m, nil
}

// fileState is what a mapper needs while reading one source.
type fileState struct {
	col       [numFields]int    // column index by fieldIndex; -1 when not mapped or optional and missing
	format    [numFields]string // Preset.Formats by fieldIndex
	nonneg    []int
	nonnegN   []string
	arrival   timeParser
	date      timeParser
	spanStart timeParser
	spanEnd   timeParser
	queue     string
	channel   string
	lastQV    string
	lastCV    string
	lastQC    int
	order     dateOrder        // shared by the time parsers
	sums      [numFields][]int // columns summed for a field mapped as "A+B+C"
	exclude   []excludeCol
	grid      grid     // interval starts
	qcs       *qcTable // numbers the rows' queues and channels
}

// clone returns a copy of fs for another parsing worker: its own caches,
// date order and grid, numbering queues in qcs.
func (fs *fileState) clone(qcs *qcTable) *fileState {
	c := *fs
	c.order.elsewhere = true
	c.arrival.order, c.date.order, c.spanStart.order, c.spanEnd.order = &c.order, &c.order, &c.order, &c.order
	c.qcs, c.lastQC = qcs, -1
	return &c
}

// parsedRow is an imported row as parsing leaves it, to be counted into
// the history (aggregator.add) in file order.
type parsedRow struct {
	line     int
	start    int64 // interval start, Unix seconds
	unix     int64 // arrival instant, when Options.OnContact is set
	handle   time.Duration
	wait     time.Duration
	qc       int32 // in the fileState's qcTable
	n, ab    int   // contacts and abandoned: 1 and 0 or 1 for a single contact
	outcome  Outcome
	hok, wok bool
	ext      *heldRow // an aggregated row, held until its file ends (interval.go); nil for a contact
}

type excludeCol struct {
	col    int // -1: the column is missing (every value is "")
	values map[string]bool
	not    bool
	reason string
}

func (m *mapper) importSource(ctx context.Context, src Source, agg *aggregator) (FileSummary, error) {
	sum := FileSummary{Name: src.Name, Excluded: map[string]int{}, Rejected: map[string]int{}, Warnings: map[string]int{}}
	rr, kind, closeFn, err := openRecords(src, &m.opts)
	if err != nil {
		return sum, fmt.Errorf("importers: %s: %w", src.Name, err)
	}
	defer closeFn()
	sum.Format = kind
	agg.file = src.Name
	if jr, ok := rr.(*jsonReader); ok {
		jr.addColumns(m.jsonColumns())
	}
	fs, err := m.resolve(src.Name, rr.header(), kind == KindJSONL || kind == KindJSON)
	if err != nil {
		return sum, err
	}
	fs.grid, fs.qcs = grid{loc: m.loc, iv: agg.iv}, &agg.qcTable
	if err := m.startAggregated(src.Name, rr.header()); err != nil {
		return sum, err
	}
	rs := &rowSink{m: m, fs: fs, agg: agg, sum: &sum, name: src.Name,
		hdrLen: len(rr.header()), checkWidth: kind != KindXLSX && kind != KindJSONL && kind != KindJSON}
	var rec record
	dr, chunked := rr.(*delimReader)
	inOrder := false
	if chunked {
		last, again, err := m.importChunks(ctx, dr, rs)
		if err != nil {
			return sum, err
		}
		rec.line, inOrder = last, again
	}
	for n := 0; ; n++ {
		if n&0xffff == 0 && ctx.Err() != nil {
			return sum, ctx.Err()
		}
		if inOrder && fs.order.order != orderUnknown && len(rs.pending) == 0 {
			// row by row found the date order: back to chunks
			last, again, err := m.importChunks(ctx, dr, rs)
			if err != nil {
				return sum, err
			}
			if last > 0 {
				rec.line = last
			}
			inOrder = again
		}
		err := rr.next(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			return sum, fmt.Errorf("importers: %s:%d: %w", src.Name, rec.line+1, err)
		}
		if err := rs.take(&rec); err != nil {
			return sum, err
		}
	}
	if err := rs.flush(); err != nil {
		return sum, err
	}
	m.endAggregated(agg)
	return sum, nil
}

// rowSink counts one source's records in order, holding them while the
// file's date order is not known (see MaxPendingRows).
type rowSink struct {
	m                *mapper
	fs               *fileState
	agg              *aggregator
	sum              *FileSummary
	name             string
	hdrLen           int
	checkWidth       bool
	pending          []record
	pendingBytes     int
	firstAmbiguous   string
	firstAmbiguousAt int
	row              parsedRow
}

// take counts rec, or holds it while the date order is unknown.
func (rs *rowSink) take(rec *record) error {
	if len(rs.pending) == 0 {
		held, err := rs.process(rec)
		if err != nil || !held {
			return err
		}
		rs.hold(rec)
		v, _ := get(rs.fs, rec.fields, FieldArrival)
		rs.firstAmbiguous, rs.firstAmbiguousAt = v, rec.line
		return nil
	}
	rs.hold(rec)
	if rec.err == nil && rs.m.probeOrder(rs.fs, rec.fields, rec.line) {
		return rs.replay()
	}
	if len(rs.pending) > MaxPendingRows || rs.pendingBytes > 64<<20 {
		return rs.orderError(fmt.Sprintf("in the %d rows that follow it", len(rs.pending)))
	}
	return nil
}

func (rs *rowSink) hold(rec *record) {
	r := *rec
	r.fields = append([]string(nil), rec.fields...)
	rs.pending = append(rs.pending, r)
	rs.pendingBytes += len(r.raw) + 16*len(r.fields)
}

// replay counts the held records once the order is known.
func (rs *rowSink) replay() error {
	p := rs.pending
	rs.pending, rs.pendingBytes = nil, 0
	for i := range p {
		held, err := rs.process(&p[i])
		if err != nil {
			return err
		}
		if held {
			return fmt.Errorf("importers: %s:%d: date order still unknown after it was found", rs.name, p[i].line)
		}
	}
	return nil
}

// flush is called at the end of the source.
func (rs *rowSink) flush() error {
	if len(rs.pending) > 0 {
		return rs.orderError("anywhere after it in the file")
	}
	return nil
}

func (rs *rowSink) orderError(where string) error {
	return fmt.Errorf("importers: %s:%d: %w: %q reads as day first or month first, and no date %s has a number over 12 to tell which",
		rs.name, rs.firstAmbiguousAt, ErrDateOrder, rs.firstAmbiguous, where)
}

// process counts one record. It reports held when the record's date waits
// for the file's date order (nothing was counted).
func (rs *rowSink) process(rec *record) (held bool, err error) {
	m := rs.m
	reason, detail := m.parseRecord(rs.fs, rec, rs.checkWidth, rs.hdrLen, rs.sum, &rs.row)
	if reason == reasonAmbiguous {
		return true, nil
	}
	if !account(rs.sum, reason) {
		if reason == "" {
			rs.agg.add(m, &rs.row, int(rs.row.qc))
		}
		return false, nil
	}
	if m.opts.OnReject != nil {
		if err := m.opts.OnReject(Reject{File: rs.name, Line: rec.line, Raw: rec.raw, Reason: reason, Detail: detail}); err != nil {
			return false, err
		}
	}
	return false, nil
}

// parseRecord reads one record of a file: it returns the reason it is
// rejected, "excluded:REASON", "" with row filled when it is imported,
// reasonAmbiguous, or in a parsing worker reasonInOrder. Counts that do not depend on the order of rows
// (imported, offered, warnings) go to sum; nothing goes into the history.
func (m *mapper) parseRecord(fs *fileState, rec *record, checkWidth bool, hdrLen int, sum *FileSummary, row *parsedRow) (reason, detail string) {
	fs.order.cur = rec.line
	row.line = rec.line
	switch {
	case rec.err != nil:
		return "unreadable row", rec.err.Error()
	case checkWidth && len(rec.fields) != hdrLen:
		return "wrong number of fields", fmt.Sprintf("%d fields, header has %d", len(rec.fields), hdrLen)
	case m.mode == "aggregated":
		return m.aggregated(fs, rec.fields, sum, row)
	default:
		return m.contact(fs, rec.fields, sum, row)
	}
}

// account counts a parsed row (not a held one) in sum by its reason, and
// reports whether it is rejected.
func account(sum *FileSummary, reason string) (rejected bool) {
	sum.Rows++
	if reason == "" {
		return false
	}
	if r, ok := strings.CutPrefix(reason, "excluded:"); ok {
		sum.Excluded[r]++
		return false
	}
	sum.Rejected[reason]++
	return true
}

// add counts an imported row into its interval, calling Options.OnContact
// for a single contact.
func (a *aggregator) add(m *mapper, r *parsedRow, qc int) {
	if r.ext != nil {
		m.holdAggregated(r.ext, qc)
		return
	}
	a.line = r.line
	ac := a.at(qc, r.start)
	ans := r.n - r.ab
	ac.offered += r.n
	ac.answered += ans
	ac.abandoned += r.ab
	if m.opts.OnContact != nil && m.mode != "aggregated" {
		q := a.qcs[qc]
		m.opts.OnContact(Contact{Arrival: time.Unix(r.unix, 0).In(m.loc), Queue: q.queue, Channel: q.channel, Outcome: r.outcome,
			Handle: r.handle, Wait: r.wait, HandleKnown: r.hok, WaitKnown: r.wok})
	}
	// A contact's handle and wait count when it was answered; an
	// aggregated row's mean times weigh by its answered contacts (×1 is
	// exact, and adding ×0 would add 0).
	if ans > 0 {
		if r.hok {
			ac.handle += r.handle.Seconds() * float64(ans)
			ac.handleN += ans
		}
		if r.wok {
			ac.wait += r.wait.Seconds() * float64(ans)
			ac.waitN += ans
		}
	}
}

// probeOrder looks for a slash date that decides the file's date order in
// a row's time columns read with the auto format, and reports whether one
// did.
func (m *mapper) probeOrder(fs *fileState, fields []string, line int) bool {
	fs.order.cur = line
	for _, f := range []string{FieldArrival, FieldDate, FieldHandleStart, FieldHandleEnd, FieldWaitStart, FieldWaitEnd} {
		if format := fs.format[fieldIndex(f)]; format != "" && format != FormatAuto {
			continue
		}
		if v, ok := get(fs, fields, f); ok && fs.order.decide(v) {
			return true
		}
	}
	return false
}

// jsonColumns lists the JSON paths a JSON record must keep although no
// record in the first 64 KiB has them: the columns of optional fields
// (each part of a sum) and of exclusion rules.
func (m *mapper) jsonColumns() []string {
	p := m.opts.Preset
	var cols []string
	for _, f := range p.Optional {
		if c, ok := p.Map[f]; ok {
			for _, part := range strings.Split(c, "+") {
				cols = append(cols, strings.TrimSpace(part))
			}
		}
	}
	for _, e := range p.Exclude {
		cols = append(cols, e.Column)
	}
	return cols
}

// columnIndex is the index of column col in hdr: the column named exactly
// so, else the first equal to it ignoring case and col's surrounding
// spaces; -1 when none is.
func columnIndex(hdr []string, col string) int {
	for i, h := range hdr {
		if h == col {
			return i
		}
	}
	for i, h := range hdr {
		if strings.EqualFold(h, strings.TrimSpace(col)) {
			return i
		}
	}
	return -1
}

// resolve finds the mapped columns in a header: exactly, else ignoring case.
func (m *mapper) resolve(name string, hdr []string, jsonl bool) (*fileState, error) {
	p := m.opts.Preset
	fs := &fileState{lastQC: -1,
		arrival:   timeParser{format: p.Formats[FieldArrival]},
		date:      timeParser{format: p.Formats[FieldDate]},
		spanStart: timeParser{format: p.Formats[FieldArrival]},
		spanEnd:   timeParser{format: p.Formats[FieldArrival]},
	}
	fs.arrival.order, fs.date.order, fs.spanStart.order, fs.spanEnd.order = &fs.order, &fs.order, &fs.order, &fs.order
	find := func(col string) int { return columnIndex(hdr, col) }
	for i, f := range Fields {
		fs.col[i] = -1
		fs.format[i] = p.Formats[f]
	}
	var missing []string
	for _, f := range Fields {
		col, ok := p.Map[f]
		if !ok {
			continue
		}
		i := find(col)
		if i < 0 && strings.Contains(col, "+") {
			var parts []int
			for _, c := range strings.Split(col, "+") {
				if j := find(strings.TrimSpace(c)); j >= 0 {
					parts = append(parts, j)
				}
			}
			if len(parts) > 0 && (len(parts) == len(strings.Split(col, "+")) || slices.Contains(p.Optional, f)) {
				fs.sums[fieldIndex(f)] = parts
				i = parts[0]
			}
		}
		if i < 0 {
			if !slices.Contains(p.Optional, f) {
				missing = append(missing, fmt.Sprintf("%q (%s)", col, f))
			}
			continue
		}
		fs.col[fieldIndex(f)] = i
	}
	if len(missing) > 0 {
		what := "the mapping"
		if p.Name != "" {
			what = fmt.Sprintf("preset %q", p.Name)
		}
		found := make([]string, len(hdr))
		for i, h := range hdr {
			found[i] = strconv.Quote(h)
		}
		if jsonl {
			return nil, fmt.Errorf("importers: %s: %w: JSON Lines: no object in the first 64 KiB has key %s; keys found %s; %s expects %s",
				name, ErrColumns, strings.Join(missing, ", "), strings.Join(found, ", "), what, p.MappingString())
		}
		return nil, fmt.Errorf("importers: %s:1: %w: missing column %s; found %s; %s expects %s",
			name, ErrColumns, strings.Join(missing, ", "), strings.Join(found, ", "), what, p.MappingString())
	}
	for _, c := range p.NonNegative {
		if i := find(c); i >= 0 {
			fs.nonneg = append(fs.nonneg, i)
			fs.nonnegN = append(fs.nonnegN, c)
		}
	}
	for _, e := range p.Exclude {
		ec := excludeCol{col: find(e.Column), values: map[string]bool{}, not: e.Not, reason: e.Reason}
		for _, v := range e.Values {
			ec.values[strings.ToUpper(strings.TrimSpace(v))] = true
		}
		fs.exclude = append(fs.exclude, ec)
	}
	fs.queue, fs.channel = p.Queue, p.Channel
	if fs.queue == "" {
		fs.queue = "main"
	}
	if fs.channel == "" {
		fs.channel = "voice"
	}
	return fs, nil
}

// numFields is len(Fields).
const numFields = 15

// fieldIndex is f's position in Fields, or -1.
func fieldIndex(f string) int {
	switch f {
	case FieldArrival:
		return 0
	case FieldDate:
		return 1
	case FieldOutcome:
		return 2
	case FieldHandle:
		return 3
	case FieldHandleStart:
		return 4
	case FieldHandleEnd:
		return 5
	case FieldWait:
		return 6
	case FieldWaitStart:
		return 7
	case FieldWaitEnd:
		return 8
	case FieldQueue:
		return 9
	case FieldChannel:
		return 10
	case FieldCount:
		return 11
	case FieldAbandoned:
		return 12
	case FieldAHT:
		return 13
	case FieldASA:
		return 14
	}
	return -1
}

func (fs *fileState) has(f string) bool {
	i := fieldIndex(f)
	return i >= 0 && fs.col[i] >= 0
}

// get returns field f of a row, trimmed, and whether f's column is present.
func get(fs *fileState, fields []string, f string) (string, bool) {
	fi := fieldIndex(f)
	if fi < 0 {
		return "", false
	}
	i := fs.col[fi]
	if i < 0 {
		return "", false
	}
	if i >= len(fields) {
		return "", true
	}
	return trimSpace(fields[i]), true
}

// trimSpace is strings.TrimSpace, without a call for the usual value that
// starts and ends with a printable ASCII character.
func trimSpace(v string) string {
	if n := len(v); n > 0 && v[0] > ' ' && v[0] < 0x80 && v[n-1] > ' ' && v[n-1] < 0x80 {
		return v
	}
	return strings.TrimSpace(v)
}

// arrival reads the row's arrival (or interval start) as a civil time.
// Arrivals are taken from minYear through maxYear, in the site's time
// zone: RFC 3339 writes four-digit years, and a forecast up to two years
// past the last contact (the longest horizon) must still have one. Before
// 1900 the zone database's offsets are local mean times such as +02:20:40,
// off every interval grid.
const (
	minYear = 1900
	maxYear = 9997
)

// arrival reads a row's arrival time, refusing one outside minYear to
// maxYear.
func (m *mapper) arrival(fs *fileState, fields []string) (civil, string, string) {
	c, reason, detail := m.arrival1(fs, fields)
	if reason != "" {
		return c, reason, detail
	}
	y := c.y
	if !c.aware && y > minYear && y < maxYear && fs.grid.constDay(c) {
		// the instant lies on the same local date, in year y
	} else if c.aware || (y >= minYear && y <= maxYear) {
		u, _ := m.instant(c)
		y = time.Unix(u, 0).In(m.loc).Year()
	}
	if y < minYear || y > maxYear {
		v, _ := get(fs, fields, FieldArrival)
		return civil{}, "arrival year out of range", fmt.Sprintf("column %q: %q is in year %d in %s; want years %d to %d", m.opts.Preset.Map[FieldArrival], v, y, m.loc, minYear, maxYear)
	}
	return c, "", ""
}

func (m *mapper) arrival1(fs *fileState, fields []string) (civil, string, string) {
	v, _ := get(fs, fields, FieldArrival)
	if v == "" {
		return civil{}, "missing arrival time", fmt.Sprintf("column %q: empty", m.opts.Preset.Map[FieldArrival])
	}
	if m.pattern != nil {
		c, err := m.patternTime(v)
		if err != nil {
			return civil{}, "bad arrival time", fmt.Sprintf("column %q: %v", m.opts.Preset.Map[FieldArrival], err)
		}
		return c, "", ""
	}
	if fs.has(FieldDate) {
		dv, _ := get(fs, fields, FieldDate)
		if dv == "" {
			return civil{}, "missing arrival time", fmt.Sprintf("column %q: empty", m.opts.Preset.Map[FieldDate])
		}
		c, err := fs.date.parseDate(dv)
		if err == errAmbiguousDate {
			return civil{}, reasonAmbiguous, ""
		}
		if err == errOrderElsewhere {
			return civil{}, reasonInOrder, ""
		}
		if err != nil {
			return civil{}, "bad arrival date", fmt.Sprintf("column %q: %v", m.opts.Preset.Map[FieldDate], err)
		}
		sec, err := parseTimeOfDay(fs.format[0], v)
		if err != nil {
			return civil{}, "bad arrival time", fmt.Sprintf("column %q: %v", m.opts.Preset.Map[FieldArrival], err)
		}
		c.sec = sec
		return c, "", ""
	}
	c, err := fs.arrival.parse(v)
	if err == errAmbiguousDate {
		return civil{}, reasonAmbiguous, ""
	}
	if err == errOrderElsewhere {
		return civil{}, reasonInOrder, ""
	}
	if err != nil {
		return civil{}, "bad arrival time", fmt.Sprintf("column %q: %v", m.opts.Preset.Map[FieldArrival], err)
	}
	return c, "", ""
}

func (m *mapper) patternTime(v string) (civil, error) {
	sub := m.pattern.FindStringSubmatch(v)
	if sub == nil {
		return civil{}, fmt.Errorf("%q does not match pattern %s", v, m.pattern)
	}
	var c civil
	idx := -1
	for i, name := range m.pattern.SubexpNames() {
		if name == "" || i >= len(sub) {
			continue
		}
		n, err := strconv.Atoi(sub[i])
		if err != nil {
			return civil{}, fmt.Errorf("%q: group %s: %q is not a number", v, name, sub[i])
		}
		switch name {
		case "year":
			c.y = n
		case "month":
			c.m = n
		case "day":
			c.d = n
		case "hour":
			c.sec += n * 3600
		case "minute":
			c.sec += n * 60
		case "second":
			c.sec += n
		case "index":
			idx = n
		}
	}
	if c.m < 1 || c.m > 12 || c.d < 1 || c.d > daysIn(c.y, c.m) {
		return civil{}, fmt.Errorf("%q: no such date %04d-%02d-%02d", v, c.y, c.m, c.d)
	}
	if idx >= 0 {
		if idx < 1 {
			return civil{}, fmt.Errorf("%q: interval index %d: want 1 or more", v, idx)
		}
		c.sec += int((m.opts.Preset.PatternStart + time.Duration(idx-1)*m.opts.Preset.PatternStep) / time.Second)
	}
	if c.sec >= 86400 {
		return civil{}, fmt.Errorf("%q: time of day %v is past midnight", v, time.Duration(c.sec)*time.Second)
	}
	return c, nil
}

// daysIn is the number of days of month m (1 to 12) of year y in the
// proleptic Gregorian calendar, as package time counts them.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// bucket sets the row's queue and channel and interval start from c, and
// counts the grid's note (a local time that does not exist or repeats) as
// a warning.
func (m *mapper) bucket(fs *fileState, fields []string, c civil, sum *FileSummary, row *parsedRow) {
	row.qc = int32(m.queueChannel(fs, fields))
	row.start = fs.grid.start(c)
	if fs.grid.note != "" {
		sum.Warnings[fs.grid.note]++
	}
	if m.opts.OnContact != nil {
		row.unix, _ = m.instant(c)
	}
}

// queueChannel returns the row's queue-and-channel index.
func (m *mapper) queueChannel(fs *fileState, fields []string) int {
	agg := fs.qcs
	q, qok := get(fs, fields, FieldQueue)
	if !qok || q == "" {
		q = fs.queue
	}
	c, cok := get(fs, fields, FieldChannel)
	if !cok || c == "" {
		c = fs.channel
	} else if fs.lastQC < 0 || c != fs.lastCV {
		if r, ok := m.channels[strings.ToUpper(c)]; ok {
			c = r
		} else {
			c = strings.ToLower(c)
		}
	} else {
		c = agg.qcs[fs.lastQC].channel
	}
	if fs.lastQC >= 0 && q == fs.lastQV && agg.qcs[fs.lastQC].channel == c {
		return fs.lastQC
	}
	i := agg.qcIndex(q, c)
	fs.lastQV, fs.lastQC = q, i
	if cok {
		fs.lastCV, _ = get(fs, fields, FieldChannel)
	}
	return i
}

// duration reads a duration field, or end − start of a pair of time fields.
// ok is false when the value is empty or not mapped.
func (m *mapper) duration(fs *fileState, fields []string, f, startF, endF string, max time.Duration) (d time.Duration, ok bool, reason, detail string) {
	p := &m.opts.Preset
	if parts := fs.sums[fieldIndex(f)]; parts != nil {
		var total time.Duration
		any := false
		for _, i := range parts {
			if i >= len(fields) {
				continue
			}
			v := trimSpace(fields[i])
			if v == "" {
				continue
			}
			d, err := parseDuration(fs.format[fieldIndex(f)], v)
			if err != nil {
				return 0, false, "bad " + f + " time", fmt.Sprintf("column %q: %v", m.opts.Preset.Map[f], err)
			}
			if d < 0 {
				return m.checkDuration(d, f, f, v, max)
			}
			total += d
			any = true
		}
		if !any {
			return 0, false, "", ""
		}
		if total <= max {
			return total, true, "", ""
		}
		return m.checkDuration(total, f, f, total.String(), max)
	}
	if v, mapped := get(fs, fields, f); mapped {
		if v == "" {
			return 0, false, "", ""
		}
		d, err := parseDuration(fs.format[fieldIndex(f)], v)
		if err != nil {
			return 0, false, "bad " + f + " time", fmt.Sprintf("column %q: %v", p.Map[f], err)
		}
		return m.checkDuration(d, f, f, v, max)
	}
	sv, mapped := get(fs, fields, startF)
	if !mapped {
		return 0, false, "", ""
	}
	ev, _ := get(fs, fields, endF)
	if sv == "" || ev == "" {
		return 0, false, "", ""
	}
	if fs.has(FieldDate) {
		s, err1 := parseTimeOfDay(p.Formats[startF], sv)
		e, err2 := parseTimeOfDay(p.Formats[endF], ev)
		if err1 != nil || err2 != nil {
			return 0, false, "bad " + f + " time", fmt.Sprintf("columns %q, %q: %q to %q are not times of day", p.Map[startF], p.Map[endF], sv, ev)
		}
		if e < s {
			e += 86400 // ended after midnight
		}
		return m.checkDuration(time.Duration(e-s)*time.Second, f, endF, ev, max)
	}
	s, err1 := fs.spanStart.parse(sv)
	e, err2 := fs.spanEnd.parse(ev)
	if err1 == errOrderElsewhere || err2 == errOrderElsewhere {
		return 0, false, reasonInOrder, ""
	}
	if err1 == errAmbiguousDate || err2 == errAmbiguousDate {
		return 0, false, reasonAmbiguous, ""
	}
	if err1 != nil || err2 != nil {
		return 0, false, "bad " + f + " time", fmt.Sprintf("columns %q, %q: %q to %q are not date-times", p.Map[startF], p.Map[endF], sv, ev)
	}
	us, _ := m.instant(s)
	ue, _ := m.instant(e)
	if sec := ue - us; sec > maxDurationSeconds || sec < -maxDurationSeconds {
		return 0, false, "bad " + f + " time", fmt.Sprintf("columns %q, %q: %q to %q is out of range: at most %g seconds (about 31 years)", p.Map[startF], p.Map[endF], sv, ev, float64(maxDurationSeconds))
	}
	return m.checkDuration(time.Duration(ue-us)*time.Second, f, endF, ev, max)
}

func (m *mapper) instant(c civil) (int64, int) {
	if c.aware {
		_, off := time.Unix(c.unix, 0).In(m.loc).Zone()
		return c.unix, off
	}
	t := time.Date(c.y, time.Month(c.m), c.d, 0, 0, c.sec, 0, m.loc)
	_, off := t.Zone()
	return t.Unix(), off
}

// checkDuration refuses a negative d or one over max, naming field f's
// time and the column colField maps to.
func (m *mapper) checkDuration(d time.Duration, f, colField, v string, max time.Duration) (time.Duration, bool, string, string) {
	if d >= 0 && d <= max {
		return d, true, "", ""
	}
	name, col := f+" time", m.opts.Preset.Map[colField]
	if d < 0 {
		return 0, false, "negative " + name, fmt.Sprintf("column %q: %q is negative", col, v)
	}
	if d > max {
		return 0, false, name + " over " + fmtDur(max), fmt.Sprintf("column %q: %q is %v, more than %v", col, v, d, max)
	}
	return d, true, "", ""
}

func fmtDur(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	return s
}

// contact handles one single-contact row. It returns a reject reason, or
// "excluded:REASON", or "" when the row was imported.
func (m *mapper) contact(fs *fileState, fields []string, sum *FileSummary, row *parsedRow) (string, string) {
	for _, e := range fs.exclude {
		v := ""
		if e.col >= 0 && e.col < len(fields) {
			v = strings.ToUpper(strings.TrimSpace(fields[e.col]))
		}
		if e.values[v] != e.not {
			return "excluded:" + e.reason, ""
		}
	}
	outcome := Answered
	if v, ok := get(fs, fields, FieldOutcome); ok {
		o, found := m.outcome(v)
		if !found {
			o, found = m.outcome(strings.ToUpper(v))
		}
		if !found && v != "" {
			o, found = m.outcome("*")
		}
		if !found {
			keys := make([]string, 0, len(m.outcomes))
			for k := range m.outcomes {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return "unknown outcome", fmt.Sprintf("column %q: %q is not one of %s", m.opts.Preset.Map[FieldOutcome], v, strings.Join(keys, ", "))
		}
		outcome = o
		if o == Excluded {
			m.warn(fs, fields, sum)
			return "excluded:" + strings.ToLower(v), ""
		}
	}
	c, reason, detail := m.arrival(fs, fields)
	if reason != "" {
		return reason, detail
	}
	handle, hok, reason, detail := m.duration(fs, fields, FieldHandle, FieldHandleStart, FieldHandleEnd, m.maxHandle)
	if reason != "" {
		return reason, detail
	}
	wait, wok, reason, detail := m.duration(fs, fields, FieldWait, FieldWaitStart, FieldWaitEnd, m.maxWait)
	if reason != "" {
		return reason, detail
	}
	m.bucket(fs, fields, c, sum, row)
	row.n, row.ab, row.outcome = 1, 0, outcome
	row.handle, row.wait, row.hok, row.wok = handle, wait, hok, wok
	sum.Imported++
	sum.Offered++
	if outcome == Answered {
		sum.Answered++
	} else {
		row.ab = 1
		sum.Abandoned++
	}
	m.warn(fs, fields, sum)
	return "", ""
}

// warn counts negative values in Preset.NonNegative columns of imported
// and excluded rows.
func (m *mapper) warn(fs *fileState, fields []string, sum *FileSummary) {
	for k, i := range fs.nonneg {
		if i < len(fields) {
			v := trimSpace(fields[i])
			if strings.HasPrefix(v, "-") {
				if d, err := parseDuration(FormatAuto, v); err == nil && d < 0 {
					sum.Warnings["negative "+fs.nonnegN[k]+" (kept)"]++
				}
			}
		}
	}
}
