package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// center builds an Input of the given queues (volume per interval, AHT,
// patience) and agents working [from, to) intervals with the given skills
// (nil: all).
type agentSpec struct {
	from, to int
	skills   []Skill
}

func center(iv time.Duration, T int, queues []Queue, agents []agentSpec) Input {
	in := Input{Start: day0, Interval: iv, Intervals: T, Queues: queues}
	for i, a := range agents {
		in.Agents = append(in.Agents, Agent{ID: fmt.Sprintf("ag%02d", i), Skills: a.skills,
			OnDuty: []Span{{Start: day0.Add(time.Duration(a.from) * iv), End: day0.Add(time.Duration(a.to) * iv)}}})
	}
	return in
}

func flat(T int, v float64, aht time.Duration) ([]float64, []time.Duration) {
	vol := make([]float64, T)
	ahts := make([]time.Duration, T)
	for t := range vol {
		vol[t], ahts[t] = v, aht
	}
	return vol, ahts
}

// With every agent holding both queues at one priority and the queues at
// one priority, routing is first come first served over both queues:
// contact for contact the pooled queue that gets both queues' contacts.
// The test draws the two queues' contacts, then replays the very same
// contacts as one queue, and compares the sums interval by interval.
func TestEverySkillIsPooled(t *testing.T) {
	const T = 16
	iv := 30 * time.Minute
	va, aa := flat(T, 120, 4*time.Minute)
	vb, ab := flat(T, 80, 4*time.Minute)
	for t := range va { // a peak the agents cannot keep up with
		if t >= 6 && t < 9 {
			va[t], vb[t] = 260, 160
		}
	}
	var agents []agentSpec
	for i := range 24 {
		agents = append(agents, agentSpec{from: i % 4, to: T - i%3})
	}
	for _, patience := range []time.Duration{0, 2 * time.Minute} {
		two := center(iv, T, []Queue{
			{Name: "a", AnswerTime: 20 * time.Second, Patience: patience, Volume: va, AHT: aa},
			{Name: "b", AnswerTime: 20 * time.Second, Patience: patience, Volume: vb, AHT: ab},
		}, agents)
		vm := make([]float64, T)
		for t := range vm {
			vm[t] = va[t] + vb[t]
		}
		one := center(iv, T, []Queue{{Name: "ab", AnswerTime: 20 * time.Second, Patience: patience, Volume: vm, AHT: aa}}, agents)
		m2, err := compile(two)
		if err != nil {
			t.Fatal(err)
		}
		m1, err := compile(one)
		if err != nil {
			t.Fatal(err)
		}
		for rep := range 3 {
			s2 := newSim(m2)
			s2.generate(rep)
			s2.rosterEvents(rep)
			s1 := newSim(m1)
			s1.contacts = append(s1.contacts[:0], s2.contacts...)
			for k := range s1.contacts {
				s1.contacts[k].q = 0
			}
			slices.SortStableFunc(s1.contacts, func(x, y contact) int { return cmpFloat(x.at, y.at) })
			s1.qseg[0] = [2]int{0, len(s1.contacts)}
			s1.rosterEvents(rep)
			st2 := s2.simulate()
			st1 := s1.simulate()
			var tot1, tot2 Stats
			for i := range T {
				a, b, ab := st2[i], st2[T+i], st1[i]
				sum := a
				sum.add(b)
				tot1.add(ab)
				tot2.add(sum)
				for _, f := range []struct {
					name      string
					got, want float64
				}{
					{"offered", sum.Offered, ab.Offered}, {"answered", sum.Answered, ab.Answered}, {"in time", sum.InTime, ab.InTime},
					{"abandoned", sum.Abandoned, ab.Abandoned}, {"unserved", sum.Unserved, ab.Unserved},
					{"wait", sum.Wait, ab.Wait}, {"available", a.Available, ab.Available}, {"busy", a.Busy, ab.Busy},
				} {
					if math.Abs(f.got-f.want) > 1e-6*math.Max(1, math.Abs(f.want)) {
						t.Fatalf("patience %v, replication %d, interval %d: %s %v in two queues, %v pooled", patience, rep, i, f.name, f.got, f.want)
					}
				}
			}
			if tot1.Offered < 1000 || tot1.InTime == tot1.Offered || (patience > 0 && tot1.Abandoned == 0) {
				t.Fatalf("the instance is too easy to tell anything: %+v", tot1)
			}
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// The same seed gives the same result on any number of workers; another
// seed another result.
func TestDeterministic(t *testing.T) {
	const T = 12
	iv := 15 * time.Minute
	va, aa := flat(T, 60, 3*time.Minute)
	vc, ac := flat(T, 30, 5*time.Minute)
	in := center(iv, T, []Queue{
		{Name: "voice", AnswerTime: 20 * time.Second, Patience: 3 * time.Minute, Volume: va, AHT: aa, HandleCV: 0.8},
		{Name: "chat", AnswerTime: time.Minute, Concurrency: 2, Volume: vc, AHT: ac},
	}, []agentSpec{{0, 12, nil}, {0, 8, []Skill{{"voice", 1}}}, {2, 12, []Skill{{"chat", 1}, {"voice", 2}}}, {0, 12, nil}, {4, 12, []Skill{{"voice", 1}}},
		{0, 6, nil}, {1, 12, []Skill{{"chat", 1}}}, {0, 12, []Skill{{"voice", 2}, {"chat", 1}}}})
	for i := range in.Agents {
		in.Agents[i].Shrinkage = 0.2
	}
	in.Replications = 9
	in.Seed = 42
	var first *Result
	for _, w := range []int{1, 2, 3, 9} {
		in.Workers = w
		r, err := Run(in)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			continue
		}
		if !reflect.DeepEqual(first.reps, r.reps) {
			t.Fatalf("%d workers give another result than 1", w)
		}
	}
	in.Seed = 43
	r, err := Run(in)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(first.reps, r.reps) {
		t.Fatal("seeds 42 and 43 give the same result")
	}
}

// Handle times have the stated mean and coefficient of variation:
// exponential (CV 1) by default, lognormal when HandleCV is set.
func TestHandleTimes(t *testing.T) {
	for _, cv := range []float64{0, 0.4, 1.5} {
		vol, aht := flat(10, 20000, 200*time.Second)
		in := center(time.Hour, 10, []Queue{{Name: "q", Volume: vol, AHT: aht, HandleCV: cv}}, nil)
		m, err := compile(in)
		if err != nil {
			t.Fatal(err)
		}
		s := newSim(m)
		s.generate(0)
		var sum, sum2 float64
		for _, c := range s.contacts {
			sum += c.handle
			sum2 += c.handle * c.handle
		}
		n := float64(len(s.contacts))
		mean := sum / n
		gotCV := math.Sqrt(sum2/n-mean*mean) / mean
		wantCV := cv
		if cv == 0 {
			wantCV = 1
		}
		// 200,000 draws: the sample mean is within 1 % and the CV within
		// 5 % of the truth with overwhelming probability (lognormal CV
		// 1.5 has heavy tails: 10 %).
		tol := 0.05
		if cv > 1 {
			tol = 0.1
		}
		if math.Abs(mean/200-1) > 0.01 || math.Abs(gotCV/wantCV-1) > tol {
			t.Errorf("HandleCV %v: mean %.2f s (want 200), CV %.3f (want %.3f)", cv, mean, gotCV, wantCV)
		}
		if math.Abs(n/200000-1) > 0.01 {
			t.Errorf("HandleCV %v: %v arrivals, want about 200,000", cv, n)
		}
	}
}

// Adding an agent with a queue's skill never lowers that queue's
// simulated service level on average, on random multi-skill centers (the
// same seed for both rosters: common random numbers pair the runs). A
// paired mean difference below zero by more than its 99 % interval fails;
// and the added agent must help (significantly) in most instances, so the
// test would catch an agent who is ignored.
func TestAddingAnAgentNeverHurts(t *testing.T) {
	gen := rand.New(rand.NewPCG(17, 2026))
	instances := 40
	if testing.Short() {
		instances = 12
	}
	helped := 0
	names := []string{"voice", "chat", "mail"}
	for inst := range instances {
		const T = 12
		iv := 30 * time.Minute
		var queues []Queue
		for k, name := range names {
			vol := make([]float64, T)
			aht := make([]time.Duration, T)
			for t := range vol {
				vol[t] = float64(20 + gen.IntN(60))
				aht[t] = time.Duration(120+gen.IntN(300)) * time.Second
			}
			q := Queue{Name: name, Priority: gen.IntN(2), AnswerTime: 30 * time.Second, Volume: vol, AHT: aht}
			switch k {
			case 0:
				if gen.IntN(2) == 0 {
					q.Patience = time.Duration(60+gen.IntN(240)) * time.Second
				}
				q.HandleCV = []float64{0, 0.6, 1.2}[gen.IntN(3)]
			case 1:
				q.Concurrency = 1 + gen.IntN(3)
			case 2:
				q.AnswerTime = 2 * time.Hour
				q.Priority = 3
			}
			queues = append(queues, q)
		}
		randomSkills := func() []Skill {
			var sk []Skill
			for _, i := range gen.Perm(3)[:1+gen.IntN(3)] {
				sk = append(sk, Skill{Queue: names[i], Priority: 1 + gen.IntN(2)})
			}
			return sk
		}
		var agents []agentSpec
		for range 10 + gen.IntN(20) {
			from := gen.IntN(4)
			agents = append(agents, agentSpec{from: from, to: from + 6 + gen.IntN(T-from-5), skills: randomSkills()})
		}
		target := gen.IntN(3)
		extra := agentSpec{from: gen.IntN(3), to: T, skills: randomSkills()}
		if !slices.ContainsFunc(extra.skills, func(s Skill) bool { return s.Queue == names[target] }) {
			extra.skills = append(extra.skills, Skill{Queue: names[target], Priority: 1 + gen.IntN(2)})
		}
		before := center(iv, T, queues, agents)
		after := center(iv, T, queues, append(slices.Clone(agents), extra))
		for _, in := range []*Input{&before, &after} {
			in.Replications = 20
			in.Seed = uint64(inst + 1)
			for i := range in.Agents {
				in.Agents[i].Shrinkage = 0.1
			}
		}
		rb, err := Run(before)
		if err != nil {
			t.Fatal(err)
		}
		ra, err := Run(after)
		if err != nil {
			t.Fatal(err)
		}
		q := slices.IndexFunc(rb.Queues, func(x QueueInfo) bool { return x.Name == names[target] })
		d := make([]float64, rb.Replications)
		for r := range d {
			var b, a Stats
			for t := range T {
				b.add(rb.reps[r][q*T+t])
				a.add(ra.reps[r][q*T+t])
			}
			d[r] = a.InTime/(a.Offered-a.Censored) - b.InTime/(b.Offered-b.Censored)
		}
		e := meanCI(tQuantile(len(d)), d)
		half99 := (e.Hi - e.Mean) / tQuantile(len(d)) * 2.861 // t(19, 0.995)
		if e.Mean+half99 < 0 {
			t.Errorf("instance %d: adding an agent with skill %s lowers its service level by %.4f (99%% interval %.4f..%.4f)",
				inst, names[target], -e.Mean, e.Mean-half99, e.Mean+half99)
		}
		if e.Mean-half99 > 0 {
			helped++
		}
	}
	if helped < instances/2 {
		t.Errorf("the added agent helped significantly in only %d of %d instances", helped, instances)
	}
	t.Logf("the added agent helped significantly in %d of %d instances", helped, instances)
}
