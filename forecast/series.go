package forecast

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Input is what every model sees: one queue's offered volume on a regular
// grid of intervals, oldest first.
type Input struct {
	// Y is the offered volume per interval; no NaN, no negative values.
	Y []float64
	// Start is the wall-clock start of Y[0]. It must lie on the grid, a
	// multiple of Step after midnight. Only its clock fields are used.
	Start time.Time
	// Step is the interval length; 24h must be a multiple of it.
	Step time.Duration
	// Excluded marks intervals that must not be used for fitting (user
	// events, known outages); nil means none. Days detected as anomalous
	// (see DetectAnomalies) are excluded as well.
	Excluded []bool
}

// ErrShortHistory is wrapped when a history is too short for the weekly
// season: every model needs at least MinHistoryDays whole days.
var ErrShortHistory = errors.New("history too short")

// ErrGrid is wrapped when interval starts are not on one regular grid.
var ErrGrid = errors.New("irregular interval grid")

// MinHistoryDays is the shortest history any model accepts: two weeks, so
// that every weekday-interval has been seen twice.
const MinHistoryDays = 14

// view is an Input padded at the front to start on a Monday at 00:00, with
// per-day bookkeeping shared by the models. Padding intervals are excluded.
type view struct {
	y       []float64 // padded volumes
	pad     int       // number of padding intervals before Input.Y[0]
	perDay  int       // intervals per day
	perWeek int       // intervals per week
	bad     []bool    // per day: excluded by the user, padding or anomalous
	n       int       // len(y)
	day0    time.Time // wall-clock date of view day 0, a Monday
}

// newView pads in to a Monday 00:00 and marks bad days.
func newView(in *Input) *view {
	perDay := int(24 * time.Hour / in.Step)
	mid := time.Date(in.Start.Year(), in.Start.Month(), in.Start.Day(), 0, 0, 0, 0, time.UTC)
	wd := (int(mid.Weekday()) + 6) % 7 // Monday = 0
	clock := in.Start.Hour()*3600 + in.Start.Minute()*60 + in.Start.Second()
	pad := wd*perDay + int(time.Duration(clock)*time.Second/in.Step)
	v := &view{pad: pad, perDay: perDay, perWeek: 7 * perDay, day0: mid.AddDate(0, 0, -wd)}
	v.y = make([]float64, pad+len(in.Y))
	copy(v.y[pad:], in.Y)
	v.n = len(v.y)
	days := (v.n + perDay - 1) / perDay
	v.bad = make([]bool, days)
	excl := make([]bool, v.n)
	for i := 0; i < pad; i++ {
		excl[i] = true
	}
	for i, e := range in.Excluded {
		if e && pad+i < v.n {
			excl[pad+i] = true
		}
	}
	for d := 0; d < days; d++ {
		a, b := d*perDay, min((d+1)*perDay, v.n)
		for i := a; i < b; i++ {
			if excl[i] {
				v.bad[d] = true
				break
			}
		}
	}
	for d, an := range detectAnomalies(v.y, perDay, v.bad) {
		if an {
			v.bad[d] = true
		}
	}
	return v
}

// AnomalyLow and AnomalyHigh bound a normal day: a day whose volume is under
// AnomalyLow or over AnomalyHigh times the median of the same weekday in the
// five weeks around it is anomalous (a holiday, an outage, a missing day, a
// shock) and is kept out of fitting. The classic WFM rule of thumb; the low
// bound 0.6 is the one of the robust-median baseline.
const (
	AnomalyLow  = 0.6
	AnomalyHigh = 1.8
)

// DetectAnomalies reports, for each day of in (day 0 is the day of
// in.Start), whether it is anomalous by the AnomalyLow/AnomalyHigh rule or
// excluded by in.Excluded.
func DetectAnomalies(in *Input) []bool {
	v := newView(in)
	off := v.pad / v.perDay
	return v.bad[off:]
}

// detectAnomalies compares each day's volume with the median of the same
// slots on the same weekday within ±5 weeks (days already marked bad are
// left out of the median). Days whose weekday median is 0 are normal
// (closed days). It runs twice: the first pass flags only low days, which
// the second pass leaves out of the medians, so that a holiday does not
// make its neighbours look anomalous when few weeks surround them.
func detectAnomalies(y []float64, perDay int, bad []bool) []bool {
	days := len(bad)
	sum := func(d, a, b int) float64 {
		s := 0.0
		for i := d*perDay + a; i < d*perDay+b && i < len(y); i++ {
			s += y[i]
		}
		return s
	}
	var nb []float64
	pass := func(skip []bool, lowOnly bool) []bool {
		out := make([]bool, days)
		for d := 0; d < days; d++ {
			if bad[d] {
				continue
			}
			a, b := 0, perDay
			if (d+1)*perDay > len(y) {
				b = len(y) - d*perDay
			}
			nb = nb[:0]
			for k := -5; k <= 5; k++ {
				e := d + 7*k
				if k == 0 || e < 0 || e >= days || skip[e] || (e+1)*perDay > len(y) {
					continue
				}
				nb = append(nb, sum(e, a, b))
			}
			if len(nb) < 2 {
				continue
			}
			m := median(nb)
			if m <= 0 {
				continue
			}
			t := sum(d, a, b)
			if t < AnomalyLow*m || (!lowOnly && t > AnomalyHigh*m) {
				out[d] = true
			}
		}
		return out
	}
	first := pass(bad, true)
	skip := make([]bool, days)
	for d := range skip {
		skip[d] = bad[d] || first[d]
	}
	return pass(skip, false)
}

// median returns the median of x, reordering x. It is 0 for an empty x.
func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	sort.Float64s(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}

// checkInput validates in for models and Run.
func checkInput(in *Input) error {
	if in.Step <= 0 || (24*time.Hour)%in.Step != 0 {
		return fmt.Errorf("forecast: %w: interval %v does not divide a day", ErrGrid, in.Step)
	}
	clock := time.Duration(in.Start.Hour())*time.Hour + time.Duration(in.Start.Minute())*time.Minute + time.Duration(in.Start.Second())*time.Second
	if clock%in.Step != 0 {
		return fmt.Errorf("forecast: %w: first interval %s is not on the %v grid from midnight", ErrGrid, in.Start.Format("2006-01-02 15:04"), in.Step)
	}
	perDay := int(24 * time.Hour / in.Step)
	if len(in.Y) < MinHistoryDays*perDay {
		have := time.Duration(len(in.Y)) * in.Step
		return fmt.Errorf("forecast: %w: %s of history, need at least %d days (two weekly seasons)", ErrShortHistory, fmtDays(have), MinHistoryDays)
	}
	for i, y := range in.Y {
		if y < 0 || math.IsNaN(y) || math.IsInf(y, 0) {
			return fmt.Errorf("forecast: interval %d: volume %v is not a count ≥ 0", i, y)
		}
	}
	return nil
}

// fmtDays writes d in days and hours, e.g. "9 days 12h".
func fmtDays(d time.Duration) string {
	days := int(d / (24 * time.Hour))
	rest := d - time.Duration(days)*24*time.Hour
	s := fmt.Sprintf("%d days", days)
	if days == 1 {
		s = "1 day"
	}
	if rest > 0 {
		r := rest.String()
		r = strings.TrimSuffix(strings.TrimSuffix(r, "0s"), "0m")
		s += " " + r
	}
	return s
}
