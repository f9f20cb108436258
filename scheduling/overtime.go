package scheduling

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Overtime lets an agent's shift run longer than its template, at the
// ends Extend names, by whole intervals: config `overtime`. The zero value
// (MaxPerDay 0) allows none.
//
// An extension is work like the rest of the shift: it covers the
// intervals it spans, it moves the shift's start or end for min_rest and
// max_continuous_work, and it is priced at CostPerHour per hour in the
// objective (objective.go, shiftPay). It does not count towards the
// contracted weekly hours (rules.max_hours_per_week and
// min_hours_per_week, an agent's max_hours and min_hours), which bound the
// contracted shifts alone: overtime is, by definition, the hours worked
// beyond the contract's normal hours, and labour law caps it separately
// from them — EU Working Time Directive 2003/88/EC art. 6 limits the
// average week to 48 hours "including overtime", and the US Fair Labor
// Standards Act (29 U.S.C. § 207) pays a premium for the hours beyond the
// 40-hour week rather than forbidding them. MaxPerWeek is that separate
// cap: contracted hours stay within max_hours_per_week, and a week's
// overtime within MaxPerWeek on top.
type Overtime struct {
	// Contracts are the agents' contracts (agents.csv's contract column)
	// that may take overtime; empty = every contract.
	Contracts []string
	// MaxPerDay is the most one shift may be extended by, its two ends
	// together; it is rounded down to whole intervals. 0 = no overtime.
	MaxPerDay time.Duration
	// MaxPerWeek is the most overtime one agent works in a 7-day week
	// (the weeks of Rules); 0 = no weekly cap beyond MaxPerDay a shift.
	MaxPerWeek time.Duration
	// CostPerHour prices an hour of overtime, in place of the shift's own
	// hourly price (ShiftTemplate.CostPerHour or Costs.InhousePerHour);
	// 0 = the shift's own price.
	CostPerHour float64
	// Extend is the end a shift is extended at: ExtendBefore (an earlier
	// start), ExtendAfter (a later end) or ExtendBoth; "" = ExtendAfter.
	Extend string
}

// The ends of a shift that Overtime.Extend may name.
const (
	ExtendBefore = "before"
	ExtendAfter  = "after"
	ExtendBoth   = "both"
)

// RuleOvertime is the rule a Violation names for overtime that
// Problem.Overtime does not allow: a contract without it, more than
// max_per_day on a shift or max_per_week in a week, an end it may not
// extend, or an overtime row that extends no shift.
const RuleOvertime = "overtime"

// ActivityOvertime is a roster row of overtime: it extends the agent's
// shift row that it touches (ends where the shift starts, or starts where
// it ends), which keeps the contracted span.
const ActivityOvertime = "overtime"

// On reports whether o allows any overtime.
func (o Overtime) On() bool { return o.MaxPerDay > 0 }

func (o Overtime) extend() string {
	if o.Extend == "" {
		return ExtendAfter
	}
	return o.Extend
}

// allows reports whether agents of contract c may take overtime.
func (o Overtime) allows(c string) bool {
	if !o.On() {
		return false
	}
	if len(o.Contracts) == 0 {
		return true
	}
	for _, x := range o.Contracts {
		if x == c {
			return true
		}
	}
	return false
}

// ends are the most intervals of overtime before and after a shift's
// contracted span, each on its own, on an interval grid iv.
func (o Overtime) ends(iv time.Duration) (before, after int) {
	k := int(o.MaxPerDay / iv)
	switch o.extend() {
	case ExtendBefore:
		return k, 0
	case ExtendAfter:
		return 0, k
	}
	return k, k
}

// Check refuses an overtime config no roster can use: max_per_day not a
// positive length under a day, or (on the interval grid iv; 0 skips this)
// shorter than one interval, a negative max_per_week or cost_per_hour, or
// an end other than before, after or both. The error's text starts with
// the config key (overtime.max_per_day: …) and it wraps ErrConfig.
func (o Overtime) Check(iv time.Duration) error {
	if o.zero() {
		return nil
	}
	if o.MaxPerDay == 0 {
		return configErrorf("overtime.max_per_day: missing; want a positive length under 24h, such as 2h")
	}
	if o.MaxPerDay < 0 || o.MaxPerDay >= 24*time.Hour {
		return configErrorf("overtime.max_per_day: %s: want a positive length under 24h, such as 2h", fmtDur(o.MaxPerDay))
	}
	if iv > 0 && o.MaxPerDay < iv {
		return configErrorf("overtime.max_per_day: %s is shorter than the %s interval; overtime comes in whole intervals", fmtDur(o.MaxPerDay), fmtDur(iv))
	}
	if o.MaxPerWeek < 0 || o.MaxPerWeek > 7*24*time.Hour {
		return configErrorf("overtime.max_per_week: %s: want a length of 0 (no weekly cap) up to 168h, such as 4h", fmtDur(o.MaxPerWeek))
	}
	if o.CostPerHour < 0 || math.IsNaN(o.CostPerHour) || math.IsInf(o.CostPerHour, 0) {
		return configErrorf("overtime.cost_per_hour: %g: want a price of 0 or more", o.CostPerHour)
	}
	switch o.extend() {
	case ExtendBefore, ExtendAfter, ExtendBoth:
	default:
		return configErrorf("overtime.extend: %q: want before, after or both", o.Extend)
	}
	return nil
}

// checkOvertime refuses an overtime config no roster can use as given
// (Overtime.Check), or one naming a contract no agent has.
func (m *model) checkOvertime() error {
	o := m.p.Overtime
	if err := o.Check(m.p.Demand.Interval); err != nil {
		return err
	}
	if len(o.Contracts) > 0 {
		known := map[string]bool{}
		for _, a := range m.p.Agents {
			known[a.Contract] = true
		}
		var names []string
		for c := range known {
			names = append(names, fmt.Sprintf("%q", c))
		}
		sort.Strings(names)
		for i, c := range o.Contracts {
			if !known[c] {
				return configErrorf("overtime.contracts[%d]: no agent has contract %q; the agents' contracts are %s", i, c, strings.Join(names, ", "))
			}
		}
	}
	return nil
}

// zero reports whether o is the zero Overtime: no overtime block at all.
func (o Overtime) zero() bool {
	return len(o.Contracts) == 0 && o.MaxPerDay == 0 && o.MaxPerWeek == 0 && o.CostPerHour == 0 && o.Extend == ""
}

// withOvertime is base, a template's pattern without overtime (index bi),
// followed by each of its extensions that Problem.Overtime allows and that
// fit the horizon: b intervals before and a after, 0 < b + a ≤ max_per_day,
// at the allowed ends. Under rules.max_continuous_work an extension is
// offered only when no placement of the template's breaks leaves too long
// a stretch of work with it (ContinuousWork.worstStretch), as the template
// itself must.
func (m *model) withOvertime(base pattern, bi int, tp ShiftTemplate) []pattern {
	base.base = bi
	out := []pattern{base}
	o := m.p.Overtime
	if !o.On() {
		return out
	}
	iv := m.p.Demand.Interval
	kb, ka := o.ends(iv)
	k := int(o.MaxPerDay / iv)
	cw := m.p.Rules.MaxContinuousWork
	for b := 0; b <= kb; b++ {
		for a := 0; a <= ka && a+b <= k; a++ {
			if a+b == 0 || base.start-b < 0 || base.start+base.n+a > m.T {
				continue
			}
			if cw.Work > 0 {
				ext := tp
				ext.Length += time.Duration(a+b) * iv
				ext.Breaks = append([]Break(nil), tp.Breaks...)
				for i := range ext.Breaks {
					ext.Breaks[i].From += time.Duration(b) * iv
					ext.Breaks[i].To += time.Duration(b) * iv
				}
				if !cw.continuousOK(cw.worstStretch(ext)) {
					continue
				}
			}
			v := base
			v.start, v.n, v.otBefore, v.otAfter = base.start-b, base.n+a+b, b, a
			v.brk = make([]brkSpec, len(base.brk))
			for i, s := range base.brk {
				v.brk[i] = brkSpec{lo: s.lo + b, hi: s.hi + b, n: s.n}
			}
			v.otHours = float64(a+b) * m.dh
			v.cost, v.otCost = m.shiftPay(tp, v.otHours)
			out = append(out, v)
		}
	}
	return out
}

// extensionValue is Σ y over pt's overtime intervals less their price:
// what pt is worth at prices y above its base.
func (pt *pattern) extensionValue(y []float64) float64 {
	v := -pt.otCost
	for t := pt.start; t < pt.start+pt.otBefore; t++ {
		v += y[t]
	}
	for t := pt.start + pt.n - pt.otAfter; t < pt.start+pt.n; t++ {
		v += y[t]
	}
	return v
}

// dominated reports whether lagrangeDP may leave pattern j out at values
// prof: it has overtime and is worth no more than its base, which has the
// same day, template and paid hours and a span inside j's (so at least as
// much rest either side): whatever roster holds j is matched by one with
// the base instead.
func (ld *lagrangeDP) dominated(j int) bool {
	pt := &ld.m.pats[j]
	return pt.ot() > 0 && ld.prof[j] <= ld.prof[pt.base]
}

// ot is the number of overtime intervals of pattern pt.
func (pt *pattern) ot() int { return pt.otBefore + pt.otAfter }

// may reports whether agent ai may work pattern pt: its template is one
// of the agent's, and it has overtime only if the agent's contract takes
// it.
func (ai *agentInfo) may(pt *pattern) bool {
	return ai.allowed[pt.tmpl] && (pt.ot() == 0 || ai.overtime)
}

// weekOvertime is the overtime hours of row in week w with day d holding
// pattern j (j < 0: off).
func (m *model) weekOvertime(row []placed, w, d, j int) float64 {
	h := 0.0
	for x := 7 * w; x < 7*w+7 && x < len(row); x++ {
		p := row[x].pat
		if x == d {
			p = j
		}
		if p >= 0 {
			h += m.pats[p].otHours
		}
	}
	return h
}

// weekOK reports whether h hours of overtime in a week are within
// max_per_week.
func (o Overtime) weekOK(h float64) bool {
	return o.MaxPerWeek <= 0 || h <= o.MaxPerWeek.Hours()+1e-9
}

// capOvertime trims a roster of patterns (one agent's, as lagrangeDP.solve
// gives it, which keeps the per-day limit but not the weekly one) to
// max_per_week: in each week over the cap, the extension whose value
// prof[j] − prof[base] is least is dropped (its shift kept at its
// contracted span) until the week is within the cap. Dropping an
// extension only lengthens rests, so the other rules still hold.
func (m *model) capOvertime(chosen []int, prof []float64) []int {
	o := m.p.Overtime
	if !o.On() || o.MaxPerWeek <= 0 {
		return chosen
	}
	week := make(map[int]float64)
	for _, j := range chosen {
		week[m.days[m.pats[j].day].week] += m.pats[j].otHours
	}
	for w, h := range week {
		for !o.weekOK(h) {
			worst, at := math.Inf(1), -1
			for i, j := range chosen {
				pt := &m.pats[j]
				if pt.ot() == 0 || m.days[pt.day].week != w {
					continue
				}
				if loss := prof[j] - prof[pt.base]; loss < worst {
					worst, at = loss, i
				}
			}
			if at < 0 {
				break
			}
			h -= m.pats[chosen[at]].otHours
			chosen[at] = m.pats[chosen[at]].base
		}
	}
	return chosen
}

// otShift is one in-house shift of a roster being checked: its contracted
// span, its breaks, its voluntary time off and its overtime rows.
type otShift struct {
	act  Activity
	brks []Activity
	vto  []Activity // voluntary time off at the shift's end
	ot   []Activity
}

// span is the shift's worked span: its contracted span with its overtime.
func (s *otShift) span() (time.Time, time.Time) {
	a, e := s.act.Start, s.act.End
	for _, o := range s.ot {
		if o.Start.Before(a) {
			a = o.Start
		}
		if o.End.After(e) {
			e = o.End
		}
	}
	return a, e
}

// attachOvertime hangs each overtime row on the agent's shift it touches
// and reports the rows that touch none.
func attachOvertime(byAgent map[string][]*otShift, rows []Activity) (loose []Activity) {
	for _, a := range rows {
		found := false
		for _, s := range byAgent[a.Agent] {
			if a.End.Equal(s.act.Start) || a.Start.Equal(s.act.End) {
				s.ot = append(s.ot, a)
				found = true
				break
			}
		}
		if !found {
			loose = append(loose, a)
		}
	}
	return loose
}

// checkShiftOvertime checks shift s of agent id (agentInfo info), on day d,
// against Problem.Overtime: each row at an end it may extend, the agent's
// contract, and the shift's overtime within max_per_day. It returns the
// shift's overtime hours, for the week's cap.
func (m *model) checkShiftOvertime(id string, info *agentInfo, s *otShift, add func(agent, rule string, at time.Time, format string, args ...any)) float64 {
	if len(s.ot) == 0 {
		return 0
	}
	loc := m.p.loc()
	o := m.p.Overtime
	total := time.Duration(0)
	for _, r := range s.ot {
		total += r.End.Sub(r.Start)
		before := r.End.Equal(s.act.Start)
		side := ExtendAfter
		if before {
			side = ExtendBefore
		}
		switch {
		case !o.On():
			add(id, RuleOvertime, r.Start, "overtime %s, and the config allows none", span(r, loc))
		case !info.overtime:
			add(id, RuleOvertime, r.Start, "overtime %s, and contract %q takes none (overtime.contracts)", span(r, loc), info.contract)
		case o.extend() != ExtendBoth && o.extend() != side:
			add(id, RuleOvertime, r.Start, "overtime %s extends the shift %s, want %s it only (overtime.extend)", span(r, loc), map[string]string{ExtendBefore: "before its start", ExtendAfter: "after its end"}[side], o.extend())
		}
		if iv := m.p.Demand.Interval; r.End.Sub(r.Start)%iv != 0 || r.Start.Sub(m.p.Demand.Start)%iv != 0 {
			add(id, RuleOvertime, r.Start, "overtime %s is not whole %s intervals", span(r, loc), fmtDur(iv))
		}
	}
	if o.On() && total > o.MaxPerDay {
		add(id, RuleOvertime, s.ot[0].Start, "%s of overtime on the shift %s, want at most %s (overtime.max_per_day)", fmtDur(total), span(s.act, loc), fmtDur(o.MaxPerDay))
	}
	return total.Hours()
}
