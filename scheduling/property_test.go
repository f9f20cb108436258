package scheduling

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"
)

// flatProblem is one day of 15-minute intervals needing level staff from
// 08:00 to 16:00 and an 8-hour template starting at 08:00 only.
func flatProblem(level float64, agents int) Problem {
	loc := time.FixedZone("", 0)
	d := Demand{Start: time.Date(2026, 3, 2, 8, 0, 0, 0, loc), Interval: 15 * time.Minute, Required: make([]float64, 32), Queues: []string{"q"}}
	for t := range d.Required {
		d.Required[t] = level
	}
	p := Problem{Demand: d, Templates: []ShiftTemplate{{Name: "day", Length: 8 * time.Hour, Earliest: 8 * time.Hour, Latest: 8 * time.Hour}}, Costs: DefaultCosts}
	for i := 0; i < agents; i++ {
		p.Agents = append(p.Agents, Agent{ID: fmt.Sprint("a", i)})
	}
	return p
}

// A flat requirement that whole shifts can match is covered exactly:
// no agent short, none over, one shift per required agent.
func TestFlatCoveredExactly(t *testing.T) {
	t.Parallel()
	for _, level := range []float64{1, 4.2, 7} {
		p := flatProblem(level, 12)
		sol, err := Solve(p, testOptions(3))
		if err != nil {
			t.Fatal(err)
		}
		want := int(math.Ceil(level))
		if sol.Shifts != want || sol.ShortHours != 0 || sol.OverHours != 0 {
			t.Errorf("level %v: %d shifts, %v short, %v over; want %d, 0, 0", level, sol.Shifts, sol.ShortHours, sol.OverHours, want)
		}
		if math.Abs(sol.Gap) > 1e-6 {
			t.Errorf("level %v: gap %v, want 0 (the LP is integral here)", level, sol.Gap)
		}
	}
}

// The same seed gives the same roster.
func TestSameSeedSameRoster(t *testing.T) {
	t.Parallel()
	p := tinyProblem(3, 2)
	a, err := Solve(p, testOptions(42))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Solve(p, testOptions(42))
	if !reflect.DeepEqual(a.Roster, b.Roster) {
		t.Error("two solves with seed 42 differ")
	}
}

// Every roster Solve returns passes the checker, on instances with every
// rule, unavailability, part-timers, minimum hours and a vendor.
func TestEveryRosterPassesChecker(t *testing.T) {
	t.Parallel()
	seeds := int64(4)
	if testing.Short() {
		seeds = 1
	}
	for seed := int64(1); seed <= seeds; seed++ {
		p := twoPeakProblem(6+2*int(seed), 1, 15*time.Minute, 5+2*float64(seed))
		p.Rules.ConsecutiveDaysOff = seed%2 == 0
		p.Rules.MaxConsecutiveDays = 4
		p.Agents[0].Unavailable = []DateRange{{"2026-11-03", "2026-11-04"}}
		p.Agents[1].MinHours = 16
		p.Agents[2].Shifts = []string{"short"}
		p.Vendors[0].MinBlock = time.Hour
		p.Vendors[0].MaxAgents = 3
		sol, err := Solve(p, testOptions(seed))
		if err != nil {
			t.Fatal(err)
		}
		v, err := Check(p, sol.Roster)
		if err != nil || len(v) > 0 {
			t.Errorf("seed %d: %v %v", seed, err, v)
		}
		if sol.LowerBound > sol.Objective+1e-6 {
			t.Errorf("seed %d: bound %v above objective %v", seed, sol.LowerBound, sol.Objective)
		}
	}
}

// Adding agents never raises understaffing.
func TestMoreAgentsNoMoreUnderstaffing(t *testing.T) {
	if testing.Short() {
		t.Skip("five solves; skipped with -short")
	}
	t.Parallel()
	prev := math.Inf(1)
	for _, n := range []int{3, 6, 12, 18} {
		p := twoPeakProblem(n, 1, 15*time.Minute, 8)
		p.Vendors = nil
		sol, err := Solve(p, testOptions(1))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d agents: %.2f agent-hours short", n, sol.ShortHours)
		if sol.ShortHours > prev+1e-9 {
			t.Errorf("%d agents: %.2f agent-hours short, more than %.2f with fewer agents", n, sol.ShortHours, prev)
		}
		prev = sol.ShortHours
	}
}

// Vendor surge comes only in blocks of at least the minimum length, under
// the cap, where the in-house agents leave the target unmet, and only when
// the understaffing removed is worth more than the vendor's cost.
func TestVendorSurge(t *testing.T) {
	if testing.Short() {
		t.Skip("three solves; skipped with -short")
	}
	t.Parallel()
	p := twoPeakProblem(5, 1, 15*time.Minute, 8)
	p.Vendors = []Vendor{{Name: "surgeco", MaxAgents: 2, CostPerHour: 38, MinBlock: time.Hour, Peak: true}}
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	if sol.VendorHours == 0 {
		t.Fatal("no vendor hours with 5 agents for an 8-agent peak")
	}
	if v, err := Check(p, sol.Roster); err != nil || len(v) > 0 {
		t.Errorf("checker: %v %v", v, err)
	}
	p.Vendors[0].CostPerHour = 1000 // dearer than any understaffing
	sol2, _ := Solve(p, testOptions(1))
	if sol2.VendorHours != 0 {
		t.Errorf("%v vendor hours at 1000 an hour, want none", sol2.VendorHours)
	}
	p.Vendors = nil
	sol3, _ := Solve(p, testOptions(1))
	if sol3.ShortHours <= sol.ShortHours {
		t.Errorf("without the vendor %v agent-hours short, with it %v: want fewer with it", sol3.ShortHours, sol.ShortHours)
	}
}

// Breaks go where the requirement is lowest: with a dip inside the window,
// every break lands in it.
func TestBreaksWhereTheyHurtLeast(t *testing.T) {
	t.Parallel()
	p := flatProblem(3, 3)
	p.Templates[0].Breaks = []Break{{Name: "break", Length: 15 * time.Minute, Paid: true, From: 2 * time.Hour, To: 4 * time.Hour}}
	p.Demand.Required[13] = 0 // 11:15, inside the window
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	dip := p.Demand.Start.Add(13 * 15 * time.Minute)
	for _, a := range sol.Roster {
		if a.Activity == ActivityBreak && !a.Start.Equal(dip) {
			t.Errorf("break at %s, want %s", a.Start.Format("15:04"), dip.Format("15:04"))
		}
	}
}
