package scheduling

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The search's incremental rule check (fits) agrees with a fresh Check of
// the whole roster on random moves: a move is allowed exactly when the
// roster after it breaks no rule for that agent. The instances have every
// rule on (rest, consecutive days, days off with and without
// consecutive_days_off, weekly minimum and maximum hours), unavailable days,
// part-timers, agents limited to some templates and a partial last week.
func TestFitsAgreesWithCheck(t *testing.T) {
	moves, agreed := 0, map[bool]int{}
	for seed := uint64(1); seed <= 8; seed++ {
		weeks := 1 + int(seed%2)
		p := twoPeakProblem(10, weeks, 15*time.Minute, 9)
		p.Vendors = nil
		p.Rules.MaxConsecutiveDays = 3 + int(seed%3)
		p.Rules.ConsecutiveDaysOff = seed%2 == 0
		p.Rules.MinRest = time.Duration(10+seed%4) * time.Hour
		p.Agents[0].Unavailable = []DateRange{{"2026-11-04", "2026-11-05"}}
		p.Agents[1].MinHours = 20
		p.Agents[2].Shifts = []string{"short"}
		if seed%4 == 0 { // a horizon that ends mid-week: the last week is not full
			p.Demand.Required = p.Demand.Required[:len(p.Demand.Required)-3*96]
		}
		m, err := newModel(&p)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(seed, 17))
		s := randomRoster(m, rng, 300)
		for range 400 {
			a, d := rng.IntN(len(m.agents)), rng.IntN(len(m.days))
			if violationsOf(t, p, m, s, a) > 0 {
				continue // only moves from a roster that keeps the agent's rules
			}
			j := -1
			if ps := m.patsByDay[d]; len(ps) > 0 && rng.IntN(4) > 0 {
				j = ps[rng.IntN(len(ps))]
			}
			ok := s.fits(a, d, j, true)
			old := s.sh[a][d]
			if old.pat >= 0 {
				s.take(a, d)
			}
			if j >= 0 {
				s.put(a, d, placed{pat: j, brk: randomBreaks(m, j, rng)})
			}
			clean := violationsOf(t, p, m, s, a) == 0
			moves++
			agreed[ok]++
			if ok != clean {
				t.Fatalf("seed %d: agent %d day %d pattern %d: fits %v, Check finds the roster clean %v", seed, a, d, j, ok, clean)
			}
			if !ok { // put the roster back
				if s.sh[a][d].pat >= 0 {
					s.take(a, d)
				}
				if old.pat >= 0 {
					s.put(a, d, old)
				}
			}
		}
	}
	if agreed[true] < 50 || agreed[false] < 50 {
		t.Errorf("%d moves, %d allowed and %d refused: too few of one kind to test agreement", moves, agreed[true], agreed[false])
	}
}

// violationsOf counts the rules Check finds broken for agent a in s.
func violationsOf(t *testing.T, p Problem, m *model, s *state, a int) int {
	t.Helper()
	one := newState(m, s.ws) // the agent's own rows: its rules are its alone
	for d, pl := range s.sh[a] {
		if pl.pat >= 0 {
			one.put(a, d, pl)
		}
	}
	viol := m.check(m.solution(one, nil).Roster)
	n := 0
	for _, v := range viol {
		if v.Agent == p.Agents[a].ID {
			n++
		}
	}
	return n
}
