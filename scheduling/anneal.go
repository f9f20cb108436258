package scheduling

import (
	"math"
	"math/rand/v2"
	"time"
)

// anneal runs simulated annealing (Kirkpatrick, Gelatt & Vecchi 1983) over
// single-shift moves: move a shift to another start or template on its day,
// move it to another free day, drop it, or add one on a free day; breaks
// are re-placed where one agent fewer costs least each time. A move that
// raises the objective by Δ is taken with probability exp(−Δ/θ), θ falling
// geometrically from a quarter of an understaffed agent-interval's cost to
// a hundredth of it over moves steps. Every move keeps the agent's roster
// within the rules (minimum hours included). The number of moves, not the
// clock, ends it, so a seed gives one roster; the deadline only cuts it
// short.
func (s *state) anneal(rng *rand.Rand, moves int, deadline time.Time, progress func(float64)) (stopped bool) {
	m := s.m
	if len(m.agents) == 0 || moves <= 0 {
		return false
	}
	t0 := math.Max(m.under, 1) / 4
	t1 := t0 / 25
	var brk []int
	D := len(m.days)
	for i := 0; i < moves; i++ {
		if i&0xfff == 0 && time.Now().After(deadline) {
			return true
		}
		if i&0x3ffff == 0 && progress != nil {
			progress(s.objective())
		}
		theta := t0 * math.Pow(t1/t0, float64(i)/float64(moves))
		accept := func(delta float64) bool {
			return delta <= 0 || rng.Float64() < math.Exp(-delta/theta)
		}
		a := rng.IntN(len(m.agents))
		d := rng.IntN(D)
		ai := &m.agents[a]
		if ai.unavail[d] || len(m.patsByDay[d]) == 0 {
			continue
		}
		cur := s.sh[a][d]
		if cur.pat < 0 {
			// add a shift
			j := m.patsByDay[d][rng.IntN(len(m.patsByDay[d]))]
			if !ai.may(&m.pats[j]) {
				continue
			}
			var g float64
			g, brk = s.shiftGain(a, d, j, brk)
			if accept(-g) && s.fits(a, d, j, true) {
				s.put(a, d, placed{pat: j, brk: brk})
			}
			continue
		}
		old := s.take(a, d)
		base := s.placedGain(a, d, old)
		switch k := rng.IntN(10); {
		case k < 6: // another start or template the same day, near the old start
			pts := m.patsByDay[d]
			j := pts[rng.IntN(len(pts))]
			if k < 4 {
				// a neighbour in the day's list: one step earlier or later
				idx := -1
				for x, p := range pts {
					if p == old.pat {
						idx = x
						break
					}
				}
				step := 1 + rng.IntN(2)
				if rng.IntN(2) == 0 {
					step = -step
				}
				if idx+step >= 0 && idx+step < len(pts) {
					j = pts[idx+step]
				}
			}
			if !ai.may(&m.pats[j]) {
				s.put(a, d, old)
				continue
			}
			var g float64
			g, brk = s.shiftGain(a, d, j, brk)
			if accept(base-g) && s.fits(a, d, j, true) {
				s.put(a, d, placed{pat: j, brk: brk})
			} else {
				s.put(a, d, old)
			}
		case k < 8: // another free day
			d2 := rng.IntN(D)
			if s.sh[a][d2].pat >= 0 || ai.unavail[d2] || len(m.patsByDay[d2]) == 0 {
				s.put(a, d, old)
				continue
			}
			j := m.patsByDay[d2][rng.IntN(len(m.patsByDay[d2]))]
			if !ai.may(&m.pats[j]) {
				s.put(a, d, old)
				continue
			}
			var g float64
			g, brk = s.shiftGain(a, d2, j, brk)
			okOff := m.days[d2].week == m.days[d].week || s.fits(a, d, -1, true)
			if accept(base-g) && okOff && s.fits(a, d2, j, true) {
				s.put(a, d2, placed{pat: j, brk: brk})
			} else {
				s.put(a, d, old)
			}
		default: // a day off
			if accept(base) && s.fits(a, d, -1, true) {
				continue
			}
			s.put(a, d, old)
		}
	}
	return false
}
