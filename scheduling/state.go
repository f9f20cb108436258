package scheduling

import "math"

// placed is a shift on an agent's day: its pattern and the absolute start
// interval of each of its breaks. pat < 0 is a day off.
type placed struct {
	pat int
	brk []int
}

// state is an in-house roster under construction with its net coverage.
type state struct {
	m  *model
	n  []int       // net in-house agents per interval (breaks removed)
	sh [][]placed  // agent × day
	wh [][]float64 // agent × week paid hours

	// scratch
	v   []float64
	buf []int
}

func newState(m *model) *state {
	s := &state{m: m, n: make([]int, m.T), v: make([]float64, m.T)}
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

// f is the staffing cost of interval t with n agents on the phones.
// With vendors reserved at t (vfix, see reserve), it is the cost with
// them on top, less the pay of those the in-house roster makes
// unneeded and that may be released (vrel: in-house staff cost less than
// a vendor, so the roster should take over the vendors' hours where it
// can); and, where some reserved staff may work only as an auto peak, one
// understaffed agent's cost per in-house agent from the target up: their
// block may stay only where the in-house roster is short (autoPen instead,
// when that is lower, while loosenAutoPeaks prices the rule).
func (m *model) f(t, n int) float64 {
	r := m.target[t]
	if m.vfix != nil && m.vfix[t] > 0 {
		rel := min(m.vrel[t], max(0, n+m.vfix[t]-r))
		c := m.staffCost(t, n+m.vfix[t]-rel) - float64(rel)*m.vrelW[t]
		if n >= r && m.vrel[t] < m.vfix[t] {
			pen := m.under
			if m.autoPen > 0 {
				pen = min(pen, m.autoPen)
			}
			c += pen * float64(n-r+1)
		}
		return c
	}
	if n < r {
		short := r - n
		c := 0.0
		if m.vw != nil {
			q := min(short, m.vk[t])
			c, short = float64(q)*m.vw[t], short-q
		}
		return c + m.under*float64(short)
	}
	return m.over * float64(n-r)
}

// staffCost is the understaffing and overstaffing cost of interval t with
// net agents on the phones, vendors included, at the plain prices.
func (m *model) staffCost(t, net int) float64 {
	r := m.target[t]
	return m.under*float64(max(0, r-net)) + m.over*float64(max(0, net-r))
}

// blockCost is what vendor block b costs.
func (m *model) blockCost(b vblock) float64 {
	return float64(b.end-b.start) * m.p.Vendors[b.v].CostPerHour * m.dh
}

// plusPay adds the in-house roster's pay to x.
func (s *state) plusPay(x float64) float64 {
	for a := range s.sh {
		for _, p := range s.sh[a] {
			if p.pat >= 0 {
				x += s.m.pats[p.pat].cost
			}
		}
	}
	return x
}

// gainAt is what one more agent at t saves.
func (s *state) gainAt(t int) float64 {
	n, r := s.n[t], s.m.target[t]
	if s.m.vfix != nil && s.m.vfix[t] > 0 {
		return s.m.f(t, n) - s.m.f(t, n+1)
	}
	if n < r {
		if m := s.m; m.vw != nil && r-n <= m.vk[t] {
			return m.vw[t]
		}
		return s.m.under
	}
	return -s.m.over
}

// bestPlace places pattern j's breaks where one more agent is worth least
// and returns the shift's gain (staffing cost saved less its pay) with the
// breaks' starts in brk.
func (s *state) bestPlace(j int, brk []int) (float64, []int) {
	pt := &s.m.pats[j]
	brk = brk[:0]
	g := -pt.cost
	for t := pt.start; t < pt.start+pt.n; t++ {
		g += s.gainAt(t)
	}
	for _, b := range pt.brk {
		best, bestAt := math.Inf(1), -1
		for o := b.lo; o <= b.hi; o++ {
			st := pt.start + o
			if overlaps(brk, pt, st, b.n) {
				continue
			}
			x := 0.0
			for t := st; t < st+b.n; t++ {
				x += s.gainAt(t)
			}
			if x < best-1e-12 {
				best, bestAt = x, st
			}
		}
		if bestAt < 0 { // windows overlap so much that no place is free
			bestAt = pt.start + b.lo
			best = 0
			for t := bestAt; t < bestAt+b.n; t++ {
				best += s.gainAt(t)
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
	g := -pt.cost
	for t := pt.start; t < pt.start+pt.n; t++ {
		g += s.gainAt(t)
	}
	for k, b := range p.brk {
		for t := b; t < b+pt.brk[k].n; t++ {
			g -= s.gainAt(t)
		}
	}
	return g
}

// fits reports whether agent a may work pattern j on day d, given the rest
// of a's roster (day d is treated as holding j). enforceMin also asks the
// week's minimum hours.
func (s *state) fits(a, d, j int, enforceMin bool) bool {
	m := s.m
	ai := &m.agents[a]
	if j >= 0 {
		pt := &m.pats[j]
		if ai.unavail[d] || !ai.allowed[pt.tmpl] {
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
		if ai.maxH > 0 && hours > ai.maxH+1e-9 {
			return false
		}
		pt := &m.pats[j]
		iv := m.p.Demand.Interval
		// rest with the nearest shifts before and after
		for x := d - 1; x >= 0; x-- {
			if row[x].pat >= 0 {
				q := &m.pats[row[x].pat]
				if (pt.start-q.start-q.n)*int(iv) < int(r.MinRest) || pt.start < q.start+q.n {
					return false
				}
				break
			}
		}
		for x := d + 1; x < len(row); x++ {
			if row[x].pat >= 0 {
				q := &m.pats[row[x].pat]
				if (q.start-pt.start-pt.n)*int(iv) < int(r.MinRest) || q.start < pt.start+pt.n {
					return false
				}
				break
			}
		}
		if c := r.MaxConsecutiveDays; c > 0 {
			run := 1
			for x := d - 1; x >= 0 && worked(x); x-- {
				run++
			}
			for x := d + 1; x < len(row) && worked(x); x++ {
				run++
			}
			if run > c {
				return false
			}
		}
		if k := r.DaysOffPerWeek; k > 0 && m.fullWeek[w] {
			off, longest, cur := 0, 0, 0
			for x := 7 * w; x < 7*w+7; x++ {
				if worked(x) {
					cur = 0
				} else {
					off++
					cur++
					longest = max(longest, cur)
				}
			}
			if off < k || (r.ConsecutiveDaysOff && longest < k) {
				return false
			}
		}
	}
	if enforceMin && ai.minH > 0 && ai.fullAvail[w] && hours < ai.minH-1e-9 {
		return false
	}
	return true
}
