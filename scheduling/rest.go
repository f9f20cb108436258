package scheduling

import "time"

// RestAfterPeak is rules.rest_after_peak: an agent who has been on shift
// for at least Worked inside a peak window, and is still on shift Within
// after the window ends, gets a rest of at least Rest that starts at or
// after the window's end and ends by Within after it. Going home counts:
// a shift ending by then needs none. The zero value (Rest 0) is no rule.
//
// Rest after a period of intense work is the recovery break of the
// occupational-health literature: Tucker (2003), "The impact of rest
// breaks upon accident risk, fatigue and performance: a review", Work &
// Stress 17(2), finds that performance declines with time since the last
// break and recovers with a break, and Henning, Jacques, Kissel,
// Sullivan & Alteras-Webb (1997), "Frequent short rest breaks from
// computer work", Ergonomics 40(1), measured it in screen work. The peak
// windows are the explicit ones (Peaks.Windows): auto peaks are where the
// roster itself leaves the target unmet, so no rule read before the
// roster exists could depend on them.
//
// The optimiser places the rest like a break, where an agent fewer costs
// least: a break of the shift's template that is at least Rest long and
// may start in the rest's window is narrowed to it (a lunch at the end of
// a peak is a rest); otherwise the shift gets an extra paid rest
// (ActivityRest) in that window (restBreaks).
type RestAfterPeak struct {
	Worked, Rest, Within time.Duration
}

// On reports whether the rule is set.
func (r RestAfterPeak) On() bool { return r.Rest > 0 }

// ActivityRest is a rest after a peak in roster.csv: paid, off the phones,
// inside its shift (RestAfterPeak).
const ActivityRest = "rest"

// RuleRestAfterPeak is the rule a Violation names for a missing rest.
const RuleRestAfterPeak = "rest_after_peak"

// checkRestAfterPeak refuses what no roster can keep: a rest longer than
// its window, values off the grid, or no explicit peak window.
func (m *model) checkRestAfterPeak() error {
	r := m.p.Rules.RestAfterPeak
	if r == (RestAfterPeak{}) {
		return nil
	}
	iv := m.p.Demand.Interval
	const key = "rules.rest_after_peak"
	switch {
	case r.Rest <= 0 || r.Worked < 0:
		return configErrorf("%s: {worked: %s, rest: %s, within: %s}: want a positive rest, e.g. {worked: 2h, rest: 15m, within: 30m}", key, fmtDur(r.Worked), fmtDur(r.Rest), fmtDur(r.Within))
	case r.Within < r.Rest:
		return configErrorf("%s: a rest of %s cannot fit within %s of the peak's end; want within ≥ rest", key, fmtDur(r.Rest), fmtDur(r.Within))
	case r.Rest%iv != 0 || r.Within%iv != 0:
		return configErrorf("%s: rest %s and within %s must be multiples of the %s interval", key, fmtDur(r.Rest), fmtDur(r.Within), fmtDur(iv))
	case len(m.p.Peaks.Windows) == 0:
		return configErrorf("%s: applies to the explicit peaks.windows, and there are none (auto peaks depend on the roster); list the peak windows", key)
	}
	return nil
}

// peakSpans are the explicit peak windows as intervals [a, b) of the
// horizon, clipped to it.
func (m *model) peakSpans() [][2]int {
	d := m.p.Demand
	var out [][2]int
	for _, w := range m.p.Peaks.Windows {
		a := int((w.Start.Sub(d.Start) + d.Interval - 1) / d.Interval)
		b := int(w.End.Sub(d.Start) / d.Interval)
		a, b = max(a, 0), min(b, m.T)
		if a < b {
			out = append(out, [2]int{a, b})
		}
	}
	return out
}

// restBreaks are pattern pt's break specs with the rests RestAfterPeak
// asks of it: for every peak window the shift has worked at least Worked
// of and is on shift beyond Within after, the first template break at
// least Rest long that may start in the rest's window [end, end+Within−
// Rest] is narrowed to it, else a rest spec is added. The specs are a
// copy when they change.
func (m *model) restBreaks(pt pattern, peaks [][2]int) []brkSpec {
	r := m.p.Rules.RestAfterPeak
	if !r.On() {
		return pt.brk
	}
	iv := m.p.Demand.Interval
	worked, rest, within := int((r.Worked+iv-1)/iv), int(r.Rest/iv), int(r.Within/iv)
	brk := pt.brk
	copied := false
	s, e := pt.start, pt.start+pt.n
	for _, w := range peaks {
		inside := min(e, w[1]) - max(s, w[0])
		if inside <= 0 || inside < worked || e <= w[1]+within {
			continue
		}
		lo, hi := w[1]-s, w[1]-s+within-rest
		if !copied {
			brk, copied = append([]brkSpec(nil), brk...), true
		}
		narrowed := false
		for k, b := range brk {
			if b.rest || b.n < rest {
				continue
			}
			if nlo, nhi := max(b.lo, lo), min(b.hi, hi); nlo <= nhi {
				brk[k].lo, brk[k].hi = nlo, nhi
				narrowed = true
				break
			}
		}
		if !narrowed {
			brk = append(brk, brkSpec{lo: lo, hi: hi, n: rest, rest: true})
		}
	}
	return brk
}

// checkRest finds the shifts of an agent that lack the rest the rule asks
// for; from, to is the shift's worked span (overtime included) and off
// its non-work rows (breaks, lunches, rests, time off).
func (m *model) checkRest(id string, from, to time.Time, off []Activity, add func(agent, rule string, at time.Time, format string, args ...any)) {
	r := m.p.Rules.RestAfterPeak
	if !r.On() {
		return
	}
	loc := m.p.loc()
	for _, w := range m.p.Peaks.Windows {
		a, b := maxTime(from, w.Start), minTime(to, w.End)
		if !a.Before(b) || b.Sub(a) < r.Worked || !to.After(w.End.Add(r.Within)) {
			continue
		}
		ok := false
		for _, o := range off {
			if o.End.Sub(o.Start) >= r.Rest && !o.Start.Before(w.End) && !o.Start.Add(r.Rest).After(w.End.Add(r.Within)) {
				ok = true
				break
			}
		}
		if !ok {
			add(id, RuleRestAfterPeak, w.End, "%s on shift in the peak ending %s and no rest of %s by %s", fmtDur(b.Sub(a)),
				w.End.In(loc).Format("2006-01-02 15:04"), fmtDur(r.Rest), w.End.Add(r.Within).In(loc).Format("15:04"))
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
