package scheduling

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// model is a Problem on its interval grid: targets, local days, weeks,
// every shift pattern (template × day × start) that fits the horizon, and
// each agent's rules. newModel checks the Problem and builds it; after that
// it is read-only, and Solve, LowerBound, Check and Validate all start
// from it.
type model struct {
	p      *Problem
	T      int
	dh     float64 // interval length in hours
	target []int
	under  float64 // cost of one agent short for one interval
	over   float64 // cost of one agent over for one interval

	days     []day
	dayOf    []int // interval → local day of its start
	dayFirst []int // day → its first interval (−1: none); dayFirst[len(days)] = T
	weeks    int
	fullWeek []bool

	pats      []pattern
	patsByDay [][]int

	agents []agentInfo

	// vwin is, per vendor, the intervals its windows cover whatever the
	// in-house roster: peaks.windows for a peak vendor, else its own.
	vwin [][]bool

	// uncovered are the runs of intervals that require staff and that no
	// pattern covers: understaffed whatever the roster.
	uncovered []Uncovered

	// plain is the objective's own pricing (see pricing).
	plain pricing
}

type day struct {
	date    string // YYYY-MM-DD, local
	weekday time.Weekday
	week    int
	y       int
	m       time.Month
	d       int
}

// pattern is one possible shift: a template started at one time.
type pattern struct {
	tmpl  int
	day   int
	start int // interval index
	n     int // intervals
	hours float64
	cost  float64
	brk   []brkSpec
	// clock is the start's clock time in hours after its day's midnight,
	// 24 or more for a start after midnight (a window crossing it); that
	// of the contracted start for a shift with overtime.
	clock float64
	// otBefore and otAfter are the overtime intervals before and after
	// the contracted span (Problem.Overtime), otHours their hours and
	// otCost their price, part of cost; base is the pattern of the same
	// shift without overtime (itself when it has none).
	otBefore, otAfter int
	otHours, otCost   float64
	base              int
}

// brkSpec is a break's length and the range of its start, in intervals
// after the shift's start.
type brkSpec struct{ lo, hi, n int }

// Uncovered is a run of intervals [Start, End) that require staff and
// that no shift template covers: no roster can staff them, so they are
// understaffed, priced by Costs.UnderstaffedPerAgentHour, and reported
// (Solution.Uncovered), never an error. MaxRequired is the most staff one
// of them requires.
type Uncovered struct {
	Start, End  time.Time
	MaxRequired float64
}

// fmtDur writes d as 8h, 1h30m or 15m.
func fmtDur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	if s == "" {
		return "0"
	}
	return s
}

func newModel(p *Problem) (*model, error) {
	dm := p.Demand
	if dm.Len() == 0 || dm.Interval <= 0 {
		return nil, configErrorf("scheduling: no intervals to schedule")
	}
	iv := dm.Interval
	m := &model{p: p, T: dm.Len(), dh: iv.Hours()}
	m.plain = pricing{m: m}
	c := p.Costs
	if c.InhousePerHour < 0 || c.UnderstaffedPerAgentHour < 0 || c.OverstaffedPerAgentHour < 0 {
		return nil, configErrorf("costs: costs must not be negative")
	}
	m.under = c.UnderstaffedPerAgentHour * m.dh
	m.over = c.OverstaffedPerAgentHour * m.dh
	m.target = make([]int, m.T)
	for t := range m.target {
		m.target[t] = dm.Target(t)
	}
	m.vwin = make([][]bool, len(p.Vendors))
	for vi, v := range p.Vendors {
		ws := v.Windows
		if v.Peak {
			ws = p.Peaks.Windows
		}
		m.vwin[vi] = make([]bool, m.T)
		for t := range m.vwin[vi] {
			m.vwin[vi][t] = m.inside(ws, t)
		}
	}

	// Local days and weeks.
	loc := p.loc()
	first := dm.Start.In(loc)
	last := dm.End().Add(-time.Nanosecond).In(loc)
	idx := map[string]int{}
	for d := time.Date(first.Year(), first.Month(), first.Day(), 12, 0, 0, 0, loc); ; d = d.AddDate(0, 0, 1) {
		key := d.Format("2006-01-02")
		idx[key] = len(m.days)
		m.days = append(m.days, day{date: key, weekday: d.Weekday(), week: len(m.days) / 7, y: d.Year(), m: d.Month(), d: d.Day()})
		if key == last.Format("2006-01-02") {
			break
		}
	}
	m.weeks = (len(m.days) + 6) / 7
	m.fullWeek = make([]bool, m.weeks)
	for w := range m.fullWeek {
		m.fullWeek[w] = 7*(w+1) <= len(m.days)
	}
	m.dayOf = make([]int, m.T)
	for t := range m.dayOf {
		m.dayOf[t] = idx[dm.Start.Add(time.Duration(t)*iv).In(loc).Format("2006-01-02")]
	}
	m.dayFirst = make([]int, len(m.days)+1)
	for d := range m.dayFirst {
		m.dayFirst[d] = -1
	}
	for t := m.T - 1; t >= 0; t-- {
		m.dayFirst[m.dayOf[t]] = t
	}
	m.dayFirst[len(m.days)] = m.T

	if err := m.checkTemplates(); err != nil {
		return nil, err
	}
	if err := m.checkRules(); err != nil {
		return nil, err
	}
	if err := m.checkOvertime(); err != nil {
		return nil, err
	}

	// Patterns.
	m.patsByDay = make([][]int, len(m.days))
	for di, dd := range m.days {
		for k, tp := range p.Templates {
			if !tp.runsOn(dd.weekday) {
				continue
			}
			step := tp.startStep(iv)
			pay, _ := m.shiftPay(tp, 0)
			var brk []brkSpec
			for _, b := range tp.Breaks {
				brk = append(brk, brkSpec{lo: int(b.From / iv), hi: int((b.To - b.Length) / iv), n: int(b.Length / iv)})
			}
			for s := tp.Earliest; s <= tp.Latest; s += step {
				st := time.Date(dd.y, dd.m, dd.d, int(s/time.Hour), int(s%time.Hour/time.Minute), 0, 0, loc)
				off := st.Sub(dm.Start)
				if off < 0 || off%iv != 0 || st.Add(tp.Length).After(dm.End()) {
					continue
				}
				base := pattern{tmpl: k, day: di, start: int(off / iv), n: int(tp.Length / iv),
					hours: tp.PaidHours(), cost: pay, brk: brk, clock: s.Hours()}
				for _, pt := range m.withOvertime(base, len(m.pats), tp) {
					m.patsByDay[di] = append(m.patsByDay[di], len(m.pats))
					m.pats = append(m.pats, pt)
				}
			}
		}
	}
	covered := make([]bool, m.T)
	for _, pt := range m.pats {
		for t := pt.start; t < pt.start+pt.n; t++ {
			covered[t] = true
		}
	}
	for t, ok := range covered {
		if ok || m.target[t] == 0 {
			continue
		}
		at := dm.Start.Add(time.Duration(t) * iv)
		if k := len(m.uncovered) - 1; k >= 0 && m.uncovered[k].End.Equal(at) {
			m.uncovered[k].End = at.Add(iv)
			m.uncovered[k].MaxRequired = math.Max(m.uncovered[k].MaxRequired, dm.Required[t])
			continue
		}
		m.uncovered = append(m.uncovered, Uncovered{Start: at, End: at.Add(iv), MaxRequired: dm.Required[t]})
	}

	// Agents.
	names := map[string]int{}
	for k, tp := range p.Templates {
		names[tp.Name] = k
	}
	for _, a := range p.Agents {
		ai, err := m.agentRules(a, names)
		if err != nil {
			return nil, err
		}
		m.agents = append(m.agents, ai)
	}
	if err := m.checkVendors(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *model) checkTemplates() error {
	if len(m.p.Templates) == 0 {
		return configErrorf("shifts: no shift templates")
	}
	for i, tp := range m.p.Templates {
		if err := CheckTemplate(i, tp, m.p.Demand.Interval); err != nil {
			return err
		}
	}
	return nil
}

// checkVendors refuses a vendor no roster can use as given.
func (m *model) checkVendors() error {
	for i, v := range m.p.Vendors {
		key := fmt.Sprintf("vendors[%d]", i)
		if v.MaxAgents < 0 {
			return configErrorf("%s.max_agents: negative", key)
		}
		if v.CostPerHour < 0 {
			return configErrorf("%s.cost_per_hour: negative", key)
		}
		if v.MinBlock < 0 || v.MinBlock%m.p.Demand.Interval != 0 {
			return configErrorf("%s.min_block: %s is not a multiple of the %s interval", key, fmtDur(v.MinBlock), fmtDur(m.p.Demand.Interval))
		}
		if !v.Peak && len(v.Windows) == 0 {
			return configErrorf("%s.windows: want \"peak\" or a list of {start, end}", key)
		}
		if v.Ramp < 0 {
			return configErrorf("%s.ramp: %d: want the most agents joining or leaving at once, ≥ 1 (or 0 for no limit)", key, v.Ramp)
		}
		if v.Notice < 0 {
			return configErrorf("%s.notice: negative", key)
		}
	}
	return nil
}

// inside reports whether interval t lies wholly inside one of ws.
func (m *model) inside(ws []TimeRange, t int) bool {
	iv := m.p.Demand.Interval
	a := m.p.Demand.Start.Add(time.Duration(t) * iv)
	for _, w := range ws {
		if !a.Before(w.Start) && !a.Add(iv).After(w.End) {
			return true
		}
	}
	return false
}
