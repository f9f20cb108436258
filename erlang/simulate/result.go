package simulate

import (
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Stats are one replication's counts for one queue over some intervals,
// contacts counted in the interval they arrived in.
type Stats struct {
	Offered   float64
	Answered  float64
	InTime    float64 // answered within the queue's AnswerTime
	Abandoned float64
	// Unserved are contacts still waiting when no agent was left.
	Unserved float64
	// Censored are contacts whose answer time runs past the last simulated
	// interval; whether they are answered in time depends on staff after
	// it, so they are left out of the service level.
	Censored float64
	Wait     float64 // Σ waits of answered contacts, seconds
	// Busy and Available are the agent-seconds the agents holding the
	// queue's skill were busy (on any queue) and on duty.
	Busy, Available float64
}

func (x *Stats) add(y Stats) {
	x.Offered += y.Offered
	x.Answered += y.Answered
	x.InTime += y.InTime
	x.Abandoned += y.Abandoned
	x.Unserved += y.Unserved
	x.Censored += y.Censored
	x.Wait += y.Wait
	x.Busy += y.Busy
	x.Available += y.Available
}

// Result holds every replication's statistics per queue and interval.
type Result struct {
	Start        time.Time
	Interval     time.Duration
	Intervals    int
	Replications int
	Queues       []QueueInfo
	// Outside counts, per queue, the replayed arrivals that fell outside
	// the simulated intervals and were not simulated.
	Outside []int
	reps    [][]Stats // [replication][queue×Intervals + interval]
	tq      float64   // t(Replications−1, 0.975)
}

// QueueInfo names a queue of a Result.
type QueueInfo struct {
	Name, Channel string
	AnswerTime    time.Duration
	volume        []float64
	predicted     []float64
}

// Run simulates in.Replications independent replications, in parallel on
// in.Workers goroutines; the result is the same for any number of workers.
func Run(in Input) (*Result, error) {
	m, err := compile(in)
	if err != nil {
		return nil, err
	}
	res := &Result{Start: m.start, Interval: m.interval, Intervals: m.T, Replications: m.reps, Outside: m.outside, reps: make([][]Stats, m.reps), tq: tQuantile(m.reps)}
	for _, q := range m.queues {
		res.Queues = append(res.Queues, QueueInfo{Name: q.name, Channel: q.channel, AnswerTime: time.Duration(q.answer * float64(time.Second)), volume: q.vol, predicted: q.predicted})
	}
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range m.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSim(m)
			for {
				r := int(next.Add(1) - 1)
				if r >= m.reps {
					return
				}
				res.reps[r] = s.run(r)
				if m.progress != nil {
					mu.Lock()
					m.progress(int(done.Add(1)), m.reps)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return res, nil
}

// Estimate is a simulated measure: the estimate over the replications and
// its 95 % confidence interval [Lo, Hi]. Mean is NaN where the measure is
// undefined (a service level with no contacts); Lo and Hi are NaN with
// fewer than two replications.
type Estimate struct {
	Mean, Lo, Hi float64
}

// Summary is one queue's simulated service over a span of intervals.
type Summary struct {
	Queue, Channel string
	Start, End     time.Time
	// Agents are the mean agents holding the queue's skill on duty (after
	// breaks and shrinkage).
	Agents                                 Estimate
	Offered, Answered, Abandoned, Unserved Estimate
	ServiceLevel                           Estimate // answered within AnswerTime / offered
	ASA                                    Estimate // seconds, answered contacts
	AbandonRate                            Estimate // abandoned / offered
	Occupancy                              Estimate
	// Predicted is the planning formula's service level (Queue.Predicted)
	// weighted by forecast volume; NaN without one.
	Predicted float64
	// Intervals counts the intervals with forecast volume.
	Intervals int
}

// Gap is the simulated service level less the predicted one.
func (s Summary) Gap() float64 { return s.ServiceLevel.Mean - s.Predicted }

// Summarise sums queue q's intervals [from, to) in each replication and
// estimates every measure over the replications.
func (r *Result) Summarise(q, from, to int) Summary {
	info := r.Queues[q]
	n := r.Replications
	per := make([]Stats, n)
	for i, rep := range r.reps {
		for t := from; t < to; t++ {
			per[i].add(rep[q*r.Intervals+t])
		}
	}
	col := func(f func(Stats) float64) []float64 {
		out := make([]float64, n)
		for i, x := range per {
			out[i] = f(x)
		}
		return out
	}
	span := float64(to-from) * r.Interval.Seconds()
	s := Summary{Queue: info.Name, Channel: info.Channel,
		Start: r.Start.Add(time.Duration(from) * r.Interval), End: r.Start.Add(time.Duration(to) * r.Interval),
		Agents:    floorCI(meanCI(r.tq, col(func(x Stats) float64 { return x.Available / span }))),
		Offered:   floorCI(meanCI(r.tq, col(func(x Stats) float64 { return x.Offered }))),
		Answered:  floorCI(meanCI(r.tq, col(func(x Stats) float64 { return x.Answered }))),
		Abandoned: floorCI(meanCI(r.tq, col(func(x Stats) float64 { return x.Abandoned }))),
		Unserved:  floorCI(meanCI(r.tq, col(func(x Stats) float64 { return x.Unserved }))),
		ServiceLevel: clampCI(ratioCI(r.tq, col(func(x Stats) float64 { return x.InTime }),
			col(func(x Stats) float64 { return x.Offered - x.Censored }))),
		ASA:         floorCI(ratioCI(r.tq, col(func(x Stats) float64 { return x.Wait }), col(func(x Stats) float64 { return x.Answered }))),
		AbandonRate: clampCI(ratioCI(r.tq, col(func(x Stats) float64 { return x.Abandoned }), col(func(x Stats) float64 { return x.Offered }))),
		Occupancy:   clampCI(ratioCI(r.tq, col(func(x Stats) float64 { return x.Busy }), col(func(x Stats) float64 { return x.Available }))),
		Predicted:   math.NaN(),
	}
	var w, ws float64
	for t := from; t < to; t++ {
		v := info.volume[t]
		if v > 0 {
			s.Intervals++
		}
		if info.predicted != nil && v > 0 && !math.IsNaN(info.predicted[t]) {
			w += v
			ws += v * info.predicted[t]
		}
	}
	if w > 0 {
		s.Predicted = ws / w
	}
	return s
}

// ByInterval summarises every interval of every queue, sorted by interval
// start, then queue name.
func (r *Result) ByInterval() []Summary {
	order := r.queueOrder()
	out := make([]Summary, 0, r.Intervals*len(order))
	for t := 0; t < r.Intervals; t++ {
		for _, q := range order {
			out = append(out, r.Summarise(q, t, t+1))
		}
	}
	return out
}

// ByDay summarises each local day (in loc) of every queue, sorted by day,
// then queue name. A day's Start is its first simulated interval.
func (r *Result) ByDay(loc *time.Location) []Summary {
	return r.byRuns(r.dayRuns(loc))
}

// ByWeek summarises weeks of seven local days from the first day, sorted
// by week, then queue name.
func (r *Result) ByWeek(loc *time.Location) []Summary {
	days := r.dayRuns(loc)
	var weeks [][2]int
	for i := 0; i < len(days); i += 7 {
		weeks = append(weeks, [2]int{days[i][0], days[min(i+7, len(days))-1][1]})
	}
	return r.byRuns(weeks)
}

// Total summarises all intervals of every queue, sorted by queue name.
func (r *Result) Total() []Summary {
	return r.byRuns([][2]int{{0, r.Intervals}})
}

func (r *Result) byRuns(runs [][2]int) []Summary {
	order := r.queueOrder()
	var out []Summary
	for _, run := range runs {
		for _, q := range order {
			out = append(out, r.Summarise(q, run[0], run[1]))
		}
	}
	return out
}

// dayRuns cuts the intervals into runs of one local date each.
func (r *Result) dayRuns(loc *time.Location) [][2]int {
	var runs [][2]int
	last := ""
	for t := 0; t < r.Intervals; t++ {
		d := r.Start.Add(time.Duration(t) * r.Interval).In(loc).Format("2006-01-02")
		if d != last {
			runs = append(runs, [2]int{t, t + 1})
			last = d
			continue
		}
		runs[len(runs)-1][1] = t + 1
	}
	return runs
}

func (r *Result) queueOrder() []int {
	order := make([]int, len(r.Queues))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return r.Queues[order[i]].Name < r.Queues[order[j]].Name })
	return order
}

// DayCheck is a queue's simulated service level on one day against its
// target.
type DayCheck struct {
	Summary
	Target float64
	// Missed counts the intervals with forecast volume whose simulated
	// service level is below the target.
	Missed int
	Passed bool // the day's simulated service level meets the target
}

// CheckDays compares each day's simulated service level (in loc) of every
// queue in targets with its target; queues not in targets are skipped, as
// are days without forecast volume.
func (r *Result) CheckDays(loc *time.Location, targets map[string]float64) []DayCheck {
	var out []DayCheck
	for _, run := range r.dayRuns(loc) {
		for _, q := range r.queueOrder() {
			target, ok := targets[r.Queues[q].Name]
			if !ok {
				continue
			}
			s := r.Summarise(q, run[0], run[1])
			if s.Intervals == 0 {
				continue
			}
			c := DayCheck{Summary: s, Target: target, Passed: !(s.ServiceLevel.Mean < target-1e-9)}
			for t := run[0]; t < run[1]; t++ {
				if r.Queues[q].volume[t] > 0 {
					if sl := r.Summarise(q, t, t+1).ServiceLevel.Mean; sl < target-1e-9 {
						c.Missed++
					}
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// Below returns the intervals with forecast volume of the queues in
// queues whose simulated service level is below min, in time order.
func (r *Result) Below(queues map[string]bool, min float64) []Summary {
	var out []Summary
	for _, s := range r.ByInterval() {
		if queues[s.Queue] && s.Intervals > 0 && s.ServiceLevel.Mean < min-1e-9 {
			out = append(out, s)
		}
	}
	return out
}

// tQuantile is t(n−1, 0.975); NaN for n < 2.
func tQuantile(n int) float64 {
	if n < 2 {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
}

// meanCI is the mean of xs with its t interval (Law 2015, ch. 9), tq
// being t(len(xs)−1, 0.975).
func meanCI(tq float64, xs []float64) Estimate {
	n := len(xs)
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(n)
	e := Estimate{Mean: mean, Lo: math.NaN(), Hi: math.NaN()}
	if n < 2 {
		return e
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	half := tq * math.Sqrt(ss/float64(n-1)/float64(n))
	e.Lo, e.Hi = mean-half, mean+half
	return e
}

// ratioCI is ΣY/ΣX with the interval of the ratio estimator
// (Crane & Lemoine 1977): r ± t·s/(X̄√n), s² = var(Y − rX), tq being
// t(n−1, 0.975).
func ratioCI(tq float64, ys, xs []float64) Estimate {
	n := len(xs)
	var sy, sx float64
	for i := range xs {
		sy += ys[i]
		sx += xs[i]
	}
	nan := math.NaN()
	if sx <= 0 {
		return Estimate{nan, nan, nan}
	}
	r := sy / sx
	e := Estimate{Mean: r, Lo: nan, Hi: nan}
	if n < 2 {
		return e
	}
	var ss float64
	for i := range xs {
		d := ys[i] - r*xs[i]
		ss += d * d
	}
	xbar := sx / float64(n)
	half := tq * math.Sqrt(ss/float64(n-1)) / (xbar * math.Sqrt(float64(n)))
	e.Lo, e.Hi = r-half, r+half
	return e
}

// clampCI keeps a fraction's interval inside [0, 1].
func clampCI(e Estimate) Estimate {
	if !math.IsNaN(e.Lo) {
		e.Lo = math.Max(e.Lo, 0)
		e.Hi = math.Min(e.Hi, 1)
	}
	return e
}

// floorCI keeps the interval of a measure that cannot be negative at or
// above 0.
func floorCI(e Estimate) Estimate {
	if !math.IsNaN(e.Lo) {
		e.Lo = math.Max(e.Lo, 0)
	}
	return e
}
