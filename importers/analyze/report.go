package analyze

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/wfm-project/wfm/importers"
)

// ErrNoData is returned by Analyze for a history without rows.
var ErrNoData = errors.New("no history rows to analyse")

// MaxGrid bounds the intervals from a history's first start to its last
// end (the grid its gaps are looked for on): more fails with
// importers.ErrSpan. It is importers.Options.MaxRows's default.
const MaxGrid = 5_000_000

// Options controls Analyze. The zero value of each field is stated beside it.
type Options struct {
	// Location is the site's time zone: days, weekdays and hours are read
	// in it. Nil: each row's own zone (history.csv's written offset).
	Location *time.Location
	// Interval is the history's interval length. Zero: the smallest gap
	// between successive interval starts.
	Interval time.Duration
	// Targets are the queues' service-level goals; a queue not in it gets
	// DefaultTarget. Zero DefaultTarget: 80/20s.
	Targets       map[Key]Target
	DefaultTarget Target
	// Top is the number of busiest intervals listed per queue. Zero: 10.
	Top int
	// OutlierK is the robust-z threshold of the outlier findings (see
	// RobustZ). Zero: 3.5.
	OutlierK float64
}

// Report is what happened, queue by queue.
type Report struct {
	Interval    time.Duration
	First, Last time.Time // the first interval's start, the last one's end
	// PerContact says the report was made from single contacts (a log),
	// so that waits, service level, handle-time quantiles and the censored
	// patience estimate are known.
	PerContact bool
	Queues     []Queue // sorted by queue, then channel
}

// Queue is the report of one queue and channel.
type Queue struct {
	Key
	Offered, Answered, Abandoned float64
	AbandonRate                  float64       // abandoned / offered
	AHT                          time.Duration // mean handle time of answered contacts
	ASA                          time.Duration // mean wait of answered contacts
	Days                         []Day         // one per day with rows, in order
	Heat                         Heat
	Hours                        []Hour // 24, hour of day 0..23
	Busiest                      []importers.HistoryRow
	Findings                     []Finding
	// Service, Waits and Handle need single contacts: nil from a history.
	Service  *Service
	Waits    *Waits
	Handle   *Distribution
	Patience PatienceResult
}

// Day is one day's volume.
type Day struct {
	Date                         time.Time // midnight, in the report's zone
	Offered, Answered, Abandoned float64
	AHT, ASA                     time.Duration
}

// Heat is the weekday × hour heat map of arrivals: Mean[w][h] is the mean
// number of offered contacts in hour h of a weekday w (time.Weekday:
// Sunday = 0), over the Days[w] days of that weekday in the data.
type Heat struct {
	Days [7]int
	Mean [7][24]float64
}

// Hour is one hour of the day over every day of the data.
type Hour struct {
	Hour       int
	Offered    float64
	PerDay     float64 // Offered / days in the data
	Answered   float64
	AHT        time.Duration // mean handle time of the hour's answered contacts
	HandleN    int           // answered contacts with a known handle time (single contacts only)
	HandleP50  time.Duration
	HandleP90  time.Duration
	AbandonPct float64 // abandoned / offered, 0..1
}

// Finding kinds.
const (
	MissingDay       = "missing_day"       // a whole day without rows inside the history's span
	MissingIntervals = "missing_intervals" // a run of intervals without rows (not a whole day)
	ZeroDay          = "zero_day"          // a day with no contacts, on a weekday that usually has some
	DayOutlier       = "day_outlier"       // a day's volume far from its weekday's median
	IntervalOutlier  = "interval_outlier"  // an interval's volume far from its weekday-interval's median
)

// Finding is one data-quality observation.
type Finding struct {
	Kind       string
	Start, End time.Time // the span concerned
	Value      float64   // the volume observed (outliers, zero days)
	Expected   float64   // the median it was compared with
	Score      float64   // the robust z (outliers)
	Intervals  int       // intervals concerned (missing)
}

// PatienceResult is a queue's patience, by the best method its data allow.
type PatienceResult struct {
	Method string // PatienceCensored, PatienceLowerBound or "" (none)
	// Estimate is the censored estimate (PatienceCensored).
	Estimate Patience
	// LowerBound is the history's rougher figure (PatienceLowerBound).
	LowerBound time.Duration
	Err        error // why there is no estimate, when Method is ""
}

// Patience methods.
const (
	// PatienceCensored is EstimatePatience on single contacts' waits.
	PatienceCensored = "censored_mle"
	// PatienceLowerBound is the Mandelbaum–Zeltyn ratio from a history:
	// see HistoryPatience.
	PatienceLowerBound = "history_lower_bound"
)

// ErrNoWaits: neither single contacts' waits nor the history's ASA say
// how long anyone waited.
var ErrNoWaits = errors.New("no waits in the data: patience needs per-contact logs with wait times")

// Analyze reports what happened in rows, per queue and channel, and, when
// contacts is not nil (the history was imported from a log with
// Options.OnContact = contacts.Add), what single contacts tell: service
// level, waits, handle-time quantiles and the censored patience estimate.
func Analyze(rows []importers.HistoryRow, contacts *ContactStats, opts Options) (*Report, error) {
	if len(rows) == 0 {
		return nil, ErrNoData
	}
	if opts.Top == 0 {
		opts.Top = 10
	}
	if opts.OutlierK == 0 {
		opts.OutlierK = 3.5
	}
	if opts.DefaultTarget == (Target{}) {
		opts.DefaultTarget = Target{Level: 0.8, Time: 20 * time.Second}
	}
	rep := &Report{Interval: opts.Interval, PerContact: contacts != nil}
	if rep.Interval == 0 {
		rep.Interval = inferInterval(rows)
	}
	byKey := map[Key][]importers.HistoryRow{}
	for _, r := range rows {
		if opts.Location != nil {
			r.Start = r.Start.In(opts.Location)
		}
		k := Key{r.Queue, r.Channel}
		byKey[k] = append(byKey[k], r)
		if rep.First.IsZero() || r.Start.Before(rep.First) {
			rep.First = r.Start
		}
		if end := r.Start.Add(rep.Interval); end.After(rep.Last) {
			rep.Last = end
		}
	}
	if rep.Interval > 0 {
		if n := rep.Last.Sub(rep.First) / rep.Interval; n > MaxGrid {
			return nil, fmt.Errorf("%w: %s to %s is %d intervals of %v, more than %d", importers.ErrSpan,
				rep.First.Format(time.RFC3339), rep.Last.Format(time.RFC3339), n, rep.Interval, MaxGrid)
		}
	}
	keys := make([]Key, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Queue != keys[j].Queue {
			return keys[i].Queue < keys[j].Queue
		}
		return keys[i].Channel < keys[j].Channel
	})
	for _, k := range keys {
		qr := rows2queue(k, byKey[k], rep.Interval, opts)
		t, ok := opts.Targets[k]
		if !ok {
			t = opts.DefaultTarget
		}
		var acc *contactAcc
		if contacts != nil {
			acc = contacts.accs[k]
		}
		if acc != nil {
			qr.Service = acc.service(t)
			qr.Waits = acc.waits()
			if acc.handle.n > 0 {
				d := acc.handle.distribution()
				qr.Handle = &d
			}
			for h := range qr.Hours {
				hh := &acc.hourHandle[h]
				qr.Hours[h].HandleN = int(hh.n)
				if hh.n > 0 {
					qr.Hours[h].HandleP50, qr.Hours[h].HandleP90 = hh.quantile(0.5), hh.quantile(0.9)
				}
			}
			if qr.Service != nil {
				qr.ASA = qr.Service.ASA
			}
			p, err := acc.patience()
			if err == nil {
				qr.Patience = PatienceResult{Method: PatienceCensored, Estimate: p}
			} else if acc.waitKnown() > 0 {
				qr.Patience = PatienceResult{Estimate: p, Err: err}
			}
		}
		if qr.Patience.Method == "" && qr.Patience.Err == nil {
			lb, err := HistoryPatience(byKey[k])
			if err == nil {
				qr.Patience = PatienceResult{Method: PatienceLowerBound, LowerBound: lb}
			} else {
				qr.Patience.Err = err
			}
		}
		rep.Queues = append(rep.Queues, qr)
	}
	return rep, nil
}

// HistoryPatience is the Mandelbaum–Zeltyn ratio from a history alone, a
// rougher figure than the censored estimate. With exponential patience of
// rate θ, contacts abandon at rate θ while they wait, so P(abandon) =
// θ·E[wait over all offered] and the mean patience is E[W]/P(Ab) = T/A, T
// the total time in queue and A the abandoned contacts (Mandelbaum and
// Zeltyn, "Staffing Many-Server Queues with Impatient Customers", Operations
// Research 55 (2007); Brown et al. 2005 §5). A history holds the answered
// contacts' waits only (asa_seconds × answered), not the abandoning ones',
// so T is short by their time and the ratio Σ(ASA·answered) / Σ abandoned is
// a lower bound of T/A: the mean patience is at least this. It needs
// abandoned contacts and a non-zero ASA somewhere.
func HistoryPatience(rows []importers.HistoryRow) (time.Duration, error) {
	var t, a float64
	for _, r := range rows {
		t += r.ASA.Seconds() * r.Answered
		a += r.Abandoned
	}
	if a == 0 {
		return 0, ErrNoAbandons
	}
	if t == 0 {
		return 0, ErrNoWaits
	}
	return seconds(t / a), nil
}

// inferInterval is the smallest positive gap between successive distinct
// interval starts; 0 for a single start.
func inferInterval(rows []importers.HistoryRow) time.Duration {
	starts := make([]int64, len(rows))
	for i, r := range rows {
		starts[i] = r.Start.Unix()
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i] < starts[j] })
	var best int64
	for i := 1; i < len(starts); i++ {
		if g := starts[i] - starts[i-1]; g > 0 && (best == 0 || g < best) {
			best = g
		}
	}
	return time.Duration(best) * time.Second
}

// dateKey is t's calendar date in its own zone, as a number: rows of one
// day may carry two UTC offsets (a DST change read without a time zone),
// and are still one day.
func dateKey(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// rows2queue is everything a queue's history rows tell.
func rows2queue(k Key, rows []importers.HistoryRow, iv time.Duration, opts Options) Queue {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Start.Before(rows[j].Start) })
	q := Queue{Key: k, Hours: make([]Hour, 24)}
	var ahtW, asaW float64 // Σ AHT·answered, Σ ASA·answered (seconds)
	hourAHT := make([]float64, 24)
	hourAb := make([]float64, 24)
	var day *Day
	var dayAHT, dayASA float64
	closeDay := func() {
		if day != nil {
			if day.Answered > 0 {
				day.AHT, day.ASA = seconds(dayAHT/day.Answered), seconds(dayASA/day.Answered)
			}
			q.Days = append(q.Days, *day)
		}
	}
	for _, r := range rows {
		q.Offered += r.Offered
		q.Answered += r.Answered
		q.Abandoned += r.Abandoned
		ahtW += r.AHT.Seconds() * r.Answered
		asaW += r.ASA.Seconds() * r.Answered
		h := r.Start.Hour()
		q.Hours[h].Offered += r.Offered
		q.Hours[h].Answered += r.Answered
		hourAHT[h] += r.AHT.Seconds() * r.Answered
		hourAb[h] += r.Abandoned
		if day == nil || dateKey(r.Start) != dateKey(day.Date) {
			closeDay()
			day = &Day{Date: midnight(r.Start)}
			dayAHT, dayASA = 0, 0
		}
		day.Offered += r.Offered
		day.Answered += r.Answered
		day.Abandoned += r.Abandoned
		dayAHT += r.AHT.Seconds() * r.Answered
		dayASA += r.ASA.Seconds() * r.Answered
		q.Heat.Mean[r.Start.Weekday()][h] += r.Offered
	}
	closeDay()
	if q.Offered > 0 {
		q.AbandonRate = q.Abandoned / q.Offered
	}
	if q.Answered > 0 {
		q.AHT, q.ASA = seconds(ahtW/q.Answered), seconds(asaW/q.Answered)
	}
	for _, d := range q.Days {
		q.Heat.Days[d.Date.Weekday()]++
	}
	for w := range q.Heat.Mean {
		for h := range q.Heat.Mean[w] {
			if n := q.Heat.Days[w]; n > 0 {
				q.Heat.Mean[w][h] /= float64(n)
			}
		}
	}
	for h := range q.Hours {
		hr := &q.Hours[h]
		hr.Hour = h
		if len(q.Days) > 0 {
			hr.PerDay = hr.Offered / float64(len(q.Days))
		}
		if hr.Answered > 0 {
			hr.AHT = seconds(hourAHT[h] / hr.Answered)
		}
		if hr.Offered > 0 {
			hr.AbandonPct = hourAb[h] / hr.Offered
		}
	}
	q.Busiest = busiest(rows, opts.Top)
	q.Findings = findings(rows, q.Days, iv, opts.OutlierK)
	return q
}

// busiest are the n rows of most offered contacts, earliest first among
// equals; rows without contacts are never listed.
func busiest(rows []importers.HistoryRow, n int) []importers.HistoryRow {
	var out []importers.HistoryRow
	for _, r := range rows {
		if r.Offered > 0 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offered > out[j].Offered })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Median is the sample median (the mean of the two middle values of an
// even count); 0 for none. xs is reordered.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// RobustZ is how far x lies from the median m of its group, in robust
// standard deviations: (x − m) / s with s = max(1.4826·MAD, √max(m, 1)).
// 1.4826·MAD (the median absolute deviation from the median) estimates
// the standard deviation of normal data without being moved by the
// outliers themselves (Rousseeuw and Croux, "Alternatives to the Median
// Absolute Deviation", JASA 88 (1993); Leys et al., "Detecting outliers:
// Do not use standard deviation around the mean, use absolute deviation
// around the median", J. Exp. Social Psychology 49 (2013)). Counts of
// contacts are at least Poisson-noisy (Brown et al. 2005 §3: arrivals are
// Poisson with a varying rate), so s is never below the Poisson standard
// deviation √m at the median: four quiet Sunday nights of 0, 1, 0, 0
// calls have MAD 0 and would flag every call otherwise. Values with
// |z| > 3.5 are outliers (Iglewicz and Hoaglin, How to Detect and Handle
// Outliers, ASQC 1993, for modified z-scores).
func RobustZ(x float64, group []float64) (z, median float64) {
	g := append([]float64(nil), group...)
	m := Median(g)
	dev := make([]float64, len(g))
	for i, v := range g {
		dev[i] = math.Abs(v - m)
	}
	mad := Median(dev)
	s := math.Max(1.4826*mad, math.Sqrt(math.Max(m, 1)))
	return (x - m) / s, m
}

// minGroup is the fewest values (weeks) a weekday or weekday-interval
// needs before its members are judged outliers.
const minGroup = 4
