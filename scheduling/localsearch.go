package scheduling

import (
	"math/rand/v2"
	"time"
)

// The local search over single shifts and whole agent rosters that every
// start, and the reserve phase, polish their rosters with.

// settle runs the local search until a pass improves nothing and reports
// whether the deadline stopped it.
func (c *state) settle(rng *rand.Rand, deadline time.Time) (stopped bool) {
	for {
		more, stopped := c.improve(rng, deadline)
		if !more || stopped {
			return stopped
		}
	}
}

// polish runs the local search to a local optimum, simulated annealing,
// and the local search again, keeping the better of before and after. It
// reports whether the deadline stopped it.
func (c *state) polish(rng *rand.Rand, deadline time.Time, progress func(float64)) (timedOut bool) {
	m := c.m
	descend := func() bool {
		for {
			if time.Now().After(deadline) {
				return true
			}
			improved, stopped := c.improve(rng, deadline)
			progress(c.objective())
			if stopped {
				return true
			}
			if !improved {
				return false
			}
		}
	}
	if descend() {
		return true
	}
	for round := 0; round < reoptRounds; round++ {
		if !c.reoptimise(rng, reoptPasses, deadline) {
			break
		}
		if descend() {
			return true
		}
	}
	before := c.clone()
	timedOut = c.anneal(rng, max(annealMoves*len(m.agents)*len(m.days), annealMin), deadline, progress)
	if !timedOut {
		timedOut = descend()
	}
	// whole-roster moves per agent, then single shifts again, while
	// either improves
	for round := 0; !timedOut && round < reoptRounds; round++ {
		if !c.reoptimise(rng, reoptPasses, deadline) {
			break
		}
		timedOut = descend()
	}
	if before.objective() < c.objective() {
		*c = *before
	}
	return timedOut
}

// improve runs one pass of moves over every agent and day. It reports
// whether anything improved and whether the deadline stopped it.
func (s *state) improve(rng *rand.Rand, deadline time.Time) (improved, stopped bool) {
	m := s.m
	var brk []int
	for _, a := range rng.Perm(len(m.agents)) {
		if time.Now().After(deadline) {
			return improved, true
		}
		ai := &m.agents[a]
		for _, d := range rng.Perm(len(m.days)) {
			if s.sh[a][d].pat < 0 {
				if ai.unavail[d] {
					continue
				}
				var bj int
				var bb []int
				_, bj, brk, bb = s.bestOnDay(a, d, eps, true, brk, nil)
				if bj >= 0 {
					s.put(a, d, placed{pat: bj, brk: bb})
					improved = true
				}
				continue
			}
			orig := s.take(a, d)
			base := s.placedGain(a, d, orig)
			best, bd, bj := base+eps, -2, -1
			var bb []int
			if 0 > best && s.fits(a, d, -1, true) {
				best, bd = 0, -1
			}
			wd := m.days[d].week
			offOK := s.fits(a, d, -1, true)
			for d2 := range m.days {
				if (d2 != d && s.sh[a][d2].pat >= 0) || ai.unavail[d2] {
					continue
				}
				if d2 != d && m.days[d2].week != wd && !offOK {
					continue
				}
				var g float64
				var j int
				if g, j, brk, bb = s.bestOnDay(a, d2, best, true, brk, bb); j >= 0 {
					best, bd, bj = g, d2, j
				}
			}
			switch {
			case bd == -2:
				s.put(a, d, orig)
			case bd == -1:
				improved = true
			default:
				s.put(a, bd, placed{pat: bj, brk: bb})
				improved = true
			}
		}
	}
	return improved, false
}

// bestOnDay finds agent a's best shift on day d: the allowed pattern
// whose gain with its best breaks and its start-time change (shiftGain)
// is above best and that the
// rules let a work there (fits, with enforceMin). It returns the gain and
// the pattern (−1 and best when none is), with the breaks in bb
// (untouched when none is); brk is scratch.
func (s *state) bestOnDay(a, d int, best float64, enforceMin bool, brk, bb []int) (float64, int, []int, []int) {
	m := s.m
	ai := &m.agents[a]
	bj := -1
	for _, j := range m.patsByDay[d] {
		if !ai.may(&m.pats[j]) {
			continue
		}
		var g float64
		g, brk = s.shiftGain(a, d, j, brk)
		if g > best && s.fits(a, d, j, enforceMin) {
			best, bj = g, j
			bb = append(bb[:0], brk...)
		}
	}
	return best, bj, brk, bb
}

// The local search's budgets: rounds of whole-roster moves between single
// shift passes (reoptRounds), passes over the agents per round
// (reoptPasses), and the simulated annealing's moves, annealMoves per
// agent-day and at least annealMin.
const (
	reoptRounds = 5
	reoptPasses = 10
	annealMoves = 1000
	annealMin   = 1_000_000
)
