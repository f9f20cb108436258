package scheduling

import (
	"bytes"
	"math"
	"slices"
	"testing"
	"time"
)

// replanDay is one Monday of hourly intervals, three agents on the same
// 8-hour day shift 08:00-16:00 with a one-hour lunch 3-6 h after the start
// and no weekly minimum, and a vendor with a 2-hour notice and 2-hour
// blocks.
func replanDay(req func(h int) float64) (Problem, []Activity) {
	loc := time.FixedZone("", 3600)
	d := Demand{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, loc), Interval: time.Hour, Required: make([]float64, 24)}
	for h := range d.Required {
		d.Required[h] = req(h)
	}
	p := Problem{
		Demand: d,
		Templates: []ShiftTemplate{{Name: "day", Length: 8 * time.Hour, Earliest: 8 * time.Hour, Latest: 8 * time.Hour, Step: time.Hour,
			Breaks: []Break{{Name: "lunch", Length: time.Hour, From: 3 * time.Hour, To: 6 * time.Hour}}}},
		Agents:  []Agent{{ID: "A1"}, {ID: "A2"}, {ID: "A3"}},
		Vendors: []Vendor{{Name: "surge", MaxAgents: 2, CostPerHour: 40, MinBlock: 2 * time.Hour, Windows: []TimeRange{{d.Start, d.End()}}, Notice: 2 * time.Hour}},
		Costs:   DefaultCosts,
	}
	var roster []Activity
	s := d.Start.Add(8 * time.Hour)
	for _, id := range []string{"A1", "A2", "A3"} {
		roster = append(roster,
			Activity{Agent: id, Source: SourceInhouse, Activity: ActivityShift, Start: s, End: s.Add(8 * time.Hour)},
			Activity{Agent: id, Source: SourceInhouse, Activity: ActivityLunch, Start: s.Add(3 * time.Hour), End: s.Add(4 * time.Hour)})
	}
	return p, roster
}

func kinds(cs []Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Kind)
	}
	return out
}

// The three lunches all sit at 11:00, where three agents are needed, and
// one suffices from 13:00: the re-plan at 09:00 moves two of them to
// 13:00 (the window's last start); the third stays, since 12:00 needs
// three too and a third lunch at 13:00 would leave nobody.
func TestReplanMovesBreaks(t *testing.T) {
	p, roster := replanDay(func(h int) float64 {
		switch {
		case h >= 8 && h < 13:
			return 3
		case h >= 13 && h < 16:
			return 1
		}
		return 0
	})
	at := p.Demand.Start.Add(9 * time.Hour)
	r, err := Replan(p, roster, ReplanOptions{At: at, MoveBreaks: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != 2 || slices.ContainsFunc(r.Changes, func(c Change) bool { return c.Kind != ChangeBreak }) {
		t.Fatalf("changes %v, want two break moves", kinds(r.Changes))
	}
	for _, c := range r.Changes {
		if !c.Start.Equal(p.Demand.Start.Add(13*time.Hour)) || !c.From.Equal(p.Demand.Start.Add(11*time.Hour)) {
			t.Errorf("%s: moved from %s to %s, want from 11:00 to 13:00", c.Agent, c.From.Format("15:04"), c.Start.Format("15:04"))
		}
	}
	// 11:00 was 3 short and is 1 short.
	if r.Before.ShortHours != 3 || r.After.ShortHours != 1 {
		t.Errorf("short hours %v → %v, want 3 → 1", r.Before.ShortHours, r.After.ShortHours)
	}
	if v, _ := Check(p, r.Roster); len(v) != 0 {
		t.Errorf("the re-planned roster breaks rules: %v", v)
	}
	checkReplanCost(t, p, r)
}

// checkReplanCost recomputes the window's objective from the new
// roster's coverage and the changes' pay, and insists it did not rise.
func checkReplanCost(t *testing.T, p Problem, r ReplanResult) {
	t.Helper()
	var staff, pay float64
	for _, c := range r.Intervals {
		net := int(math.Round(c.Net))
		staff += p.Costs.UnderstaffedPerAgentHour*float64(max(0, c.Target-net)) + p.Costs.OverstaffedPerAgentHour*float64(max(0, net-c.Target))
	}
	staff *= p.Demand.Interval.Hours()
	for _, c := range r.Changes {
		pay += c.Pay
	}
	if math.Abs(staff-r.After.StaffCost) > 1e-9 || math.Abs(pay-r.After.Pay) > 1e-9 || math.Abs(r.After.Objective-staff-pay) > 1e-9 {
		t.Errorf("after: staffing %v pay %v objective %v; recomputed %v, %v", r.After.StaffCost, r.After.Pay, r.After.Objective, staff, pay)
	}
	if r.After.Objective > r.Before.Objective+1e-9 {
		t.Errorf("objective rose %v → %v", r.Before.Objective, r.After.Objective)
	}
	var gain float64
	for _, c := range r.Changes {
		gain += c.Gain
	}
	if math.Abs(r.Before.Objective-r.After.Objective-gain) > 1e-6 {
		t.Errorf("Σ gains %v, objective fell by %v", gain, r.Before.Objective-r.After.Objective)
	}
}

// From 12:00 two agents are enough and from 14:00 one: time off at the
// ends of shifts, unpaid. With a weekly minimum of 7 paid hours that each
// agent's one shift just meets, Check refuses every hour of time off.
func TestReplanVoluntaryTimeOff(t *testing.T) {
	p, roster := replanDay(func(h int) float64 {
		switch {
		case h >= 8 && h < 14:
			return 2
		case h >= 14 && h < 16:
			return 1
		}
		return 0
	})
	at := p.Demand.Start.Add(12 * time.Hour)
	r, err := Replan(p, roster, ReplanOptions{At: at, VTO: true})
	if err != nil {
		t.Fatal(err)
	}
	var vto float64
	for _, c := range r.Changes {
		if c.Kind != ChangeVTO {
			t.Fatalf("change %s, want only time off", c.Kind)
		}
		if c.End != p.Demand.Start.Add(16*time.Hour) || c.Start.Before(p.Demand.Start.Add(12*time.Hour)) {
			t.Errorf("%s off %s-%s: want an end of shift after the re-plan time", c.Agent, c.Start.Format("15:04"), c.End.Format("15:04"))
		}
		vto -= c.Hours
	}
	// One agent over from 12:00 (lunches are at 11:00) to 14:00 and two
	// over after: 2 + 2×2 = 6 agent-hours would go, each saving 25 + 1.
	if vto != 6 {
		t.Errorf("%v hours of time off, want 6 (%v)", vto, r.Changes)
	}
	if v, _ := Check(p, r.Roster); len(v) != 0 {
		t.Errorf("the re-planned roster breaks rules: %v", v)
	}
	checkReplanCost(t, p, r)

	// A weekly minimum every agent is at: no time off passes Check.
	p.Rules.MinHoursPerWeek = 7
	p.Demand.Required = slices.Concat(p.Demand.Required, make([]float64, 6*24))
	r, err = Replan(p, roster, ReplanOptions{At: at, VTO: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != 0 {
		t.Errorf("time off below the weekly minimum: %v", r.Changes)
	}
}

// A morning hotter than planned: the vendor is called, no earlier than
// its notice allows, never more than its cap, in blocks of at least its
// minimum.
func TestReplanCallsVendorAfterNotice(t *testing.T) {
	p, roster := replanDay(func(h int) float64 {
		if h >= 8 && h < 16 {
			return 6
		}
		return 0
	})
	at := p.Demand.Start.Add(9*time.Hour + 30*time.Minute)
	r, err := Replan(p, roster, ReplanOptions{At: at, CallVendors: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != 2 {
		t.Fatalf("changes %v, want the vendor's two agents", r.Changes)
	}
	for _, c := range r.Changes {
		if c.Kind != ChangeVendor || c.Vendor != "surge" {
			t.Fatalf("change %+v, want a surge block", c)
		}
		if c.Start.Before(at.Add(2 * time.Hour)) {
			t.Errorf("block starts %s, before the notice allows (%s)", c.Start.Format("15:04"), at.Add(2*time.Hour).Format("15:04"))
		}
		if c.End.Sub(c.Start) < 2*time.Hour {
			t.Errorf("block %s-%s shorter than the 2h minimum", c.Start.Format("15:04"), c.End.Format("15:04"))
		}
	}
	if r.Changes[0].Agent == r.Changes[1].Agent {
		t.Errorf("two blocks under one name %s", r.Changes[0].Agent)
	}
	if v, _ := Check(p, r.Roster); len(v) != 0 {
		t.Errorf("the re-planned roster breaks rules: %v", v)
	}
	checkReplanCost(t, p, r)
	// A vendor dearer than being short is not called.
	p.Vendors[0].CostPerHour = 150
	if r, _ = Replan(p, roster, ReplanOptions{At: at, CallVendors: true}); len(r.Changes) != 0 {
		t.Errorf("a vendor at 150/h against 100/h short called: %v", r.Changes)
	}
}

func TestReplanWindow(t *testing.T) {
	p, roster := replanDay(func(int) float64 { return 1 })
	for _, at := range []time.Time{p.Demand.Start.Add(-time.Hour), p.Demand.End()} {
		if _, err := Replan(p, roster, ReplanOptions{At: at, VTO: true}); err == nil {
			t.Errorf("re-plan at %s accepted", at)
		}
	}
}

// Check reads time off: unpaid, at the end of the shift, after its last
// break; the roster file carries it.
func TestCheckVoluntaryTimeOff(t *testing.T) {
	p, roster := replanDay(func(int) float64 { return 0 })
	s := p.Demand.Start.Add(8 * time.Hour)
	vto := func(from, to int) Activity {
		return Activity{Agent: "A1", Source: SourceInhouse, Activity: ActivityVTO, Start: s.Add(time.Duration(from) * time.Hour), End: s.Add(time.Duration(to) * time.Hour)}
	}
	cases := []struct {
		name string
		row  Activity
		want string
	}{
		{"end of shift", vto(6, 8), ""},
		{"not at the end", vto(5, 7), RuleVTO},
		{"before the lunch ends", vto(3, 8), RuleVTO},
		{"the whole shift", vto(0, 8), RuleVTO},
	}
	for _, c := range cases {
		got, err := Check(p, append(slices.Clone(roster), c.row))
		if err != nil {
			t.Fatal(err)
		}
		if rules(got) != c.want {
			t.Errorf("%s: violations %q, want %q (%v)", c.name, rules(got), c.want, got)
		}
	}
	// Time off counts against the weekly minimum: 7 paid hours less 2.
	p.Rules.MinHoursPerWeek = 6
	p.Demand.Required = make([]float64, 7*24)
	got, _ := Check(p, append(slices.Clone(roster), vto(6, 8)))
	if rules(got) != RuleMinHours {
		t.Errorf("5 paid hours against a minimum of 6: %q", rules(got))
	}
	var buf bytes.Buffer
	all := append(slices.Clone(roster), vto(6, 8))
	if err := WriteRoster(&buf, all); err != nil {
		t.Fatal(err)
	}
	back, err := ReadRoster(&buf, "roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(all) || back[len(back)-1].Activity != ActivityVTO {
		t.Errorf("roster round trip: %d rows, last %+v", len(back), back[len(back)-1])
	}
}

// Demand running two hours past the shifts' end: overtime at 30 an hour
// covers it more cheaply than the vendor at 40 or being short at 100, and
// Check holds its contracts and caps.
func TestReplanOffersOvertime(t *testing.T) {
	p, roster := replanDay(func(h int) float64 {
		switch {
		case h >= 8 && h < 16:
			return 2
		case h >= 16 && h < 18:
			return 3
		}
		return 0
	})
	p.Overtime = Overtime{MaxPerDay: 2 * time.Hour, MaxPerWeek: 3 * time.Hour, CostPerHour: 30, Extend: ExtendAfter}
	p.Vendors[0].Notice = 0
	at := p.Demand.Start.Add(12 * time.Hour)
	r, err := Replan(p, roster, ReplanOptions{At: at, Overtime: true, CallVendors: true})
	if err != nil {
		t.Fatal(err)
	}
	var ot float64
	for _, c := range r.Changes {
		if c.Kind != ChangeOvertime {
			t.Fatalf("change %s (%s), want overtime only: 3 agents × 2h at 30 beat the vendor's 2h blocks at 40", c.Kind, c.Describe(time.UTC))
		}
		if !c.Start.Equal(p.Demand.Start.Add(16 * time.Hour)) {
			t.Errorf("overtime %s-%s does not start at the shift's end", c.Start.Format("15:04"), c.End.Format("15:04"))
		}
		ot += c.Hours
	}
	if ot != 6 {
		t.Errorf("%v hours of overtime, want 6 (three agents, 16:00-18:00)", ot)
	}
	if v, _ := Check(p, r.Roster); len(v) != 0 {
		t.Errorf("the re-planned roster breaks rules: %v", v)
	}
	checkReplanCost(t, p, r)

	// A1's contract takes no overtime: the vendor covers his part.
	p.Agents[0].Contract, p.Agents[1].Contract, p.Agents[2].Contract = "part", "full", "full"
	p.Overtime.Contracts = []string{"full"}
	r, err = Replan(p, roster, ReplanOptions{At: at, Overtime: true, CallVendors: true})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]float64{}
	for _, c := range r.Changes {
		if c.Kind == ChangeOvertime && c.Agent == "A1" {
			t.Errorf("overtime for an agent whose contract takes none: %s", c.Describe(time.UTC))
		}
		kinds[c.Kind] += c.Hours
	}
	if kinds[ChangeOvertime] != 4 || kinds[ChangeVendor] != 2 {
		t.Errorf("changes %v, want 4h of overtime (A2, A3) and a 2h vendor block", r.Changes)
	}
	if v, _ := Check(p, r.Roster); len(v) != 0 {
		t.Errorf("the re-planned roster breaks rules: %v", v)
	}
}
