package simulate_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/wfm-project/wfm/erlang/simulate"
)

func flatQueue(name string, T int, vol float64, aht time.Duration) simulate.Queue {
	q := simulate.Queue{Name: name, AnswerTime: 20 * time.Second, Volume: make([]float64, T), AHT: make([]time.Duration, T)}
	for t := range T {
		q.Volume[t], q.AHT[t] = vol, aht
	}
	return q
}

func onDuty(id string, from, to time.Duration, skills ...simulate.Skill) simulate.Agent {
	return simulate.Agent{ID: id, Skills: skills, OnDuty: []simulate.Span{{Start: t0.Add(from), End: t0.Add(to)}}}
}

// One agent with lognormal handle times is the M/G/1 queue, whose mean
// wait is the Pollaczek–Khinchine formula W = ρ·E[S]·(1 + cv²) / (2(1 − ρ))
// (L. Kleinrock, "Queueing Systems", vol. 1, 1975, eq. 5.72): the
// simulation's ASA must hold it in its 99.9 % interval (single checks,
// not a grid: 1.855 times the 95 % half-width, t(19) quantiles), for a CV
// below one (lognormal) and for the exponential (cv = 1, the M/M/1 queue).
func TestPollaczekKhinchine(t *testing.T) {
	hours := 2000
	aht := 180 * time.Second
	for _, cv := range []float64{0.5, 0} {
		rho := 0.7
		q := flatQueue("q", hours+1, rho*3600/aht.Seconds(), aht)
		q.HandleCV = cv
		in := simulate.Input{Start: t0, Interval: time.Hour, Intervals: hours + 1, Queues: []simulate.Queue{q},
			Agents: []simulate.Agent{onDuty("a", 0, time.Duration(hours+30)*time.Hour)}, Replications: 20, Seed: 5}
		res, err := simulate.Run(in)
		if err != nil {
			t.Fatal(err)
		}
		s := res.Summarise(0, 1, hours+1)
		c := cv
		if c == 0 {
			c = 1
		}
		want := rho * aht.Seconds() * (1 + c*c) / (2 * (1 - rho))
		half := 1.855 * (s.ASA.Hi - s.ASA.Mean)
		if math.Abs(want-s.ASA.Mean) > half || half > 0.05*want {
			t.Errorf("cv %v: ASA %.1f s [%.1f, %.1f], Pollaczek–Khinchine %.1f s", cv, s.ASA.Mean, s.ASA.Lo, s.ASA.Hi, want)
		}
		if math.Abs(s.Occupancy.Mean-rho) > 3*(s.Occupancy.Hi-s.Occupancy.Mean) {
			t.Errorf("cv %v: occupancy %.4f, want %.2f", cv, s.Occupancy.Mean, rho)
		}
	}
}

// Recorded counts are replayed exactly in every replication; recorded
// instants too, and those outside the intervals are counted, not lost.
func TestReplay(t *testing.T) {
	q := flatQueue("q", 4, 0, 3*time.Minute)
	q.Counts = []int{5, 0, 17, 3}
	agents := []simulate.Agent{onDuty("a", 0, 2*time.Hour), onDuty("b", 0, 2*time.Hour)}
	res, err := simulate.Run(simulate.Input{Start: t0, Interval: 30 * time.Minute, Intervals: 4, Queues: []simulate.Queue{q}, Agents: agents, Replications: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range res.ByInterval() {
		if s.Offered.Mean != float64(q.Counts[i]) || s.Offered.Lo != s.Offered.Hi {
			t.Errorf("interval %d: offered %+v, want exactly %d", i, s.Offered, q.Counts[i])
		}
	}
	q.Counts = nil
	q.Arrivals = []time.Time{t0.Add(-time.Minute), t0.Add(time.Minute), t0.Add(31 * time.Minute), t0.Add(32 * time.Minute), t0.Add(2 * time.Hour)}
	res, err = simulate.Run(simulate.Input{Start: t0, Interval: 30 * time.Minute, Intervals: 4, Queues: []simulate.Queue{q}, Agents: agents, Replications: 5})
	if err != nil {
		t.Fatal(err)
	}
	got := []float64{}
	for _, s := range res.ByInterval() {
		got = append(got, s.Offered.Mean)
	}
	if fmt.Sprint(got) != "[1 2 0 0]" || res.Outside[0] != 2 {
		t.Errorf("offered per interval %v, outside %v; want [1 2 0 0] and 2 outside", got, res.Outside)
	}
	// Two agents, three contacts far apart: all answered at once.
	if s := res.Total()[0]; s.ServiceLevel.Mean != 1 || s.ASA.Mean != 0 {
		t.Errorf("total %+v, want every contact answered at once", s)
	}
}

// Shrinkage takes agents off the phones for whole intervals with its
// probability: on average, N(1 − s) agents are on.
func TestShrinkage(t *testing.T) {
	q := flatQueue("q", 48, 10, 3*time.Minute)
	var agents []simulate.Agent
	for i := range 40 {
		a := onDuty(fmt.Sprint("a", i), 0, 24*time.Hour)
		a.Shrinkage = 0.3
		agents = append(agents, a)
	}
	res, err := simulate.Run(simulate.Input{Start: t0, Interval: 30 * time.Minute, Intervals: 48, Queues: []simulate.Queue{q}, Agents: agents, Replications: 20, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Total()[0]
	// 40 × 48 × 20 Bernoulli(0.7) draws: 28 ± 0.1 agents
	if math.Abs(s.Agents.Mean-28) > 0.15 || s.Agents.Lo > 28 || s.Agents.Hi < 28 {
		t.Errorf("agents on the phones %+v, want 28 = 40 × (1 − 0.3)", s.Agents)
	}
}

// An agent who comes free serves the queue of the lower Priority first;
// and his own priority for a skill comes before the queues' priorities.
func TestPriorities(t *testing.T) {
	hi := flatQueue("hi", 8, 60, 4*time.Minute)
	lo := flatQueue("lo", 8, 60, 4*time.Minute)
	hi.Priority, lo.Priority = 1, 2
	var agents []simulate.Agent
	for i := range 16 { // 16 agents for 16 Erlangs: the queues grow
		agents = append(agents, onDuty(fmt.Sprint("a", i), 0, 5*time.Hour))
	}
	run := func(agents []simulate.Agent) (hiSL, loSL float64) {
		res, err := simulate.Run(simulate.Input{Start: t0, Interval: 30 * time.Minute, Intervals: 8, Queues: []simulate.Queue{hi, lo}, Agents: agents, Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		tot := res.Total() // sorted by name: hi, lo
		return tot[0].ServiceLevel.Mean, tot[1].ServiceLevel.Mean
	}
	h, l := run(agents)
	if !(h > l+0.25) {
		t.Errorf("queue priority: hi %.3f, lo %.3f; want hi served first", h, l)
	}
	// The same agents preferring lo: their priority beats the queues'.
	for i := range agents {
		agents[i].Skills = []simulate.Skill{{Queue: "lo", Priority: 1}, {Queue: "hi", Priority: 2}}
	}
	h, l = run(agents)
	if !(l > h+0.25) {
		t.Errorf("agent priority: hi %.3f, lo %.3f; want lo served first", h, l)
	}
}

// Queues carry over: a contact left waiting when the agents go on a break
// is answered after it, and counted in the interval it arrived in.
// Without any agent afterwards it stays unserved and counts against the
// service level.
func TestCarryOver(t *testing.T) {
	q := flatQueue("q", 3, 0, 3*time.Minute)
	q.Arrivals = []time.Time{t0.Add(40 * time.Minute), t0.Add(50 * time.Minute)}
	a := onDuty("a", 0, 30*time.Minute)
	a.OnDuty = append(a.OnDuty, simulate.Span{Start: t0.Add(60 * time.Minute), End: t0.Add(90 * time.Minute)})
	res, err := simulate.Run(simulate.Input{Start: t0, Interval: 30 * time.Minute, Intervals: 3, Queues: []simulate.Queue{q}, Agents: []simulate.Agent{a}, Replications: 3})
	if err != nil {
		t.Fatal(err)
	}
	s := res.ByInterval()[1]
	if s.Offered.Mean != 2 || s.Answered.Mean != 2 || s.ServiceLevel.Mean != 0 || s.ASA.Mean < 15*60 {
		t.Errorf("interval 2: %+v; want both answered after the break, none within 20 s", s)
	}
	res, err = simulate.Run(simulate.Input{Start: t0, Interval: 30 * time.Minute, Intervals: 3, Queues: []simulate.Queue{q}, Agents: []simulate.Agent{onDuty("a", 0, 30*time.Minute)}, Replications: 3})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Total()[0]; s.Unserved.Mean != 2 || s.ServiceLevel.Mean != 0 || !math.IsNaN(s.ASA.Mean) {
		t.Errorf("no agent after the break: %+v; want 2 unserved, service level 0, no ASA", s)
	}
}

// A contact whose answer time runs past the last interval is left out of
// the service level: the email of the last day of a 24-hour target cannot
// be judged by the roster at hand.
func TestCensoredAtTheEnd(t *testing.T) {
	q := flatQueue("mail", 48, 2, 10*time.Minute)
	q.AnswerTime = 12 * time.Hour
	res, err := simulate.Run(simulate.Input{Start: t0, Interval: 30 * time.Minute, Intervals: 48, Queues: []simulate.Queue{q},
		Agents: []simulate.Agent{onDuty("a", 0, 24*time.Hour)}, Replications: 4, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	iv := res.ByInterval()
	if sl := iv[0].ServiceLevel.Mean; sl != 1 {
		t.Errorf("first interval: service level %v, want 1", sl)
	}
	if sl := iv[30].ServiceLevel.Mean; !math.IsNaN(sl) {
		t.Errorf("15:00: service level %v, want none (its 12 h target ends after the day)", sl)
	}
}

func TestInvalid(t *testing.T) {
	q := flatQueue("q", 2, 1, time.Minute)
	for _, c := range []struct {
		in   simulate.Input
		want string
	}{
		{simulate.Input{Interval: time.Hour, Intervals: 2}, "no queues"},
		{simulate.Input{Interval: time.Hour, Intervals: 3, Queues: []simulate.Queue{q}}, `queue "q": 2 volumes and 2 AHTs for 3 intervals`},
		{simulate.Input{Interval: time.Hour, Intervals: 2, Queues: []simulate.Queue{q}, Agents: []simulate.Agent{onDuty("a", 0, time.Hour, simulate.Skill{Queue: "x"})}}, `agent "a": skill "x" is not a queue`},
		{simulate.Input{Interval: time.Hour, Intervals: 2, Queues: []simulate.Queue{q}, Agents: []simulate.Agent{{ID: "a", Shrinkage: 1}}}, `agent "a": shrinkage 1 is not in [0, 1)`},
	} {
		_, err := simulate.Run(c.in)
		if !errors.Is(err, simulate.ErrInvalid) || err.Error() != "simulate: invalid input: "+c.want {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}
