package scheduling

import (
	"math"
	"math/rand/v2"
	"time"
)

// replan gives agent a, whose roster is empty, its best roster given
// everyone else's (see reoptimise) and reports its gain; false, with the
// agent left empty, when the DP's best is worth no more than atLeast or
// breaks a rule the DP does not model.
func (s *state) replan(a int, g []float64, brk []int, atLeast float64) (float64, []int, bool) {
	m := s.m
	ld := m.ldp
	c, ok := ld.agentClass(a)
	if !ok {
		return 0, brk, false
	}
	for t := range g {
		g[t] = s.gainAt(t)
	}
	ld.setProfits(g)
	v, chosen := ld.solve(c)
	if math.IsInf(v, -1) || v <= atLeast+1e-6 {
		return 0, brk, false
	}
	gain := 0.0
	for _, j := range chosen {
		var gj float64
		gj, brk = s.bestPlace(j, brk)
		gain += gj
		s.put(a, m.pats[j].day, placed{pat: j, brk: brk})
	}
	valid := true
	for d := range m.days {
		if p := s.sh[a][d].pat; p >= 0 && !s.fits(a, d, p, true) {
			valid = false
		}
	}
	ai := &m.agents[a]
	for w := 0; w < m.weeks && valid; w++ {
		if ai.minH > 0 && ai.fullAvail[w] && s.wh[a][w] < ai.minH-1e-9 {
			valid = false
		}
	}
	if !valid {
		for d := range m.days {
			if s.sh[a][d].pat >= 0 {
				s.take(a, d)
			}
		}
		return 0, brk, false
	}
	return gain, brk, true
}

// ruinRecreate is a large-neighbourhood search over whole agent rosters
// (ruin and recreate, Schrimpf et al. 2000, "Record breaking optimization
// results using the ruin and recreate principle", J. Comput. Phys. 159):
// the rosters of k agents, chosen at random among those working one random
// day, are taken out together and given back one by one, each the best
// response to everyone else's (replan), twice over; the result is kept
// when it costs no more than before, else the old rosters come back.
// Re-planning several agents together moves the roster where one agent at
// a time (reoptimise) is stuck: two agents may trade days and hours.
// eval is the objective that decides (nil: the in-house objective; the
// re-planning itself always follows the state's own prices, f).
// It runs rounds times, or until lnsStall rounds per agent (and 200) have
// not lowered the objective, or to the deadline, and reports whether the
// objective fell.
func (s *state) ruinRecreate(rng *rand.Rand, rounds, k int, deadline time.Time, eval func() float64) bool {
	m := s.m
	if m.ldp == nil {
		m.ldp = newLagrangeDP(m)
	}
	if m.ldp == nil || len(m.agents) < 2 {
		return false
	}
	g := make([]float64, m.T)
	var brk []int
	if eval == nil {
		eval = s.objective
	}
	start := eval()
	cur, bestAt := start, 0
	old := make([][]placed, k)
	var pick []int
	for round := 0; round < rounds; round++ {
		if round-bestAt > lnsStall*len(m.agents)+200 || (round%64 == 0 && time.Now().After(deadline)) {
			break
		}
		// k agents who work one random day (or any, if too few do)
		d := rng.IntN(len(m.days))
		pick = pick[:0]
		for _, a := range rng.Perm(len(m.agents)) {
			if len(pick) < k && s.sh[a][d].pat >= 0 {
				pick = append(pick, a)
			}
		}
		for _, a := range rng.Perm(len(m.agents)) {
			if len(pick) >= k {
				break
			}
			if s.sh[a][d].pat < 0 {
				pick = append(pick, a)
			}
		}
		for i, a := range pick {
			old[i] = old[i][:0]
			for dd := range m.days {
				if s.sh[a][dd].pat >= 0 {
					old[i] = append(old[i], s.take(a, dd))
				} else {
					old[i] = append(old[i], placed{pat: -1})
				}
			}
		}
		ok := true
		for pass := 0; pass < 2 && ok; pass++ {
			for _, i := range rng.Perm(len(pick)) {
				a := pick[i]
				if pass > 0 {
					for dd := range m.days {
						if s.sh[a][dd].pat >= 0 {
							s.take(a, dd)
						}
					}
				}
				var good bool
				_, brk, good = s.replan(a, g, brk, math.Inf(-1))
				if !good {
					ok = false
					break
				}
			}
		}
		after := eval()
		if ok && after <= cur+eps {
			if after < cur-eps {
				bestAt = round
			}
			cur = after
			continue
		}
		for i, a := range pick {
			for dd := range m.days {
				if s.sh[a][dd].pat >= 0 {
					s.take(a, dd)
				}
			}
			for dd, pl := range old[i] {
				if pl.pat >= 0 {
					s.put(a, dd, pl)
				}
			}
		}
	}
	return cur < start-eps
}

// withVendors is the objective of the in-house roster with the vendors
// placed exactly on top (placeVendors), whatever prices f is using.
func (s *state) withVendors() float64 {
	m := s.m
	net := append([]int(nil), s.n...)
	x := 0.0
	for _, b := range m.placeVendors(s.n, false) {
		for t := b.start; t < b.end; t++ {
			net[t]++
		}
		x += m.blockCost(b)
	}
	for t, n := range net {
		x += m.staffCost(t, n)
	}
	return s.plusPay(x)
}
