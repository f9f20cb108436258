package scheduling

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/wfm-project/wfm/erlang"
)

// QueueService is the service one queue gets in one interval from a roster.
type QueueService struct {
	Start   time.Time
	Queue   string
	Channel string
	Volume  float64
	// Agents are the queue's share of the roster's net staff (breaks
	// removed), after shrinkage: the agents actually answering.
	Agents float64
	// Required are the agents the queue's targets need (agents_fractional).
	Required float64
	// ServiceLevel is P(answered within the queue's answer time) with Agents
	// agents; for deferred work, the share of the required work capacity
	// the roster provides (1 when met).
	ServiceLevel float64
	// Target is the queue's service-level target (0 when it has none).
	Target float64
}

// DayService is one queue's volume-weighted service level on one local day.
type DayService struct {
	Day          time.Time
	Queue        string
	Volume       float64
	ServiceLevel float64 // Σ volume × SL / Σ volume; 1 on a day with no volume
	Target       float64
	Intervals    int // intervals with volume
	Missed       int // intervals with volume whose SL is under the target
}

// PredictServiceLevel computes the service each queue gets from a roster's
// coverage. Requirements of several queues are pooled per interval (as
// Solve pools them); the roster's net staff of an interval (breaks removed,
// vendors included) is shared among the queues in proportion to the staff
// each requires, then reduced by the queue's shrinkage to agents on the
// phones: agents_q = net × staff_q / Σ staff × (1 − s_q).
//
// Voice and chat: the service level at a fractional number of agents is
// interpolated linearly between ⌊agents⌋ and ⌈agents⌉ from erlang.Evaluate
// (Erlang C, or Erlang A with the queue's patience; chat with its
// concurrency), at the queue's answer time. Deferred work (email): the share
// of the required capacity provided, min(1, agents/required) — a capacity
// measure, since a backlog can be worked later within the response target.
//
// cov must hold the intervals of reqs (as Cover returns them for the
// problem built from these requirements); intervals with no coverage row
// count as zero staff.
func PredictServiceLevel(reqs []Requirement, cov []Coverage, queues []QueueTargets) ([]QueueService, error) {
	qs := map[string]QueueTargets{}
	for _, q := range queues {
		qs[q.Name] = q
	}
	net := map[int64]float64{}
	for _, c := range cov {
		net[c.Start.Unix()] = c.Net
	}
	// Σ required staff per interval, over queues.
	total := map[int64]float64{}
	staffOf := func(r Requirement) float64 {
		s := qs[r.Queue].Shrinkage
		return r.Fractional / (1 - s)
	}
	for _, r := range reqs {
		if _, ok := qs[r.Queue]; !ok {
			return nil, fmt.Errorf("%w: queue %q is in the requirements but not in the config's queues", ErrNoQueue, r.Queue)
		}
		total[r.Start.Unix()] += staffOf(r)
	}
	out := make([]QueueService, 0, len(reqs))
	for _, r := range reqs {
		q := qs[r.Queue]
		k := r.Start.Unix()
		share := 0.0
		if total[k] > 0 {
			share = staffOf(r) / total[k]
		}
		agents := net[k] * share * (1 - q.Shrinkage)
		s := QueueService{Start: r.Start, Queue: r.Queue, Channel: r.Channel, Volume: r.Volume, Agents: agents, Required: r.Fractional, Target: q.Targets.ServiceLevel}
		switch {
		case r.Volume == 0 || r.Fractional == 0:
			s.ServiceLevel = 1
		case q.Deferred():
			s.ServiceLevel = math.Min(1, agents/r.Fractional)
			s.Target = 1
		default:
			sl, err := interpolatedSL(r, q, agents)
			if err != nil {
				return nil, fmt.Errorf("queue %q at %s: %w", r.Queue, r.Start.Format(time.RFC3339), err)
			}
			s.ServiceLevel = sl
		}
		out = append(out, s)
	}
	return out, nil
}

// interpolatedSL is the service level at a fractional number of agents.
func interpolatedSL(r Requirement, q QueueTargets, agents float64) (float64, error) {
	eq := erlang.Queue{Traffic: erlang.Erlangs(r.Traffic), AHT: r.AHT, Patience: q.Patience, Concurrency: q.Concurrency}
	answer := q.Targets.AnswerTime
	lo := int(math.Floor(agents))
	sl0 := 0.0 // nobody is answered by no agents
	if lo > 0 {
		m0, err := evaluate(eq, lo, answer)
		if err != nil {
			return 0, err
		}
		sl0 = m0.ServiceLevel
	}
	frac := agents - float64(lo)
	if frac == 0 {
		return sl0, nil
	}
	m1, err := evaluate(eq, lo+1, answer)
	if err != nil {
		return 0, err
	}
	return sl0 + frac*(m1.ServiceLevel-sl0), nil
}

// evaluate is erlang.Evaluate for prediction: an overloaded queue is a
// result (service level 0), not an error.
func evaluate(q erlang.Queue, n int, answer time.Duration) (erlang.Metrics, error) {
	m, err := erlang.Evaluate(q, n, answer)
	if errors.Is(err, erlang.ErrOverloaded) {
		return m, nil
	}
	return m, err
}

// DailyService sums interval service into volume-weighted days per queue,
// by local date in loc, in order of day then queue.
func DailyService(svc []QueueService, loc *time.Location) []DayService {
	out := groupByDayQueue(svc, loc,
		func(s QueueService) (time.Time, string) { return s.Start, s.Queue },
		func(day time.Time, s QueueService) DayService {
			return DayService{Day: day, Queue: s.Queue, Target: s.Target}
		},
		func(d *DayService, s QueueService) {
			d.Volume += s.Volume
			d.ServiceLevel += s.Volume * s.ServiceLevel
			if s.Volume > 0 {
				d.Intervals++
				if s.ServiceLevel < s.Target-1e-12 {
					d.Missed++
				}
			}
		},
		func(d DayService) (time.Time, string) { return d.Day, d.Queue })
	for i := range out {
		if out[i].Volume > 0 {
			out[i].ServiceLevel /= out[i].Volume
		} else {
			out[i].ServiceLevel = 1
		}
	}
	return out
}
