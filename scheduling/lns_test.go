package scheduling

import (
	"math/rand/v2"
	"testing"
	"time"
)

// vendorRuin, started from the greedy roster (built without a thought for
// the vendor), must find a cheaper roster with vendors on top, never end
// worse than it began, report truly whether it improved, leave no
// reserved blocks behind, and keep every rule.
func TestVendorRuinImprovesGreedy(t *testing.T) {
	p := twoPeakProblem(8, 1, 15*time.Minute, 14)
	m, err := newModel(&p)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	c := newState(m, newWorkspace(m))
	c.construct(rng)
	c.repairMinHours()
	before := c.trueCost(exactRule)
	fell := c.vendorRuin(rng, lnsBudget{2000, (lnsStallPerAgent*len(m.agents) + 200) / m.weeks}, lnsAgents, time.Now().Add(time.Hour), exactRule)
	after := c.trueCost(exactRule)
	t.Logf("greedy roster with vendors on top %.0f, after vendorRuin %.0f", before, after)
	if after > before+eps {
		t.Errorf("vendorRuin made the roster worse: %.2f → %.2f", before, after)
	}
	if fell != (after < before-eps) {
		t.Errorf("vendorRuin reported %v, objective %.2f → %.2f", fell, before, after)
	}
	if !fell {
		t.Errorf("vendorRuin found nothing better than the greedy roster (%.2f)", before)
	}
	if c.pr != &m.plain {
		t.Error("vendorRuin left vendor blocks reserved")
	}
	sol := m.solution(c, c.vendors(exactRule))
	if v, err := Check(p, sol.Roster); err != nil || len(v) > 0 {
		t.Errorf("checker: %v %v", v, err)
	}
	if d := sol.Objective - after; d > eps || d < -eps {
		t.Errorf("solution objective %.2f, vendorRuin's own %.2f", sol.Objective, after)
	}
}
