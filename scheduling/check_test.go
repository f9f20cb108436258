package scheduling

import (
	"math"
	"strings"
	"testing"
	"time"
)

// weekProblem is a Monday-to-Sunday week of hourly intervals needing one
// agent from 08:00 to 16:00, with every rule switched on.
func weekProblem() Problem {
	loc := time.FixedZone("", 3600)
	d := Demand{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, loc), Interval: time.Hour, Required: make([]float64, 7*24)}
	for day := 0; day < 7; day++ {
		for h := 8; h < 16; h++ {
			d.Required[24*day+h] = 1
		}
	}
	return Problem{
		Demand: d,
		Templates: []ShiftTemplate{{Name: "day", Length: 8 * time.Hour, Earliest: 6 * time.Hour, Latest: 14 * time.Hour, Step: time.Hour,
			Breaks: []Break{{Name: "lunch", Length: time.Hour, From: 3 * time.Hour, To: 6 * time.Hour}}}},
		Rules:  Rules{MinRest: 11 * time.Hour, MaxConsecutiveDays: 4, DaysOffPerWeek: 2, ConsecutiveDaysOff: true, MaxHoursPerWeek: 35, MinHoursPerWeek: 14},
		Agents: []Agent{{ID: "A1", Unavailable: []DateRange{{"2026-03-08", "2026-03-08"}}}},
		Costs:  DefaultCosts,
	}
}

// shiftAt is an 8-hour shift of A1 starting at hour h on day d (0 =
// Monday), with its lunch lunchAt hours after the start.
func shiftAt(p Problem, d, h, lunchAt int) []Activity {
	s := p.Demand.Start.Add(time.Duration(24*d+h) * time.Hour)
	return []Activity{
		{Agent: "A1", Source: SourceInhouse, Activity: ActivityShift, Start: s, End: s.Add(8 * time.Hour)},
		{Agent: "A1", Source: SourceInhouse, Activity: ActivityLunch, Start: s.Add(time.Duration(lunchAt) * time.Hour), End: s.Add(time.Duration(lunchAt+1) * time.Hour)},
	}
}

func rules(v []Violation) string {
	var s []string
	for _, x := range v {
		s = append(s, x.Rule)
	}
	return strings.Join(s, ",")
}

func TestCheckFindsEachRule(t *testing.T) {
	p := weekProblem()
	ok := func(days ...int) []Activity {
		var r []Activity
		for _, d := range days {
			r = append(r, shiftAt(p, d, 8, 4)...)
		}
		return r
	}
	cases := []struct {
		name   string
		roster []Activity
		want   string
	}{
		{"valid", ok(0, 1, 3, 4), ""},
		{"five in a row", ok(0, 1, 2, 3, 4), RuleConsecutive},
		{"six days", append(ok(0, 1, 3, 4, 5), shiftAt(p, 2, 8, 4)...), RuleConsecutive + "," + RuleMaxHours + "," + RuleDaysOff},
		{"days off apart", ok(0, 1, 3, 5), RuleDaysOff},
		{"too few hours, but unavailable one day", ok(0), ""},
		{"unavailable sunday", ok(0, 1, 3, 6), RuleAvailability},
		{"short rest", append(ok(0, 3, 4), shiftAt(p, 1, 6, 4)...)[0:8], ""},
		{"lunch outside window", append(ok(0, 3, 4), shiftAt(p, 1, 8, 1)...), RuleBreak},
		{"start off the template", append(ok(0, 3, 4), shiftAt(p, 1, 15, 4)...), RuleTemplate},
		{"unknown agent", []Activity{{Agent: "Z9", Source: SourceInhouse, Activity: ActivityShift, Start: p.Demand.Start.Add(8 * time.Hour), End: p.Demand.Start.Add(16 * time.Hour)}}, RuleUnknownAgent},
	}
	// Rest: a shift ending at 16:00 and the next starting 06:00 leaves 14h;
	// one starting at 14:00 (ending 22:00) then 06:00 leaves 8h.
	late := append(shiftAt(p, 0, 14, 4), shiftAt(p, 1, 6, 4)...)
	late = append(late, ok(3, 4)...)
	cases = append(cases, struct {
		name   string
		roster []Activity
		want   string
	}{"8h rest", late, RuleRest})
	full := weekProblem()
	full.Agents[0].Unavailable = nil
	if v, _ := Check(full, ok(0)); rules(v) != RuleMinHours {
		t.Errorf("7 paid hours in a full week: %v, want %s", v, RuleMinHours)
	}
	for _, c := range cases {
		v, err := Check(p, c.roster)
		if err != nil {
			t.Fatal(err)
		}
		if got := rules(v); got != c.want {
			t.Errorf("%s: rules %q, want %q (%v)", c.name, got, c.want, v)
		}
	}
}

func TestCheckVendors(t *testing.T) {
	p := weekProblem()
	p.Vendors = []Vendor{{Name: "surge", MaxAgents: 1, CostPerHour: 30, MinBlock: 2 * time.Hour,
		Windows: []TimeRange{{p.Demand.Start.Add(8 * time.Hour), p.Demand.Start.Add(12 * time.Hour)}}}}
	s := p.Demand.Start
	block := func(id string, from, to int) Activity {
		return Activity{Agent: id, Source: "vendor:surge", Activity: ActivityShift, Start: s.Add(time.Duration(from) * time.Hour), End: s.Add(time.Duration(to) * time.Hour)}
	}
	v, _ := Check(p, []Activity{block("v1", 8, 10)})
	if rules(v) != "" {
		t.Errorf("valid block: %v", v)
	}
	v, _ = Check(p, []Activity{block("v1", 8, 9)})
	if rules(v) != RuleVendorBlock {
		t.Errorf("1h block: %v", v)
	}
	v, _ = Check(p, []Activity{block("v1", 11, 13)})
	if rules(v) != RuleVendorWindow {
		t.Errorf("block past the window: %v", v)
	}
	v, _ = Check(p, []Activity{block("v1", 8, 10), block("v2", 9, 11)})
	if rules(v) != RuleVendorCap {
		t.Errorf("two at once under a cap of one: %v", v)
	}
}

func TestReadAgents(t *testing.T) {
	in := "id,name,contract,min_hours,max_hours,unavailable\nA1,Ana,full,30,40,2026-12-24;2026-12-28..2026-12-31\nA2,Ben,part,,,\n"
	ags, err := ReadAgents(strings.NewReader(in), "agents.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ags) != 2 || ags[0].MaxHours != 40 || len(ags[0].Unavailable) != 2 || !ags[0].Unavailable[1].Contains("2026-12-30") || ags[0].Unavailable[1].Contains("2027-01-01") {
		t.Errorf("got %+v", ags)
	}
	for _, c := range []struct{ in, want string }{
		{"id,shift\nA1,day\n", `agents.csv:1: column "shift": malformed file: unknown column, want id,name,contract,min_hours,max_hours,unavailable`},
		{"name\nAna\n", `agents.csv:1: malformed file: missing column "id"`},
		{"id,min_hours\nA1,x\n", `agents.csv:2: column "min_hours": malformed file: "x" is not hours per week in [0, 168]`},
		{"id\nA1\nA1\n", `agents.csv:3: column "id": malformed file: "A1" already on line 2`},
		{"id,unavailable\nA1,2026-12-31..2026-12-01\n", `agents.csv:2: column "unavailable": malformed file: "2026-12-31..2026-12-01" ends before it starts`},
	} {
		_, err := ReadAgents(strings.NewReader(c.in), "agents.csv")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %s", c.in, err, c.want)
		}
	}
}

func FuzzReadAgents(f *testing.F) {
	f.Add("id,name,contract,min_hours,max_hours,unavailable\nA1,Ana,full,30,40,2026-12-24;2026-12-28..2026-12-31\n")
	f.Add("id\nA1\n")
	f.Fuzz(func(t *testing.T, in string) {
		ags, err := ReadAgents(strings.NewReader(in), "agents.csv")
		if err != nil {
			return
		}
		for _, a := range ags {
			if a.ID == "" || a.MinHours < 0 || (a.MaxHours > 0 && a.MinHours > a.MaxHours) {
				t.Errorf("accepted a bad agent %+v", a)
			}
		}
	})
}

func TestParsers(t *testing.T) {
	e, l, s, err := ParseStartWindow("07:00-10:00/30m")
	if err != nil || e != 7*time.Hour || l != 10*time.Hour || s != 30*time.Minute {
		t.Errorf("ParseStartWindow: %v %v %v %v", e, l, s, err)
	}
	// A window ending before it starts crosses midnight: its latest start
	// is after the template day's midnight.
	e, l, s, err = ParseStartWindow("22:00-02:00/30m")
	if err != nil || e != 22*time.Hour || l != 26*time.Hour || s != 30*time.Minute {
		t.Errorf("ParseStartWindow across midnight: %v %v %v %v", e, l, s, err)
	}
	for _, bad := range []string{"25:00-02:00", "22:00-24:00", "22:00-02:00/0m", "22:00-02:00/24h", "7am"} {
		if _, _, _, err := ParseStartWindow(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	from, to, err := ParseOffsetWindow("1h30m-3h")
	if err != nil || from != 90*time.Minute || to != 3*time.Hour {
		t.Errorf("ParseOffsetWindow: %v %v %v", from, to, err)
	}
	days, err := ParseWeekdays([]string{"sun", "Monday"})
	if err != nil || !days[time.Sunday] || !days[time.Monday] || days[time.Friday] {
		t.Errorf("ParseWeekdays: %v %v", days, err)
	}
	if _, err := ParseWeekdays([]string{"funday"}); err == nil {
		t.Error("funday accepted")
	}
}

func TestPoolRequirements(t *testing.T) {
	loc := time.FixedZone("", 7200)
	at := time.Date(1999, 2, 3, 8, 0, 0, 0, loc)
	reqs := []Requirement{
		{Start: at, Queue: "web", Fractional: 1},
		{Start: at, Queue: "retail", Fractional: 1.5},
		{Start: at.Add(time.Hour), Queue: "retail", Fractional: 2},
	}
	d, err := PoolRequirements(reqs, map[string]float64{"web": 0.5}, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	// 1/(1−0.5) + 1.5/(1−0.25) = 4 and 2/(1−0.25) = 2.67, on the 1h grid
	// of the rows' smallest gap.
	if d.Interval != time.Hour || len(d.Required) != 2 || math.Abs(d.Required[0]-4) > 1e-12 || d.Target(1) != 3 {
		t.Errorf("got %v %v", d.Interval, d.Required)
	}
	if _, err := PoolRequirements([]Requirement{{Start: at}, {Start: at.Add(7 * time.Minute)}}, nil, 0); err == nil {
		t.Error("7-minute intervals accepted")
	}
}
