package scheduling

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// restDay is one Monday at 15 minutes: six agents on an 8-hour day shift
// starting 07:00-10:00, a peak window 09:00-12:00 needing five agents and
// three the rest of the day, and rules.rest_after_peak {worked: 2h, rest:
// 15m, within: 30m}. withLunch gives the template a 30-minute lunch that
// may start 3h-4h30 after the shift's start; without it the template has
// only a 15-minute break 1h-2h45 in.
func restDay(withLunch bool) Problem {
	loc := time.FixedZone("", 3600)
	iv := 15 * time.Minute
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	d := Demand{Start: start, Interval: iv, Required: make([]float64, 96)}
	for t := 28; t < 76; t++ { // 07:00-19:00
		d.Required[t] = 3
		if t >= 36 && t < 48 { // 09:00-12:00
			d.Required[t] = 5
		}
	}
	tp := ShiftTemplate{Name: "day", Length: 8 * time.Hour, Earliest: 7 * time.Hour, Latest: 10 * time.Hour, Step: iv,
		Breaks: []Break{{Name: "break", Length: iv, Paid: true, From: time.Hour, To: 3 * time.Hour}}}
	if withLunch {
		tp.Breaks = append(tp.Breaks, Break{Name: "lunch", Length: 30 * time.Minute, From: 3 * time.Hour, To: 5 * time.Hour})
	}
	p := Problem{
		Demand: d, Templates: []ShiftTemplate{tp}, Costs: DefaultCosts,
		Rules: Rules{RestAfterPeak: RestAfterPeak{Worked: 2 * time.Hour, Rest: iv, Within: 30 * time.Minute}},
		Peaks: Peaks{Windows: []TimeRange{{start.Add(9 * time.Hour), start.Add(12 * time.Hour)}}},
	}
	for _, id := range []string{"A1", "A2", "A3", "A4", "A5", "A6"} {
		p.Agents = append(p.Agents, Agent{ID: id})
	}
	return p
}

// needsRest reports whether a shift from s to e owes a rest: 2h or more
// inside 09:00-12:00 and still on shift after 12:30.
func needsRest(p Problem, s, e time.Time) bool {
	w := p.Peaks.Windows[0]
	return minTime(e, w.End).Sub(maxTime(s, w.Start)) >= 2*time.Hour && e.After(w.End.Add(30*time.Minute))
}

// The optimiser's rosters keep the rule (Check), and an extra rest is
// added only where no template break can be moved into the rest's window:
// with the lunch (3h-4h30 in) that is a shift starting before 07:30 whose
// 15-minute break (1h-2h45 in) cannot reach 12:00 either; with the break
// alone, a shift starting before 09:15.
func TestSolveRestAfterPeak(t *testing.T) {
	for _, withLunch := range []bool{true, false} {
		p := restDay(withLunch)
		sol, err := Solve(p, Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := Check(p, sol.Roster); len(v) != 0 {
			t.Fatalf("lunch %v: roster breaks rules: %v", withLunch, v)
		}
		narrowable := func(s time.Time) bool {
			c := s.Sub(p.Demand.Start)
			if withLunch && c >= 7*time.Hour+30*time.Minute {
				return true
			}
			return c >= 9*time.Hour+15*time.Minute
		}
		owed, rests, extraNeeded := 0, 0, 0
		for _, a := range sol.Roster {
			switch a.Activity {
			case ActivityShift:
				if needsRest(p, a.Start, a.End) {
					owed++
					if !narrowable(a.Start) {
						extraNeeded++
					}
				}
			case ActivityRest:
				rests++
			}
		}
		if owed == 0 {
			t.Fatalf("lunch %v: no shift owes a rest: the instance does not test the rule", withLunch)
		}
		if rests != extraNeeded {
			t.Errorf("lunch %v: %d rest rows, want %d (shifts owing a rest that no break of theirs can give)", withLunch, rests, extraNeeded)
		}
		if sol.LowerBound > sol.Objective+1e-6 {
			t.Errorf("lunch %v: bound %v above the roster %v", withLunch, sol.LowerBound, sol.Objective)
		}
		t.Logf("lunch %v: %d shifts owe a rest, %d extra rests, objective %.0f, bound %.0f", withLunch, owed, rests, sol.Objective, sol.LowerBound)
	}
	// Without the rule the same rosters break it: the test exercises it.
	p := restDay(true)
	free := p
	free.Rules.RestAfterPeak = RestAfterPeak{}
	sol, err := Solve(free, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := Check(p, sol.Roster); rules(v) == "" {
		t.Error("a roster made without the rule keeps it: the instance does not bind")
	}
}

// Check finds a missing rest, and takes a shift that ends by 12:30 as
// rested.
func TestCheckRestAfterPeak(t *testing.T) {
	p := restDay(false)
	s := p.Demand.Start
	at := func(h, m int) time.Time { return s.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	row := func(kind string, a, b time.Time) Activity {
		return Activity{Agent: "A1", Source: SourceInhouse, Activity: kind, Start: a, End: b}
	}
	shift := []Activity{row(ActivityShift, at(8, 0), at(16, 0)), row(ActivityBreak, at(9, 0), at(9, 15))}
	if v, _ := Check(p, shift); rules(v) != RuleRestAfterPeak {
		t.Errorf("no rest after the peak: %v", v)
	}
	if v, _ := Check(p, append(slices.Clone(shift), row(ActivityRest, at(12, 15), at(12, 30)))); rules(v) != "" {
		t.Errorf("rest 12:15-12:30: %v", v)
	}
	if v, _ := Check(p, append(slices.Clone(shift), row(ActivityRest, at(12, 30), at(12, 45)))); rules(v) != RuleRestAfterPeak {
		t.Errorf("rest 12:30-12:45, after the 30 minutes: %v", v)
	}
	// A shift 04:30-12:30 would end by 12:30: the day template starts
	// 07:00-10:00, so check the rule alone.
	var got []Violation
	m, err := newModel(&p)
	if err != nil {
		t.Fatal(err)
	}
	add := func(agent, rule string, at time.Time, format string, args ...any) {
		got = append(got, Violation{Agent: agent, Rule: rule, At: at})
	}
	m.checkRest("A1", at(4, 30), at(12, 30), nil, add)
	m.checkRest("A2", at(10, 30), at(18, 30), nil, add) // 1h30 of the peak
	if len(got) != 0 {
		t.Errorf("shifts that owe no rest: %v", got)
	}
	m.checkRest("A3", at(10, 0), at(18, 0), nil, add) // 2h of the peak
	if len(got) != 1 {
		t.Errorf("2h of the peak and no rest: %v", got)
	}
}

func TestRestAfterPeakConfig(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(*Problem)
	}{
		{"within under rest", func(p *Problem) { p.Rules.RestAfterPeak.Within = 10 * time.Minute }},
		{"off the grid", func(p *Problem) { p.Rules.RestAfterPeak.Rest = 10 * time.Minute }},
		{"no windows", func(p *Problem) { p.Peaks = Peaks{Auto: true} }},
	} {
		p := restDay(true)
		c.set(&p)
		if _, err := Solve(p, Options{Seed: 1}); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err %v, want a config error", c.name, err)
		}
	}
}
