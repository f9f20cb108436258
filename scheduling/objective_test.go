package scheduling

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// randomRoster is a roster built greedily and then shaken by n random
// single-shift moves that the rules allow (fits), breaks placed at random
// inside their windows.
func randomRoster(m *model, rng *rand.Rand, moves int) *state {
	s := newState(m, newWorkspace(m))
	s.construct(rng)
	s.repairMinHours()
	for range moves {
		a, d := rng.IntN(len(m.agents)), rng.IntN(len(m.days))
		j := -1
		if ps := m.patsByDay[d]; len(ps) > 0 && rng.IntN(3) > 0 {
			j = ps[rng.IntN(len(ps))]
		}
		if !s.fits(a, d, j, false) {
			continue
		}
		if s.sh[a][d].pat >= 0 {
			s.take(a, d)
		}
		if j >= 0 {
			s.put(a, d, placed{pat: j, brk: randomBreaks(m, j, rng)})
		}
	}
	return s
}

// randomBreaks places pattern j's breaks at random in their windows,
// without overlap (at the window's start when no free place is drawn).
func randomBreaks(m *model, j int, rng *rand.Rand) []int {
	pt := &m.pats[j]
	var brk []int
	for _, b := range pt.brk {
		st := pt.start + b.lo
		for range 8 {
			if c := pt.start + b.lo + rng.IntN(b.hi-b.lo+1); !overlaps(brk, pt, c, b.n) {
				st = c
				break
			}
		}
		brk = append(brk, st)
	}
	return brk
}

// The search's running cost of a roster, with its vendors placed exactly
// on top (trueCost), is the objective Solution reports, summed from the
// roster's coverage (solution, score), on random rosters of instances with
// auto-peak and window vendors, part-timers and breaks. The in-house net
// the search keeps incrementally is the roster's coverage, and plain
// prices are staffCost.
func TestObjectiveAgrees(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		p := twoPeakProblem(6+2*int(seed), 1, 15*time.Minute, 8+float64(seed))
		if seed%2 == 0 {
			p.Rules.StartTimeChangeCost = 3 + float64(seed)
		}
		if seed%3 == 0 {
			st := p.Demand.Start
			p.Vendors = append(p.Vendors, Vendor{Name: "window", MaxAgents: 2, CostPerHour: 45, MinBlock: 2 * time.Hour,
				Windows: []TimeRange{{st.AddDate(0, 0, 1), st.AddDate(0, 0, 3)}}})
		}
		m, err := newModel(&p)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(seed, 3))
		s := randomRoster(m, rng, 400)
		blocks := s.vendors(exactRule)
		sol := m.solution(s, blocks)
		if got := s.trueCost(exactRule); math.Abs(got-sol.Objective) > 1e-6 {
			t.Errorf("seed %d: trueCost %.4f, Solution.Objective %.4f", seed, got, sol.Objective)
		}
		if got := s.objective() + m.blocksCost(s.n, blocks, exactRule) - m.blocksCost(s.n, nil, exactRule); math.Abs(got-sol.Objective) > 1e-6 {
			t.Errorf("seed %d: in-house objective plus the blocks %.4f, Solution.Objective %.4f", seed, got, sol.Objective)
		}
		if h := startChangeHours(p, sol.Roster); math.Abs(h-sol.StartChangeHours) > 1e-9 || math.Abs(h*p.Rules.StartTimeChangeCost-sol.StartChangeCost) > 1e-6 {
			t.Errorf("seed %d: the roster's start times change by %.4f h, Solution says %.4f h costing %.4f", seed, h, sol.StartChangeHours, sol.StartChangeCost)
		}
		if seed%2 == 0 && sol.StartChangeCost == 0 {
			t.Errorf("seed %d: a random roster without a start-time change", seed)
		}
		inhouse := Cover(p, sol.Roster[:sol.Shifts+countBreaks(sol.Roster)])
		for tt, c := range inhouse {
			if int(math.Round(c.Net)) != s.n[tt] {
				t.Fatalf("seed %d: interval %d: state's net %d, roster's coverage %.2f", seed, tt, s.n[tt], c.Net)
			}
			if a, b := m.plain.cost(tt, s.n[tt]), m.staffCost(tt, s.n[tt]); a != b {
				t.Fatalf("seed %d: plain price %v, staffCost %v", seed, a, b)
			}
		}
		if len(blocks) == 0 && seed > 2 {
			t.Logf("seed %d: no vendor block on this roster", seed)
		}
	}
}

// startChangeHours sums, from the roster's rows alone, the hours between
// the local start clock times of each in-house agent's successive shifts
// (the test problems have no start after midnight).
func startChangeHours(p Problem, roster []Activity) float64 {
	starts := map[string][]time.Time{}
	for _, a := range roster {
		if a.Vendor() == "" && a.Activity == ActivityShift {
			starts[a.Agent] = append(starts[a.Agent], a.Start.In(p.loc()))
		}
	}
	h := 0.0
	for _, ss := range starts {
		sort.Slice(ss, func(i, j int) bool { return ss[i].Before(ss[j]) })
		for i := 1; i < len(ss); i++ {
			c := func(t time.Time) float64 { return float64(t.Hour()) + float64(t.Minute())/60 }
			h += math.Abs(c(ss[i]) - c(ss[i-1]))
		}
	}
	return h
}

// countBreaks counts the break and lunch rows of the in-house part of a
// roster (which Solution lists before the vendors' blocks).
func countBreaks(roster []Activity) int {
	n := 0
	for _, a := range roster {
		if a.Vendor() == "" && a.Activity != ActivityShift {
			n++
		}
	}
	return n
}

// Every pricing's gain is the difference of its cost, so the search's
// marginal values and its totals agree.
func TestPricingGainIsCostDifference(t *testing.T) {
	p := twoPeakProblem(10, 1, 15*time.Minute, 12)
	st := p.Demand.Start
	p.Vendors = append(p.Vendors, Vendor{Name: "window", MaxAgents: 2, CostPerHour: 45, MinBlock: time.Hour,
		Windows: []TimeRange{{st, st.AddDate(0, 0, 2)}}})
	m, err := newModel(&p)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	s := randomRoster(m, rng, 200)
	priced, _ := m.vendorPricing()
	blocks := s.vendors(droppedRule)
	prs := map[string]*pricing{
		"plain":    &m.plain,
		"vendor":   priced,
		"reserved": m.reservedPricing(blocks, exactRule),
		"dropped":  m.reservedPricing(blocks, droppedRule),
		"penalty":  m.reservedPricing(blocks, autoPeakRule{penalty: 0.3 * m.under}),
	}
	// The start-time term's marginal value (startDelta) is the difference
	// of the agent's term (startChange) with and without the shift.
	m.p.Rules.StartTimeChangeCost = 7
	for a := range m.agents {
		for d := range m.days {
			if s.sh[a][d].pat >= 0 {
				continue
			}
			before, _ := m.startChange(s.sh[a])
			for _, j := range m.patsByDay[d] {
				s.sh[a][d].pat = j
				after, _ := m.startChange(s.sh[a])
				s.sh[a][d].pat = -1
				if dl := m.startDelta(s.sh[a], d, j); math.Abs(dl-(after-before)) > 1e-9 {
					t.Fatalf("agent %d, day %d, pattern %d: startDelta %v, startChange difference %v", a, d, j, dl, after-before)
				}
			}
		}
	}
	m.p.Rules.StartTimeChangeCost = 0
	for name, pr := range prs {
		for tt := 0; tt < m.T; tt++ {
			for n := 0; n <= m.target[tt]+3; n++ {
				if g, d := pr.gain(tt, n), pr.cost(tt, n)-pr.cost(tt, n+1); math.Abs(g-d) > 1e-9 {
					t.Fatalf("%s pricing, interval %d, %d agents: gain %v, cost difference %v", name, tt, n, g, d)
				}
			}
		}
	}
}
