package scheduling

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/wfm-project/wfm/erlang"
	"github.com/wfm-project/wfm/forecast"
)

// QueueTargets is one queue's channel and staffing targets, as config's
// `queues:` gives them.
type QueueTargets struct {
	Name    string
	Channel string // voice, chat or email (email, ticket and backoffice are deferred work)
	// Targets apply to voice and chat: service level, max ASA, max
	// occupancy, max abandon rate.
	Targets erlang.Targets
	// Patience set selects Erlang A for voice and chat.
	Patience time.Duration
	// Concurrency is the chats an agent works at once (chat only).
	Concurrency int
	// RespondWithin is the response target of deferred work (email).
	RespondWithin time.Duration
	// Shrinkage turns agents into staff: staff = agents/(1 − s).
	Shrinkage float64
	// SelfService is the share of contacts a bot or IVR takes (0..1);
	// Escalation the share of those it passes on to an agent, with
	// EscalationAHT their handle time (0: the queue's AHT). See AgentLoad.
	SelfService, Escalation float64
	EscalationAHT           time.Duration
}

// AgentLoad is the part of a forecast row that reaches agents when a bot
// takes a share s of the contacts and passes a share e of those on: the
// flow balance behind the IVR/bot "containment rate" (contained = s·(1−e)
// of offered; Cleveland 2012, Call Center Management on Fast Forward,
// 3rd ed., on IVR containment),
//
//	agent volume V_a = V·(1−s) + V·s·e,
//	AHT_a = (V·(1−s)·AHT + V·s·e·AHT_e) / V_a,
//
// with the bands scaled by V_a/V. Without self-service the row is
// returned as it is.
func (q QueueTargets) AgentLoad(r forecast.Row) forecast.Row {
	if q.SelfService == 0 {
		return r
	}
	direct, escalated := 1-q.SelfService, q.SelfService*q.Escalation
	f := direct + escalated
	out := r
	out.Volume, out.P10, out.P90 = r.Volume*f, r.P10*f, r.P90*f
	if q.EscalationAHT > 0 && f > 0 {
		out.AHT = time.Duration((direct*float64(r.AHT) + escalated*float64(q.EscalationAHT)) / f)
	}
	return out
}

// Deferred reports whether the queue's work is deferred (email, tickets):
// staffed to a response target in hours rather than by Erlang math.
func (q QueueTargets) Deferred() bool {
	switch q.Channel {
	case "email", "ticket", "tickets", "backoffice":
		return true
	}
	return q.RespondWithin > 0 && q.Targets == (erlang.Targets{})
}

// ErrNoQueue is returned when the forecast names a queue the config lacks.
var ErrNoQueue = errors.New("queue has no targets")

// ComputeRequirements turns a forecast into requirements: for each interval
// of each queue, the agents its targets need.
//
//   - Voice: Erlang C, or Erlang A when a patience is set (erlang.Required).
//   - Chat: erlang.Required with the queue's concurrency.
//   - Email and other deferred work: erlang.DeferredStaffing over the whole
//     series of the queue, so backlog carries from interval to interval and
//     every contact is answered within RespondWithin. Service level is 1,
//     ASA 0, and occupancy the share of the whole agents' time the plan
//     keeps busy.
//
// Rows are returned sorted by interval start, then queue. Staff is integer
// agents / (1 − shrinkage), rounded up (DESIGN.md).
func ComputeRequirements(rows []forecast.Row, queues []QueueTargets, interval time.Duration) ([]Requirement, error) {
	byName := map[string]QueueTargets{}
	for _, q := range queues {
		byName[q.Name] = q
	}
	type key struct{ queue, channel string }
	series := map[key][]forecast.Row{}
	var keys []key
	for _, r := range rows {
		k := key{r.Queue, r.Channel}
		if _, ok := series[k]; !ok {
			keys = append(keys, k)
		}
		series[k] = append(series[k], r)
	}
	var out []Requirement
	for _, k := range keys {
		q, ok := byName[k.queue]
		if !ok {
			return nil, fmt.Errorf("%w: queue %q (channel %s) is in the forecast but not in the config's queues", ErrNoQueue, k.queue, k.channel)
		}
		s := series[k]
		for i := range s {
			s[i] = q.AgentLoad(s[i])
		}
		sort.SliceStable(s, func(i, j int) bool { return s[i].Start.Before(s[j].Start) })
		var reqs []Requirement
		var err error
		if q.Deferred() {
			reqs, err = deferredRequirements(s, q, interval)
		} else {
			reqs, err = queueRequirements(s, q, interval)
		}
		if err != nil {
			return nil, fmt.Errorf("queue %q: %w", k.queue, err)
		}
		out = append(out, reqs...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].Queue < out[j].Queue
	})
	return out, nil
}

func queueRequirements(s []forecast.Row, q QueueTargets, interval time.Duration) ([]Requirement, error) {
	out := make([]Requirement, 0, len(s))
	for _, r := range s {
		eq := erlang.Queue{Traffic: erlang.Traffic(r.Volume, r.AHT, interval), AHT: r.AHT, Patience: q.Patience, Concurrency: q.Concurrency}
		if r.Volume == 0 || r.AHT == 0 {
			eq.Traffic = 0
		}
		req, err := erlang.Required(eq, q.Targets)
		if err != nil {
			return nil, fmt.Errorf("interval %s: %w", r.Start.Format(time.RFC3339), err)
		}
		_, staff, err := erlang.Staff(float64(req.Agents), q.Shrinkage)
		if err != nil {
			return nil, err
		}
		m := req.Metrics
		out = append(out, Requirement{
			Start: r.Start, Queue: r.Queue, Channel: r.Channel, Volume: r.Volume, AHT: r.AHT,
			Traffic: float64(eq.Traffic), Agents: req.Agents, Fractional: req.Fractional, Staff: staff,
			ServiceLevel: m.ServiceLevel, ASA: m.ASA, Occupancy: m.Occupancy, PAbandon: m.PAbandon,
		})
	}
	return out, nil
}

func deferredRequirements(s []forecast.Row, q QueueTargets, interval time.Duration) ([]Requirement, error) {
	if q.RespondWithin <= 0 {
		return nil, fmt.Errorf("channel %s needs respond_within (e.g. 24h)", q.Channel)
	}
	vols := make([]float64, len(s))
	var work, count float64
	for i, r := range s {
		if i > 0 && s[i].Start.Sub(s[i-1].Start) != interval {
			return nil, fmt.Errorf("intervals %s and %s are not %v apart: deferred work needs a dense grid",
				s[i-1].Start.Format(time.RFC3339), s[i].Start.Format(time.RFC3339), interval)
		}
		vols[i] = r.Volume
		work += r.Volume * r.AHT.Seconds()
		count += r.Volume
	}
	// One handle time for the queue: the volume-weighted mean.
	aht := time.Second
	if count > 0 {
		aht = time.Duration(work / count * float64(time.Second))
	}
	plan, err := erlang.DeferredStaffing(vols, aht, interval, q.RespondWithin)
	if err != nil {
		return nil, err
	}
	out := make([]Requirement, len(s))
	for i, r := range s {
		_, staff, err := erlang.Staff(float64(plan.Whole[i]), q.Shrinkage)
		if err != nil {
			return nil, err
		}
		occ := 0.0
		if plan.Whole[i] > 0 {
			occ = plan.Agents[i] / float64(plan.Whole[i])
		}
		out[i] = Requirement{
			Start: r.Start, Queue: r.Queue, Channel: r.Channel, Volume: r.Volume, AHT: r.AHT,
			Traffic: r.Volume * r.AHT.Seconds() / interval.Seconds(), Agents: plan.Whole[i], Fractional: plan.Agents[i],
			Staff: staff, ServiceLevel: 1, Occupancy: occ,
		}
	}
	return out, nil
}
