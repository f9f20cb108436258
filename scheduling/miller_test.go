package scheduling

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// millerRequired is the staffing vector of Miller's worked example
// (../shared/reference/mtpa_wednesday_staffing_feb1999.csv, column
// servers_needed_published).
var millerRequired = []float64{1, 1, 1, 0, 1, 1, 1, 4, 8, 9, 10, 9, 8, 16, 10, 10, 6, 7, 8, 8, 6, 6, 5, 4}

// millerProblem builds Miller's 8-shift covering problem from the shared
// coverage matrix: 6-hour shifts starting at 00, 06, 08, 10, 12, 14, 16 and
// 18 h costing 252, 288, 180, 180, 180, 288, 288, 288 per shift.
func millerProblem(t testing.TB) Problem {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", "technion_bank_1999_feb", "shift_coverage_mtpa.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("needs ../shared/data (Miller's shift coverage matrix): %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	costs := []float64{252, 288, 180, 180, 180, 288, 288, 288} // data/README.md
	var tmpls []ShiftTemplate
	for k := 0; k < 8; k++ {
		first, n := -1, 0
		for h, rec := range recs[1:] {
			if rec[2+k] == "1" {
				if first < 0 {
					first = h
				}
				n++
			}
		}
		tmpls = append(tmpls, ShiftTemplate{Name: "shift" + strconv.Itoa(k+1), Length: time.Duration(n) * time.Hour,
			Earliest: time.Duration(first) * time.Hour, Latest: time.Duration(first) * time.Hour, CostPerHour: costs[k] / float64(n)})
	}
	loc := time.FixedZone("", 2*3600)
	p := Problem{
		Demand:    Demand{Start: time.Date(1999, 2, 3, 0, 0, 0, 0, loc), Interval: time.Hour, Required: millerRequired},
		Templates: tmpls,
		Costs:     Costs{UnderstaffedPerAgentHour: 10000},
	}
	for i := 0; i < 60; i++ {
		p.Agents = append(p.Agents, Agent{ID: "a" + strconv.Itoa(i)})
	}
	return p
}

// TestMiller checks Solve on Miller's example against its optimum, 6588,
// found by exhaustive search over the eight shift counts (x = 1, 4, 5, 1,
// 10, 0, 0, 8; computed with a 20-line depth-first search in Python and
// re-checked by bruteForceCover below).
func TestMiller(t *testing.T) {
	t.Parallel()
	p := millerProblem(t)
	if got := bruteForceCover(p); got != 6588 {
		t.Fatalf("brute force optimum = %v, want 6588", got)
	}
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("objective %.0f bound %.1f gap %.2f%% shifts %d short %.1f", sol.Objective, sol.LowerBound, 100*sol.Gap, sol.Shifts, sol.ShortHours)
	if sol.ShortHours != 0 {
		t.Errorf("short %v agent-hours, want full coverage", sol.ShortHours)
	}
	if sol.Objective > 6588*1.03 {
		t.Errorf("objective %v, want within 3%% of 6588", sol.Objective)
	}
	if sol.LowerBound > 6588+1e-6 {
		t.Errorf("lower bound %v above the optimum 6588", sol.LowerBound)
	}
	if sol.Gap > 0.03 {
		t.Errorf("gap %.2f%% > 3%%", 100*sol.Gap)
	}
	if v, err := Check(p, sol.Roster); err != nil || len(v) > 0 {
		t.Errorf("checker: %v %v", v, err)
	}
}

// bruteForceCover finds the cheapest full cover of a problem with one
// fixed start per template and no breaks by depth-first search over the
// shift counts in start order.
func bruteForceCover(p Problem) float64 {
	T := p.Demand.Len()
	best := 1e18
	var dfs func(k int, cov []int, cost float64)
	dfs = func(k int, cov []int, cost float64) {
		if cost >= best {
			return
		}
		if k == len(p.Templates) {
			for t := 0; t < T; t++ {
				if cov[t] < p.Demand.Target(t) {
					return
				}
			}
			best = cost
			return
		}
		tp := p.Templates[k]
		s, n := int(tp.Earliest/time.Hour), int(tp.Length/time.Hour)
		next := T
		if k+1 < len(p.Templates) {
			next = int(p.Templates[k+1].Earliest / time.Hour)
		}
		for x := 0; x <= 20; x++ {
			c := append([]int(nil), cov...)
			for t := s; t < s+n && t < T; t++ {
				c[t] += x
			}
			ok := true
			for t := 0; t < next; t++ {
				ok = ok && c[t] >= p.Demand.Target(t)
			}
			if ok {
				dfs(k+1, c, cost+float64(x)*tp.CostPerHour*tp.Length.Hours())
			}
		}
	}
	dfs(0, make([]int, T), 0)
	return best
}
