package scheduling

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

// Options steer Solve.
type Options struct {
	// Seed drives every random choice: the same problem and seed give the
	// same roster, unless TimeLimit cuts the search short.
	Seed int64
	// TimeLimit bounds the whole solve; 0 means 60 s. The search also
	// stops as soon as a full pass of moves improves nothing.
	TimeLimit time.Duration
	// Effort multiplies the ruin-and-recreate search's round counts and
	// its patience (the rounds without a better roster that end a run;
	// see lnsRounds, lnsStall); 0 means 1. The search stays a count, so a
	// seed still gives one roster: more effort is a longer solve and
	// usually a cheaper roster (plan_vendor's week, seeds 1-6: gap 2.7 %
	// on average in about 10 s at effort 1, 2.1 % in 22 s at 4, 1.9 % in
	// 45 s at 10).
	Effort int
	// Progress, when set, is called now and then with the share of the
	// time limit used (0..1) and the best objective so far.
	Progress func(used float64, objective float64)
}

// Coverage is one interval of a roster against the requirement.
type Coverage struct {
	Start     time.Time
	Required  float64 // pooled fractional staff
	Target    int     // ⌈Required⌉
	Scheduled float64 // in-house agents on shift
	OnBreak   float64 // in-house agents on a break or lunch
	Vendor    float64 // vendor staff
	Net       float64 // Scheduled − OnBreak + Vendor
}

// Short is the number of agents missing against Target.
func (c Coverage) Short() float64 { return math.Max(0, float64(c.Target)-c.Net) }

// Solution is a roster with its figures. Costs are in the currency of
// Costs; hours are paid hours.
type Solution struct {
	Roster    []Activity
	Intervals []Coverage
	Queues    []string // the queues pooled into the requirement

	Shifts         int
	PaidHours      float64 // in-house, unpaid breaks excluded
	InhouseCost    float64
	VendorHours    float64
	VendorCost     float64
	ShortHours     float64 // agent-hours short of target
	UnderstaffCost float64
	OverHours      float64 // agent-hours over target
	OverstaffCost  float64
	Objective      float64 // InhouseCost + VendorCost + UnderstaffCost + OverstaffCost

	Understaffed int     // intervals with Net < Target
	CoverageRate float64 // Σ min(Net, Target) / Σ Target: required agent-intervals met

	// LowerBound is a proven lower bound on Objective over every roster
	// (see LowerBound); Gap = (Objective − LowerBound) / Objective.
	LowerBound float64
	Gap        float64

	Elapsed  time.Duration
	TimedOut bool // the time limit stopped the search
}

// Solve builds a roster for p: in-house shifts for the named agents that
// obey p.Rules, breaks placed where one agent fewer costs least, and vendor
// surge blocks where they are cheaper than the understaffing they remove.
// The objective is pay + understaffing + vendor cost + overstaffing (see
// Costs). The method:
//
//  1. The lower bound (LowerBound), whose LP solution also guides step 2.
//  2. Two starts: a greedy one, where the shift (day, template, start,
//     breaks) that lowers the objective most goes to the agent with the
//     fewest hours that week who may work it, until none lowers it; and one
//     that rounds the LP's shifts (running sums per template and day) and
//     hands them out the same way before the greedy fills in.
//  3. Agents short of their weekly minimum take the least harmful shifts.
//  4. Local search to a local optimum (each working day of each agent is
//     re-decided: another start, template or day, or a day off, breaks
//     re-placed; free days may gain a shift), then simulated annealing over
//     the same single-shift moves (see anneal), then the local search
//     again. Before and after the annealing, each agent's whole roster is
//     re-planned in turn as its best response to the others' (reoptimise,
//     a dynamic program over days and shifts), alternating with the local
//     search while either improves. Changes in objective are computed on the shift's intervals
//     only. The better start wins. Then days with the same targets copy
//     the best one's shifts where that pays (transplantDays; weekdays of a
//     steady week may settle at different local optima), and the local
//     search runs again. Last, ruin and recreate (ruinRecreate): the
//     whole rosters of three agents who share a day are taken out and
//     re-planned together, their days' breaks moved along ejection chains
//     (breakPaths: a break leaves an understaffed interval, another takes
//     its place, and so on), and the result kept when no worse, until 10
//     rounds per agent (and 200; fewer over several weeks, see lnsRounds)
//     bring nothing better; the local search runs again. When vendors
//     are cheaper than understaffing this last step is left to step 7,
//     which re-plans with their blocks in view.
//  5. Vendor surge, placed exactly on top of the in-house roster: the
//     least-cost blocks (each at least MinBlock long, inside the windows,
//     at most MaxAgents at once) are a min-cost flow (placeVendors,
//     vendorFlow); several vendors take turns. With peaks.auto, vendors
//     may work only where the in-house roster leaves the target unmet.
//  6. When vendors are cheaper than understaffing, the blocks that step 5
//     would add to the best roster were vendors allowed at every interval
//     with a target are reserved, the best roster is polished again with
//     them on top (in-house coverage reaching the target under them is
//     penalised, as an auto peak needs the roster short; under explicit
//     windows the vendor staff it makes unneeded are released instead, as
//     an in-house hour costs less; see reserve), and step 5 runs afresh
//     on the result; repeated while it improves (reserveRounds).
//  7. The best roster's own vendor blocks are fixed and every agent's
//     whole roster re-planned around them, then the vendors placed afresh;
//     kept while it improves. Then ruin and recreate runs with the
//     vendors' blocks reserved, each result judged with the vendors
//     placed exactly on top (withVendors), and the blocks re-reserved
//     after every run that helped. Last, ruin and recreate with the
//     vendors in the move (vendorRuin): each round may add a vendor block
//     at random on its day, or drop one, before the agents are re-planned
//     around the blocks, so that a hole for a new block and the block come
//     together (vendorSearch). With auto-peak vendors these searches
//     first run with the auto-peak rule dropped, then with it as a rising
//     penalty, then exact (loosenAutoPeaks): a search that must keep the
//     rule cannot move in-house hours off a day the vendors could take.
//  8. The best roster's breaks are moved along ejection chains on every
//     day until none pays, and the vendors placed afresh on top.
//
// Unmet demand is never an error: it is reported per interval. Every
// random choice comes from opts.Seed, and the search ends by counts, not
// the clock, so a seed gives one roster unless opts.TimeLimit cuts it
// short (Solution.TimedOut).
func Solve(p Problem, opts Options) (Solution, error) {
	began := time.Now()
	limit := opts.TimeLimit
	if limit <= 0 {
		limit = 60 * time.Second
	}
	deadline := began.Add(limit)
	if opts.Effort < 0 {
		return Solution{}, fmt.Errorf("effort %d: want 1 or more (0 for the default, 1)", opts.Effort)
	}
	m, err := newModel(&p)
	if err != nil {
		return Solution{}, err
	}
	m.effort = max(1, opts.Effort)
	if err := m.checkVendors(); err != nil {
		return Solution{}, err
	}
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed))
	progress := func(objective float64) {
		if opts.Progress != nil {
			opts.Progress(math.Min(1, float64(time.Since(began))/float64(limit)), objective)
		}
	}
	timedOut := false
	// The bound gets up to a fifth of the time limit.
	lb := m.lowerBound(began.Add(limit / 5))
	// Two starts, each polished by local search: the greedy one and one
	// that rounds the LP's shifts and hands them to agents. When a vendor
	// is cheaper than understaffing, a third run prices the shortfall the
	// vendors could take at their price, so that the in-house roster may
	// leave them holes. The best finished roster wins.
	var best Solution
	var bestState *state
	type run struct {
		lp, priced bool
	}
	runs := []run{{false, false}, {true, false}}
	vendorsPay := m.setVendorPrices() // some vendor is cheaper than understaffing
	m.vw, m.vk = nil, nil
	if vendorsPay {
		runs = append(runs, run{false, true})
	}
	for i, rn := range runs {
		if rn.lp && len(m.lpX) != len(m.pats) {
			continue
		}
		if rn.priced {
			m.setVendorPrices()
		}
		c := newState(m)
		if rn.lp {
			c.fromLP(rng)
		}
		c.construct(rng)
		c.repairMinHours()
		progress(c.objective())
		timedOut = c.polish(rng, deadline, progress) || timedOut
		m.vw, m.vk = nil, nil
		sol := m.solution(c, m.addVendors(c.n))
		if i == 0 || sol.Objective < best.Objective-eps {
			best, bestState = sol, c
		}
		if timedOut {
			break
		}
	}
	// better makes c the best roster when, with the vendors placed
	// exactly on top, it costs less than the best so far.
	better := func(c *state) bool {
		sol := m.solution(c, m.addVendors(c.n))
		if sol.Objective >= best.Objective-eps {
			return false
		}
		best, bestState = sol, c
		return true
	}
	// Days with the same targets may have settled at different local
	// optima: the best day's shifts are copied onto the others where that
	// pays (transplantDays), and the result polished by the local search.
	if bestState != nil && !timedOut {
		c := bestState.clone()
		if c.transplantDays(3) {
			timedOut = c.settle(rng, deadline) || timedOut
			better(c)
		}
	}
	// Then whole rosters of a few agents at a time are re-planned
	// together (ruinRecreate) and the local search runs again. When
	// vendors are cheaper than understaffing, the ruin and recreate of
	// step 7, which sees their blocks, takes its place: re-planned blind to
	// the vendors, the roster closes the holes that blocks would fill for
	// less, and the vendor runs start from a worse place (plan_vendor's
	// week: 3.9 % on average over six seeds with it, 3.4 % without).
	if bestState != nil && !timedOut && !vendorsPay {
		c := bestState.clone()
		if c.ruinRecreate(rng, m.lnsRounds(), lnsAgents, deadline, nil) {
			timedOut = c.settle(rng, deadline) || timedOut
			better(c)
		}
	}
	// With vendors cheaper than understaffing, a last run reserves their
	// blocks first: where the best roster's shortfall, counted as if the
	// vendors might work at every interval with a target, makes a block
	// worth its cost, the vendors are fixed there, and the best roster is
	// polished again knowing it; in-house coverage that reaches the target
	// under a reserved vendor is penalised (an auto peak needs the
	// in-house roster short), or, under an explicit window, releases the
	// vendor staff it makes unneeded (reserve). The vendors are then
	// placed afresh on the result, under the true windows, and it counts
	// only if it is better.
	// It repeats from its result while that improves, at most
	// reserveRounds times.
	for round := 0; round < reserveRounds && !timedOut && bestState != nil && vendorsPay; round++ {
		blocks := m.placeVendors(bestState.n, true)
		if len(blocks) == 0 {
			break // nothing to reserve: the polish would repeat the last one
		}
		c := bestState.clone()
		m.reserve(blocks)
		timedOut = c.polish(rng, deadline, progress) || timedOut
		m.vfix = nil
		if !better(c) {
			break
		}
	}
	// Last, the best roster's own vendor blocks are fixed and each agent's
	// whole roster is re-planned around them (reoptimise, then the local
	// search), without annealing; the vendors are placed afresh on the
	// result, which counts only if better.
	for round := 0; round < reserveRounds && !timedOut && bestState != nil; round++ {
		blocks := m.addVendors(bestState.n)
		if len(blocks) == 0 {
			break
		}
		c := bestState.clone()
		m.reserve(blocks)
		changed := c.reoptimise(rng, reoptPasses, deadline)
		if changed && !timedOut {
			timedOut = c.settle(rng, deadline)
		}
		m.vfix = nil
		if !changed {
			break
		}
		if !better(c) {
			break
		}
	}
	// With vendors, whole rosters of a few agents are re-planned around
	// the best roster's vendor blocks (reserved as in the run above), and
	// each result judged with the vendors placed afresh, exactly, on top;
	// the blocks are reserved again after every run that helped
	// (vendorSearch). Auto-peak vendors loosen their rule first
	// (loosenAutoPeaks).
	if bestState != nil && !timedOut && vendorsPay {
		c := bestState.clone()
		if m.autoVendorsWork(c) {
			c.loosenAutoPeaks(rng, deadline)
		} else {
			c.vendorSearch(rng, vendorRRRuns, m.lnsRounds(), deadline)
		}
		better(c)
	}
	m.vw, m.vk = nil, nil
	if bestState != nil {
		c := bestState.clone()
		for bs := newBrkSearch(c); bs.breakPaths(nil, nil); {
		}
		better(c)
	}
	sol := best
	sol.LowerBound = math.Min(lb, sol.Objective)
	if sol.Objective > 0 {
		sol.Gap = (sol.Objective - sol.LowerBound) / sol.Objective
	}
	sol.Elapsed = time.Since(began)
	// The ruin-and-recreate searches stop at the deadline without saying
	// so: a search that ran past it was cut.
	sol.TimedOut = timedOut || time.Now().After(deadline)
	progress(sol.Objective)
	return sol, nil
}

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

// setVendorPrices prices each interval's shortfall, up to the vendors'
// summed caps, at the cheapest vendor that may work there (every interval
// under peaks.auto) when that is cheaper than understaffing. It reports
// whether any interval got a price.
func (m *model) setVendorPrices() bool {
	m.vw, m.vk = nil, nil
	any := false
	for vi, v := range m.p.Vendors {
		if !m.vendorPays(vi) {
			continue
		}
		w := v.CostPerHour * m.dh
		if m.vw == nil {
			m.vw, m.vk = make([]float64, m.T), make([]int, m.T)
		}
		for t, ok := range m.vendorAllowed(vi, nil, true) {
			if ok {
				if m.vk[t] == 0 || w < m.vw[t] {
					m.vw[t] = w
				}
				m.vk[t] += v.MaxAgents
				any = true
			}
		}
	}
	return any
}

// objective is the in-house roster's objective (no vendors).
func (s *state) objective() float64 {
	x := 0.0
	for t, n := range s.n {
		x += s.m.f(t, n)
	}
	return s.plusPay(x)
}

const eps = 1e-9

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
			w := m.days[pt.day].week
			ba := -1
			for _, a := range order {
				if s.sh[a][pt.day].pat >= 0 || !s.fits(a, pt.day, c.j, false) {
					continue
				}
				if ba < 0 || s.wh[a][w] < s.wh[ba][w] {
					ba = a
				}
			}
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

// fromLP rounds the LP's shift counts per day and template (systematic
// rounding of the running sum over start times, so that coverage stays
// close to the LP's) and hands each shift to the agent with the fewest
// hours that week who may work it, day by day. Shifts no agent may take
// are dropped; the greedy construction and the local search go on from
// there.
func (s *state) fromLP(rng *rand.Rand) {
	m := s.m
	order := rng.Perm(len(m.agents))
	var bb []int
	for d := range m.days {
		run := map[int]float64{} // per template: running LP sum
		for _, j := range m.patsByDay[d] {
			pt := &m.pats[j]
			before := math.Floor(run[pt.tmpl] + 0.5)
			run[pt.tmpl] += m.lpX[j]
			count := int(math.Floor(run[pt.tmpl]+0.5) - before)
			for ; count > 0; count-- {
				ba := -1
				w := m.days[d].week
				for _, a := range order {
					if s.sh[a][d].pat >= 0 || !s.fits(a, d, j, false) {
						continue
					}
					if ba < 0 || s.wh[a][w] < s.wh[ba][w] {
						ba = a
					}
				}
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
		base, _ := s.bestPlace(orig.pat, brk)
		for _, j := range m.patsByDay[d] {
			if m.pats[j].hours <= m.pats[orig.pat].hours+eps || !s.fits(a, d, j, false) {
				continue
			}
			var g float64
			g, brk = s.bestPlace(j, brk)
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
			base := s.gainOf(orig)
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
// whose gain with its best breaks (bestPlace) is above best and that the
// rules let a work there (fits, with enforceMin). It returns the gain and
// the pattern (−1 and best when none is), with the breaks in bb
// (untouched when none is); brk is scratch.
func (s *state) bestOnDay(a, d int, best float64, enforceMin bool, brk, bb []int) (float64, int, []int, []int) {
	m := s.m
	ai := &m.agents[a]
	bj := -1
	for _, j := range m.patsByDay[d] {
		if !ai.allowed[m.pats[j].tmpl] {
			continue
		}
		var g float64
		g, brk = s.bestPlace(j, brk)
		if g > best && s.fits(a, d, j, enforceMin) {
			best, bj = g, j
			bb = append(bb[:0], brk...)
		}
	}
	return best, bj, brk, bb
}

// vblock is a vendor's surge block [start, end) in intervals.
type vblock struct{ v, start, end int }

func (m *model) checkVendors() error {
	for i, v := range m.p.Vendors {
		key := fmt.Sprintf("vendors[%d]", i)
		if v.MaxAgents < 0 {
			return configErrorf("%s.max_agents: negative", key)
		}
		if v.CostPerHour < 0 {
			return configErrorf("%s.cost_per_hour: negative", key)
		}
		if v.MinBlock < 0 || v.MinBlock%m.p.Demand.Interval != 0 {
			return configErrorf("%s.min_block: %s is not a multiple of the %s interval", key, fmtDur(v.MinBlock), fmtDur(m.p.Demand.Interval))
		}
		if !v.Peak && len(v.Windows) == 0 {
			return configErrorf("%s.windows: want \"peak\" or a list of {start, end}", key)
		}
	}
	return nil
}

// vendorPays reports whether vendor vi can ever lower the objective: it
// has agents, and one of them costs less than an agent short.
func (m *model) vendorPays(vi int) bool {
	v := m.p.Vendors[vi]
	return v.MaxAgents > 0 && v.CostPerHour*m.dh < m.under
}

// vendorAllowed marks the intervals vendor vi may work: those of its
// windows (vwin), and for a peak vendor under peaks.auto those where the
// in-house net coverage n is short. superset ignores n and allows every
// interval an auto peak could reach, those with a target of at least one
// (for the lower bound), as do autoAll and autoPen (loosenAutoPeaks;
// autoPen then prices the intervals where n is not short).
func (m *model) vendorAllowed(vi int, n []int, superset bool) []bool {
	ok := append([]bool(nil), m.vwin[vi]...)
	if m.p.Vendors[vi].Peak && m.p.Peaks.Auto {
		for t := range ok {
			if ((superset || m.autoAll || m.autoPen > 0) && m.target[t] > 0) || (!superset && n[t] < m.target[t]) {
				ok[t] = true
			}
		}
	}
	return ok
}

// inside reports whether interval t lies wholly inside one of ws.
func (m *model) inside(ws []TimeRange, t int) bool {
	iv := m.p.Demand.Interval
	a := m.p.Demand.Start.Add(time.Duration(t) * iv)
	for _, w := range ws {
		if !a.Before(w.Start) && !a.Add(iv).After(w.End) {
			return true
		}
	}
	return false
}

// onlyAuto reports whether vendor vi may work interval t only as an auto
// peak, that is only while the in-house roster leaves it short.
func (m *model) onlyAuto(vi, t int) bool {
	return m.p.Vendors[vi].Peak && m.p.Peaks.Auto && !m.vwin[vi][t] && !m.autoAll
}

// reserve fixes the vendor staff of blocks (vfix) for the in-house
// search to plan around, and marks which of them it may release (vrel,
// vrelW): those whose window does not depend on the in-house roster.
// Released staff are a proxy: the blocks are placed afresh, exactly,
// on the result (placeVendors), which keeps their minimum length.
func (m *model) reserve(blocks []vblock) {
	if len(m.vbuf) != m.T {
		m.vbuf, m.vrel, m.vrelW = make([]int, m.T), make([]int, m.T), make([]float64, m.T)
	}
	clear(m.vbuf)
	clear(m.vrel)
	clear(m.vrelW)
	m.vfix = countBlocks(m.vbuf, blocks)
	for _, b := range blocks {
		v := m.p.Vendors[b.v]
		w := v.CostPerHour * m.dh
		for t := b.start; t < b.end; t++ {
			if !m.onlyAuto(b.v, t) {
				m.vrel[t]++
				m.vrelW[t] = math.Max(m.vrelW[t], w)
			}
		}
	}
}

// addVendors places the vendors' surge blocks on top of in-house coverage
// n, under their true windows.
func (m *model) addVendors(n []int) []vblock {
	return m.placeVendors(n, false)
}

// solution turns the state and vendor blocks into a Solution.
func (m *model) solution(s *state, blocks []vblock) Solution {
	p := m.p
	loc := p.loc()
	iv := p.Demand.Interval
	at := func(t int) time.Time { return p.Demand.Start.Add(time.Duration(t) * iv).In(loc) }
	sol := Solution{Queues: p.Demand.Queues}
	for a, ag := range p.Agents {
		for d := range m.days {
			pl := s.sh[a][d]
			if pl.pat < 0 {
				continue
			}
			pt := &m.pats[pl.pat]
			sol.Shifts++
			sol.PaidHours += pt.hours
			sol.InhouseCost += pt.cost
			sol.Roster = append(sol.Roster, Activity{Agent: ag.ID, Source: SourceInhouse, Activity: ActivityShift, Start: at(pt.start), End: at(pt.start + pt.n)})
			for k, b := range pl.brk {
				kind := ActivityBreak
				if p.Templates[pt.tmpl].Breaks[k].Name == ActivityLunch {
					kind = ActivityLunch
				}
				sol.Roster = append(sol.Roster, Activity{Agent: ag.ID, Source: SourceInhouse, Activity: kind, Start: at(b), End: at(b + pt.brk[k].n)})
			}
		}
	}
	seq := map[int]int{}
	for _, b := range blocks {
		v := p.Vendors[b.v]
		seq[b.v]++
		sol.Roster = append(sol.Roster, Activity{Agent: fmt.Sprintf("%s-%03d", v.Name, seq[b.v]), Source: "vendor:" + v.Name, Activity: ActivityShift, Start: at(b.start), End: at(b.end)})
		h := float64(b.end-b.start) * m.dh
		sol.VendorHours += h
		sol.VendorCost += h * v.CostPerHour
	}
	sol.Intervals = Cover(*p, sol.Roster)
	m.score(&sol)
	return sol
}

// score fills the staffing figures of sol from sol.Intervals.
func (m *model) score(sol *Solution) {
	met, req := 0.0, 0.0
	for _, c := range sol.Intervals {
		short := c.Short()
		over := math.Max(0, c.Net-float64(c.Target))
		sol.ShortHours += short * m.dh
		sol.OverHours += over * m.dh
		if short > eps {
			sol.Understaffed++
		}
		met += math.Min(c.Net, float64(c.Target))
		req += float64(c.Target)
	}
	sol.UnderstaffCost = sol.ShortHours * m.p.Costs.UnderstaffedPerAgentHour
	sol.OverstaffCost = sol.OverHours * m.p.Costs.OverstaffedPerAgentHour
	sol.Objective = sol.InhouseCost + sol.VendorCost + sol.UnderstaffCost + sol.OverstaffCost
	sol.CoverageRate = 1
	if req > 0 {
		sol.CoverageRate = met / req
	}
}

// The simulated-annealing budget: annealMoves per agent-day, at least
// annealMin moves.
const (
	reserveRounds    = 3
	reoptRounds      = 5
	reoptPasses      = 10
	annealMoves      = 1000
	annealMin        = 1_000_000
	lnsPerAgent      = 100 // ruin-and-recreate rounds per agent and week, at most (lnsRounds)
	lnsStallPerAgent = 10  // rounds per agent without a better roster that end a search (lnsStall)
	lnsAgents        = 3   // agents re-planned together
)
