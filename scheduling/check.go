package scheduling

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// Rules a Violation can name.
const (
	RuleUnknownAgent   = "unknown_agent"
	RuleHorizon        = "horizon"
	RuleTemplate       = "template"
	RuleBreak          = "break"
	RuleOneShiftPerDay = "one_shift_per_day"
	RuleRest           = "min_rest"
	RuleConsecutive    = "max_consecutive_days"
	RuleDaysOff        = "days_off_per_week"
	RuleMaxHours       = "max_hours_per_week"
	RuleMinHours       = "min_hours_per_week"
	RuleContinuousWork = "max_continuous_work"
	RuleVTO            = "voluntary_time_off"
	RuleAvailability   = "availability"
	RuleVendorCap      = "vendor_max_agents"
	RuleVendorBlock    = "vendor_min_block"
	RuleVendorWindow   = "vendor_windows"
	RuleVendorRamp     = "vendor_ramp"
)

// Violation is one broken rule in a roster.
type Violation struct {
	Agent  string
	Rule   string    // one of the Rule constants
	At     time.Time // the shift, day or interval concerned
	Detail string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s %s %s: %s", v.Agent, v.At.Format(time.RFC3339), v.Rule, v.Detail)
}

// Check is the rule checker, separate from the optimiser: it checks every
// in-house shift against the templates (length, start window and step,
// weekday, the agent's allowed templates, each break's length and window)
// and every agent's roster against p.Rules (rest, consecutive days, days
// off, weekly hours) and availability, every overtime row against
// p.Overtime (the shift it extends, the end, the contract, the caps per
// shift and week; rest and continuous work count it as part of its
// shift, weekly hours do not), and every vendor row against its
// vendor's cap, minimum block and windows. Weekly rules apply to 7-day weeks
// counted from the horizon's first local day; days off and minimum hours
// only to full weeks (minimum hours only where the agent is available all
// week). The error is for a Problem that cannot be checked at all.
func Check(p Problem, roster []Activity) ([]Violation, error) {
	m, err := newModel(&p)
	if err != nil {
		return nil, err
	}
	return m.check(roster), nil
}

// check is Check on the model.
func (m *model) check(roster []Activity) []Violation {
	p := m.p
	loc := p.loc()
	var out []Violation
	add := func(agent, rule string, at time.Time, format string, args ...any) {
		out = append(out, Violation{Agent: agent, Rule: rule, At: at.In(loc), Detail: fmt.Sprintf(format, args...)})
	}
	agentIdx := map[string]int{}
	for i, a := range p.Agents {
		agentIdx[a.ID] = i
	}
	dayIdx := map[string]int{}
	for i, d := range m.days {
		dayIdx[d.date] = i
	}
	byAgent := map[string][]*otShift{}
	var order []string
	var vendorRows, inhouse []Activity
	for _, a := range roster {
		if a.Vendor() != "" {
			vendorRows = append(vendorRows, a)
			continue
		}
		inhouse = append(inhouse, a)
		if a.Activity == ActivityShift {
			if _, ok := byAgent[a.Agent]; !ok {
				order = append(order, a.Agent)
			}
			byAgent[a.Agent] = append(byAgent[a.Agent], &otShift{act: a})
		}
	}
	var otRows []Activity
	for _, a := range roster {
		if a.Vendor() != "" || a.Activity == ActivityShift {
			continue
		}
		if a.Activity == ActivityOvertime {
			otRows = append(otRows, a)
			continue
		}
		found := false
		for _, s := range byAgent[a.Agent] {
			if !a.Start.Before(s.act.Start) && !a.End.After(s.act.End) {
				if a.Activity == ActivityVTO {
					s.vto = append(s.vto, a)
				} else {
					s.brks = append(s.brks, a)
				}
				found = true
				break
			}
		}
		if !found {
			add(a.Agent, RuleBreak, a.Start, "%s %s is not inside any of the agent's shifts", a.Activity, span(a, loc))
		}
	}
	for _, a := range attachOvertime(byAgent, otRows) {
		add(a.Agent, RuleOvertime, a.Start, "overtime %s extends none of the agent's shifts: it must start where a shift ends or end where one starts", span(a, loc))
	}
	clock := func(t time.Time) time.Duration {
		t = t.In(loc)
		return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
	}
	for _, id := range order {
		shifts := byAgent[id]
		ai, known := agentIdx[id]
		if !known {
			add(id, RuleUnknownAgent, shifts[0].act.Start, "no in-house agent with id %q", id)
			continue
		}
		info := &m.agents[ai]
		sort.Slice(shifts, func(i, j int) bool { return shifts[i].act.Start.Before(shifts[j].act.Start) })
		worked := make([]bool, len(m.days))
		hours := make([]float64, m.weeks)
		otHours := make([]float64, m.weeks)
		otFirst := make([]time.Time, m.weeks)
		for i, s := range shifts {
			a := s.act
			sort.Slice(s.brks, func(i, j int) bool { return s.brks[i].Start.Before(s.brks[j].Start) })
			sort.Slice(s.ot, func(i, j int) bool { return s.ot[i].Start.Before(s.ot[j].Start) })
			from, to := s.span()
			if from.Before(m.p.Demand.Start) || to.After(m.p.Demand.End()) {
				add(id, RuleHorizon, a.Start, "shift %s is outside the horizon %s..%s", span(a, loc), p.Demand.Start.In(loc).Format(time.RFC3339), p.Demand.End().In(loc).Format(time.RFC3339))
				continue
			}
			// The shift's day is its start's date, or the day before
			// for a start after midnight of a window that crosses it.
			d, c := dayIdx[a.Start.In(loc).Format("2006-01-02")], clock(a.Start)
			if !m.startsOn(d, c, a.End.Sub(a.Start)) && d > 0 && m.startsOn(d-1, c+24*time.Hour, a.End.Sub(a.Start)) {
				d, c = d-1, c+24*time.Hour
			}
			if worked[d] {
				add(id, RuleOneShiftPerDay, a.Start, "second shift on %s", m.days[d].date)
			}
			worked[d] = true
			if info.unavail[d] {
				add(id, RuleAvailability, a.Start, "shift on %s, when the agent is unavailable", m.days[d].date)
			}
			// Match a template.
			paid, matched := a.End.Sub(a.Start).Hours(), false
			var breakWhy string
			for k, tp := range p.Templates {
				if !m.templateStarts(tp, d, c, a.End.Sub(a.Start)) {
					continue
				}
				if !info.allowed[k] {
					if breakWhy == "" {
						breakWhy = fmt.Sprintf("template %q is not allowed for this agent", tp.Name)
					}
					continue
				}
				why := matchBreaks(tp, a, s.brks)
				if why == "" {
					matched, paid = true, tp.PaidHours()
					break
				}
				if breakWhy == "" {
					breakWhy = fmt.Sprintf("template %q: %s", tp.Name, why)
				}
			}
			if !matched {
				if breakWhy != "" {
					add(id, RuleBreak, a.Start, "shift %s: %s", span(a, loc), breakWhy)
				} else {
					add(id, RuleTemplate, a.Start, "shift %s matches no template's length, start window or weekday", span(a, loc))
				}
			}
			for k, v := range s.vto {
				switch {
				case k > 0:
					add(id, RuleVTO, v.Start, "second time off in shift %s", span(a, loc))
				case !v.End.Equal(a.End):
					add(id, RuleVTO, v.Start, "time off %s does not end with the shift %s", span(v, loc), span(a, loc))
				case len(s.brks) > 0 && v.Start.Before(s.brks[len(s.brks)-1].End):
					add(id, RuleVTO, v.Start, "time off %s begins before the shift's last break ends", span(v, loc))
				case !v.Start.After(a.Start):
					add(id, RuleVTO, v.Start, "time off %s is the whole shift %s: an absence, not time off", span(v, loc), span(a, loc))
				}
				paid -= v.End.Sub(v.Start).Hours()
			}
			if cw := p.Rules.MaxContinuousWork; cw.Work > 0 {
				var brks [][2]time.Duration
				for _, b := range append(slices.Clone(s.brks), s.vto...) {
					brks = append(brks, [2]time.Duration{b.Start.Sub(from), b.End.Sub(from)})
				}
				if off, w := cw.longestStretch(to.Sub(from), brks); !cw.continuousOK(w) {
					add(id, RuleContinuousWork, from.Add(off), "%s of work from %s without a break of %s, want at most %s",
						fmtDur(w), from.Add(off).In(loc).Format("15:04"), fmtDur(cw.Break), fmtDur(cw.Work))
				}
			}
			w := m.days[d].week
			hours[w] += paid
			if h := m.checkShiftOvertime(id, info, s, add); h > 0 {
				if otHours[w] == 0 {
					otFirst[w] = s.ot[0].Start
				}
				otHours[w] += h
			}
			if i > 0 {
				_, prevEnd := shifts[i-1].span()
				if rest := from.Sub(prevEnd); !p.Rules.restOK(rest) {
					add(id, RuleRest, from, "%s rest after the shift ending %s, want at least %s", fmtDur(rest), prevEnd.In(loc).Format(time.RFC3339), fmtDur(p.Rules.MinRest))
				}
			}
		}
		r := p.Rules
		run := 0
		for d := range m.days {
			if !worked[d] {
				run = 0
				continue
			}
			if run++; !r.runOK(run) && r.runOK(run-1) {
				c := r.MaxConsecutiveDays
				add(id, RuleConsecutive, m.dayStart(d), "works %d days in a row from %s, want at most %d", c+1, m.days[d-c].date, c)
			}
		}
		for w := 0; w < m.weeks; w++ {
			at := m.dayStart(7 * w)
			if o := p.Overtime; o.On() && !o.weekOK(otHours[w]) {
				add(id, RuleOvertime, otFirst[w], "%gh of overtime in the week from %s, want at most %s (overtime.max_per_week)", otHours[w], m.days[7*w].date, fmtDur(o.MaxPerWeek))
			}
			if info.overMax(hours[w]) {
				add(id, RuleMaxHours, at, "%g paid hours in the week from %s, want at most %g", hours[w], m.days[7*w].date, info.maxH)
			}
			if info.underMin(w, hours[w]) {
				add(id, RuleMinHours, at, "%g paid hours in the week from %s, want at least %g", hours[w], m.days[7*w].date, info.minH)
			}
			if !m.daysOffBind(w) {
				continue
			}
			if off, longest := m.daysOff(w, func(d int) bool { return worked[d] }); !r.daysOffOK(off, longest) {
				k := r.DaysOffPerWeek
				if off < k {
					add(id, RuleDaysOff, at, "%d days off in the week from %s, want %d", off, m.days[7*w].date, k)
				} else {
					add(id, RuleDaysOff, at, "at most %d consecutive days off in the week from %s, want %d", longest, m.days[7*w].date, k)
				}
			}
		}
	}
	out = append(out, m.checkVendorRows(inhouse, vendorRows)...)
	return out
}

// templateStarts reports whether template tp runs on day d and starts a
// shift of length n at clock time c after that day's midnight (c ≥ 24h
// for a start after midnight).
func (m *model) templateStarts(tp ShiftTemplate, d int, c, n time.Duration) bool {
	return n == tp.Length && tp.runsOn(m.days[d].weekday) && c >= tp.Earliest && c <= tp.Latest && (c-tp.Earliest)%tp.startStep(m.p.Demand.Interval) == 0
}

// startsOn reports whether some template starts a shift of length n on
// day d at clock time c.
func (m *model) startsOn(d int, c, n time.Duration) bool {
	for _, tp := range m.p.Templates {
		if m.templateStarts(tp, d, c, n) {
			return true
		}
	}
	return false
}

func (m *model) dayStart(d int) time.Time {
	dd := m.days[d]
	return time.Date(dd.y, dd.m, dd.d, 0, 0, 0, 0, m.p.loc())
}

func span(a Activity, loc *time.Location) string {
	return a.Start.In(loc).Format(time.RFC3339) + ".." + a.End.In(loc).Format("15:04")
}

// matchBreaks reports why a shift's break rows do not fit the template's
// breaks, "" when they do.
func matchBreaks(tp ShiftTemplate, shift Activity, brks []Activity) string {
	if len(brks) != len(tp.Breaks) {
		return fmt.Sprintf("%d breaks, want %d", len(brks), len(tp.Breaks))
	}
	for k, b := range tp.Breaks {
		got := brks[k]
		name := ActivityBreak
		if b.Name == ActivityLunch {
			name = ActivityLunch
		}
		if got.Activity != name {
			return fmt.Sprintf("break %d is a %s, want a %s", k+1, got.Activity, name)
		}
		if got.End.Sub(got.Start) != b.Length {
			return fmt.Sprintf("%s %d lasts %s, want %s", name, k+1, fmtDur(got.End.Sub(got.Start)), fmtDur(b.Length))
		}
		from, to := got.Start.Sub(shift.Start), got.End.Sub(shift.Start)
		if from < b.From || to > b.To {
			return fmt.Sprintf("%s %d at %s-%s after the start, want inside %s-%s", name, k+1, fmtDur(from), fmtDur(to), fmtDur(b.From), fmtDur(b.To))
		}
		if k > 0 && got.Start.Before(brks[k-1].End) {
			return fmt.Sprintf("%s %d overlaps the one before", name, k+1)
		}
	}
	return ""
}

// checkVendorRows checks vendor staff against their vendor's cap, minimum
// block and windows; auto peaks are where the in-house roster leaves the
// target unmet.
func (m *model) checkVendorRows(inhouse, rows []Activity) []Violation {
	if len(rows) == 0 {
		return nil
	}
	p := m.p
	loc := p.loc()
	var out []Violation
	cov := Cover(*p, inhouse)
	n := make([]int, m.T)
	for t, c := range cov {
		n[t] = int(math.Floor(c.Net + 1e-9))
	}
	byName := map[string]int{}
	for i, v := range p.Vendors {
		byName[v.Name] = i
	}
	counts := make([][]float64, len(p.Vendors))
	allowed := make([][]bool, len(p.Vendors))
	for i := range p.Vendors {
		counts[i] = make([]float64, m.T)
		allowed[i] = m.vendorAllowed(i, n, exactRule)
	}
	for _, a := range rows {
		vi, ok := byName[a.Vendor()]
		if !ok {
			out = append(out, Violation{a.Agent, RuleUnknownAgent, a.Start.In(loc), fmt.Sprintf("no vendor named %q", a.Vendor())})
			continue
		}
		v := p.Vendors[vi]
		if a.Activity != ActivityShift {
			continue
		}
		if a.End.Sub(a.Start) < v.MinBlock {
			out = append(out, Violation{a.Agent, RuleVendorBlock, a.Start.In(loc), fmt.Sprintf("block %s lasts %s, want at least %s", span(a, loc), fmtDur(a.End.Sub(a.Start)), fmtDur(v.MinBlock))})
		}
		outside := false
		for _, c := range Cover(*p, []Activity{a}) {
			t := int(c.Start.Sub(p.Demand.Start) / p.Demand.Interval)
			if c.Vendor > 0 {
				counts[vi][t] += c.Vendor
				outside = outside || !allowed[vi][t]
			}
		}
		if a.Start.Before(p.Demand.Start) || a.End.After(p.Demand.End()) {
			outside = true
		}
		if outside {
			out = append(out, Violation{a.Agent, RuleVendorWindow, a.Start.In(loc), fmt.Sprintf("block %s is outside vendor %s's windows", span(a, loc), v.Name)})
		}
	}
	for vi, v := range p.Vendors {
		for t, c := range counts[vi] {
			if c > float64(v.MaxAgents)+1e-9 {
				at := p.Demand.Start.Add(time.Duration(t) * p.Demand.Interval)
				out = append(out, Violation{"vendor:" + v.Name, RuleVendorCap, at.In(loc), fmt.Sprintf("%g vendor staff at once, want at most %d", c, v.MaxAgents)})
				break
			}
		}
	}
	out = append(out, checkVendorRamp(p, rows)...)
	return out
}

// checkVendorRamp checks each vendor's ramp: at most Ramp of its agents
// join, and at most Ramp leave, at one instant. Agents are counted as the
// rows say: a block ending where another of the same vendor starts is one
// leaving and one joining.
func checkVendorRamp(p *Problem, rows []Activity) []Violation {
	loc := p.loc()
	var out []Violation
	for _, v := range p.Vendors {
		if v.Ramp <= 0 {
			continue
		}
		join, leave := map[int64]int{}, map[int64]int{}
		for _, a := range rows {
			if a.Vendor() == v.Name && a.Activity == ActivityShift {
				join[a.Start.Unix()]++
				leave[a.End.Unix()]++
			}
		}
		for _, c := range []struct {
			n    map[int64]int
			verb string
		}{{join, "join"}, {leave, "leave"}} {
			var at []int64
			for u, n := range c.n {
				if n > v.Ramp {
					at = append(at, u)
				}
			}
			slices.Sort(at)
			for _, u := range at {
				out = append(out, Violation{"vendor:" + v.Name, RuleVendorRamp, time.Unix(u, 0).In(loc), fmt.Sprintf("%d agents %s at once, want at most %d (ramp)", c.n[u], c.verb, v.Ramp)})
			}
		}
	}
	return out
}
