package scheduling

import (
	"testing"
	"time"
)

// An agent whose free days are all used up by the days-off rule reaches the
// weekly minimum only by working longer shifts: with at most 5 working days
// and a 38-hour minimum, five 4-hour shifts (what the thin demand asks for)
// must become five 8-hour ones. The roster must pass the checker.
func TestMinHoursReachedByLongerShifts(t *testing.T) {
	loc := time.FixedZone("", 0)
	d := Demand{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, loc), Interval: time.Hour, Required: make([]float64, 7*24), Queues: []string{"q"}}
	for day := 0; day < 7; day++ {
		for h := 9; h < 13; h++ {
			d.Required[24*day+h] = 1 // one agent for four hours a day
		}
	}
	p := Problem{
		Demand: d,
		Templates: []ShiftTemplate{
			{Name: "short", Length: 4 * time.Hour, Earliest: 9 * time.Hour, Latest: 9 * time.Hour},
			{Name: "long", Length: 8 * time.Hour, Earliest: 9 * time.Hour, Latest: 9 * time.Hour},
		},
		Rules:  Rules{DaysOffPerWeek: 2, MinHoursPerWeek: 38, MaxHoursPerWeek: 40},
		Costs:  DefaultCosts,
		Agents: []Agent{{ID: "a"}},
	}
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	viol, err := Check(p, sol.Roster)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range viol {
		t.Errorf("rule broken: %s", v)
	}
	if sol.PaidHours < 38 {
		t.Errorf("paid hours %v, want at least the 38-hour minimum", sol.PaidHours)
	}
}
