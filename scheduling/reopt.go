package scheduling

import (
	"math"
	"math/rand/v2"
	"time"
)

// reoptimise gives each agent in turn its best whole roster given everyone
// else's: with the agent's shifts taken out, one more agent at interval t
// is worth g_t = f(t, n_t) − f(t, n_t + 1) exactly (an agent adds at most
// one to any interval), so the best roster for the agent maximises Σ g over
// the intervals it covers less its pay, which the Lagrangian bound's
// dynamic program over days (lagrangeDP) finds under the agent's weekly
// hours (both limits), days off, one shift a day and rest between
// consecutive days. Breaks are then placed by bestPlace and the result is
// checked against every rule (fits); it replaces the agent's roster only
// when it is valid and better. This large-neighbourhood move re-plans a
// whole horizon of one agent at once, which single-shift moves cannot when
// the headcount binds. It repeats over the agents (in seeded order) while
// any improves, at most passes times, and reports whether anything changed.
func (s *state) reoptimise(rng *rand.Rand, passes int, deadline time.Time) (improved bool) {
	m := s.m
	ld := s.ws.ldp
	if ld == nil {
		return false
	}
	g := make([]float64, m.T)
	var brk []int
	for pass := 0; pass < passes; pass++ {
		any := false
		for _, a := range rng.Perm(len(m.agents)) {
			if time.Now().After(deadline) {
				return improved
			}
			if _, ok := ld.agentClass(a); !ok {
				continue
			}
			old := make([]placed, len(m.days))
			oldGain := 0.0
			for d := range m.days {
				old[d] = placed{pat: -1}
				if s.sh[a][d].pat >= 0 {
					old[d] = s.take(a, d)
				}
			}
			for d := range m.days {
				if old[d].pat >= 0 {
					oldGain += s.gainOf(old[d])
				}
			}
			st, _ := m.startChange(old)
			oldGain -= st
			newGain, nb, ok := s.replan(a, g, brk, oldGain)
			brk = nb
			if ok && newGain > oldGain+1e-6 {
				any, improved = true, true
				continue
			}
			if ok { // placed, but no better than before
				for d := range m.days {
					if s.sh[a][d].pat >= 0 {
						s.take(a, d)
					}
				}
			}
			for d := range m.days {
				if old[d].pat >= 0 {
					s.put(a, d, old[d])
				}
			}
		}
		if !any {
			break
		}
	}
	return improved
}

// agentClass is agent a alone as a class of the DP, with its minimum
// hours where they apply; false when its rules do not fit the DP (a
// weekly minimum without a maximum).
func (ld *lagrangeDP) agentClass(a int) (agentClass, bool) {
	m := ld.m
	ai := &m.agents[a]
	c := ld.class(a)
	if ai.minH > 0 {
		if c.hcap < 0 {
			return c, false
		}
		u := float64(ld.unit) * m.dh
		c.minU = make([]int, m.weeks)
		for w := range c.minU {
			c.minU[w] = int(math.Ceil(ai.minHours(w)/u - 1e-9))
		}
	}
	return c, true
}

// setProfits sets each pattern's value Σ y over it, its breaks where y is
// least, less its pay. A pattern with overtime has its base's breaks
// (their windows are the same intervals), so its value is its base's and
// the extension's (extensionValue).
func (ld *lagrangeDP) setProfits(y []float64) {
	m := ld.m
	for j := range m.pats {
		pt := &m.pats[j]
		if pt.ot() > 0 { // its base's value and the extension's
			ld.prof[j] = ld.prof[pt.base] + pt.extensionValue(y)
			continue
		}
		g := -pt.cost
		for t := pt.start; t < pt.start+pt.n; t++ {
			g += y[t]
		}
		for _, b := range pt.brk {
			best := math.Inf(1)
			for o := b.lo; o <= b.hi; o++ {
				x := 0.0
				for q := o; q < o+b.n; q++ {
					x += y[pt.start+q]
				}
				best = math.Min(best, x)
			}
			g -= best
		}
		ld.prof[j] = g
	}
}
