package scheduling

import (
	"math"
	"math/rand/v2"
	"sort"
)

// starts is the first phase: rosters built from nothing, each polished by
// the local search (polish), the best of them with the vendors placed
// exactly on top becoming the search's best roster. Two always: a greedy
// one (construct) and one that rounds the covering LP's shifts and hands
// them to agents (fromLP; when the bound found the LP's solution). When a
// vendor is cheaper than understaffing, a third prices the shortfall the
// vendors could take at their price (vendorPricing), so that the in-house
// roster may leave them holes. Agents short of their weekly minimum take
// the least harmful shifts before the polish (repairMinHours).
func (x *search) starts() {
	type run struct{ lp, priced bool }
	runs := []run{{false, false}, {true, false}}
	if x.vendorsPay {
		runs = append(runs, run{false, true})
	}
	for i, rn := range runs {
		if rn.lp && len(x.lpX) != len(x.m.pats) {
			continue
		}
		c := newState(x.m, x.ws)
		if rn.priced {
			c.pr = x.vendorPrices
		}
		if rn.lp {
			c.fromLP(x.rng, x.lpX)
		}
		c.construct(x.rng)
		c.repairMinHours()
		x.progress(c.objective())
		x.timedOut = c.polish(x.rng, x.deadline, x.progress) || x.timedOut
		c.pr = &x.m.plain
		if i == 0 {
			x.best, x.bestState = x.m.solution(c, c.vendors(exactRule)), c
		} else {
			x.better(c)
		}
		if x.timedOut {
			break
		}
	}
}

// objective is the in-house roster's cost at its prices, vendors left out.
func (s *state) objective() float64 {
	x := 0.0
	for t, n := range s.n {
		x += s.pr.cost(t, n)
	}
	return s.plusPay(x)
}

// construct adds shifts greedily, most valuable first: the (day, template,
// start) whose shift lowers the objective most goes to the agent with the
// fewest hours that week who may work it (ties in seeded order), until no
// shift lowers the objective or no agent may work one that would.
func (s *state) construct(rng *rand.Rand) {
	m := s.m
	order := rng.Perm(len(m.agents))
	type cand struct {
		j int
		g float64
	}
	var cands []cand
	var brk, bb []int
	blocked := make([]bool, len(m.pats)) // no agent can take it any more
	for {
		cands = cands[:0]
		for j := range m.pats {
			if blocked[j] {
				continue
			}
			var g float64
			g, brk = s.bestPlace(j, brk)
			if g > eps {
				cands = append(cands, cand{j, g})
			}
		}
		if len(cands) == 0 {
			return
		}
		sort.Slice(cands, func(a, b int) bool {
			if cands[a].g != cands[b].g {
				return cands[a].g > cands[b].g
			}
			return cands[a].j < cands[b].j
		})
		done := false
		for _, c := range cands {
			pt := &m.pats[c.j]
			ba := s.pickAgent(order, pt.day, c.j)
			if ba < 0 {
				blocked[c.j] = true
				continue
			}
			_, bb = s.bestPlace(c.j, bb)
			s.put(ba, pt.day, placed{pat: c.j, brk: bb})
			done = true
			break
		}
		if !done {
			return
		}
	}
}

// pickAgent is the agent, of order, who may work pattern j on day d (off
// for him) and whose start times change least with it (startDelta), the
// fewest hours that week first among equals; −1 when none may.
func (s *state) pickAgent(order []int, d, j int) int {
	w := s.m.days[d].week
	ba, bestDelta := -1, 0.0
	for _, a := range order {
		if s.sh[a][d].pat >= 0 || !s.fits(a, d, j, false) {
			continue
		}
		dl := s.m.startDelta(s.sh[a], d, j)
		if ba < 0 || dl < bestDelta-eps || (dl <= bestDelta+eps && s.wh[a][w] < s.wh[ba][w]) {
			ba, bestDelta = a, dl
		}
	}
	return ba
}

// fromLP rounds the LP's shift counts per day and template (systematic
// rounding of the running sum over start times, so that coverage stays
// close to the LP's) and hands each shift to the agent with the fewest
// hours that week who may work it, day by day. Shifts no agent may take
// are dropped; the greedy construction and the local search go on from
// there.
func (s *state) fromLP(rng *rand.Rand, lpX []float64) {
	m := s.m
	order := rng.Perm(len(m.agents))
	var bb []int
	for d := range m.days {
		run := map[int]float64{} // per template: running LP sum
		for _, j := range m.patsByDay[d] {
			pt := &m.pats[j]
			before := math.Floor(run[pt.tmpl] + 0.5)
			run[pt.tmpl] += lpX[j]
			count := int(math.Floor(run[pt.tmpl]+0.5) - before)
			for ; count > 0; count-- {
				ba := s.pickAgent(order, d, j)
				if ba < 0 {
					break
				}
				_, bb = s.bestPlace(j, bb)
				s.put(ba, d, placed{pat: j, brk: bb})
			}
		}
	}
}

// repairMinHours gives agents short of their weekly minimum the least
// harmful shifts that week.
func (s *state) repairMinHours() {
	m := s.m
	var brk []int
	for a, ai := range m.agents {
		if ai.minH <= 0 {
			continue
		}
		for w := 0; w < m.weeks; w++ {
			for ai.fullAvail[w] && s.wh[a][w] < ai.minH-eps {
				best, bd, bj := math.Inf(-1), -1, -1
				var bb []int
				for d := 7 * w; d < 7*w+7; d++ {
					if s.sh[a][d].pat >= 0 {
						continue
					}
					var g float64
					var j int
					if g, j, brk, bb = s.bestOnDay(a, d, best, false, brk, bb); j >= 0 {
						best, bd, bj = g, d, j
					}
				}
				if bj < 0 && s.lengthenShift(a, w) {
					continue
				}
				if bj < 0 {
					break // the checker will name it
				}
				s.put(a, bd, placed{pat: bj, brk: bb})
			}
		}
	}
}

// lengthenShift replaces one of agent a's shifts in week w by a longer one
// on the same day, the least harmful that the rules allow, for when no free
// day can take another shift (days off, consecutive days or rest forbid
// it) but the week is still short of the agent's minimum hours. It reports
// whether it changed anything.
func (s *state) lengthenShift(a, w int) bool {
	m := s.m
	var brk, bb []int
	best, bd, bj := math.Inf(-1), -1, -1
	for d := 7 * w; d < 7*w+7 && d < len(m.days); d++ {
		cur := s.sh[a][d]
		if cur.pat < 0 {
			continue
		}
		orig := s.take(a, d)
		base, _ := s.shiftGain(a, d, orig.pat, brk)
		for _, j := range m.patsByDay[d] {
			if m.pats[j].hours <= m.pats[orig.pat].hours+eps || !s.fits(a, d, j, false) {
				continue
			}
			var g float64
			g, brk = s.shiftGain(a, d, j, brk)
			if g-base > best {
				best, bd, bj = g-base, d, j
				bb = append(bb[:0], brk...)
			}
		}
		s.put(a, d, orig)
	}
	if bj < 0 {
		return false
	}
	s.take(a, bd)
	s.put(a, bd, placed{pat: bj, brk: bb})
	return true
}
