package simulate_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/wfm-project/wfm/erlang"
	"github.com/wfm-project/wfm/erlang/simulate"
)

var t0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// stationary is one queue with n agents on duty throughout and arrivals at
// a constant rate: load Erlangs (for chat, chat-Erlangs) for the given
// number of intervals.
func stationary(load float64, n int, aht, patience time.Duration, conc, intervals int, iv time.Duration) simulate.Input {
	vol := make([]float64, intervals)
	ahts := make([]time.Duration, intervals)
	for t := range vol {
		vol[t] = load * iv.Seconds() / aht.Seconds()
		ahts[t] = aht
	}
	in := simulate.Input{Start: t0, Interval: iv, Intervals: intervals,
		Queues: []simulate.Queue{{Name: "q", AnswerTime: 20 * time.Second, Patience: patience, Concurrency: conc, Volume: vol, AHT: ahts}}}
	end := t0.Add(time.Duration(intervals)*iv + 24*time.Hour)
	for i := range n {
		in.Agents = append(in.Agents, simulate.Agent{ID: fmt.Sprint("a", i), OnDuty: []simulate.Span{{Start: t0, End: end}}})
	}
	return in
}

type erlangCase struct {
	name     string
	load     float64
	agents   int
	patience time.Duration
	conc     int
}

// TestAgreesWithErlang runs the single-skill stationary queue over a grid
// of loads from 2 to 500 Erlangs and checks that the Erlang C and Erlang A
// service level, ASA and abandon rate (package erlang, itself checked
// against published tables in erlang's tests) lie inside the simulation's
// 95 % intervals. The first hour is a warm-up and is left out (the queue
// starts empty). Each case has its own seed, so cases are independent, and
// a 95 % interval misses the exact value one time in twenty by chance:
// for each measure, the test allows the misses a binomial count at that
// rate allows (p < 0.0005 per measure), and no miss by more than twice the
// interval's half-width. The intervals must also be narrow, so that
// agreement means something.
func TestAgreesWithErlang(t *testing.T) {
	loads := []float64{2, 5, 10, 20, 50, 100, 200, 500}
	if testing.Short() {
		loads = []float64{2, 10, 50}
	}
	aht := 3 * time.Minute
	var cases []erlangCase
	for _, a := range loads {
		sl := erlang.Targets{ServiceLevel: 0.8, AnswerTime: 20 * time.Second}
		rc, err := erlang.Required(erlang.Queue{Traffic: erlang.Erlangs(a), AHT: aht}, sl)
		if err != nil {
			t.Fatal(err)
		}
		ra, err := erlang.Required(erlang.Queue{Traffic: erlang.Erlangs(a), AHT: aht, Patience: 3 * time.Minute}, sl)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, erlangCase{"C", a, rc.Agents, 0, 0})
		if a < 500 { // 500 Erlangs without abandonment costs the most to simulate
			cases = append(cases, erlangCase{"C", a, rc.Agents + 1, 0, 0})
		}
		cases = append(cases,
			erlangCase{"A", a, ra.Agents, 3 * time.Minute, 0},
			// overloaded: fewer agents than Erlangs, held up by abandonment
			erlangCase{"A overloaded", a, max(1, int(0.9*a)), 3 * time.Minute, 0},
		)
		if a <= 50 {
			rh, err := erlang.Required(erlang.Queue{Traffic: erlang.Erlangs(a), AHT: aht, Concurrency: 2}, sl)
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, erlangCase{"C chat×2", a, rh.Agents, 0, 2})
		}
	}
	checks, misses := map[string]int{}, map[string]int{}
	for i, c := range cases {
		q := erlang.Queue{Traffic: erlang.Erlangs(c.load), AHT: aht, Patience: c.patience, Concurrency: c.conc}
		want, err := erlang.Evaluate(q, c.agents, 20*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		// Enough hours for about 60,000 contacts a replication, at least
		// 12; near-critical Erlang C queues (80/20s at hundreds of Erlangs
		// runs at 98 % occupancy) relax over about an hour and need more.
		hours := max(12, int(60000/(c.load*3600/aht.Seconds())))
		if c.patience == 0 {
			hours = max(hours, int(c.load/5))
		}
		if testing.Short() {
			hours = max(12, hours/2)
		}
		in := stationary(c.load, c.agents, aht, c.patience, c.conc, hours+1, time.Hour)
		in.Replications = 20
		in.Seed = uint64(i + 1) // independent cases
		res, err := simulate.Run(in)
		if err != nil {
			t.Fatal(err)
		}
		s := res.Summarise(0, 1, hours+1)
		name := fmt.Sprintf("%s A=%g N=%d", c.name, c.load, c.agents)
		check := func(what string, got simulate.Estimate, want, maxHalf float64) {
			checks[what]++
			half := (got.Hi - got.Lo) / 2
			t.Logf("%-22s %-8s erlang %9.4f  sim %9.4f [%9.4f, %9.4f]", name, what, want, got.Mean, got.Lo, got.Hi)
			if half > maxHalf {
				t.Errorf("%s %s: the 95%% interval [%.4f, %.4f] is wider than ±%g: the test says nothing", name, what, got.Lo, got.Hi, maxHalf)
			}
			if want < got.Lo-1e-12 || want > got.Hi+1e-12 {
				misses[what]++
				if math.Abs(got.Mean-want) > 2*half {
					t.Errorf("%s %s: erlang %.4f is far outside the simulation's 95%% interval [%.4f, %.4f]", name, what, want, got.Lo, got.Hi)
				}
			}
		}
		check("SL", s.ServiceLevel, want.ServiceLevel, 0.03)
		check("ASA", s.ASA, want.ASA.Seconds(), math.Max(2, 0.2*want.ASA.Seconds()))
		if c.patience > 0 {
			check("abandon", s.AbandonRate, want.PAbandon, math.Max(0.005, 0.1*want.PAbandon))
		}
		check("occupancy", s.Occupancy, want.Occupancy, 0.01)
	}
	for _, what := range []string{"SL", "ASA", "abandon", "occupancy"} {
		// P(Bin(checks, 0.05) > allowed) < 0.0005
		allowed := binomialQuantile(checks[what], 0.05, 0.9995)
		t.Logf("%s: %d cases, %d outside the 95%% interval (at most %d allowed)", what, checks[what], misses[what], allowed)
		if misses[what] > allowed {
			t.Errorf("%s: %d of %d Erlang values fall outside the simulation's 95%% intervals; a correct simulator misses about %.1f",
				what, misses[what], checks[what], float64(checks[what])/20)
		}
	}
}

// binomialQuantile is the smallest k with P(Bin(n, p) ≤ k) ≥ q.
func binomialQuantile(n int, p, q float64) int {
	cdf, pk := 0.0, math.Pow(1-p, float64(n))
	for k := 0; k <= n; k++ {
		cdf += pk
		if cdf >= q {
			return k
		}
		pk *= float64(n-k) / float64(k+1) * p / (1 - p)
	}
	return n
}
