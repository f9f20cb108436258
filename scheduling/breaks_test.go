package scheduling

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// breakProblem is one day of hourly intervals with random targets 0..6
// from 06:00 to 20:00, a 6-hour shift starting 06:00-14:00 with a
// one-interval break anywhere from its 2nd to its 5th hour, and seven
// agents.
func breakProblem(seed uint64) Problem {
	rng := rand.New(rand.NewPCG(seed, 3))
	loc := time.FixedZone("", 0)
	d := Demand{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, loc), Interval: time.Hour, Required: make([]float64, 24), Queues: []string{"q"}}
	for h := 6; h < 20; h++ {
		d.Required[h] = float64(rng.IntN(7))
	}
	p := Problem{
		Demand: d,
		Templates: []ShiftTemplate{{Name: "day", Length: 6 * time.Hour, Earliest: 6 * time.Hour, Latest: 14 * time.Hour, Step: time.Hour,
			Breaks: []Break{{Name: ActivityBreak, Length: time.Hour, Paid: true, From: time.Hour, To: 5 * time.Hour}}}},
		Costs: DefaultCosts,
	}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		p.Agents = append(p.Agents, Agent{ID: id})
	}
	return p
}

// With one-interval breaks, no chain that pays means the breaks are placed
// optimally for the shifts (the transportation problem's optimality
// condition): breakPaths must reach the cost of the best of every
// placement of every break, enumerated here, from random shifts with
// random breaks. Undoing its log must give back the roster it started
// from.
func TestBreakPathsPlaceOneIntervalBreaksOptimally(t *testing.T) {
	improvedSome := false
	for seed := uint64(1); seed <= 200; seed++ {
		p := breakProblem(seed)
		m, err := newModel(&p)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(seed, 5))
		s := newState(m, newWorkspace(m))
		for a := range m.agents {
			j := m.patsByDay[0][rng.IntN(len(m.patsByDay[0]))]
			pt := m.pats[j]
			b := pt.brk[0]
			s.put(a, 0, placed{pat: j, brk: []int{pt.start + b.lo + rng.IntN(b.hi-b.lo+1)}})
		}
		staff := func() float64 {
			x := 0.0
			for t := range m.T {
				x += m.staffCost(t, s.n[t])
			}
			return x
		}
		// every placement of every break, by odometer
		best := math.Inf(1)
		var place func(a int)
		place = func(a int) {
			if a == len(m.agents) {
				best = math.Min(best, staff())
				return
			}
			sh := s.sh[a][0]
			pt := m.pats[sh.pat]
			from := sh.brk[0]
			for q := pt.start + pt.brk[0].lo; q <= pt.start+pt.brk[0].hi; q++ {
				s.moveBreak(brkRef{a, 0, 0}, q)
				place(a + 1)
			}
			s.moveBreak(brkRef{a, 0, 0}, from)
		}
		place(0)

		before := staff()
		n0 := slices.Clone(s.n)
		b0 := make([]int, len(m.agents))
		for a := range m.agents {
			b0[a] = s.sh[a][0].brk[0]
		}
		var log []brkMove
		for bs := newBrkSearch(s); bs.breakPaths(&log, nil); {
		}
		after := staff()
		if math.Abs(after-best) > 1e-9 {
			t.Errorf("seed %d: breakPaths left staffing cost %.2f (from %.2f); the best placement costs %.2f", seed, after, before, best)
		}
		if after < before-eps {
			improvedSome = true
		}
		s.undoBreaks(log)
		for a := range m.agents {
			if s.sh[a][0].brk[0] != b0[a] {
				t.Fatalf("seed %d: undo left agent %d's break at %d, was %d", seed, a, s.sh[a][0].brk[0], b0[a])
			}
		}
		if !slices.Equal(s.n, n0) {
			t.Fatalf("seed %d: undo left coverage %v, was %v", seed, s.n, n0)
		}
	}
	if !improvedSome {
		t.Fatal("no random placement was improved: the test proves nothing")
	}
}
