package simulate

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"sort"
	"time"
)

// ErrInvalid is wrapped by every error about an input the simulation
// cannot run.
var ErrInvalid = errors.New("simulate: invalid input")

// DefaultReplications is the number of replications when
// Input.Replications is zero.
const DefaultReplications = 20

// Input is one simulation: the intervals, the queues with their arrivals,
// and the agents with their skills and on-duty spans.
type Input struct {
	Start     time.Time     // the first interval's start
	Interval  time.Duration // interval length
	Intervals int           // number of intervals simulated
	Queues    []Queue
	Agents    []Agent
	// Replications is the number of independent runs. Zero:
	// DefaultReplications.
	Replications int
	// Seed picks the random numbers; the same seed gives the same Result.
	Seed uint64
	// Workers is the number of replications run at once. Zero: every core
	// (runtime.GOMAXPROCS). The result does not depend on it.
	Workers int
	// Progress, when set, is called after each replication with the
	// number done so far, one call at a time.
	Progress func(done, total int)
}

// Queue is one queue: how its contacts arrive, how long they take and how
// long they wait, and how it is measured.
type Queue struct {
	Name    string
	Channel string // voice, chat, email: reported, not used
	// Priority orders queues for an agent who comes free, among his skills
	// of one priority: lower first. Zero is a priority like any other.
	Priority int
	// AnswerTime is the T of the service level: answered within T. For
	// deferred work (email), its response target.
	AnswerTime time.Duration
	// Patience is the contacts' mean patience (exponential). Zero: they
	// never abandon.
	Patience time.Duration
	// Concurrency is the chats an agent works at once; 0 and 1 mean one
	// contact at a time.
	Concurrency int
	// HandleCV is the coefficient of variation of handle times. Zero:
	// exponential; above zero: lognormal with this CV.
	HandleCV float64
	// Volume are the expected arrivals per interval (len Intervals),
	// drawn as a Poisson process unless Counts or Arrivals are given.
	Volume []float64
	// AHT are the mean handle times per interval (len Intervals). An
	// interval with contacts but no AHT takes the queue's volume-weighted
	// mean AHT.
	AHT []time.Duration
	// Counts, when set (len Intervals), are recorded arrivals per
	// interval, replayed at uniform times inside each interval.
	Counts []int
	// Arrivals, when set, are recorded arrival instants, replayed as they
	// are; those outside the simulated intervals are counted in
	// Result.Outside and not simulated.
	Arrivals []time.Time
	// Predicted is, optionally (len Intervals), the service level a
	// planning formula predicts for each interval (NaN where it has
	// none); summaries weight it by Volume, to show the gap to the
	// simulation.
	Predicted []float64
}

// Skill is a queue an agent takes, with his priority for it: 1 is the
// first choice (0 counts as 1).
type Skill struct {
	Queue    string // a Queue's Name
	Priority int
}

// Span is the time [Start, End).
type Span struct{ Start, End time.Time }

// Agent is one agent (or vendor seat) of the roster.
type Agent struct {
	ID string
	// Skills are the queues the agent takes. Nil: every queue, at
	// priority 1.
	Skills []Skill
	// OnDuty are the spans the agent is on duty: shifts with their breaks
	// removed. Overlapping spans are merged.
	OnDuty []Span
	// Shrinkage is the probability that the agent is off the phones for a
	// whole interval he is on duty, independently in each (0 ≤ s < 1).
	Shrinkage float64
}

// model is a validated Input in seconds from Start.
type model struct {
	start    time.Time
	interval time.Duration
	T        int
	L        float64 // interval length, seconds
	H        float64 // horizon, seconds
	queues   []queueModel
	agents   []agentModel
	byQueue  [][]agentRef // per queue: the agents holding it
	levels   [][]int32    // per queue: the distinct priorities agents hold it at, ascending
	reps     int
	workers  int
	seed     uint64
	outside  []int
	progress func(done, total int)
}

type queueModel struct {
	name, channel string
	prio          int
	answer        float64 // seconds
	patience      float64 // seconds; 0 = none
	conc          int32   // ≥ 1
	chat          bool    // conc > 1
	sigma         float64 // lognormal σ; 0 = exponential
	vol           []float64
	aht           []float64 // seconds, every interval > 0 where contacts can arrive
	counts        []int
	times         []float64 // replayed arrivals, sorted, inside [0, H)
	replay        bool      // times is the arrival process
	predicted     []float64
	key           uint64
}

type agentModel struct {
	id     string
	skills []agentSkill // sorted by priority, then queue priority, then queue
	spans  [][2]float64 // sorted, disjoint, within [0, ∞)
	shrink float64
	key    uint64
}

type agentSkill struct {
	q     int32
	prio  int32 // agent's priority for the queue
	group int32 // rank of (prio, queue priority) among the agent's skills
	level int32 // index of prio in the queue's levels; −1 for chat queues
}

type agentRef struct {
	a    int32
	prio int32
}

// hash64 is FNV-1a of s, a stream's key.
func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func seconds(d time.Duration) float64 { return d.Seconds() }

func compile(in Input) (*model, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
	}
	switch {
	case in.Interval <= 0:
		return nil, bad("interval %v must be positive", in.Interval)
	case in.Intervals <= 0:
		return nil, bad("no intervals to simulate")
	case len(in.Queues) == 0:
		return nil, bad("no queues")
	case in.Replications < 0:
		return nil, bad("replications %d must be positive", in.Replications)
	case in.Workers < 0:
		return nil, bad("workers %d must be positive", in.Workers)
	}
	m := &model{start: in.Start, interval: in.Interval, T: in.Intervals, L: seconds(in.Interval), seed: in.Seed, progress: in.Progress}
	m.H = m.L * float64(m.T)
	m.reps = in.Replications
	if m.reps == 0 {
		m.reps = DefaultReplications
	}
	m.workers = in.Workers
	if m.workers == 0 {
		m.workers = runtime.GOMAXPROCS(0)
	}
	m.workers = min(m.workers, m.reps)
	idx := map[string]int{}
	for i, q := range in.Queues {
		where := fmt.Sprintf("queue %q", q.Name)
		if q.Name == "" {
			return nil, bad("queue %d has no name", i)
		}
		if _, dup := idx[q.Name]; dup {
			return nil, bad("%s appears twice", where)
		}
		idx[q.Name] = i
		switch {
		case q.AnswerTime < 0:
			return nil, bad("%s: answer time %v is negative", where, q.AnswerTime)
		case q.Patience < 0:
			return nil, bad("%s: patience %v is negative", where, q.Patience)
		case q.Concurrency < 0:
			return nil, bad("%s: concurrency %d is negative", where, q.Concurrency)
		case q.HandleCV < 0 || math.IsNaN(q.HandleCV) || math.IsInf(q.HandleCV, 0):
			return nil, bad("%s: handle-time CV %v must be a finite number ≥ 0", where, q.HandleCV)
		case len(q.Volume) != m.T || len(q.AHT) != m.T:
			return nil, bad("%s: %d volumes and %d AHTs for %d intervals", where, len(q.Volume), len(q.AHT), m.T)
		case q.Counts != nil && len(q.Counts) != m.T:
			return nil, bad("%s: %d counts for %d intervals", where, len(q.Counts), m.T)
		case q.Counts != nil && q.Arrivals != nil:
			return nil, bad("%s: counts and arrivals both given; replay one", where)
		case q.Predicted != nil && len(q.Predicted) != m.T:
			return nil, bad("%s: %d predictions for %d intervals", where, len(q.Predicted), m.T)
		}
		qm := queueModel{name: q.Name, channel: q.Channel, prio: q.Priority, answer: seconds(q.AnswerTime), patience: seconds(q.Patience),
			conc: int32(max(q.Concurrency, 1)), vol: q.Volume, counts: q.Counts, predicted: q.Predicted, key: hash64(q.Name)}
		qm.chat = qm.conc > 1
		if q.HandleCV > 0 {
			qm.sigma = math.Sqrt(math.Log1p(q.HandleCV * q.HandleCV))
		}
		var work, n float64
		for t, v := range q.Volume {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, bad("%s: interval %d: volume %v must be a finite number ≥ 0", where, t, v)
			}
			if q.AHT[t] < 0 {
				return nil, bad("%s: interval %d: AHT %v is negative", where, t, q.AHT[t])
			}
			if q.AHT[t] > 0 {
				work += v * seconds(q.AHT[t])
				n += v
			}
		}
		for t, c := range q.Counts {
			if c < 0 {
				return nil, bad("%s: interval %d: count %d is negative", where, t, c)
			}
		}
		mean := 0.0
		if n > 0 {
			mean = work / n
		} else {
			for _, d := range q.AHT {
				if d > 0 {
					mean = seconds(d)
					break
				}
			}
		}
		qm.aht = make([]float64, m.T)
		for t, d := range q.AHT {
			qm.aht[t] = seconds(d)
			if qm.aht[t] == 0 {
				qm.aht[t] = mean
			}
		}
		if q.Arrivals != nil {
			qm.replay = true
			out := 0
			for _, at := range q.Arrivals {
				x := seconds(at.Sub(in.Start))
				if x < 0 || x >= m.H {
					out++
					continue
				}
				qm.times = append(qm.times, x)
			}
			slices.Sort(qm.times)
			m.outside = append(m.outside, out)
		} else {
			m.outside = append(m.outside, 0)
		}
		if mean == 0 && (hasArrivals(q) || len(qm.times) > 0) {
			return nil, bad("%s: contacts arrive but no interval has an AHT", where)
		}
		m.queues = append(m.queues, qm)
	}
	m.byQueue = make([][]agentRef, len(m.queues))
	seen := map[string]bool{}
	for i, a := range in.Agents {
		where := fmt.Sprintf("agent %q", a.ID)
		if a.ID == "" {
			return nil, bad("agent %d has no ID", i)
		}
		if seen[a.ID] {
			return nil, bad("%s appears twice", where)
		}
		seen[a.ID] = true
		if a.Shrinkage < 0 || a.Shrinkage >= 1 || math.IsNaN(a.Shrinkage) {
			return nil, bad("%s: shrinkage %v is not in [0, 1)", where, a.Shrinkage)
		}
		am := agentModel{id: a.ID, shrink: a.Shrinkage, key: hash64(a.ID)}
		skills := a.Skills
		if skills == nil {
			for _, q := range m.queues {
				skills = append(skills, Skill{Queue: q.name, Priority: 1})
			}
		}
		has := map[int]bool{}
		for _, s := range skills {
			q, ok := idx[s.Queue]
			if !ok {
				return nil, bad("%s: skill %q is not a queue", where, s.Queue)
			}
			if has[q] {
				return nil, bad("%s: skill %q twice", where, s.Queue)
			}
			has[q] = true
			p := max(s.Priority, 1)
			am.skills = append(am.skills, agentSkill{q: int32(q), prio: int32(p)})
		}
		sort.SliceStable(am.skills, func(i, j int) bool {
			si, sj := am.skills[i], am.skills[j]
			if si.prio != sj.prio {
				return si.prio < sj.prio
			}
			if pi, pj := m.queues[si.q].prio, m.queues[sj.q].prio; pi != pj {
				return pi < pj
			}
			return si.q < sj.q
		})
		for k := range am.skills {
			if k > 0 {
				prev, cur := am.skills[k-1], am.skills[k]
				am.skills[k].group = prev.group
				if prev.prio != cur.prio || m.queues[prev.q].prio != m.queues[cur.q].prio {
					am.skills[k].group++
				}
			}
		}
		for _, s := range a.OnDuty {
			lo, hi := seconds(s.Start.Sub(in.Start)), seconds(s.End.Sub(in.Start))
			if hi <= lo {
				return nil, bad("%s: on-duty span %s to %s is empty", where, s.Start.Format(time.RFC3339), s.End.Format(time.RFC3339))
			}
			lo = max(lo, 0)
			if hi > lo {
				am.spans = append(am.spans, [2]float64{lo, hi})
			}
		}
		sort.Slice(am.spans, func(i, j int) bool { return am.spans[i][0] < am.spans[j][0] })
		merged := am.spans[:0]
		for _, s := range am.spans {
			if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
				merged[n-1][1] = max(merged[n-1][1], s[1])
				continue
			}
			merged = append(merged, s)
		}
		am.spans = merged
		for _, s := range am.skills {
			m.byQueue[s.q] = append(m.byQueue[s.q], agentRef{a: int32(len(m.agents)), prio: s.prio})
		}
		m.agents = append(m.agents, am)
	}
	m.levels = make([][]int32, len(m.queues))
	for q, refs := range m.byQueue {
		if m.queues[q].chat {
			continue
		}
		for _, r := range refs {
			if !slices.Contains(m.levels[q], r.prio) {
				m.levels[q] = append(m.levels[q], r.prio)
			}
		}
		slices.Sort(m.levels[q])
	}
	for a := range m.agents {
		for k, s := range m.agents[a].skills {
			m.agents[a].skills[k].level = int32(slices.Index(m.levels[s.q], s.prio))
		}
	}
	return m, nil
}

func hasArrivals(q Queue) bool {
	switch {
	case q.Counts != nil:
		return slices.ContainsFunc(q.Counts, func(c int) bool { return c > 0 })
	case q.Arrivals != nil:
		return false // the replayed times are checked instead
	}
	return slices.ContainsFunc(q.Volume, func(v float64) bool { return v > 0 })
}
