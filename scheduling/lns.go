package scheduling

import (
	"math"
	"math/rand/v2"
	"slices"
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
// It runs rounds times, or until m.lnsStall() rounds have
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
	if eval == nil {
		eval = s.objective
	}
	start := eval()
	cur, bestAt := start, 0
	r := newRuin(m, k)
	for round := 0; round < rounds; round++ {
		if round-bestAt > m.lnsStall() || (round%64 == 0 && time.Now().After(deadline)) {
			break
		}
		ok := r.ruin(s, rng, rng.IntN(len(m.days))) && r.recreate(s, rng)
		after := eval()
		if ok && after <= cur+eps {
			if after < cur-eps {
				bestAt = round
			}
			cur = after
			continue
		}
		r.restore(s)
	}
	return cur < start-eps
}

// lnsRounds is the most ruin-and-recreate rounds a search runs:
// lnsPerAgent per agent for a one-week horizon, times the effort. A round
// re-plans whole rosters, so it costs about as much as the horizon is
// long; the counts shrink with the weeks to keep long horizons within
// their time (the benchmark's 200 agents over 4 weeks), and a round's
// three agents cover more of the roster when their rosters are longer.
func (m *model) lnsRounds() int { return m.effort * max(1, lnsPerAgent*len(m.agents)/m.weeks) }

// lnsStall is how many rounds without a better roster end a search:
// lnsStallPerAgent per agent and 200, shrinking with the weeks as
// lnsRounds does, times the effort.
func (m *model) lnsStall() int { return m.effort * (lnsStallPerAgent*len(m.agents) + 200) / m.weeks }

// ruin is ruin and recreate's scratch: the agents picked and their
// rosters before.
type ruin struct {
	k    int
	pick []int
	old  [][]placed
	g    []float64
	brk  []int
	log  []brkMove
	days []bool
	bs   *brkSearch
}

func newRuin(m *model, k int) *ruin {
	return &ruin{k: k, old: make([][]placed, k), g: make([]float64, m.T)}
}

// ruin takes out the whole rosters of k agents who work day d (or any, if
// too few do).
func (r *ruin) ruin(s *state, rng *rand.Rand, d int) bool {
	m := s.m
	r.pick, r.log = r.pick[:0], r.log[:0]
	for _, a := range rng.Perm(len(m.agents)) {
		if len(r.pick) < r.k && s.sh[a][d].pat >= 0 {
			r.pick = append(r.pick, a)
		}
	}
	for _, a := range rng.Perm(len(m.agents)) {
		if len(r.pick) >= r.k {
			break
		}
		if s.sh[a][d].pat < 0 {
			r.pick = append(r.pick, a)
		}
	}
	for i, a := range r.pick {
		r.old[i] = r.old[i][:0]
		for dd := range m.days {
			if s.sh[a][dd].pat >= 0 {
				r.old[i] = append(r.old[i], s.take(a, dd))
			} else {
				r.old[i] = append(r.old[i], placed{pat: -1})
			}
		}
	}
	return true
}

// recreate gives the picked agents back one by one, each its best
// response to everyone else's (replan), twice over, then moves the breaks
// of the days that changed along ejection chains (polishBreaks); false
// when one cannot be re-planned.
func (r *ruin) recreate(s *state, rng *rand.Rand) bool {
	m := s.m
	for pass := 0; pass < 2; pass++ {
		for _, i := range rng.Perm(len(r.pick)) {
			a := r.pick[i]
			if pass > 0 {
				for dd := range m.days {
					if s.sh[a][dd].pat >= 0 {
						s.take(a, dd)
					}
				}
			}
			var good bool
			_, r.brk, good = s.replan(a, r.g, r.brk, math.Inf(-1))
			if !good {
				return false
			}
		}
	}
	r.polishBreaks(s)
	return true
}

// polishBreaks moves breaks along ejection chains (breakPaths) on the
// days where the recreated rosters differ from the old ones, logging the
// moves for restore.
func (r *ruin) polishBreaks(s *state) {
	m := s.m
	if r.days == nil {
		r.days = make([]bool, len(m.days))
	}
	if r.bs == nil || r.bs.s != s {
		r.bs = newBrkSearch(s)
	}
	clear(r.days)
	for i, a := range r.pick {
		for d, old := range r.old[i] {
			now := s.sh[a][d]
			if now.pat != old.pat || !slices.Equal(now.brk, old.brk) {
				r.days[d] = true
			}
		}
	}
	for r.bs.breakPaths(&r.log, r.days) {
	}
}

// restore gives the picked agents their rosters from before the ruin,
// and every break that recreate moved its place.
func (r *ruin) restore(s *state) {
	s.undoBreaks(r.log)
	r.log = r.log[:0]
	for i, a := range r.pick {
		for d := range s.m.days {
			if s.sh[a][d].pat >= 0 {
				s.take(a, d)
			}
		}
		for d, pl := range r.old[i] {
			if pl.pat >= 0 {
				s.put(a, d, pl)
			}
		}
	}
}

// vendorRuin is ruin and recreate with the vendors in the move. Each
// round takes the current exact vendor blocks (placeVendors), and on the
// round's day adds a vendor block at a random place, or drops one, or
// leaves them; the blocks are reserved (vfix) while the agents are
// re-planned around them, and the result is judged with the vendors
// placed afresh, exactly, on top (withVendors). A better or equal roster
// is kept. Moving one agent at a time cannot open the hole in the
// in-house roster that a new 4-hour block needs (the roster is worse
// until the block comes), nor close one a block leaves; this move does
// both at once. Stops as ruinRecreate; reports whether the objective
// fell.
func (s *state) vendorRuin(rng *rand.Rand, rounds, k int, deadline time.Time) bool {
	m := s.m
	if m.ldp == nil {
		m.ldp = newLagrangeDP(m)
	}
	if m.ldp == nil || len(m.agents) < 2 || len(m.p.Vendors) == 0 {
		return false
	}
	defer func() { m.vfix = nil }()
	var vs []int // vendors worth a block
	allowed := make([][]bool, len(m.p.Vendors))
	for vi := range m.p.Vendors {
		if m.vendorPays(vi) {
			vs = append(vs, vi)
			allowed[vi] = m.vendorAllowed(vi, nil, true) // superset: any roster
		}
	}
	if len(vs) == 0 {
		return false
	}
	m.vfix = nil
	blocks := m.addVendors(s.n)
	start := s.withVendors()
	cur, bestAt := start, 0
	r := newRuin(m, k)
	var trial []vblock
	for round := 0; round < rounds; round++ {
		if round-bestAt > m.lnsStall() || (round%64 == 0 && time.Now().After(deadline)) {
			break
		}
		d := rng.IntN(len(m.days))
		trial = append(trial[:0], blocks...)
		switch rng.IntN(3) {
		case 0: // a new block on day d
			vi := vs[rng.IntN(len(vs))]
			v := m.p.Vendors[vi]
			L := max(1, int(v.MinBlock/m.p.Demand.Interval))
			L += rng.IntN(L + 1)
			lo, hi := m.dayFirst[d], m.dayFirst[d+1]
			if lo < 0 || hi-lo < L {
				break
			}
			b := vblock{v: vi, start: lo + rng.IntN(hi-lo-L+1)}
			b.end = b.start + L
			ok := true
			for t := b.start; t < b.end && ok; t++ {
				ok = allowed[vi][t] && vendorsAt(trial, vi, t) < v.MaxAgents
			}
			if ok {
				trial = append(trial, b)
			}
		case 1: // a block of day d dropped
			var on []int
			for i, b := range trial {
				if m.dayOf[b.start] == d {
					on = append(on, i)
				}
			}
			if len(on) > 0 {
				i := on[rng.IntN(len(on))]
				trial = append(trial[:i], trial[i+1:]...)
			}
		}
		m.reserve(trial)
		ok := r.ruin(s, rng, d) && r.recreate(s, rng)
		m.vfix = nil
		var after float64
		var placed []vblock
		if ok {
			placed = m.addVendors(s.n)
			after = s.plusPay(m.blocksCost(s.n, placed))
		}
		if ok && after <= cur+eps {
			if after < cur-eps {
				bestAt = round
			}
			cur, blocks = after, placed
			continue
		}
		r.restore(s)
	}
	return cur < start-eps
}

// vendorsAt counts vendor vi's blocks over interval t.
func vendorsAt(blocks []vblock, vi, t int) int {
	c := 0
	for _, b := range blocks {
		if b.v == vi && b.start <= t && t < b.end {
			c++
		}
	}
	return c
}

// countBlocks adds one to n[t] for every block over t, and returns n.
func countBlocks(n []int, blocks []vblock) []int {
	for _, b := range blocks {
		for t := b.start; t < b.end; t++ {
			n[t]++
		}
	}
	return n
}

// blocksCost is the staffing cost of in-house net n with vendor blocks
// on top, plus the blocks' price, plus autoPen for every auto-peak vendor
// agent at an interval where n meets the target (see loosenAutoPeaks).
func (m *model) blocksCost(n []int, blocks []vblock) float64 {
	x := 0.0
	for _, b := range blocks {
		x += m.blockCost(b)
	}
	if m.autoPen > 0 {
		for _, b := range blocks {
			for t := b.start; t < b.end; t++ {
				x += m.penAt(b.v, t, n)
			}
		}
	}
	for t, v := range countBlocks(append([]int(nil), n...), blocks) {
		x += m.staffCost(t, v)
	}
	return x
}

// withVendors is the objective of the in-house roster with the vendors
// placed exactly on top (placeVendors), whatever prices f is using.
func (s *state) withVendors() float64 {
	return s.plusPay(s.m.blocksCost(s.n, s.m.placeVendors(s.n, false)))
}
