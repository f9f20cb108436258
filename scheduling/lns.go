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
	ld := s.ws.ldp
	c, ok := ld.agentClass(a)
	if !ok {
		return 0, brk, false
	}
	for t := range g {
		g[t] = s.pr.gain(t, s.n[t])
	}
	ld.setProfits(g)
	v, chosen := ld.solve(c)
	if math.IsInf(v, -1) || v <= atLeast+1e-6 {
		return 0, brk, false
	}
	chosen = m.capOvertime(chosen, ld.prof)
	gain := 0.0
	for _, j := range chosen {
		var gj float64
		gj, brk = s.bestPlace(j, brk)
		gain += gj
		s.put(a, m.pats[j].day, placed{pat: j, brk: brk})
	}
	// The DP plans without the start-time term (its state holds the
	// previous day's shift, the term spans days off): the gain it is
	// judged by includes it.
	st, _ := m.startChange(s.sh[a])
	gain -= st
	valid := true
	for d := range m.days {
		if p := s.sh[a][d].pat; p >= 0 && !s.fits(a, d, p, true) {
			valid = false
		}
	}
	ai := &m.agents[a]
	for w := 0; w < m.weeks && valid; w++ {
		valid = !ai.underMin(w, s.wh[a][w])
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
// re-planning itself always follows the state's own prices, pr).
// It runs b.rounds times, or until b.stall rounds have not lowered the
// objective, or to the deadline, and reports whether the objective fell.
func (s *state) ruinRecreate(rng *rand.Rand, b lnsBudget, k int, deadline time.Time, eval func() float64) bool {
	m := s.m
	if s.ws.ldp == nil || len(m.agents) < 2 {
		return false
	}
	if eval == nil {
		eval = s.objective
	}
	start := eval()
	cur, bestAt := start, 0
	r := newRuin(m, k)
	for round := 0; round < b.rounds; round++ {
		if round-bestAt > b.stall || (round%64 == 0 && time.Now().After(deadline)) {
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

// lnsBudget is how long a ruin-and-recreate search runs: at most rounds
// rounds, and it stops after stall rounds without a better roster.
type lnsBudget struct{ rounds, stall int }

// lnsRounds is the most ruin-and-recreate rounds a search runs:
// lnsPerAgent per agent for a one-week horizon, times the effort. A round
// re-plans whole rosters, so it costs about as much as the horizon is
// long; the counts shrink with the weeks to keep long horizons within
// their time, and a round's three agents cover more of the roster when
// their rosters are longer.
func (x *search) lnsRounds() int { return x.effort * max(1, lnsPerAgent*len(x.m.agents)/x.m.weeks) }

// lnsStall is how many rounds without a better roster end a search:
// lnsStallPerAgent per agent and 200, shrinking with the weeks as
// lnsRounds does, times the effort.
func (x *search) lnsStall() int {
	return x.effort * (lnsStallPerAgent*len(x.m.agents) + 200) / x.m.weeks
}

// lns is the full ruin-and-recreate budget.
func (x *search) lns() lnsBudget { return lnsBudget{x.lnsRounds(), x.lnsStall()} }

// ruinPhase re-plans whole rosters of a few agents at a time together
// (ruinRecreate) and runs the local search again. When vendors are cheaper
// than understaffing, the vendor search, which sees their blocks, takes
// its place: re-planned blind to the vendors, the roster closes the holes
// that blocks would fill for less, and the vendor phases start from a
// worse place.
func (x *search) ruinPhase() {
	if x.vendorsPay {
		return
	}
	c := x.bestState.clone()
	if c.ruinRecreate(x.rng, x.lns(), lnsAgents, x.deadline, nil) {
		x.timedOut = c.settle(x.rng, x.deadline) || x.timedOut
		x.better(c)
	}
}

// The ruin-and-recreate budgets: rounds and rounds without progress per
// agent (lnsRounds, lnsStall), and the agents re-planned together.
const (
	lnsPerAgent      = 100
	lnsStallPerAgent = 10
	lnsAgents        = 3
)

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
