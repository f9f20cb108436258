package importers

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Aggregated rows (interval reports) are read here: each row's count,
// abandoned, AHT and ASA, and its length, which may be coarser than the
// import's interval. See doc.go, "Interval reports".

// Split methods for an aggregated row longer than the import's interval
// (Options.Split).
const (
	// SplitEven spreads the row's contacts over the intervals it covers in
	// proportion to the time it overlaps each.
	SplitEven = "even"
	// SplitProfile spreads them in proportion to the contacts offered in
	// the finer data of the same queue and channel at the same weekday and
	// time of day (all weeks, every source of the import), times the
	// overlap; where the finer data has no contact at any of those times,
	// the row is split evenly and the summary says so.
	SplitProfile = "profile"
)

// FormatHHMM reads a time of day written as an integer hour×100+minute,
// such as 800 for 08:00 or 1430 for 14:30: Avaya CMS's starttime.
const FormatHHMM = "hhmm"

// parseHHMM reads FormatHHMM.
func parseHHMM(s string) (int, error) {
	n, ok := atoi(strings.TrimSpace(s))
	if !ok || n < 0 || n%100 > 59 || n/100 > 23 {
		return 0, fmt.Errorf("%q is not a time of day as hhmm, such as 800 or 1430", s)
	}
	return n/100*3600 + n%100*60, nil
}

// SplitGroup says how a set of a file's aggregated rows of one length
// were spread over the import's intervals.
type SplitGroup struct {
	RowLength time.Duration `json:"-"`
	Method    string        `json:"method"` // SplitEven, or SplitProfile, or SplitEven + " (no finer rows at those times)"
	Rows      int           `json:"rows"`
	Lines     string        `json:"lines"` // line ranges, e.g. "2-25,31"
}

// MarshalJSON writes the group with its row length in minutes.
func (g SplitGroup) MarshalJSON() ([]byte, error) {
	type plain SplitGroup
	return json.Marshal(struct {
		RowLengthMinutes int64 `json:"row_length_minutes"`
		plain
	}{int64(g.RowLength / time.Minute), plain(g)})
}

// heldRow is an aggregated row read but not yet counted: its length is
// known only at the end of its file.
type heldRow struct {
	line    int
	qc      int32
	file    int32 // index of the source in the import
	start   int64 // the row's own start, Unix seconds
	wall    int64 // its local wall-clock time, as Unix seconds of that clock read as UTC
	length  int64 // wall-clock seconds; 0 when the file does not say
	day     int32 // its local date, as days from 1970-01-01, for inferring lengths
	n, ab   int32 // at most maxRowCount
	handleN int32 // contacts handle is summed over
	waitN   int32
	handle  float64 // seconds summed over handleN answered contacts
	wait    float64
}

// rowChunks holds rows in blocks, so that holding many never copies
// them.
type rowChunks struct {
	blocks [][]heldRow
	n      int
}

func (c *rowChunks) add(r heldRow) {
	if len(c.blocks) == 0 || len(c.blocks[len(c.blocks)-1]) == cap(c.blocks[len(c.blocks)-1]) {
		c.blocks = append(c.blocks, make([]heldRow, 0, 4096))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, r)
	c.n++
}

func (c *rowChunks) each(f func(*heldRow)) {
	for _, b := range c.blocks {
		for i := range b {
			f(&b[i])
		}
	}
}

func (c *rowChunks) reset() { c.blocks, c.n = nil, 0 }

// fracAcc accumulates the parts of split rows in one interval.
type fracAcc struct {
	offered, answered, abandoned float64
	handle, handleN, wait, waitN float64
}

// intervalState is what a mapper keeps about aggregated rows across an
// import: the rows of the current file and the coarse rows of all files.
type intervalState struct {
	file      int   // index of the current source
	lengthCol int   // column of Preset.LengthColumn in the current file, or -1
	totalsCol []int // by totalsFields: column of the count a total is over; -1 the row's answered
	held      rowChunks
	coarse    rowChunks
	parts     map[bucketKey]*fracAcc
	names     []string // by source, for ErrSpan's rows
}

// totalsFields are the fields Preset.Totals may name.
var totalsFields = []string{FieldAHT, FieldASA}

// startAggregated is called when an aggregated source's header is known.
func (m *mapper) startAggregated(name string, hdr []string) error {
	p := m.opts.Preset
	if m.mode != "aggregated" {
		return nil
	}
	st := m.rep
	if st == nil {
		st = &intervalState{parts: map[bucketKey]*fracAcc{}, file: -1}
		m.rep = st
	}
	st.file++
	st.names = append(st.names, name)
	st.held.reset()
	find := func(col string) int { return columnIndex(hdr, col) }
	st.lengthCol = -1
	if p.LengthColumn != "" {
		if st.lengthCol = find(p.LengthColumn); st.lengthCol < 0 {
			return fmt.Errorf("importers: %s:1: %w: missing column %q (the rows' length in minutes) of preset %q", name, ErrColumns, p.LengthColumn, p.Name)
		}
	}
	st.totalsCol = []int{-1, -1}
	for i, f := range totalsFields {
		over, ok := p.Totals[f]
		if !ok || over == "" {
			continue
		}
		if st.totalsCol[i] = find(over); st.totalsCol[i] < 0 {
			return fmt.Errorf("importers: %s:1: %w: missing column %q (the count %s's total is over) of preset %q", name, ErrColumns, over, f, p.Name)
		}
	}
	return nil
}

// aggregated reads one aggregated row into row.ext; aggregator.add holds
// it until the end of its file (endAggregated), when its length is known.
// It may run in a parsing worker: it writes nothing but row and sum. It
// returns a reject reason and detail, or "" when the row was imported.
func (m *mapper) aggregated(fs *fileState, fields []string, sum *FileSummary, row *parsedRow) (string, string) {
	p := m.opts.Preset
	st := m.rep
	count := func(f string) (int, bool, string, string) {
		cols := fs.sums[fieldIndex(f)]
		if cols == nil {
			if i := fs.col[fieldIndex(f)]; i >= 0 {
				cols = []int{i}
			}
		}
		total, any := 0, false
		for _, i := range cols {
			v := ""
			if i < len(fields) {
				v = strings.TrimSpace(fields[i])
			}
			if v == "" {
				continue
			}
			n, isInt := atoi(v)
			if !isInt {
				x, err := strconv.ParseFloat(v, 64)
				if err != nil || x != float64(int64(x)) || x > 1e12 || x < -1e12 {
					return 0, false, "bad " + f, fmt.Sprintf("column %q: %q is not a whole number", p.Map[f], v)
				}
				n = int(x)
			}
			if n < 0 {
				return 0, false, "negative " + f, fmt.Sprintf("column %q: %q is negative", p.Map[f], v)
			}
			if n > maxRowCount || total+n > maxRowCount {
				return 0, false, f + " over " + strconv.Itoa(maxRowCount), fmt.Sprintf("column %q: %q is more than %d contacts in one row", p.Map[f], v, maxRowCount)
			}
			total += n
			any = true
		}
		return total, any, "", ""
	}
	n, ok, reason, detail := count(FieldCount)
	if reason != "" {
		return reason, detail
	}
	if !ok {
		return "missing count", fmt.Sprintf("column %q: empty", p.Map[FieldCount])
	}
	ab, _, reason, detail := count(FieldAbandoned)
	if reason != "" {
		return reason, detail
	}
	if ab > n {
		return "abandoned over count", fmt.Sprintf("column %q: %d abandoned of %d", p.Map[FieldAbandoned], ab, n)
	}
	c, reason, detail := m.arrival(fs, fields)
	if reason != "" {
		return reason, detail
	}
	ans := n - ab
	r := &heldRow{line: row.line, n: int32(n), ab: int32(ab)}
	for i, f := range totalsFields {
		max := m.maxHandle
		if f == FieldASA {
			max = m.maxWait
		}
		s, w, reason, detail := m.meanOrTotal(fs, fields, f, st.totalsCol[i], ans, max)
		if reason != "" {
			return reason, detail
		}
		if f == FieldAHT {
			r.handle, r.handleN = s, int32(w)
		} else {
			r.wait, r.waitN = s, int32(w)
		}
	}
	if st.lengthCol >= 0 {
		v := ""
		if st.lengthCol < len(fields) {
			v = strings.TrimSpace(fields[st.lengthCol])
		}
		min, isInt := atoi(v)
		if !isInt || min <= 0 || min > 24*60 {
			return "bad row length", fmt.Sprintf("column %q: %q is not a number of minutes from 1 to 1440", p.LengthColumn, v)
		}
		r.length = int64(min) * 60
	} else if p.RowLength > 0 {
		r.length = int64(p.RowLength / time.Second)
	}
	m.bucket(fs, fields, c, sum, row) // its queue, and warnings of a clock change
	u, off := m.instant(c)
	r.start, r.wall = u, u+int64(off)
	r.day = int32(floorDiv(r.wall, 86400))
	row.n, row.ab, row.ext = n, ab, r
	sum.Imported++
	sum.Offered += n
	sum.Answered += ans
	sum.Abandoned += ab
	m.warn(fs, fields, sum)
	return "", ""
}

// holdAggregated keeps an aggregated row of queue qc (the import's
// numbering) until the end of its file; aggregator.add calls it, in file
// order.
func (m *mapper) holdAggregated(r *heldRow, qc int) {
	h := *r
	h.qc, h.file = int32(qc), int32(m.rep.file)
	m.rep.held.add(h)
}

// meanOrTotal reads field f of an aggregated row: a mean over the row's
// answered contacts, or, with Preset.Totals, a total over the count in
// column over (-1: the answered). It returns the sum of seconds and the
// number of contacts it is over; (0, 0) when the value is empty or not
// mapped.
func (m *mapper) meanOrTotal(fs *fileState, fields []string, f string, over, ans int, max time.Duration) (float64, int, string, string) {
	p := m.opts.Preset
	name := f + " time"
	if _, total := p.Totals[f]; !total {
		d, ok, reason, detail := m.duration(fs, fields, f, "", "", max)
		if reason != "" || !ok {
			return 0, 0, reason, detail
		}
		return d.Seconds() * float64(ans), ans, "", ""
	}
	d, ok, reason, detail := m.duration(fs, fields, f, "", "", maxDurationSeconds*time.Second)
	if reason != "" || !ok {
		return 0, 0, reason, detail
	}
	k := ans
	if over >= 0 {
		v := ""
		if over < len(fields) {
			v = strings.TrimSpace(fields[over])
		}
		var isInt bool
		if k, isInt = atoi(v); !isInt || k < 0 || k > maxRowCount {
			return 0, 0, "bad " + name, fmt.Sprintf("column %q: %q is not a count of contacts for the total in %q", p.Totals[f], v, p.Map[f])
		}
	}
	if k == 0 {
		if d > 0 {
			return 0, 0, "bad " + name, fmt.Sprintf("column %q: a total of %v over no contacts", p.Map[f], d)
		}
		return 0, 0, "", ""
	}
	if mean := d / time.Duration(k); mean > max {
		return 0, 0, name + " over " + fmtDur(max), fmt.Sprintf("column %q: a total of %v over %d contacts is %v each, more than %v", p.Map[f], d, k, mean, max)
	}
	return d.Seconds(), k, "", ""
}

// endAggregated is called at the end of a source: it infers the length of
// the rows that do not state one, counts the rows no longer than the
// import's interval and keeps the longer ones for splitRows.
//
// A row's inferred length is the greatest common divisor of the gaps
// between the distinct starts of its queue and channel on its local day.
// For a day with a single row it is the divisor of the gaps between such
// single-row days (at most a day: a file of daily totals has rows a day
// long), else the length most days of the queue have (the longest of
// equals). A queue and channel with one row in the file has no length:
// the row is taken as one interval.
func (m *mapper) endAggregated(agg *aggregator) {
	st := m.rep
	if st == nil || m.mode != "aggregated" {
		return
	}
	type dayKey struct {
		qc  int32
		day int32
	}
	// The divisor of the gaps between a day's starts needs no sorting:
	// the divisor of the differences of consecutive values, in any
	// order, is that of all their differences.
	type run struct {
		last int64
		g    int64
	}
	days := map[dayKey]*run{}
	p := m.opts.Preset
	infer := p.LengthColumn == "" && p.RowLength == 0
	if infer {
		st.held.each(func(r *heldRow) {
			dk := dayKey{r.qc, r.day}
			d := days[dk]
			if d == nil {
				days[dk] = &run{last: r.wall}
				return
			}
			d.g = gcd(d.g, abs64(r.wall-d.last))
			d.last = r.wall
		})
	}
	dayGCD := func(r *heldRow) int64 {
		if d := days[dayKey{r.qc, r.day}]; d != nil {
			return d.g
		}
		return 0
	}
	// days with a single start: the divisor of the gaps between them
	single := map[int32]*run{}
	if infer {
		st.held.each(func(r *heldRow) {
			if dayGCD(r) != 0 {
				return
			}
			if d := single[r.qc]; d == nil {
				single[r.qc] = &run{last: r.wall}
			} else {
				d.g = gcd(d.g, abs64(r.wall-d.last))
				d.last = r.wall
			}
		})
	}
	// the commonest day length, per queue
	votes := map[int32]map[int64]int{}
	for dk, d := range days {
		if d.g == 0 {
			continue
		}
		if votes[dk.qc] == nil {
			votes[dk.qc] = map[int64]int{}
		}
		votes[dk.qc][d.g]++
	}
	common := map[int32]int64{}
	for qc, v := range votes {
		best, n := int64(0), 0
		for g, c := range v {
			if c > n || c == n && g > best {
				best, n = g, c
			}
		}
		common[qc] = best
	}
	iv := agg.iv
	st.held.each(func(r *heldRow) {
		if r.length == 0 {
			r.length = dayGCD(r)
		}
		if r.length == 0 && single[r.qc] != nil {
			r.length = min(single[r.qc].g, 86400)
		}
		if r.length == 0 {
			r.length = common[r.qc]
		}
		if r.length <= iv {
			m.countRow(agg, r)
			return
		}
		st.coarse.add(*r)
	})
	st.held.reset()
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// wallInstant is the instant of a wall-clock time (Unix seconds of that
// clock read as UTC) in loc; a time in a gap moves forward, as time.Date
// does.
func wallInstant(wall int64, loc *time.Location) int64 {
	t := time.Unix(wall, 0).UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc).Unix()
}

// countRow counts a row no longer than an interval into the interval that
// holds its start.
func (m *mapper) countRow(agg *aggregator, r *heldRow) {
	agg.line = r.line
	a := agg.at(int(r.qc), agg.start(civil{aware: true, unix: r.start}))
	ans := int(r.n - r.ab)
	a.offered += int(r.n)
	a.answered += ans
	a.abandoned += int(r.ab)
	a.handle += r.handle
	a.handleN += int(r.handleN)
	a.wait += r.wait
	a.waitN += int(r.waitN)
}

// splitRows spreads the rows longer than an interval over the intervals
// they cover (see SplitEven, SplitProfile), after every source is read.
// The intervals are added to the aggregator's grid; their fractional
// contacts are kept apart and added to the history by mergeSplits.
func (m *mapper) splitRows(agg *aggregator, files []FileSummary) {
	st := m.rep
	if st == nil || st.coarse.n == 0 {
		return
	}
	iv := agg.iv
	type slot struct {
		qc      int32
		weekday time.Weekday
		sec     int
	}
	var profile map[slot]float64
	if m.opts.Split == SplitProfile {
		profile = map[slot]float64{}
		for qc, starts := range agg.idx {
			for start, i := range starts {
				t := time.Unix(start, 0).In(m.loc)
				profile[slot{int32(qc), t.Weekday(), t.Hour()*3600 + t.Minute()*60 + t.Second()}] += float64(agg.accs[i].offered)
			}
		}
	}
	type groupKey struct {
		file   int
		length int64
		method string
	}
	groups := map[groupKey][]int{}
	var starts []int64
	var weights, pw []float64
	st.coarse.each(func(r *heldRow) {
		agg.file, agg.line = st.names[r.file], r.line
		first := agg.start(civil{aware: true, unix: r.start})
		// the row ends length later on the wall clock: a day-long row
		// on the day clocks go forward lasts 23 hours
		end := wallInstant(r.wall+r.length, m.loc)
		starts, weights = starts[:0], weights[:0]
		for s := first; s < end; s += iv {
			overlap := float64(min(end, s+iv) - max(r.start, s))
			starts = append(starts, s)
			weights = append(weights, overlap)
		}
		method := SplitEven
		if profile != nil {
			pw = append(pw[:0], weights...)
			total := 0.0
			for j, s := range starts {
				t := time.Unix(s, 0).In(m.loc)
				pw[j] = weights[j] * profile[slot{r.qc, t.Weekday(), t.Hour()*3600 + t.Minute()*60 + t.Second()}]
				total += pw[j]
			}
			if total > 0 {
				weights, pw, method = pw, weights, SplitProfile
			} else {
				method = SplitEven + " (no finer rows at those times)"
			}
		}
		total := 0.0
		for _, w := range weights {
			total += w
		}
		ans := float64(r.n - r.ab)
		for j, s := range starts {
			f := weights[j] / total
			if f == 0 {
				continue
			}
			agg.at(int(r.qc), s)
			k := bucketKey{r.qc, s}
			p := st.parts[k]
			if p == nil {
				p = &fracAcc{}
				st.parts[k] = p
			}
			p.offered += f * float64(r.n)
			p.answered += f * ans
			p.abandoned += f * float64(r.ab)
			p.handle += f * r.handle
			p.handleN += f * float64(r.handleN)
			p.wait += f * r.wait
			p.waitN += f * float64(r.waitN)
		}
		gk := groupKey{int(r.file), r.length, method}
		groups[gk] = append(groups[gk], r.line)
	})
	keys := make([]groupKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.length != b.length {
			return a.length < b.length
		}
		return a.method < b.method
	})
	for _, k := range keys {
		lines := groups[k]
		sort.Ints(lines)
		files[k.file].Splits = append(files[k.file].Splits, SplitGroup{RowLength: time.Duration(k.length) * time.Second,
			Method: k.method, Rows: len(lines), Lines: lineRanges(lines)})
	}
}

// mergeSplits adds the split rows' parts to the history: counts become
// fractional, AHT and ASA the means over both whole and split contacts.
func (m *mapper) mergeSplits(agg *aggregator, rows []HistoryRow) {
	st := m.rep
	if st == nil || len(st.parts) == 0 {
		return
	}
	for i := range rows {
		r := &rows[i]
		qc, ok := agg.qcIdx[queueChannel{r.Queue, r.Channel}]
		if !ok {
			continue
		}
		k := bucketKey{int32(qc), r.Start.Unix()}
		p := st.parts[k]
		if p == nil {
			continue
		}
		var a acc
		if qc < len(agg.idx) {
			if j, ok := agg.idx[qc][k.start]; ok {
				a = agg.accs[j]
			}
		}
		r.Offered = float64(a.offered) + p.offered
		r.Answered = float64(a.answered) + p.answered
		r.Abandoned = float64(a.abandoned) + p.abandoned
		if n := float64(a.handleN) + p.handleN; n > 0 {
			r.AHT = meanSeconds(a.handle+p.handle, n)
		}
		if n := float64(a.waitN) + p.waitN; n > 0 {
			r.ASA = meanSeconds(a.wait+p.wait, n)
		}
	}
}

// meanSeconds is sum/n seconds rounded to the millisecond, as
// meanDuration.
func meanSeconds(sum, n float64) time.Duration {
	return time.Duration(math.Round(sum/n*1e3)) * time.Millisecond
}

// lineRanges writes sorted line numbers as ranges: 2-25,31.
func lineRanges(lines []int) string {
	var b strings.Builder
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] <= lines[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(lines[i]))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(lines[j]))
		}
		i = j + 1
	}
	return b.String()
}

// ParseSplit reads a split method: even or profile.
func ParseSplit(s string) (string, error) {
	switch s {
	case SplitEven, SplitProfile:
		return s, nil
	}
	return "", errors.New(`want "even" or "profile"`)
}

// checkIntervalOptions refuses options of aggregated rows that cannot
// work: an unknown split method, totals of a field other than aht and
// asa, or row lengths given for single contacts.
func checkIntervalOptions(opts Options, mode, where string) error {
	p := opts.Preset
	if opts.Split != "" {
		if _, err := ParseSplit(opts.Split); err != nil {
			return fmt.Errorf("importers: %w: split %q: %v", ErrMapping, opts.Split, err)
		}
	}
	for f := range p.Totals {
		if f != FieldAHT && f != FieldASA {
			return fmt.Errorf("importers: %s: %w: totals.%s: only aht and asa may be totals", where, ErrMapping, f)
		}
	}
	if mode != "aggregated" && (len(p.Totals) > 0 || p.LengthColumn != "" || p.RowLength != 0) {
		return fmt.Errorf("importers: %s: %w: totals and row lengths are for aggregated rows; map count too", where, ErrMapping)
	}
	if p.RowLength < 0 || p.RowLength%time.Minute != 0 || p.RowLength > 24*time.Hour {
		return fmt.Errorf("importers: %s: %w: row length %v: want whole minutes up to 24h", where, ErrMapping, p.RowLength)
	}
	return nil
}
