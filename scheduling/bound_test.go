package scheduling

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// tinyProblem is an instance small enough to solve exactly by brute force:
// days days of hourly intervals, random targets 0..3 from 08:00 to 16:00,
// a 4-hour shift starting 08:00-12:00 with a paid hour break in its 2nd or
// 3rd hour, three agents of whom one works at most one shift, and a vendor
// on auto peaks (one agent at most, blocks of at least 2 hours) cheaper
// than understaffing.
func tinyProblem(seed uint64, days int) Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	loc := time.FixedZone("", 0)
	d := Demand{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, loc), Interval: time.Hour, Required: make([]float64, 24*days), Queues: []string{"q"}}
	for i := range d.Required {
		if h := i % 24; h >= 8 && h < 16 {
			d.Required[i] = float64(rng.IntN(4)) - 0.5*rng.Float64()
		}
	}
	p := Problem{
		Demand: d,
		Templates: []ShiftTemplate{{Name: "day", Length: 4 * time.Hour, Earliest: 8 * time.Hour, Latest: 12 * time.Hour, Step: time.Hour,
			Breaks: []Break{{Name: ActivityBreak, Length: time.Hour, Paid: true, From: time.Hour, To: 3 * time.Hour}}}},
		Agents:  []Agent{{ID: "a"}, {ID: "b"}, {ID: "c", MaxHours: 4}},
		Vendors: []Vendor{{Name: "v", MaxAgents: 1, CostPerHour: 30 + 10*rng.Float64(), MinBlock: 2 * time.Hour, Peak: true}},
		Peaks:   Peaks{Auto: true},
		Costs:   DefaultCosts,
	}
	return p
}

// bruteForce is the exact optimum of a tinyProblem: every agent takes no
// shift or one shift and break placement per day (within its weekly
// hours), and the vendor's best blocks on top are found by dynamic
// programming over the intervals (its cap is one agent, so its staff are
// runs of at least minLen intervals where the in-house roster is short).
func bruteForce(t *testing.T, p Problem) float64 {
	t.Helper()
	m, err := newModel(&p)
	if err != nil {
		t.Fatal(err)
	}
	type option struct {
		cost, hours, ot float64
		pat             *pattern
		cov             []int
	}
	// one agent's options per day: off, or a pattern with its breaks placed
	var perDay [][]option
	for d := range m.days {
		opts := []option{{}}
		for _, j := range m.patsByDay[d] {
			pt := m.pats[j]
			var place func(k int, cov []int)
			place = func(k int, cov []int) {
				if k == len(pt.brk) {
					opts = append(opts, option{pt.cost, pt.hours, pt.otHours, &pt, append([]int(nil), cov...)})
					return
				}
				b := pt.brk[k]
				for o := b.lo; o <= b.hi; o++ {
					c := append([]int(nil), cov...)
					for q := o; q < o+b.n; q++ {
						c[pt.start+q] = 0
					}
					place(k+1, c)
				}
			}
			cov := make([]int, m.T)
			for q := pt.start; q < pt.start+pt.n; q++ {
				cov[q] = 1
			}
			place(0, cov)
		}
		perDay = append(perDay, opts)
	}
	v := p.Vendors[0]
	w := v.CostPerHour * m.dh
	minLen := int(v.MinBlock / p.Demand.Interval)
	best := math.Inf(1)
	n := make([]int, m.T)
	// tiny problems are one week long: the weekly limits span the horizon
	var rec func(a, d int, hours, ot, pay float64)
	rec = func(a, d int, hours, ot, pay float64) {
		if a == len(m.agents) {
			if c := pay + vendorDP(m, n, w, minLen); c < best {
				best = c
			}
			return
		}
		if d == len(m.days) {
			rec(a+1, 0, 0, 0, pay)
			return
		}
		for _, o := range perDay[d] {
			if o.pat != nil && !m.agents[a].may(o.pat) {
				continue
			}
			if mh := m.agents[a].maxH; mh > 0 && hours+o.hours > mh+1e-9 {
				continue
			}
			if !p.Overtime.weekOK(ot + o.ot) {
				continue
			}
			for t, c := range o.cov {
				n[t] += c
			}
			rec(a, d+1, hours+o.hours, ot+o.ot, pay+o.cost)
			for t, c := range o.cov {
				n[t] -= c
			}
		}
	}
	rec(0, 0, 0, 0, 0)
	return best
}

// vendorDP is the least cost of understaffing, overstaffing and one
// vendor agent on top of in-house coverage n, the vendor working runs of
// at least minLen intervals where n is below target.
func vendorDP(m *model, n []int, w float64, minLen int) float64 {
	// state k: 0 = vendor off, 1..minLen = in a run of k (minLen = long enough)
	inf := math.Inf(1)
	cur := make([]float64, minLen+1)
	for k := range cur {
		cur[k] = inf
	}
	cur[0] = 0
	next := make([]float64, minLen+1)
	for t := 0; t < m.T; t++ {
		for k := range next {
			next[k] = inf
		}
		off := m.staffCost(t, n[t])
		on := m.staffCost(t, n[t]+1) + w
		for k, c := range cur {
			if c == inf {
				continue
			}
			if k == 0 || k == minLen { // may stop here
				next[0] = math.Min(next[0], c+off)
			}
			if n[t] < m.target[t] {
				nk := min(k+1, minLen)
				next[nk] = math.Min(next[nk], c+on)
			}
		}
		cur, next = next, cur
	}
	return math.Min(cur[0], cur[minLen])
}

// LowerBound never exceeds the exact optimum, found by brute force on tiny
// instances, and Solve's roster never beats it.
func TestLowerBoundBelowBruteForce(t *testing.T) {
	t.Parallel()
	seeds := uint64(8)
	if testing.Short() {
		seeds = 3
	}
	for seed := uint64(1); seed <= seeds; seed++ {
		days := 1 + int(seed%2)
		p := tinyProblem(seed, days)
		opt := bruteForce(t, p)
		lb, err := LowerBound(p, time.Now().Add(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d, %d days: bound %.2f optimum %.2f", seed, days, lb, opt)
		if lb > opt+1e-6 {
			t.Errorf("seed %d: bound %v above the optimum %v", seed, lb, opt)
		}
		// the Lagrangian bound (lagrangeBound) is valid at any prices, not
		// only at good ones
		m, _ := newModel(&p)
		_, vds, lp := m.lpBound(time.Now().Add(5 * time.Second))
		rng := rand.New(rand.NewPCG(seed, 11))
		y := make([]float64, m.T)
		bestL := math.Inf(-1)
		for k := 0; k < 20; k++ {
			for i := range y { // the LP's prices, ever more perturbed
				y[i] = lp.y[i] + float64(k)/20*m.under*(rng.Float64()-0.5)
			}
			l := m.lagrangeBound(y, vds, time.Now().Add(time.Second), 1+10*k)
			if l > opt+1e-6 {
				t.Errorf("seed %d: Lagrangian bound %v at random prices above the optimum %v", seed, l, opt)
			}
			bestL = math.Max(bestL, l)
		}
		t.Logf("seed %d: best Lagrangian bound from perturbed prices %.2f", seed, bestL)
		if seed > 3 {
			continue // a few solves check the brute force; each costs a second
		}
		sol, err := Solve(p, testOptions(int64(seed)))
		if err != nil {
			t.Fatal(err)
		}
		if sol.Objective < opt-1e-6 {
			t.Errorf("seed %d: roster %v below the brute-force optimum %v: the brute force misses rosters", seed, sol.Objective, opt)
		}
	}
}
