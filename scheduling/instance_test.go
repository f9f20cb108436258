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

// A search cut by the time limit says so, also when the cut falls in the
// vendor-aware ruin and recreate, and its roster still passes the checker.
func TestTimeLimitCutsRuinRecreate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs to its 4 s limit; skipped with -short")
	}
	t.Parallel()
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
