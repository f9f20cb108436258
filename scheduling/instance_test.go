package scheduling

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// testOptions is Options for a test: the seed, and a time limit no test
// reaches. The search ends by counts, so the roster is then the seed's
// alone, however slow the machine (Solve's default 60s could cut a test
// short on a loaded CI machine and change its roster).
func testOptions(seed int64) Options {
	return Options{Seed: seed, TimeLimit: time.Hour}
}

// twoPeakDemand is a synthetic requirement curve: weekdays open 07:00-21:00
// with a morning peak near 10:30 and an afternoon peak near 15:00 over a
// base load, weekends at a third of it. peak scales the whole curve (staff
// at the morning peak). It starts on a Monday.
func twoPeakDemand(weeks int, interval time.Duration, peak float64) Demand {
	loc := time.FixedZone("", 2*3600)
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, loc)
	perDay := int(24 * time.Hour / interval)
	d := Demand{Start: start, Interval: interval, Required: make([]float64, weeks*7*perDay), Queues: []string{"retail"}}
	for i := range d.Required {
		at := start.Add(time.Duration(i) * interval)
		h := float64(at.Hour()) + float64(at.Minute())/60 + interval.Hours()/2
		if h < 7 || h >= 21 {
			continue
		}
		x := 0.35 + 0.65*math.Exp(-(h-10.5)*(h-10.5)/2.5) + 0.55*math.Exp(-(h-15)*(h-15)/3)
		if wd := at.Weekday(); wd == time.Saturday || wd == time.Sunday {
			x /= 3
		}
		d.Required[i] = math.Round(100*peak*x) / 100
	}
	return d
}

// twoPeakProblem is the benchmark instance: agents agents, an 8h30m day
// shift with two paid breaks and an unpaid lunch, a 4h short shift with one
// break, 11h rest, at most 6 days in a row, 2 days off a week and 40 paid
// hours; a vendor for auto peaks.
func twoPeakProblem(agents, weeks int, interval time.Duration, peak float64) Problem {
	p := Problem{
		Demand: twoPeakDemand(weeks, interval, peak),
		Templates: []ShiftTemplate{
			{Name: "day", Length: 8*time.Hour + 30*time.Minute, Earliest: 6*time.Hour + 45*time.Minute, Latest: 12*time.Hour + 30*time.Minute, Step: 15 * time.Minute,
				Breaks: []Break{
					{Name: "break", Length: 15 * time.Minute, Paid: true, From: 90 * time.Minute, To: 3 * time.Hour},
					{Name: "lunch", Length: 30 * time.Minute, From: 3*time.Hour + 30*time.Minute, To: 5*time.Hour + 30*time.Minute},
					{Name: "break", Length: 15 * time.Minute, Paid: true, From: 5*time.Hour + 30*time.Minute, To: 7*time.Hour + 30*time.Minute},
				}},
			{Name: "short", Length: 4 * time.Hour, Earliest: 7 * time.Hour, Latest: 17 * time.Hour, Step: 15 * time.Minute,
				Breaks: []Break{{Name: "break", Length: 15 * time.Minute, Paid: true, From: time.Hour, To: 3 * time.Hour}}},
		},
		Rules:   Rules{MinRest: 11 * time.Hour, MaxConsecutiveDays: 6, DaysOffPerWeek: 2, MaxHoursPerWeek: 40},
		Costs:   DefaultCosts,
		Vendors: []Vendor{{Name: "surgeco", MaxAgents: 10, CostPerHour: 38, MinBlock: 4 * time.Hour, Peak: true}},
		Peaks:   Peaks{Auto: true},
	}
	if interval != 15*time.Minute {
		for k := range p.Templates {
			p.Templates[k].Step = interval
			p.Templates[k].Earliest = p.Templates[k].Earliest.Truncate(interval)
		}
	}
	for i := 0; i < agents; i++ {
		a := Agent{ID: fmt.Sprintf("A%03d", i+1)}
		if i%5 == 4 { // every fifth agent part-time
			a.Contract, a.MaxHours, a.MinHours = "part", 24, 12
		}
		p.Agents = append(p.Agents, a)
	}
	return p
}

func TestTwoPeakSmall(t *testing.T) {
	p := twoPeakProblem(40, 1, 15*time.Minute, 22)
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("objective %.0f bound %.0f gap %.2f%% shifts %d short %.1fh over %.1fh vendor %.1fh in %v", sol.Objective, sol.LowerBound, 100*sol.Gap, sol.Shifts, sol.ShortHours, sol.OverHours, sol.VendorHours, sol.Elapsed)
	v, err := Check(p, sol.Roster)
	if err != nil || len(v) > 0 {
		t.Errorf("checker: %v %v", v, err)
	}
	if sol.Gap > 0.03 {
		t.Errorf("gap %.2f%% > 3%%", 100*sol.Gap)
	}
	if sol.LowerBound > sol.Objective {
		t.Errorf("bound %v above objective %v", sol.LowerBound, sol.Objective)
	}
}

// With 20 agents for a 14-agent peak and no vendor, the headcount binds:
// single-shift moves stopped at 7.09 % (objective 23,768; a 20-million-move
// search reached 23,185), re-planning whole agent rosters (reoptimise)
// reached 2.22 % against the same bound 22,082, and re-planning three
// agents together (ruinRecreate) 22,385, 1.35 % (seed 1, November 2026).
func TestTwoPeakHeadcountBinds(t *testing.T) {
	p := twoPeakProblem(20, 1, 15*time.Minute, 14)
	p.Vendors = nil
	solveWithinGap(t, p, 0.03)
}

// More effort runs the ruin-and-recreate search longer: on the
// headcount-binds week it finds 22,259 where effort 1 stops at 22,284
// (seed 1, November 2026). Longer is not always cheaper, as the path
// differs: the vendor-carries week costs 23,901 at effort 2 against
// 23,847 at 1. A negative effort is an error.
func TestEffortSearchesLonger(t *testing.T) {
	p := twoPeakProblem(20, 1, 15*time.Minute, 14)
	p.Vendors = nil
	obj := map[int]float64{}
	for _, e := range []int{0, 1, 2} {
		o := testOptions(1)
		o.Effort = e
		sol, err := Solve(p, o)
		if err != nil {
			t.Fatal(err)
		}
		obj[e] = sol.Objective
	}
	if obj[0] != obj[1] {
		t.Errorf("effort 0 gives %.0f, effort 1 %.0f; want 0 to mean 1", obj[0], obj[1])
	}
	if obj[2] >= obj[1]-eps {
		t.Errorf("effort 2 gives %.0f, effort 1 %.0f; want the longer search cheaper here", obj[2], obj[1])
	}
	if _, err := Solve(p, Options{Seed: 1, Effort: -1}); err == nil {
		t.Error("effort -1: no error")
	}
}

// A search cut by the time limit says so, also when the cut falls in the
// vendor-aware ruin and recreate (it once did not: on the vendor-carries
// week effort 1000 ran the full 4 s and came back with TimedOut false),
// and its roster still passes the checker.
func TestTimeLimitCutsRuinRecreate(t *testing.T) {
	p := twoPeakProblem(8, 1, 15*time.Minute, 14)
	sol, err := Solve(p, Options{Seed: 1, TimeLimit: 4 * time.Second, Effort: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if !sol.TimedOut {
		t.Errorf("effort 1000 within 4 s: TimedOut false after %v", sol.Elapsed)
	}
	if v, err := Check(p, sol.Roster); err != nil || len(v) > 0 {
		t.Errorf("checker: %v %v", v, err)
	}
}

// BenchmarkSolve200Agents4Weeks is the size: 200 agents, 4 weeks
// of 15-minute intervals, two-peak weekdays and quiet weekends.
func BenchmarkSolve200Agents4Weeks(b *testing.B) {
	p := twoPeakProblem(200, 4, 15*time.Minute, 110)
	for b.Loop() {
		sol, err := Solve(p, testOptions(1))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(sol.Objective, "objective")
		b.ReportMetric(sol.LowerBound, "bound")
		b.ReportMetric(100*sol.Gap, "gap%")
		b.ReportMetric(sol.Elapsed.Seconds(), "s/solve")
	}
}

// With 30 agents for a 14-agent peak and no vendor, the weekdays (same
// targets) settled at different local optima: 3.33 % against the bound
// 19,344 (objective 20,011); copying the best weekday's shifts onto the
// others (transplantDays) reaches 19,803, 2.32 % (seed 1; seeds 2 and 3
// 2.94 %, were 3.71 % and 3.9 %; November 2026).
func TestTwoPeakSteadyWeekdays(t *testing.T) {
	p := twoPeakProblem(30, 1, 15*time.Minute, 14)
	p.Vendors = nil
	solveWithinGap(t, p, 0.03)
}

// solveWithinGap solves p with seed 1 and fails unless the roster passes
// the checker and its gap to the lower bound is at most gap.
func solveWithinGap(t *testing.T, p Problem, gap float64) {
	t.Helper()
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("objective %.0f bound %.0f gap %.2f%% short %.1fh", sol.Objective, sol.LowerBound, 100*sol.Gap, sol.ShortHours)
	if v, err := Check(p, sol.Roster); err != nil || len(v) > 0 {
		t.Errorf("checker: %v %v", v, err)
	}
	if sol.Gap > gap {
		t.Errorf("gap %.2f%% > %g%%", 100*sol.Gap, 100*gap)
	}
}

// With 8 agents for a 14-agent peak the surge vendor (4-hour minimum
// blocks, at most 10 at once) carries most of the load. Greedy blocks,
// trimmed and extended, left 49.5 agent-hours over and a gap of 8.43 %
// (objective 25,875 against the bound 23,693); placing the blocks exactly
// as a min-cost flow (vendorFlow) gives 24,293, 2.47 %, and ruin and
// recreate around the vendors' blocks 24,180, 2.01 %, and with vendor
// blocks added or dropped in the move (vendorRuin) 24,037, 1.43 % (seed 1,
// November 2026); later 23,847, and with the auto-peak rule loosened
// first (loosenAutoPeaks) 23,831, 0.58 %.
func TestTwoPeakVendorCarries(t *testing.T) {
	solveWithinGap(t, twoPeakProblem(8, 1, 15*time.Minute, 14), 0.03)
}

// With 16 agents for a 14-agent peak and an auto-peak vendor of at most
// 4 agents, the vendor's blocks need holes in the in-house roster: a
// search that keeps every roster within the auto-peak rule stopped at
// 21,585 against the bound 20,750 (3.87 %); dropping the rule first and
// bringing it back as a rising penalty (loosenAutoPeaks) reaches 21,240,
// 2.31 % (seed 1, November 2026).
func TestTwoPeakAutoPeakHoles(t *testing.T) {
	p := twoPeakProblem(16, 1, 15*time.Minute, 14)
	p.Vendors[0].MaxAgents = 4
	solveWithinGap(t, p, 0.03)
}

// With 14 agents for a 12-agent peak and a vendor (at most 4, 4-hour
// blocks) contracted for the whole week rather than for auto peaks, the
// in-house roster should take over vendor hours wherever it can: an
// agent-hour costs 25 in-house and 38 from the vendor. The vendor runs
// once planned around the reserved blocks as if they could not be
// released, as auto peaks need, and stopped at 19,034 against the bound
// 18,445 (3.09 %, 157 vendor hours); releasing vendor staff that the
// in-house roster makes unneeded (reserve, f) reaches 18,792, 1.84 %
// (139.5 vendor hours; seed 1, November 2026).
func TestTwoPeakVendorWindowGivesWay(t *testing.T) {
	p := twoPeakProblem(14, 1, 15*time.Minute, 12)
	st := p.Demand.Start
	p.Vendors = []Vendor{{Name: "surgeco", MaxAgents: 4, CostPerHour: 38, MinBlock: 4 * time.Hour,
		Windows: []TimeRange{{st, st.AddDate(0, 0, 7)}}}}
	p.Peaks = Peaks{}
	solveWithinGap(t, p, 0.025)
}

// With 30 agents for an 18-agent peak and no vendor, days off bind: every
// agent works its five days and the shifts' mix and starts decide. One
// agent re-planned at a time (reoptimise) and single-shift moves stopped at
// 26,358 against the bound 25,218 (4.32 %); CBC 2.10 on the same week as
// a MIP (breaks placed per shift, for diagnosis only) found 25,474 with
// 25,272 proven, so the bound was tight and the roster weak. Re-planning
// three agents together (ruinRecreate) reaches 25,934, 2.76 % (seed 1,
// November 2026).
func TestTwoPeakDaysOffBind(t *testing.T) {
	p := twoPeakProblem(30, 1, 15*time.Minute, 18)
	p.Vendors = nil
	solveWithinGap(t, p, 0.03)
}
