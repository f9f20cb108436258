package scheduling

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// peakProblem is days days (from Monday) of hourly intervals needing one
// agent from 08:00 to 16:00 and one more hour after hour up to 18:00 (the
// peak), one 8-hour template starting only at 08:00 without breaks, and
// one agent of contract "full" whose contract allows 8 hours a week per
// day: the peak can be staffed only by overtime or a vendor.
func peakProblem(days int) Problem {
	loc := time.FixedZone("", 0)
	d := Demand{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, loc), Interval: time.Hour, Required: make([]float64, 24*days), Queues: []string{"q"}}
	for day := 0; day < days; day++ {
		for h := 8; h < 18; h++ {
			d.Required[24*day+h] = 1
		}
	}
	return Problem{
		Demand:    d,
		Templates: []ShiftTemplate{{Name: "day", Length: 8 * time.Hour, Earliest: 8 * time.Hour, Latest: 8 * time.Hour}},
		Rules:     Rules{MaxHoursPerWeek: float64(8 * days)},
		Agents:    []Agent{{ID: "A1", Contract: "full"}},
		Costs:     DefaultCosts,
		Overtime:  Overtime{Contracts: []string{"full"}, MaxPerDay: 2 * time.Hour, MaxPerWeek: 4 * time.Hour, CostPerHour: 37.5, Extend: ExtendAfter},
	}
}

func solveChecked(t *testing.T, p Problem) Solution {
	t.Helper()
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Check(p, sol.Roster)
	if err != nil {
		t.Fatal(err)
	}
	if len(v) > 0 {
		t.Fatalf("Solve's roster breaks rules: %v", v)
	}
	if sum := sol.InhouseCost + sol.OvertimeCost + sol.VendorCost + sol.UnderstaffCost + sol.OverstaffCost + sol.StartChangeCost; math.Abs(sum-sol.Objective) > 1e-6 {
		t.Fatalf("costs add up to %v, objective %v", sum, sol.Objective)
	}
	if sol.LowerBound > sol.Objective+1e-6 {
		t.Fatalf("bound %v above the roster's %v", sol.LowerBound, sol.Objective)
	}
	return sol
}

func otRows(r []Activity) []Activity {
	var out []Activity
	for _, a := range r {
		if a.Activity == ActivityOvertime {
			out = append(out, a)
		}
	}
	return out
}

// Overtime binds: the two peak hours after the shift cost 2 × 37.5 as
// overtime against 2 × 100 short (DefaultCosts) or 2 × 38 from a vendor,
// so the optimum is the 8-hour shift at 25 an hour plus two overtime
// hours: 8·25 + 2·37.5 = 275, worked out by hand. The agent's 8 contracted
// hours a week do not stop it: overtime is outside them.
func TestOvertimeBinds(t *testing.T) {
	p := peakProblem(1)
	p.Vendors = []Vendor{{Name: "v", MaxAgents: 1, CostPerHour: 38, MinBlock: time.Hour,
		Windows: []TimeRange{{p.Demand.Start.Add(16 * time.Hour), p.Demand.Start.Add(18 * time.Hour)}}}}
	sol := solveChecked(t, p)
	if sol.Objective != 275 || sol.OvertimeHours != 2 || sol.OvertimeCost != 75 || sol.VendorHours != 0 || sol.ShortHours != 0 {
		t.Fatalf("objective %v, overtime %vh for %v, vendor %vh, short %vh; want 275, 2h for 75, 0, 0",
			sol.Objective, sol.OvertimeHours, sol.OvertimeCost, sol.VendorHours, sol.ShortHours)
	}
	ot := otRows(sol.Roster)
	if len(ot) != 1 || ot[0].Start.Hour() != 16 || ot[0].End.Hour() != 18 {
		t.Fatalf("overtime rows %v, want one 16:00-18:00", ot)
	}
	for _, a := range sol.Roster {
		if a.Activity == ActivityShift && (a.Start.Hour() != 8 || a.End.Hour() != 16) {
			t.Fatalf("shift row %v, want the contracted 08:00-16:00", a)
		}
	}
	if sol.PaidHours != 8 || sol.InhouseCost != 200 {
		t.Fatalf("paid hours %v for %v, want the contracted 8 for 200", sol.PaidHours, sol.InhouseCost)
	}
}

// Overtime that does not pay is not taken: at 39 an hour a vendor at 38
// is cheaper (objective 8·25 + 2·38 = 276), and at 150 an hour without a
// vendor understaffing at 100 is (8·25 + 2·100 = 400).
func TestOvertimeNotWhereItDoesNotPay(t *testing.T) {
	p := peakProblem(1)
	p.Overtime.CostPerHour = 39
	p.Vendors = []Vendor{{Name: "v", MaxAgents: 1, CostPerHour: 38, MinBlock: time.Hour,
		Windows: []TimeRange{{p.Demand.Start.Add(16 * time.Hour), p.Demand.Start.Add(18 * time.Hour)}}}}
	sol := solveChecked(t, p)
	if sol.Objective != 276 || sol.OvertimeHours != 0 || sol.VendorHours != 2 {
		t.Fatalf("objective %v, overtime %vh, vendor %vh; want 276, 0, 2", sol.Objective, sol.OvertimeHours, sol.VendorHours)
	}
	p = peakProblem(1)
	p.Overtime.CostPerHour = 150
	sol = solveChecked(t, p)
	if sol.Objective != 400 || sol.OvertimeHours != 0 || sol.ShortHours != 2 {
		t.Fatalf("objective %v, overtime %vh, short %vh; want 400, 0, 2", sol.Objective, sol.OvertimeHours, sol.ShortHours)
	}
}

// An agent whose contract is not in overtime.contracts takes none, and a
// contract no agent has is a config error naming the key.
func TestOvertimeContract(t *testing.T) {
	p := peakProblem(1)
	p.Agents[0].Contract = "part"
	p.Agents = append(p.Agents, Agent{ID: "A2", Contract: "full", Shifts: []string{"day"}, Unavailable: []DateRange{{"2026-03-02", "2026-03-02"}}})
	sol := solveChecked(t, p)
	if sol.OvertimeHours != 0 || sol.Objective != 400 {
		t.Fatalf("overtime %vh, objective %v; want 0 and 8·25 + 2·100 = 400", sol.OvertimeHours, sol.Objective)
	}
	p.Overtime.Contracts = []string{"ful"}
	_, err := Solve(p, testOptions(1))
	if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), `overtime.contracts[0]: no agent has contract "ful"`) {
		t.Fatalf("err %v, want the overtime.contracts key named", err)
	}
}

// The weekly cap binds: three days of two peak hours each, at most 3h of
// overtime a week, so 3 peak hours are overtime and 3 are short:
// 3·8·25 + 3·37.5 + 3·100 = 1012.5, by hand.
func TestOvertimeWeeklyCap(t *testing.T) {
	p := peakProblem(3)
	p.Overtime.MaxPerWeek = 3 * time.Hour
	sol := solveChecked(t, p)
	if sol.OvertimeHours != 3 || sol.ShortHours != 3 || sol.Objective != 1012.5 {
		t.Fatalf("overtime %vh, short %vh, objective %v; want 3, 3, 1012.5", sol.OvertimeHours, sol.ShortHours, sol.Objective)
	}
}

// extend: before puts the overtime before the shift's start, for a peak
// from 06:00.
func TestOvertimeBefore(t *testing.T) {
	p := peakProblem(1)
	for h := 16; h < 18; h++ {
		p.Demand.Required[h] = 0
	}
	p.Demand.Required[6], p.Demand.Required[7] = 1, 1
	p.Overtime.Extend = ExtendBefore
	sol := solveChecked(t, p)
	ot := otRows(sol.Roster)
	if sol.Objective != 275 || len(ot) != 1 || ot[0].Start.Hour() != 6 || ot[0].End.Hour() != 8 {
		t.Fatalf("objective %v, overtime rows %v; want 275 and one 06:00-08:00", sol.Objective, ot)
	}
}

// Check names each overtime violation made by hand, with the agent and
// time.
func TestCheckOvertime(t *testing.T) {
	p := peakProblem(3)
	p.Rules.MinRest = 13 * time.Hour
	p.Rules.MaxHoursPerWeek = 0
	at := func(d, h int) time.Time { return p.Demand.Start.Add(time.Duration(24*d+h) * time.Hour) }
	shift := func(d int) Activity {
		return Activity{Agent: "A1", Source: SourceInhouse, Activity: ActivityShift, Start: at(d, 8), End: at(d, 16)}
	}
	ot := func(d, from, to int) Activity {
		return Activity{Agent: "A1", Source: SourceInhouse, Activity: ActivityOvertime, Start: at(d, from), End: at(d, to)}
	}
	cases := []struct {
		name   string
		mod    func(p *Problem)
		roster []Activity
		want   string // the overtime violation's detail, "" for none
		rule   string
	}{
		{"allowed", nil, []Activity{shift(0), ot(0, 16, 18)}, "", ""},
		{"contract", func(p *Problem) {
			p.Agents[0].Contract = "part"
			p.Overtime.Contracts = []string{"part2"}
			p.Agents = append(p.Agents, Agent{ID: "X", Contract: "part2"})
		},
			[]Activity{shift(0), ot(0, 16, 17)}, `contract "part" takes none`, RuleOvertime},
		{"per day", nil, []Activity{shift(0), ot(0, 16, 19)}, "3h of overtime on the shift", RuleOvertime},
		{"extend side", nil, []Activity{ot(0, 7, 8), shift(0)}, "before its start", RuleOvertime},
		{"per week", nil, []Activity{shift(0), ot(0, 16, 18), shift(1), ot(1, 16, 18), shift(2), ot(2, 16, 17)}, "5h of overtime in the week", RuleOvertime},
		{"loose row", nil, []Activity{shift(0), ot(0, 17, 18)}, "extends none of the agent's shifts", RuleOvertime},
		{"none configured", func(p *Problem) { p.Overtime = Overtime{} }, []Activity{shift(0), ot(0, 16, 17)}, "the config allows none", RuleOvertime},
		// 16:00 + 2h overtime to 06:00 next day is 12h rest, under 13h;
		// without the overtime it would be 14h
		{"rest after the extended end", func(p *Problem) {
			p.Templates[0].Earliest, p.Templates[0].Latest = 6*time.Hour, 8*time.Hour
		}, []Activity{shift(0), ot(0, 16, 18), {Agent: "A1", Source: SourceInhouse, Activity: ActivityShift, Start: at(1, 6), End: at(1, 14)}}, "12h rest after the shift ending", RuleRest},
	}
	for _, c := range cases {
		q := peakProblem(3)
		q.Rules = p.Rules
		if c.mod != nil {
			c.mod(&q)
		}
		v, err := Check(q, c.roster)
		if err != nil {
			t.Fatal(err)
		}
		if c.want == "" {
			if len(v) > 0 {
				t.Errorf("%s: violations %v, want none", c.name, v)
			}
			continue
		}
		if len(v) != 1 || v[0].Rule != c.rule || !strings.Contains(v[0].Detail, c.want) || v[0].Agent != "A1" {
			t.Errorf("%s: violations %v, want one %s naming A1: %q", c.name, v, c.rule, c.want)
		}
	}
}

// A roster with overtime reads back from roster.csv as written, and the
// read roster checks and covers the same.
func TestOvertimeRosterRoundTrip(t *testing.T) {
	p := peakProblem(2)
	sol := solveChecked(t, p)
	if sol.OvertimeHours == 0 {
		t.Fatal("no overtime to round-trip")
	}
	var buf bytes.Buffer
	if err := WriteRoster(&buf, sol.Roster); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "A1,inhouse,overtime,2026-03-02T16:00:00Z,2026-03-02T18:00:00Z") {
		t.Fatalf("roster.csv has no overtime row:\n%s", buf.String())
	}
	back, err := ReadRoster(&buf, "roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(sol.Roster) {
		t.Fatalf("%d rows read, %d written", len(back), len(sol.Roster))
	}
	for i := range back {
		if back[i].Activity != sol.Roster[i].Activity || !back[i].Start.Equal(sol.Roster[i].Start) || !back[i].End.Equal(sol.Roster[i].End) {
			t.Fatalf("row %d: %v read, %v written", i, back[i], sol.Roster[i])
		}
	}
	if v, _ := Check(p, back); len(v) > 0 {
		t.Fatalf("read roster breaks rules: %v", v)
	}
	for i, c := range Cover(p, back) {
		if c != sol.Intervals[i] {
			t.Fatalf("interval %d covered %v after reading, %v before", i, c, sol.Intervals[i])
		}
	}
	bad := "agent,source,activity,start,end\nv-001,vendor:v,overtime,2026-03-02T16:00:00Z,2026-03-02T18:00:00Z\n"
	if _, err := ReadRoster(strings.NewReader(bad), "roster.csv"); err == nil || !strings.Contains(err.Error(), "roster.csv:2: column \"activity\"") {
		t.Fatalf("vendor overtime row: err %v, want roster.csv:2 column activity", err)
	}
}

// Overtime config that no roster can use is refused with its key.
func TestOvertimeConfigErrors(t *testing.T) {
	for _, c := range []struct {
		o    Overtime
		want string
	}{
		{Overtime{MaxPerWeek: time.Hour}, "overtime.max_per_day"},
		{Overtime{MaxPerDay: 30 * time.Minute}, "shorter than the 1h interval"},
		{Overtime{MaxPerDay: time.Hour, MaxPerWeek: -time.Hour}, "overtime.max_per_week"},
		{Overtime{MaxPerDay: time.Hour, CostPerHour: -1}, "overtime.cost_per_hour"},
		{Overtime{MaxPerDay: time.Hour, Extend: "after-shift"}, `overtime.extend: "after-shift": want before, after or both`},
	} {
		p := peakProblem(1)
		p.Overtime = c.o
		if err := p.Validate(); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err %v, want %q", c.o, err, c.want)
		}
	}
}

// With overtime allowed (both ends, a weekly cap that binds over two
// days), LowerBound stays below the exact optimum of tiny instances found
// by brute force (bruteForce enumerates the overtime patterns too), and
// Solve's roster is never below it.
func TestLowerBoundBelowBruteForceOvertime(t *testing.T) {
	t.Parallel()
	seeds := uint64(4)
	if testing.Short() {
		seeds = 2
	}
	for seed := uint64(1); seed <= seeds; seed++ {
		days := 1 + int(seed%2)
		p := tinyProblem(seed, days)
		for i := range p.Demand.Required { // a peak at each end of the day
			if h := i % 24; h == 7 || h == 16 || h == 17 {
				p.Demand.Required[i] = 1 + float64(seed%2)
			}
		}
		p.Agents[1].Contract = "full"
		p.Overtime = Overtime{Contracts: []string{"full"}, MaxPerDay: 2 * time.Hour, MaxPerWeek: 3 * time.Hour, CostPerHour: 30, Extend: ExtendBoth}
		opt := bruteForce(t, p)
		lb, err := LowerBound(p, time.Now().Add(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		sol, err := Solve(p, testOptions(int64(seed)))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d, %d days: bound %.2f optimum %.2f roster %.2f (overtime %gh)", seed, days, lb, opt, sol.Objective, sol.OvertimeHours)
		if lb > opt+1e-6 {
			t.Errorf("seed %d: bound %v above the optimum %v", seed, lb, opt)
		}
		if sol.Objective < opt-1e-6 {
			t.Errorf("seed %d: roster %v below the brute-force optimum %v: the brute force misses rosters", seed, sol.Objective, opt)
		}
		if v, _ := Check(p, sol.Roster); len(v) > 0 {
			t.Errorf("seed %d: roster breaks rules: %v", seed, v)
		}
	}
}
