package scheduling

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The exact check: the roster problem written as an integer program in
// CPLEX LP format, solved by COIN-OR CBC (Forrest and Lougee-Heimer 2005,
// "CBC User Guide", INFORMS Tutorials) when `cbc` is on the PATH. The model
// is written from Problem alone, not from the optimiser's model, so it is
// an independent statement of the same rules:
//
//	min Σ_j c_j x_j + Σ_t (U·h·u_t + O·h·o_t)
//	Σ_j a_jt x_j − o_t + u_t = r_t                  every interval t
//	Σ_{j on day d} x_j ≤ 1                           every agent and day
//	x_j + Σ_{j' on day d', too close to j} x_j' ≤ 1  every j and later day d' (min_rest)
//	Σ_{d in any C+1 days in a row} y_d ≤ C           (max_consecutive_days)
//	Σ_{d in week w} y_d ≤ 7 − K; with consecutive days off, one run of K
//	  days off chosen by z_ws: Σ_s z_ws = 1, y_d ≤ 1 − z_ws on its days
//	min_h ≤ Σ_{j in week w} paid_j x_j ≤ max_h
//
// with x_j one agent's shift j (a day, a template, a start and a placement
// of every break on the interval grid), a_jt = 1 when j has the agent on
// the phones in interval t, y_d = Σ_{j on d} x_j, c_j its paid hours times
// their price, h the interval in hours, r_t the target. The minimum holds
// in full weeks the agent is available all of, as in Check.
//
// A CBC roster is converted back to activities, passed through Check (the
// MIP is no looser than the rules) and priced from its coverage (the MIP
// prices what the objective prices).

// mipColumn is one agent's possible shift.
type mipColumn struct {
	agent, day int
	start, end time.Time
	breaks     [][2]time.Time
	names      []string
	paid, cost float64
	on         []int // intervals on the phones
}

// mipModel is a problem's integer program.
type mipModel struct {
	p     Problem
	days  []time.Time // local midnights
	cols  []mipColumn
	weeks int
}

func newMIP(t *testing.T, p Problem) *mipModel {
	t.Helper()
	if len(p.Vendors) > 0 {
		t.Fatal("mip: vendors are not modelled")
	}
	loc := p.loc()
	d := p.Demand
	mm := &mipModel{p: p}
	first := d.Start.In(loc)
	for day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc); day.Before(d.End()); day = day.AddDate(0, 0, 1) {
		mm.days = append(mm.days, day)
	}
	mm.weeks = (len(mm.days) + 6) / 7
	interval := d.Interval
	for a, ag := range p.Agents {
		allowed := map[string]bool{}
		for _, s := range ag.Shifts {
			allowed[s] = true
		}
		for di, day := range mm.days {
			date := day.Format("2006-01-02")
			unavailable := false
			for _, r := range ag.Unavailable {
				unavailable = unavailable || r.Contains(date)
			}
			if unavailable {
				continue
			}
			for _, tp := range p.Templates {
				if len(allowed) > 0 && !allowed[tp.Name] || !tp.runsOn(day.Weekday()) {
					continue
				}
				price := tp.hourlyCost(p.Costs)
				for s := tp.Earliest; s <= tp.Latest; s += tp.startStep(interval) {
					start := time.Date(day.Year(), day.Month(), day.Day(), int(s/time.Hour), int(s%time.Hour/time.Minute), 0, 0, loc)
					end := start.Add(tp.Length)
					if start.Before(d.Start) || end.After(d.End()) {
						continue
					}
					// every placement of the breaks in order, on the grid
					var place func(k int, from time.Duration, brks [][2]time.Time)
					place = func(k int, from time.Duration, brks [][2]time.Time) {
						if k == len(tp.Breaks) {
							c := mipColumn{agent: a, day: di, start: start, end: end, paid: tp.PaidHours()}
							c.cost = c.paid * price
							c.breaks = append([][2]time.Time(nil), brks...)
							for _, b := range tp.Breaks {
								name := ActivityBreak
								if b.Name == ActivityLunch {
									name = ActivityLunch
								}
								c.names = append(c.names, name)
							}
							for ti := 0; ti < d.Len(); ti++ {
								at := d.Start.Add(time.Duration(ti) * interval)
								if at.Before(start) || !at.Before(end) {
									continue
								}
								onBreak := false
								for _, b := range brks {
									onBreak = onBreak || !at.Before(b[0]) && at.Before(b[1])
								}
								if !onBreak {
									c.on = append(c.on, ti)
								}
							}
							mm.cols = append(mm.cols, c)
							return
						}
						b := tp.Breaks[k]
						for off := max(b.From, from); off+b.Length <= b.To; off += interval {
							bs := start.Add(off)
							place(k+1, off+b.Length, append(brks, [2]time.Time{bs, bs.Add(b.Length)}))
						}
					}
					place(0, 0, nil)
				}
			}
		}
	}
	return mm
}

// agentInfo's weekly limits, from the agent's contract and the rules.
func (mm *mipModel) hours(a int) (minH, maxH float64) {
	ag, r := mm.p.Agents[a], mm.p.Rules
	minH, maxH = ag.MinHours, ag.MaxHours
	if minH == 0 {
		minH = r.MinHoursPerWeek
	}
	if maxH == 0 {
		maxH = r.MaxHoursPerWeek
	}
	return minH, maxH
}

func (mm *mipModel) fullyAvailable(a, w int) bool {
	if 7*w+7 > len(mm.days) {
		return false
	}
	for di := 7 * w; di < 7*w+7; di++ {
		date := mm.days[di].Format("2006-01-02")
		for _, r := range mm.p.Agents[a].Unavailable {
			if r.Contains(date) {
				return false
			}
		}
	}
	return true
}

// write writes the program in CPLEX LP format.
func (mm *mipModel) write(w io.Writer) error {
	p, d := mm.p, mm.p.Demand
	h := d.Interval.Hours()
	bw := bufio.NewWriter(w)
	term := func(coef float64, v string) string { return fmt.Sprintf(" %+.10g %s", coef, v) }
	// minimize
	fmt.Fprint(bw, "Minimize\n obj:")
	for j, c := range mm.cols {
		fmt.Fprint(bw, term(c.cost, fmt.Sprintf("x%d", j)))
		if j%8 == 7 {
			fmt.Fprint(bw, "\n")
		}
	}
	for t := 0; t < d.Len(); t++ {
		fmt.Fprint(bw, term(p.Costs.UnderstaffedPerAgentHour*h, fmt.Sprintf("u%d", t)))
		fmt.Fprint(bw, term(p.Costs.OverstaffedPerAgentHour*h, fmt.Sprintf("o%d", t)), "\n")
	}
	fmt.Fprint(bw, "\nSubject To\n")
	// coverage
	on := make([][]int, d.Len())
	for j, c := range mm.cols {
		for _, t := range c.on {
			on[t] = append(on[t], j)
		}
	}
	for t := 0; t < d.Len(); t++ {
		fmt.Fprintf(bw, " cov%d:", t)
		for _, j := range on[t] {
			fmt.Fprintf(bw, " + x%d", j)
		}
		fmt.Fprintf(bw, " - o%d + u%d = %d\n", t, t, d.Target(t))
	}
	// by agent and day
	byAD := map[[2]int][]int{}
	for j, c := range mm.cols {
		byAD[[2]int{c.agent, c.day}] = append(byAD[[2]int{c.agent, c.day}], j)
	}
	y := func(a, di int) string {
		var b strings.Builder
		for _, j := range byAD[[2]int{a, di}] {
			fmt.Fprintf(&b, " + x%d", j)
		}
		return b.String()
	}
	r := p.Rules
	for a := range p.Agents {
		for di := range mm.days {
			if js := byAD[[2]int{a, di}]; len(js) > 1 {
				fmt.Fprintf(bw, " day_%d_%d:%s <= 1\n", a, di, y(a, di))
			}
		}
		// rest: a shift and the later shifts starting too soon after it
		for di := range mm.days {
			for _, j := range byAD[[2]int{a, di}] {
				c := mm.cols[j]
				for dj := di + 1; dj < len(mm.days) && mm.days[dj].Before(c.end.Add(r.MinRest)); dj++ {
					var b strings.Builder
					for _, k := range byAD[[2]int{a, dj}] {
						if !r.restOK(mm.cols[k].start.Sub(c.end)) {
							fmt.Fprintf(&b, " + x%d", k)
						}
					}
					if b.Len() > 0 {
						fmt.Fprintf(bw, " rest_%d_%d: + x%d%s <= 1\n", j, dj, j, b.String())
					}
				}
			}
		}
		if c := r.MaxConsecutiveDays; c > 0 {
			for di := 0; di+c < len(mm.days); di++ {
				fmt.Fprintf(bw, " run_%d_%d:", a, di)
				for k := di; k <= di+c; k++ {
					fmt.Fprint(bw, y(a, k))
				}
				fmt.Fprintf(bw, " <= %d\n", c)
			}
		}
		minH, maxH := mm.hours(a)
		for w := 0; w < mm.weeks; w++ {
			full := 7*w+7 <= len(mm.days)
			var week strings.Builder
			var paid strings.Builder
			for di := 7 * w; di < 7*w+7 && di < len(mm.days); di++ {
				week.WriteString(y(a, di))
				for _, j := range byAD[[2]int{a, di}] {
					fmt.Fprintf(&paid, " %+.10g x%d", mm.cols[j].paid, j)
				}
			}
			if k := r.DaysOffPerWeek; k > 0 && full {
				if week.Len() > 0 {
					fmt.Fprintf(bw, " off_%d_%d:%s <= %d\n", a, w, week.String(), 7-k)
				}
				if r.ConsecutiveDaysOff {
					fmt.Fprintf(bw, " offrun_%d_%d:", a, w)
					for s := 0; s+k <= 7; s++ {
						fmt.Fprintf(bw, " + z%d_%d_%d", a, w, s)
					}
					fmt.Fprint(bw, " = 1\n")
					for s := 0; s+k <= 7; s++ {
						for di := 7*w + s; di < 7*w+s+k; di++ {
							if len(byAD[[2]int{a, di}]) > 0 {
								fmt.Fprintf(bw, " offday_%d_%d_%d:%s + z%d_%d_%d <= 1\n", a, di, s, y(a, di), a, w, s)
							}
						}
					}
				}
			}
			if paid.Len() == 0 {
				if minH > 0 && full && mm.fullyAvailable(a, w) {
					return fmt.Errorf("agent %d cannot meet min hours in week %d", a, w)
				}
				continue
			}
			if maxH > 0 {
				fmt.Fprintf(bw, " maxh_%d_%d:%s <= %.10g\n", a, w, paid.String(), maxH)
			}
			if minH > 0 && full && mm.fullyAvailable(a, w) {
				fmt.Fprintf(bw, " minh_%d_%d:%s >= %.10g\n", a, w, paid.String(), minH)
			}
		}
	}
	fmt.Fprint(bw, "Bounds\n")
	for t := 0; t < d.Len(); t++ {
		fmt.Fprintf(bw, " u%d >= 0\n o%d >= 0\n", t, t)
	}
	fmt.Fprint(bw, "Binaries\n")
	for j := range mm.cols {
		fmt.Fprintf(bw, " x%d\n", j)
	}
	if r.ConsecutiveDaysOff && r.DaysOffPerWeek > 0 {
		for a := range p.Agents {
			for w := 0; 7*w+7 <= len(mm.days); w++ {
				for s := 0; s+r.DaysOffPerWeek <= 7; s++ {
					fmt.Fprintf(bw, " z%d_%d_%d\n", a, w, s)
				}
			}
		}
	}
	fmt.Fprint(bw, "End\n")
	return bw.Flush()
}

// roster turns chosen columns into activities.
func (mm *mipModel) roster(chosen []int) []Activity {
	var out []Activity
	for _, j := range chosen {
		c := mm.cols[j]
		id := mm.p.Agents[c.agent].ID
		out = append(out, Activity{Agent: id, Source: SourceInhouse, Activity: ActivityShift, Start: c.start, End: c.end})
		for k, b := range c.breaks {
			out = append(out, Activity{Agent: id, Source: SourceInhouse, Activity: c.names[k], Start: b[0], End: b[1]})
		}
	}
	return out
}

// cbcResult is CBC's answer: whether it proved optimality, its objective,
// its best bound and the chosen columns.
type cbcResult struct {
	optimal          bool
	objective, bound float64
	chosen           []int
	log              string
}

var cbcBound = regexp.MustCompile(`(?m)^Lower bound:\s+(\S+)`)

// solveCBC runs CBC on one thread for at most nodes branch-and-bound nodes
// (a count, so the answer does not depend on the machine's speed).
func solveCBC(t *testing.T, mm *mipModel, nodes int) cbcResult {
	t.Helper()
	dir := t.TempDir()
	if d := os.Getenv("WFM_MIP_DIR"); d != "" {
		dir = d // keep the model and CBC's solution for a look
	}
	lp, sol := filepath.Join(dir, "roster.lp"), filepath.Join(dir, "roster.sol")
	f, err := os.Create(lp)
	if err != nil {
		t.Fatal(err)
	}
	if err := mm.write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("cbc", lp, "maxNodes", strconv.Itoa(nodes), "threads", "1", "solve", "solu", sol).CombinedOutput()
	if err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	res := cbcResult{log: string(out)}
	b, err := os.ReadFile(sol)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	res.optimal = strings.HasPrefix(lines[0], "Optimal")
	if i := strings.LastIndex(lines[0], "objective value"); i >= 0 {
		res.objective, _ = strconv.ParseFloat(strings.TrimSpace(lines[0][i+len("objective value"):]), 64)
	}
	res.bound = res.objective
	if m := cbcBound.FindStringSubmatch(res.log); m != nil && !res.optimal {
		res.bound, _ = strconv.ParseFloat(m[1], 64)
	}
	// Each line is "index name value reduced-cost", nonzero values only.
	// CBC's LP reader may print its own names, so the columns are told by
	// index: x0… come first, in the objective's order.
	for _, l := range lines[1:] {
		fs := strings.Fields(l)
		if len(fs) > 0 && fs[0] == "**" {
			fs = fs[1:]
		}
		if len(fs) < 3 {
			continue
		}
		j, err := strconv.Atoi(fs[0])
		v, err2 := strconv.ParseFloat(fs[2], 64)
		if err != nil || err2 != nil {
			t.Fatalf("cbc solution line %q", l)
		}
		if j < len(mm.cols) && v > 0.5 {
			res.chosen = append(res.chosen, j)
		}
	}
	return res
}

// rosterObjective prices a roster as the objective does, from its coverage.
func rosterObjective(p Problem, roster []Activity, paid float64) float64 {
	h := p.Demand.Interval.Hours()
	x := paid * p.Costs.InhousePerHour
	for t, c := range Cover(p, roster) {
		net := int(math.Round(c.Net))
		r := p.Demand.Target(t)
		x += h * (p.Costs.UnderstaffedPerAgentHour*float64(max(0, r-net)) + p.Costs.OverstaffedPerAgentHour*float64(max(0, net-r)))
	}
	return x
}

// mipInstance is a small week of a kind the covering LP relaxes badly:
// weekly minimum hours on part-time contracts with a short shift, two
// consecutive days off, unavailable dates.
func mipInstance(agents int, peak float64, interval time.Duration) Problem {
	p := Problem{
		Demand: twoPeakDemand(1, interval, peak),
		Templates: []ShiftTemplate{
			{Name: "full", Length: 8 * time.Hour, Earliest: 7 * time.Hour, Latest: 13 * time.Hour, Step: time.Hour,
				Breaks: []Break{{Name: "lunch", Length: interval, From: 3 * time.Hour, To: 5 * time.Hour}}},
			{Name: "half", Length: 4 * time.Hour, Earliest: 8 * time.Hour, Latest: 17 * time.Hour, Step: time.Hour},
		},
		Rules: Rules{MinRest: 11 * time.Hour, MaxConsecutiveDays: 5, DaysOffPerWeek: 2, ConsecutiveDaysOff: true, MaxHoursPerWeek: 40},
		Costs: DefaultCosts,
	}
	for i := 0; i < agents; i++ {
		a := Agent{ID: fmt.Sprintf("A%02d", i+1), MinHours: 30}
		switch i % 3 {
		case 1:
			a.Contract, a.MinHours, a.MaxHours, a.Shifts = "part", 16, 20, []string{"half"}
		case 2:
			a.Contract, a.MinHours, a.MaxHours = "mixed", 24, 32
		}
		if i%4 == 3 {
			a.Unavailable = []DateRange{{"2026-11-04", "2026-11-05"}}
		}
		p.Agents = append(p.Agents, a)
	}
	return p
}

// TestAgainstCBC solves small weeks with CBC and holds wfm to it: wfm's
// roster within 1 % of CBC's proven bound (so of the optimum) unless it is
// as good as CBC's roster, and wfm's bound never above CBC's roster.
func TestAgainstCBC(t *testing.T) {
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Skip("cbc is not on the PATH (Debian: apt-get install coinor-cbc); the exact check is skipped")
	}
	if testing.Short() {
		t.Skip("the exact check runs without -short")
	}
	cases := []struct {
		name  string
		p     Problem
		nodes int // CBC's branch-and-bound nodes
	}{
		{"6 agents, 60-minute grid, contracts", mipInstance(6, 4, time.Hour), 20000},
		{"8 agents, 30-minute grid, contracts", mipInstance(8, 5, 30*time.Minute), 20000},
		{"20 agents, 30-minute grid, contracts", mipInstance(20, 12, 30*time.Minute), 2000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mm := newMIP(t, c.p)
			cbc := solveCBC(t, mm, c.nodes)
			if len(cbc.chosen) == 0 {
				t.Fatalf("CBC found no roster:\n%s", cbc.log)
			}
			roster := mm.roster(cbc.chosen)
			paid := 0.0
			for _, j := range cbc.chosen {
				paid += mm.cols[j].paid
			}
			if got := rosterObjective(c.p, roster, paid); math.Abs(got-cbc.objective) > 1e-6*cbc.objective {
				t.Fatalf("CBC's roster costs %.2f by the objective, %.2f by the MIP", got, cbc.objective)
			}
			vs, err := Check(c.p, roster)
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) > 0 {
				t.Fatalf("CBC's roster breaks the rules, so the MIP is looser than they are: %v", vs)
			}
			sol, err := Solve(c.p, testOptions(1))
			if err != nil {
				t.Fatal(err)
			}
			if got := rosterObjective(c.p, sol.Roster, sol.PaidHours); math.Abs(got-sol.Objective) > 1e-6*sol.Objective {
				t.Fatalf("wfm's roster costs %.2f from its coverage, %.2f reported", got, sol.Objective)
			}
			// CBC's bound is below the optimum, so a roster within 1 % of
			// it is within 1 % of the optimum.
			gap := (sol.Objective - cbc.bound) / cbc.bound
			t.Logf("%d columns; CBC roster %.2f, bound %.2f (optimal %v); wfm roster %.2f (%+.2f %% over CBC's bound), bound %.2f (reported gap %.2f %%)",
				len(mm.cols), cbc.objective, cbc.bound, cbc.optimal, sol.Objective, 100*gap, sol.LowerBound, 100*sol.Gap)
			if sol.LowerBound > cbc.objective+1e-6 {
				t.Errorf("wfm's bound %.2f is above CBC's roster %.2f", sol.LowerBound, cbc.objective)
			}
			if sol.Objective > cbc.objective+1e-6 && gap > 0.01 {
				t.Errorf("wfm's roster %.2f is %.2f %% above CBC's bound, want at most 1 %%", sol.Objective, 100*gap)
			}
		})
	}
}
