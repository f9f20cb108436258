package scheduling

import (
	"testing"
	"time"
)

// Check counts agents joining and leaving at one instant against a
// vendor's ramp.
func TestCheckVendorRamp(t *testing.T) {
	p := weekProblem()
	p.Vendors = []Vendor{{Name: "surge", MaxAgents: 3, CostPerHour: 30, MinBlock: 2 * time.Hour, Ramp: 1,
		Windows: []TimeRange{{p.Demand.Start.Add(8 * time.Hour), p.Demand.Start.Add(14 * time.Hour)}}}}
	s := p.Demand.Start
	block := func(id string, from, to int) Activity {
		return Activity{Agent: id, Source: "vendor:surge", Activity: ActivityShift, Start: s.Add(time.Duration(from) * time.Hour), End: s.Add(time.Duration(to) * time.Hour)}
	}
	if v, _ := Check(p, []Activity{block("v1", 8, 12), block("v2", 9, 13), block("v3", 10, 14)}); rules(v) != "" {
		t.Errorf("one joining and one leaving an hour: %v", v)
	}
	v, _ := Check(p, []Activity{block("v1", 8, 12), block("v2", 8, 13)})
	if rules(v) != RuleVendorRamp || v[0].Agent != "vendor:surge" || !v[0].At.Equal(s.Add(8*time.Hour)) {
		t.Errorf("two joining at 08:00 under a ramp of one: %v", v)
	}
	if v, _ = Check(p, []Activity{block("v1", 8, 12), block("v2", 9, 12)}); rules(v) != RuleVendorRamp {
		t.Errorf("two leaving at 12:00 under a ramp of one: %v", v)
	}
	p.Vendors[0].Ramp = 0
	if v, _ = Check(p, []Activity{block("v1", 8, 12), block("v2", 8, 12)}); rules(v) != "" {
		t.Errorf("no ramp: %v", v)
	}
}

// A ramp of one on two days of the two-peak instance: the solved roster's vendor team
// grows and shrinks by at most one agent at a time, passes Check, and costs
// no less than without the ramp (the same seed).
func TestSolveVendorRamp(t *testing.T) {
	if testing.Short() {
		t.Skip("two solves of two days; skipped with -short")
	}
	p := twoPeakProblem(8, 1, 15*time.Minute, 15)
	p.Demand.Required = p.Demand.Required[:2*96]
	free, err := Solve(p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	p.Vendors[0].Ramp = 1
	sol, err := Solve(p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if free.VendorHours == 0 {
		t.Fatal("the instance calls no vendor: it cannot test the ramp")
	}
	if v, _ := Check(p, sol.Roster); len(v) != 0 {
		t.Fatalf("ramped roster breaks rules: %v", v)
	}
	prev := 0
	steps := 0
	for _, c := range sol.Intervals {
		n := int(c.Vendor + 0.5)
		if d := n - prev; d > 1 || d < -1 {
			t.Errorf("%s: vendor team %d → %d under a ramp of 1", c.Start.Format("Mon 15:04"), prev, n)
		}
		if n != prev {
			steps++
		}
		prev = n
	}
	if prev > 1 {
		t.Errorf("the horizon ends with %d vendor agents leaving at once", prev)
	}
	if v, _ := Check(p, free.Roster); rules(v) == "" {
		t.Error("the roster without the ramp keeps it too: the test does not exercise the ramp")
	}
	if sol.Objective < free.Objective-1e-6 {
		t.Logf("the ramped roster is cheaper than the free one (%.0f < %.0f): the search, not the ramp", sol.Objective, free.Objective)
	}
	if sol.LowerBound > sol.Objective+1e-6 {
		t.Errorf("bound %v above the roster %v", sol.LowerBound, sol.Objective)
	}
	t.Logf("vendor hours %.1f → %.1f, objective %.0f → %.0f with a ramp of 1 (%d team-size steps)", free.VendorHours, sol.VendorHours, free.Objective, sol.Objective, steps)
}
