package scheduling

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Options steer Solve.
type Options struct {
	// Seed drives every random choice: the same problem and seed give the
	// same roster and bound, unless TimeLimit cuts the search short.
	Seed int64
	// TimeLimit is a safety net over the whole solve, bound included; 0
	// means 60 s. Every phase ends by counts, not the clock, so a solve
	// that the limit cuts reports it (Solution.TimedOut) and its roster
	// depends on the machine's speed.
	TimeLimit time.Duration
	// Effort multiplies the ruin-and-recreate search's round counts and
	// its patience (the rounds without a better roster that end a run;
	// see lnsRounds, lnsStall); 0 means 1. The search stays a count, so a
	// seed still gives one roster: more effort is a longer solve and
	// usually a cheaper roster.
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

	Shifts      int
	PaidHours   float64 // in-house, unpaid breaks excluded, overtime excluded
	InhouseCost float64 // the paid hours' price
	// OvertimeHours are the hours of overtime (Problem.Overtime) and
	// OvertimeCost their price.
	OvertimeHours  float64
	OvertimeCost   float64
	VendorHours    float64
	VendorCost     float64
	ShortHours     float64 // agent-hours short of target
	UnderstaffCost float64
	OverHours      float64 // agent-hours over target
	OverstaffCost  float64
	// StartChangeHours are the hours between the start times of the
	// agents' successive working days, summed (see startChange), and
	// StartChangeCost their price, Rules.StartTimeChangeCost each.
	StartChangeHours float64
	StartChangeCost  float64
	// Objective is InhouseCost + OvertimeCost + VendorCost +
	// UnderstaffCost + OverstaffCost + StartChangeCost.
	Objective float64

	Understaffed int // intervals with Net < Target
	// Uncovered are the runs of intervals that require staff and that no
	// shift template covers (see Uncovered), in time order.
	Uncovered    []Uncovered
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
// objective.go). It proves a lower bound first (LowerBound), whose LP
// solution guides one of the starts, then runs the phases of solvePhases
// in order.
//
// Unmet demand is never an error: it is reported per interval. Every
// random choice comes from opts.Seed, and every phase ends by counts, not
// the clock, so a seed gives one roster unless opts.TimeLimit cuts the
// search short (Solution.TimedOut).
func Solve(p Problem, opts Options) (Solution, error) {
	began := time.Now()
	limit := opts.TimeLimit
	if limit <= 0 {
		limit = 60 * time.Second
	}
	if opts.Effort < 0 {
		return Solution{}, fmt.Errorf("effort %d: want 1 or more (0 for the default, 1)", opts.Effort)
	}
	m, err := newModel(&p)
	if err != nil {
		return Solution{}, err
	}
	x := &search{
		m:        m,
		ws:       newWorkspace(m),
		rng:      rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed)),
		deadline: began.Add(limit),
		effort:   max(1, opts.Effort),
	}
	x.progress = func(objective float64) {
		if opts.Progress != nil {
			opts.Progress(math.Min(1, float64(time.Since(began))/float64(limit)), objective)
		}
	}
	x.vendorPrices, x.vendorsPay = m.vendorPricing()
	var lb float64
	lb, x.lpX = m.lowerBound(x.deadline)
	for _, ph := range solvePhases {
		if x.timedOut && !ph.afterCut {
			continue
		}
		if x.bestState == nil && ph.name != "starts" {
			break
		}
		ph.run(x)
	}
	sol := x.best
	sol.Uncovered = m.uncovered
	sol.LowerBound = math.Min(lb, sol.Objective)
	if sol.Objective > 0 {
		sol.Gap = (sol.Objective - sol.LowerBound) / sol.Objective
	}
	sol.Elapsed = time.Since(began)
	// The ruin-and-recreate searches and the bound stop at the deadline
	// without saying so: a search that ran past it was cut.
	sol.TimedOut = x.timedOut || time.Now().After(x.deadline)
	x.progress(sol.Objective)
	return sol, nil
}

// phase is one step of the search. run improves x.best: it works on
// copies of x.bestState under its own prices and rule, and keeps a roster
// only when x.better finds its true objective lower. afterCut phases still
// run when the time limit has cut an earlier one.
type phase struct {
	name     string
	run      func(x *search)
	afterCut bool
}

// solvePhases is the search, in order. Each phase's method says what it
// does and cites its source, in the file named.
var solvePhases = []phase{
	// start.go: greedy, LP-rounded and vendor-priced starts, each
	// polished by local search, annealing and whole-roster moves
	{name: "starts", run: (*search).starts},
	// transplant.go: copy the best day's shifts onto days with the same
	// targets
	{name: "transplant days", run: (*search).transplantPhase},
	// lns.go: ruin and recreate three agents' whole rosters at a time
	// (left to the vendor search when vendors pay)
	{name: "ruin and recreate", run: (*search).ruinPhase},
	// reserve.go: polish again with the vendors' blocks reserved on top
	{name: "reserve vendor blocks", run: (*search).reservePhase},
	// reserve.go: re-plan every agent around the best roster's blocks
	{name: "re-plan around vendor blocks", run: (*search).replanPhase},
	// vendorsearch.go: ruin and recreate with the vendors in the move,
	// the auto-peak rule loosened first
	{name: "vendor search", run: (*search).vendorPhase},
	// breaks.go: move breaks along ejection chains
	{name: "break chains", run: (*search).breakPhase, afterCut: true},
}

// search is one Solve: the model (read-only), the scratch its states share,
// the random source, the deadline, the effort and the best roster so far.
type search struct {
	m        *model
	ws       *workspace
	rng      *rand.Rand
	deadline time.Time
	effort   int
	progress func(objective float64)
	// vendorPrices prices the shortfall vendors could take (vendorPricing);
	// vendorsPay says whether any vendor is cheaper than understaffing
	// somewhere.
	vendorPrices *pricing
	vendorsPay   bool
	lpX          []float64 // the covering LP's shifts, from the bound
	timedOut     bool

	best      Solution
	bestState *state
}

// better makes c the best roster when, with the vendors placed exactly on
// top under their true windows, it costs less than the best so far. c then
// follows plain prices.
func (x *search) better(c *state) bool {
	sol := x.m.solution(c, c.vendors(exactRule))
	if sol.Objective >= x.best.Objective-eps {
		return false
	}
	c.pr = &x.m.plain
	x.best, x.bestState = sol, c
	return true
}

// workspace is the scratch that a search's states share: the agent-roster
// DP of the whole-roster moves and the vendor placer's memo.
type workspace struct {
	ldp    *lagrangeDP // nil when there are no agents or no shifts
	vendor vendorPlacer
}

func newWorkspace(m *model) *workspace {
	return &workspace{ldp: newLagrangeDP(m), vendor: vendorPlacer{m: m}}
}

// vendors places the vendors' blocks exactly on top of s under rule.
func (s *state) vendors(rule autoPeakRule) []vblock {
	return s.ws.vendor.place(s.n, rule)
}

// trueCost is the objective of s with the vendors placed exactly on top
// under rule; with exactRule, the objective Solution reports.
func (s *state) trueCost(rule autoPeakRule) float64 {
	return s.plusPay(s.m.blocksCost(s.n, s.vendors(rule), rule))
}

const eps = 1e-9

// solution turns the state and vendor blocks into a Solution.
func (m *model) solution(s *state, blocks []vblock) Solution {
	p := m.p
	loc := p.loc()
	iv := p.Demand.Interval
	at := func(t int) time.Time { return p.Demand.Start.Add(time.Duration(t) * iv).In(loc) }
	sol := Solution{Queues: p.Demand.Queues}
	for a, ag := range p.Agents {
		c, h := m.startChange(s.sh[a])
		sol.StartChangeCost += c
		sol.StartChangeHours += h
		for d := range m.days {
			pl := s.sh[a][d]
			if pl.pat < 0 {
				continue
			}
			pt := &m.pats[pl.pat]
			sol.Shifts++
			sol.PaidHours += pt.hours
			sol.InhouseCost += pt.cost - pt.otCost
			sol.OvertimeHours += pt.otHours
			sol.OvertimeCost += pt.otCost
			a, e := pt.start+pt.otBefore, pt.start+pt.n-pt.otAfter
			if pt.otBefore > 0 {
				sol.Roster = append(sol.Roster, Activity{Agent: ag.ID, Source: SourceInhouse, Activity: ActivityOvertime, Start: at(pt.start), End: at(a)})
			}
			sol.Roster = append(sol.Roster, Activity{Agent: ag.ID, Source: SourceInhouse, Activity: ActivityShift, Start: at(a), End: at(e)})
			if pt.otAfter > 0 {
				sol.Roster = append(sol.Roster, Activity{Agent: ag.ID, Source: SourceInhouse, Activity: ActivityOvertime, Start: at(e), End: at(pt.start + pt.n)})
			}
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
	sol.Objective = sol.InhouseCost + sol.OvertimeCost + sol.VendorCost + sol.UnderstaffCost + sol.OverstaffCost + sol.StartChangeCost
	sol.CoverageRate = 1
	if req > 0 {
		sol.CoverageRate = met / req
	}
}
