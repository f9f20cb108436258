package importers

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// acc accumulates one interval of one queue and channel.
type acc struct {
	offered, answered, abandoned int
	handle, wait                 float64 // sums in seconds over answered contacts with a known value
	handleN, waitN               int
}

// maxRowCount bounds the contacts of one aggregated row: a billion, far past
// any interval's traffic, so that the interval sums (int64 counts, float64
// seconds) cannot overflow within the rows a history may hold.
const maxRowCount = 1_000_000_000

type queueChannel struct{ queue, channel string }

type bucketKey struct {
	qc    int32
	start int64 // interval start, Unix seconds
}

// qcTable numbers the queue-and-channel pairs met, in the order met.
type qcTable struct {
	qcs   []queueChannel
	qcIdx map[queueChannel]int
}

// qcIndex returns the number of the pair q, c, adding it when new. The
// names are copied, so that a table outlives the text they were cut from.
func (t *qcTable) qcIndex(q, c string) int {
	k := queueChannel{q, c}
	if i, ok := t.qcIdx[k]; ok {
		return i
	}
	if t.qcIdx == nil {
		t.qcIdx = map[queueChannel]int{}
	}
	k = queueChannel{strings.Clone(q), strings.Clone(c)}
	t.qcs = append(t.qcs, k)
	t.qcIdx[k] = len(t.qcs) - 1
	return len(t.qcs) - 1
}

// grid finds interval starts. Interval starts are found by flooring local
// wall-clock time: start = ⌊(u+off)/L⌋·L − off, where u is the Unix time,
// off the zone's UTC offset at u and L the interval length. It depends on
// nothing but the zone and the length (its day is a cache), so each
// parsing worker has its own.
type grid struct {
	loc *time.Location
	iv  int64

	// note is a warning about the last time bucketed, or ""
	note string

	// the day of the last naive time: its local midnight (as Unix seconds
	// of the wall clock read as UTC) and, when its offset is constant all
	// day, that offset
	dayY, dayM, dayD int
	dayLocal         int64
	dayOff           int64
	dayConst         bool
}

// aggregator sums contacts into intervals of its grid.
type aggregator struct {
	grid
	qcTable
	idx  []map[int64]int32 // by queue and channel, by interval start: index in accs
	accs []acc
	// recent caches idx: logs are seldom in arrival order (Technion's is
	// by phone line, then day), but a few thousand intervals hold most rows
	// in a stretch of the file
	recent [1 << recentBits]struct {
		key bucketKey
		i   int32 // index in accs + 1; 0: empty
	}

	// where the current row is, and where the earliest and latest
	// intervals came from, for ErrSpan
	file            string
	line            int
	first, last     int64
	firstAt, lastAt string
}

// recentBits is log2 of the size of aggregator.recent, a direct-mapped
// cache indexed by Fibonacci hashing (Knuth, TAOCP vol. 3, §6.4).
const recentBits = 12

func newAggregator(loc *time.Location, iv time.Duration) *aggregator {
	return &aggregator{grid: grid{loc: loc, iv: int64(iv / time.Second)},
		first: 1<<63 - 1, last: -1 << 63}
}

func floorDiv(x, y int64) int64 {
	q := x / y
	if (x%y != 0) && ((x < 0) != (y < 0)) {
		q--
	}
	return q
}

// start returns the interval start (Unix seconds) holding c.
func (a *grid) start(c civil) int64 {
	a.note = ""
	if c.aware {
		_, off := time.Unix(c.unix, 0).In(a.loc).Zone()
		o := int64(off)
		return floorDiv(c.unix+o, a.iv)*a.iv - o
	}
	if a.constDay(c) {
		local := a.dayLocal + int64(c.sec)
		return floorDiv(local, a.iv)*a.iv - a.dayOff
	}
	// A day with a clock change: a wall-clock time in the gap is moved
	// forward and one in the repeated hour is taken at one of its two
	// occurrences, as time.Date does; both are noted as warnings.
	t := time.Date(c.y, time.Month(c.m), c.d, 0, 0, c.sec, 0, a.loc)
	_, off := t.Zone()
	if c.sec >= 0 && c.sec < 86400 {
		h, m, sec := t.Clock()
		wall := h*3600 + m*60 + sec
		if t.Day() != c.d || wall != c.sec {
			a.note = "local time in a DST gap (moved forward)"
		} else {
			for _, d := range []time.Duration{-time.Hour, time.Hour} {
				u := t.Add(d)
				if hh, mm, ss := u.Clock(); u.Day() == t.Day() && hh*3600+mm*60+ss == wall {
					a.note = "ambiguous local time in a repeated DST hour"
				}
			}
		}
	}
	o := int64(off)
	return floorDiv(t.Unix()+o, a.iv)*a.iv - o
}

// constDay reports whether the naive time c is a time of day (0 to 24 h)
// on a day whose UTC offset does not change: then it names one instant,
// dayLocal + c.sec − dayOff, on the same local date.
func (a *grid) constDay(c civil) bool {
	if c.y != a.dayY || c.m != a.dayM || c.d != a.dayD {
		a.setDay(c.y, c.m, c.d)
	}
	return a.dayConst && c.sec >= 0 && c.sec < 86400
}

func (a *grid) setDay(y, m, d int) {
	a.dayY, a.dayM, a.dayD = y, m, d
	t0 := time.Date(y, time.Month(m), d, 0, 0, 0, 0, a.loc)
	t1 := time.Date(y, time.Month(m), d+1, 0, 0, 0, 0, a.loc)
	_, off0 := t0.Zone()
	_, off1 := t1.Zone()
	a.dayLocal = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix()
	a.dayOff = int64(off0)
	a.dayConst = off0 == off1 && t1.Unix()-t0.Unix() == 86400 && t0.Hour() == 0
}

// at returns the accumulator for the interval starting at start (see
// grid.start) in queue qc.
func (a *aggregator) at(qc int, start int64) *acc {
	k := bucketKey{int32(qc), start}
	slot := &a.recent[((uint64(start)^uint64(qc)<<44)*0x9e3779b97f4a7c15)>>(64-recentBits)]
	if slot.i > 0 && slot.key == k {
		return &a.accs[slot.i-1]
	}
	for qc >= len(a.idx) {
		a.idx = append(a.idx, map[int64]int32{})
	}
	i, ok := a.idx[qc][start]
	if !ok {
		if k.start < a.first {
			a.first, a.firstAt = k.start, a.file+":"+strconv.Itoa(a.line)
		}
		if k.start > a.last {
			a.last, a.lastAt = k.start, a.file+":"+strconv.Itoa(a.line)
		}
		i = int32(len(a.accs))
		a.accs = append(a.accs, acc{})
		a.idx[qc][start] = i
	}
	slot.key, slot.i = k, i+1
	return &a.accs[i]
}

// history returns the dense history: every interval from the local midnight
// of the first day with data to the local midnight after the last, for
// every queue and channel seen, sorted by start, queue, channel.
func (a *aggregator) history() []HistoryRow {
	if len(a.accs) == 0 {
		return nil
	}
	t0 := time.Unix(a.first, 0).In(a.loc)
	t1 := time.Unix(a.last, 0).In(a.loc)
	from := time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, a.loc).Unix()
	to := time.Date(t1.Year(), t1.Month(), t1.Day()+1, 0, 0, 0, 0, a.loc).Unix()
	starts := make([]int64, 0, (to-from)/a.iv)
	for s := from; s < to; s += a.iv {
		starts = append(starts, s)
	}
	// Keys off the grid only arise where a clock change is not a multiple
	// of the interval; keep them rather than lose contacts.
	var off map[int64]bool
	for _, m := range a.idx {
		for s := range m {
			if (s < from || s >= to || (s-from)%a.iv != 0) && !off[s] {
				if off == nil {
					off = map[int64]bool{}
				}
				off[s] = true
				starts = append(starts, s)
			}
		}
	}
	if off != nil {
		slices.Sort(starts)
	}
	order := make([]int, len(a.qcs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool {
		x, y := a.qcs[order[i]], a.qcs[order[j]]
		if x.queue != y.queue {
			return x.queue < y.queue
		}
		return x.channel < y.channel
	})
	rows := make([]HistoryRow, 0, len(starts)*len(order))
	for _, s := range starts {
		st := time.Unix(s, 0).In(a.loc)
		for _, qi := range order {
			r := HistoryRow{Start: st, Queue: a.qcs[qi].queue, Channel: a.qcs[qi].channel}
			if qi >= len(a.idx) {
				rows = append(rows, r)
				continue
			}
			if i, ok := a.idx[qi][s]; ok {
				ac := &a.accs[i]
				r.Offered, r.Answered, r.Abandoned = float64(ac.offered), float64(ac.answered), float64(ac.abandoned)
				if ac.handleN > 0 {
					r.AHT = meanDuration(ac.handle, ac.handleN)
				}
				if ac.waitN > 0 {
					r.ASA = meanDuration(ac.wait, ac.waitN)
				}
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// checkSpan refuses a dense history of more than maxRows rows: one wrong
// date (a year 6003 for 2003) would otherwise fill a grid over millennia.
func (a *aggregator) checkSpan(maxRows int) error {
	if len(a.accs) == 0 {
		return nil
	}
	days := (a.last-a.first)/86400 + 2 // whole days at either end, and a 25-hour day
	rows := days * (86400 / a.iv) * int64(len(a.qcs))
	if rows <= int64(maxRows) {
		return nil
	}
	t0 := time.Unix(a.first, 0).In(a.loc)
	t1 := time.Unix(a.last, 0).In(a.loc)
	return fmt.Errorf("importers: %w: the data runs from %s (%s) to %s (%s): about %d intervals × %d queues and channels, more than %d rows; a date is likely wrong",
		ErrSpan, t0.Format("2006-01-02"), a.firstAt, t1.Format("2006-01-02"), a.lastAt, days*(86400/a.iv), len(a.qcs), maxRows)
}

// meanDuration is sum/n seconds rounded to the millisecond. Each value
// summed is at most maxDurationSeconds, so the mean is too and converts to
// a time.Duration without overflow.
func meanDuration(sum float64, n int) time.Duration {
	return time.Duration(math.Round(sum/float64(n)*1e3)) * time.Millisecond
}
