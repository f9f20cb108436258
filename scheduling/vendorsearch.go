package scheduling

import (
	"math/rand/v2"
	"time"
)

// vendorPhase runs, when vendors are cheaper than understaffing, the
// searches that move the in-house roster and the vendors' blocks
// together: with auto-peak vendors that would work with their rule
// dropped, loosenAutoPeaks; else vendorSearch under the rule as it is.
func (x *search) vendorPhase() {
	if !x.vendorsPay {
		return
	}
	c := x.bestState.clone()
	if x.m.autoVendorsWork(c) {
		c.loosenAutoPeaks(x.rng, x.lnsRounds(), x.lnsStall(), x.deadline)
	} else {
		c.vendorSearch(x.rng, vendorRRRuns, x.lnsRounds(), x.lnsStall(), x.deadline, exactRule)
	}
	x.better(c)
}

// vendorSearch re-plans whole rosters of a few agents around the
// vendors' blocks and judges each result with the vendors placed
// exactly on top (trueCost under rule): up to runs ruin-and-recreate runs
// of stall rounds with the current blocks reserved (reservedPricing; the
// blocks are placed and reserved afresh after every run that helped, and
// the runs stop at the first that did not), then vendorRounds rounds of
// vendorRuin, whose move adds or drops a block with the re-plan (none
// when vendorRounds is 0).
func (c *state) vendorSearch(rng *rand.Rand, runs, vendorRounds, stall int, deadline time.Time, rule autoPeakRule) {
	m := c.m
	eval := func() float64 { return c.trueCost(rule) }
	for run := 0; run < runs; run++ {
		c.pr = m.reservedPricing(c.vendors(rule), rule)
		more := c.ruinRecreate(rng, lnsBudget{stall, stall}, lnsAgents, deadline, eval)
		c.pr = &m.plain
		if !more {
			break
		}
	}
	if vendorRounds > 0 {
		c.vendorRuin(rng, lnsBudget{vendorRounds, stall}, lnsAgents, deadline, rule)
	}
}

// autoVendorsWork reports whether, with the auto-peak rule dropped, a
// vendor of auto peaks would place a block on roster s (only vendors
// cheaper than understaffing are placed). When none would (the bundled
// sample: its in-house staff cover the week so that no 4-hour block pays
// even allowed all day), loosening the rule has nothing to gain.
func (m *model) autoVendorsWork(s *state) bool {
	if !m.p.Peaks.Auto {
		return false
	}
	for _, b := range s.vendors(droppedRule) {
		if m.p.Vendors[b.v].Peak {
			return true
		}
	}
	return false
}

// autoPenalties are the stages of loosenAutoPeaks: the penalty per vendor
// agent and interval where the in-house roster meets the target, as a
// share of one agent short for an interval. The last stage need not make
// the rule exact, as the final search does that.
var autoPenalties = []float64{0.08, 0.2, 0.4, 1}

// loosenAutoPeaks is the vendor search for auto-peak vendors. Under
// peaks.auto a vendor may work only where the in-house roster leaves the
// target unmet, so a block needs a hole in the roster as long as itself.
// A search that keeps every roster within that rule cannot open a hole
// and fill it in one step, nor move in-house hours off a day the vendors
// could take whole (a quiet Saturday) onto one they cannot. So the rule is
// first dropped (droppedRule: the vendors may work wherever there is a
// target, as under an explicit window) and vendorSearch runs; then the
// rule comes back as a penalty on every vendor agent where the in-house
// roster meets the target, raised in stages (autoPenalties) with
// vendorRuin at each, which pulls the roster into the holes its blocks
// need; last, with the rule exact again, vendorSearch runs in full
// (rounds, stall). This is the exterior penalty method (Fiacco &
// McCormick, Nonlinear Programming: Sequential Unconstrained Minimization
// Techniques, 1968) as local searches use it for hard constraints
// (Gendreau, Hertz & Laporte 1994, "A tabu search heuristic for the
// vehicle routing problem", Management Science 40(10)). The loose stages'
// rounds shrink once more with the weeks: over several weeks the vendors,
// allowed all day, keep finding small gains that do not pay for their
// time.
func (c *state) loosenAutoPeaks(rng *rand.Rand, rounds, stall int, deadline time.Time) {
	m := c.m
	c.vendorSearch(rng, looseRRRuns, max(1, rounds/m.weeks), stall, deadline, droppedRule)
	for _, f := range autoPenalties {
		rule := autoPeakRule{penalty: f * m.under}
		c.vendorRuin(rng, lnsBudget{max(1, stall/m.weeks), stall}, lnsAgents, deadline, rule)
	}
	c.vendorSearch(rng, vendorRRRuns, rounds, stall, deadline, exactRule)
}

const (
	vendorRRRuns = 10 // vendorSearch's ruin-and-recreate runs, at most
	looseRRRuns  = 2  // the same with the auto-peak rule dropped
)

// vendorRuin is ruin and recreate with the vendors in the move. Each
// round takes the current exact vendor blocks under rule, and on the
// round's day adds a vendor block at a random place, or drops one, or
// leaves them; the blocks are reserved (reservedPricing) while the agents
// are re-planned around them, and the result is judged with the vendors
// placed afresh, exactly, on top (trueCost under rule). A better or equal
// roster is kept. Moving one agent at a time cannot open the hole in the
// in-house roster that a new 4-hour block needs (the roster is worse
// until the block comes), nor close one a block leaves; this move does
// both at once. Stops as ruinRecreate; reports whether the objective
// fell.
func (s *state) vendorRuin(rng *rand.Rand, b lnsBudget, k int, deadline time.Time, rule autoPeakRule) bool {
	m := s.m
	if s.ws.ldp == nil || len(m.agents) < 2 || len(m.p.Vendors) == 0 {
		return false
	}
	defer func() { s.pr = &m.plain }()
	var vs []int // vendors worth a block
	allowed := make([][]bool, len(m.p.Vendors))
	for vi := range m.p.Vendors {
		if m.vendorPays(vi) {
			vs = append(vs, vi)
			allowed[vi] = m.vendorAllowed(vi, nil, droppedRule) // whatever the roster
		}
	}
	if len(vs) == 0 {
		return false
	}
	blocks := s.vendors(rule)
	start := s.trueCost(rule)
	cur, bestAt := start, 0
	r := newRuin(m, k)
	var trial []vblock
	for round := 0; round < b.rounds; round++ {
		if round-bestAt > b.stall || (round%64 == 0 && time.Now().After(deadline)) {
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
		s.pr = m.reservedPricing(trial, rule)
		ok := r.ruin(s, rng, d) && r.recreate(s, rng)
		s.pr = &m.plain
		var after float64
		var placed []vblock
		if ok {
			placed = s.vendors(rule)
			after = s.plusPay(m.blocksCost(s.n, placed, rule))
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
