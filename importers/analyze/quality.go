package analyze

import (
	"math"
	"sort"
	"time"

	"github.com/wfm-project/wfm/importers"
)

// findings are a queue's data-quality observations, in time order:
//
//   - missing days and runs of missing intervals: starts on the grid of
//     interval iv, from the first row to the last, that have no row (a
//     history from wfm import is dense and has none; one from elsewhere
//     may);
//   - zero days: a day without contacts on a weekday whose median day
//     has some (a weekday that is always closed is not a finding);
//   - day outliers: a day whose volume has |RobustZ| > k among the days
//     of its weekday (at least minGroup of them);
//   - interval outliers: an interval whose volume has |RobustZ| > k
//     among the same weekday and time of day of every week (at least
//     minGroup), on days not already found zero or outlying.
func findings(rows []importers.HistoryRow, days []Day, iv time.Duration, k float64) []Finding {
	var out []Finding
	if iv > 0 {
		out = append(out, missing(rows, iv)...)
	}
	byWeekday := map[time.Weekday][]float64{}
	for _, d := range days {
		byWeekday[d.Date.Weekday()] = append(byWeekday[d.Date.Weekday()], d.Offered)
	}
	flagged := map[int]bool{} // by dateKey
	for _, d := range days {
		group := byWeekday[d.Date.Weekday()]
		z, med := RobustZ(d.Offered, group)
		end := d.Date.AddDate(0, 0, 1)
		switch {
		case d.Offered == 0 && med > 0:
			out = append(out, Finding{Kind: ZeroDay, Start: d.Date, End: end, Value: 0, Expected: med})
			flagged[dateKey(d.Date)] = true
		case len(group) >= minGroup && math.Abs(z) > k:
			out = append(out, Finding{Kind: DayOutlier, Start: d.Date, End: end, Value: d.Offered, Expected: med, Score: z})
			flagged[dateKey(d.Date)] = true
		}
	}
	type cell struct {
		wd  time.Weekday
		min int // minutes after midnight
	}
	cells := map[cell][]float64{}
	cellOf := func(t time.Time) cell { return cell{t.Weekday(), t.Hour()*60 + t.Minute()} }
	for _, r := range rows {
		c := cellOf(r.Start)
		cells[c] = append(cells[c], r.Offered)
	}
	for _, r := range rows {
		if flagged[dateKey(r.Start)] {
			continue
		}
		group := cells[cellOf(r.Start)]
		if len(group) < minGroup {
			continue
		}
		if z, med := RobustZ(r.Offered, group); math.Abs(z) > k {
			out = append(out, Finding{Kind: IntervalOutlier, Start: r.Start, End: r.Start.Add(iv), Value: r.Offered, Expected: med, Score: z, Intervals: 1})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// missing finds the starts on the grid of iv from rows' first start to
// their last that have no row: whole days as MissingDay, other runs of
// consecutive missing starts as MissingIntervals. rows are sorted by start.
func missing(rows []importers.HistoryRow, iv time.Duration) []Finding {
	first, last := rows[0].Start, rows[len(rows)-1].Start
	have := make(map[int64]bool, len(rows))
	for _, r := range rows {
		have[r.Start.Unix()] = true
	}
	loc := first.Location()
	step := int64(iv / time.Second)
	// per local day: grid starts expected and missing, and runs
	type dayGap struct {
		expected int
		runs     []Finding
	}
	var order []time.Time
	gaps := map[time.Time]*dayGap{}
	var run *Finding
	for u := first.Unix(); u <= last.Unix(); u += step {
		t := time.Unix(u, 0).In(loc)
		d := midnight(t)
		g := gaps[d]
		if g == nil {
			g = &dayGap{}
			gaps[d] = g
			order = append(order, d)
			run = nil // runs are cut at midnight
		}
		g.expected++
		if have[u] {
			run = nil
			continue
		}
		if run == nil {
			g.runs = append(g.runs, Finding{Kind: MissingIntervals, Start: t})
			run = &g.runs[len(g.runs)-1]
		}
		run.End = t.Add(iv)
		run.Intervals++
	}
	var out []Finding
	for _, d := range order {
		g := gaps[d]
		if len(g.runs) == 1 && g.runs[0].Intervals == g.expected {
			out = append(out, Finding{Kind: MissingDay, Start: d, End: d.AddDate(0, 0, 1), Intervals: g.expected})
			continue
		}
		out = append(out, g.runs...)
	}
	return out
}
