package scheduling

import (
	"math"
	"sort"
	"time"
)

// DayCoverage is one local day of a roster's coverage, in staff-hours.
type DayCoverage struct {
	Day           time.Time // local midnight
	RequiredHours float64   // Σ pooled fractional staff × interval length
	TargetHours   float64   // Σ whole-staff target × interval length
	NetHours      float64   // Σ net staff (breaks removed, vendors in) × interval length
	VendorHours   float64   // Σ vendor staff × interval length
	Understaffed  int       // intervals whose net staff is below the target
}

// DailyCoverage sums a roster's coverage (as Cover or Solve return it)
// into local days in loc, in order of day.
func DailyCoverage(cov []Coverage, interval time.Duration, loc *time.Location) []DayCoverage {
	h := interval.Hours()
	return groupByDayQueue(cov, loc,
		func(c Coverage) (time.Time, string) { return c.Start, "" },
		func(day time.Time, _ Coverage) DayCoverage { return DayCoverage{Day: day} },
		func(d *DayCoverage, c Coverage) {
			d.RequiredHours += c.Required * h
			d.TargetHours += float64(c.Target) * h
			d.NetHours += c.Net * h
			d.VendorHours += c.Vendor * h
			if c.Short() > 1e-9 {
				d.Understaffed++
			}
		},
		func(d DayCoverage) (time.Time, string) { return d.Day, "" })
}

// DayPeak summarises one day of one queue's requirements.
type DayPeak struct {
	Day        time.Time // local midnight
	Queue      string
	PeakStart  time.Time // the interval needing the most agents
	PeakAgents int
	PeakStaff  int
	AgentHours float64 // Σ fractional agents × interval length
	StaffHours float64 // Σ staff × interval length
}

// DailyPeaks summarises requirements per local day (in loc) and queue, in
// order of day, then queue.
func DailyPeaks(reqs []Requirement, interval time.Duration, loc *time.Location) []DayPeak {
	h := interval.Hours()
	return groupByDayQueue(reqs, loc,
		func(r Requirement) (time.Time, string) { return r.Start, r.Queue },
		func(day time.Time, r Requirement) DayPeak {
			return DayPeak{Day: day, Queue: r.Queue, PeakStart: r.Start}
		},
		func(d *DayPeak, r Requirement) {
			if r.Agents > d.PeakAgents {
				d.PeakAgents, d.PeakStaff, d.PeakStart = r.Agents, r.Staff, r.Start
			}
			d.AgentHours += r.Fractional * h
			d.StaffHours += float64(r.Staff) * h
		},
		func(d DayPeak) (time.Time, string) { return d.Day, d.Queue })
}

// groupByDayQueue folds rows into one summary per local day (in loc) and
// queue, sorted by day, then queue: at names a row's instant and queue,
// open starts a day's summary, add folds a row into it, and by names a
// summary's day and queue for sorting.
func groupByDayQueue[R, S any](rows []R, loc *time.Location, at func(R) (time.Time, string), open func(time.Time, R) S, add func(*S, R), by func(S) (time.Time, string)) []S {
	type key struct {
		day   time.Time
		queue string
	}
	idx := map[key]int{}
	var out []S
	for _, r := range rows {
		t, q := at(r)
		t = t.In(loc)
		k := key{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), q}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, open(k.day, r))
		}
		add(&out[i], r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, qi := by(out[i])
		dj, qj := by(out[j])
		if !di.Equal(dj) {
			return di.Before(dj)
		}
		return qi < qj
	})
	return out
}

// InferInterval returns the interval length of a grid of starts: the
// smallest positive gap between consecutive distinct starts. It returns
// fallback when there are fewer than two distinct starts.
func InferInterval(starts []time.Time, fallback time.Duration) time.Duration {
	ts := append([]time.Time(nil), starts...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best := time.Duration(math.MaxInt64)
	for i := 1; i < len(ts); i++ {
		if d := ts[i].Sub(ts[i-1]); d > 0 && d < best {
			best = d
		}
	}
	if best == time.Duration(math.MaxInt64) {
		return fallback
	}
	return best
}
