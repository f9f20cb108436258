package scheduling

import (
	"math"
	"time"
)

// placed is a shift on an agent's day: its pattern and the absolute start
// interval of each of its breaks. pat < 0 is a day off.
type placed struct {
	pat int
	brk []int
}

// state is an in-house roster under construction with its net coverage,
// the prices its search follows (pr) and the search's scratch (ws).
type state struct {
	m  *model
	pr *pricing
	ws *workspace
	n  []int       // net in-house agents per interval (breaks removed)
	sh [][]placed  // agent × day
	wh [][]float64 // agent × week paid hours

	// scratch
	v   []float64
	buf []int
}

// newState is an empty roster at plain prices.
func newState(m *model, ws *workspace) *state {
	s := &state{m: m, pr: &m.plain, ws: ws, n: make([]int, m.T), v: make([]float64, m.T)}
	s.sh = make([][]placed, len(m.agents))
	s.wh = make([][]float64, len(m.agents))
	for a := range s.sh {
		s.sh[a] = make([]placed, len(m.days))
		for d := range s.sh[a] {
			s.sh[a][d].pat = -1
		}
		s.wh[a] = make([]float64, m.weeks)
	}
	return s
}

// plusPay adds the in-house roster's own cost to x: its pay and its
// start-time changes (startChange).
func (s *state) plusPay(x float64) float64 {
	for a := range s.sh {
		for _, p := range s.sh[a] {
			if p.pat >= 0 {
				x += s.m.pats[p.pat].cost
			}
		}
		c, _ := s.m.startChange(s.sh[a])
		x += c
	}
	return x
}

// shiftGain is bestPlace's gain of pattern j on agent a's day d (off),
// less the start-time change it adds (startDelta), with the breaks in brk.
func (s *state) shiftGain(a, d, j int, brk []int) (float64, []int) {
	g, brk := s.bestPlace(j, brk)
	return g - s.m.startDelta(s.sh[a], d, j), brk
}

// placedGain is gainOf's gain of placed shift p on agent a's day d (off),
// less the start-time change it adds.
func (s *state) placedGain(a, d int, p placed) float64 {
	return s.gainOf(p) - s.m.startDelta(s.sh[a], d, p.pat)
}

// clone copies the roster part of a state; the copy follows the same prices
// and shares the scratch.
func (s *state) clone() *state {
	c := &state{m: s.m, pr: s.pr, ws: s.ws, n: append([]int(nil), s.n...), v: make([]float64, len(s.v))}
	c.sh = make([][]placed, len(s.sh))
	c.wh = make([][]float64, len(s.wh))
	for a := range s.sh {
		c.sh[a] = make([]placed, len(s.sh[a]))
		for d, p := range s.sh[a] {
			c.sh[a][d] = placed{pat: p.pat, brk: append([]int(nil), p.brk...)}
		}
		c.wh[a] = append([]float64(nil), s.wh[a]...)
	}
	return c
}

// bestPlace places pattern j's breaks where one more agent is worth least
// and returns the shift's gain (staffing cost saved less its pay) with the
// breaks' starts in brk.
func (s *state) bestPlace(j int, brk []int) (float64, []int) {
	pt := &s.m.pats[j]
	brk = brk[:0]
	g := s.pr.sumGain(-pt.cost, pt.start, pt.start+pt.n, s.n)
	for _, b := range pt.brk {
		best, bestAt := math.Inf(1), -1
		for o := b.lo; o <= b.hi; o++ {
			st := pt.start + o
			if overlaps(brk, pt, st, b.n) {
				continue
			}
			x := s.pr.sumGain(0, st, st+b.n, s.n)
			if x < best-1e-12 {
				best, bestAt = x, st
			}
		}
		if bestAt < 0 { // windows overlap so much that no place is free
			bestAt = pt.start + b.lo
			best = 0
			for t := bestAt; t < bestAt+b.n; t++ {
				best += s.pr.gain(t, s.n[t])
			}
		}
		g -= best
		brk = append(brk, bestAt)
	}
	return g, brk
}

// overlaps reports whether a break of n intervals at st overlaps a break
// already placed in brk for pattern pt.
func overlaps(brk []int, pt *pattern, st, n int) bool {
	for k, b := range brk {
		if st < b+pt.brk[k].n && b < st+n {
			return true
		}
	}
	return false
}

// apply adds (sign +1) or removes (sign −1) a placed shift's coverage.
func (s *state) apply(a, d int, p placed, sign int) {
	pt := &s.m.pats[p.pat]
	for t := pt.start; t < pt.start+pt.n; t++ {
		s.n[t] += sign
	}
	for k, b := range p.brk {
		for t := b; t < b+pt.brk[k].n; t++ {
			s.n[t] -= sign
		}
	}
	s.wh[a][s.m.days[d].week] += float64(sign) * pt.hours
}

func (s *state) put(a, d int, p placed) {
	s.sh[a][d] = placed{pat: p.pat, brk: append([]int(nil), p.brk...)}
	s.apply(a, d, p, +1)
}

func (s *state) take(a, d int) placed {
	p := s.sh[a][d]
	s.apply(a, d, p, -1)
	s.sh[a][d] = placed{pat: -1}
	return p
}

// gainOf is the gain of adding placed shift p to the state (p not in it).
func (s *state) gainOf(p placed) float64 {
	pt := &s.m.pats[p.pat]
	g := s.pr.sumGain(-pt.cost, pt.start, pt.start+pt.n, s.n)
	for k, b := range p.brk {
		for t := b; t < b+pt.brk[k].n; t++ {
			g -= s.pr.gain(t, s.n[t])
		}
	}
	return g
}

// fits reports whether agent a may work pattern j on day d (j < 0: a day
// off), given the rest of a's roster (day d is treated as holding j), by
// the rules of rules.go. enforceMin also asks the week's minimum hours.
func (s *state) fits(a, d, j int, enforceMin bool) bool {
	m := s.m
	ai := &m.agents[a]
	if j >= 0 {
		pt := &m.pats[j]
		if ai.unavail[d] || !ai.may(pt) {
			return false
		}
		if pt.ot() > 0 && !m.p.Overtime.weekOK(m.weekOvertime(s.sh[a], m.days[d].week, d, j)) {
			return false
		}
	}
	r := m.p.Rules
	row := s.sh[a]
	worked := func(x int) bool {
		if x == d {
			return j >= 0
		}
		return row[x].pat >= 0
	}
	w := m.days[d].week
	hours := s.wh[a][w]
	if row[d].pat >= 0 {
		hours -= m.pats[row[d].pat].hours
	}
	if j >= 0 {
		hours += m.pats[j].hours
		if ai.overMax(hours) {
			return false
		}
		pt := &m.pats[j]
		// rest with the nearest shifts before and after
		for x := d - 1; x >= 0; x-- {
			if row[x].pat >= 0 {
				q := &m.pats[row[x].pat]
				if !r.restOK(m.gap(q.start+q.n, pt.start)) {
					return false
				}
				break
			}
		}
		for x := d + 1; x < len(row); x++ {
			if row[x].pat >= 0 {
				q := &m.pats[row[x].pat]
				if !r.restOK(m.gap(pt.start+pt.n, q.start)) {
					return false
				}
				break
			}
		}
		run := 1
		for x := d - 1; x >= 0 && worked(x); x-- {
			run++
		}
		for x := d + 1; x < len(row) && worked(x); x++ {
			run++
		}
		if !r.runOK(run) {
			return false
		}
		if m.daysOffBind(w) && !r.daysOffOK(m.daysOff(w, worked)) {
			return false
		}
	}
	return !enforceMin || !ai.underMin(w, hours)
}

// gap is the time from interval a to interval b.
func (m *model) gap(a, b int) time.Duration { return time.Duration(b-a) * m.p.Demand.Interval }
