package scheduling_test

import (
	"fmt"
	"time"

	"github.com/wfm-project/wfm/scheduling"
)

// Two queues are pooled per interval before rounding: 1.4 + 2.3 staff
// make a target of 4, not 2 + 3.
func ExamplePoolRequirements() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	reqs := []scheduling.Requirement{
		{Start: at, Queue: "retail", Fractional: 1.4},
		{Start: at, Queue: "web", Fractional: 2.3},
	}
	d, _ := scheduling.PoolRequirements(reqs, nil, 0)
	fmt.Println(d.Queues, d.Target(0))
	// Output: [retail web] 4
}

// A day of 08:00-16:00 needing 3 agents, an 8-hour shift with a 15-minute
// break between 2h and 4h after the start, and four agents. A fourth shift
// (200) would cost more than the three breaks' understaffing (3 × 15
// minutes at 100 an agent-hour), so three agents work, their breaks
// staggered, and the bound proves nothing cheaper exists.
func ExampleSolve() {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	req := make([]float64, 32) // 15-minute intervals
	for t := range req {
		req[t] = 3
	}
	p := scheduling.Problem{
		Demand: scheduling.Demand{Start: start, Interval: 15 * time.Minute, Required: req},
		Templates: []scheduling.ShiftTemplate{{Name: "day", Length: 8 * time.Hour, Earliest: 8 * time.Hour, Latest: 8 * time.Hour,
			Breaks: []scheduling.Break{{Name: "break", Length: 15 * time.Minute, Paid: true, From: 2 * time.Hour, To: 4 * time.Hour}}}},
		Agents: []scheduling.Agent{{ID: "ana"}, {ID: "ben"}, {ID: "cy"}, {ID: "dee"}},
		Costs:  scheduling.DefaultCosts,
	}
	sol, err := scheduling.Solve(p, scheduling.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	violations, _ := scheduling.Check(p, sol.Roster)
	fmt.Printf("%d shifts, %.0f paid hours, %.2f agent-hours short, %d rule(s) broken\n", sol.Shifts, sol.PaidHours, sol.ShortHours, len(violations))
	fmt.Printf("cost %.0f, lower bound %.0f\n", sol.Objective, sol.LowerBound)
	// Output:
	// 3 shifts, 24 paid hours, 0.75 agent-hours short, 0 rule(s) broken
	// cost 675, lower bound 675
}
