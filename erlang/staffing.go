package erlang

import (
	"fmt"
	"math"
	"time"
)

// Targets are the staffing targets of a queue. A zero field is not set;
// at least one must be.
type Targets struct {
	// ServiceLevel is the fraction (0 < s < 1) of offered contacts to be
	// answered within AnswerTime, e.g. 0.80 with 20s for 80/20s.
	ServiceLevel float64
	AnswerTime   time.Duration
	// MaxASA caps the mean wait of answered contacts.
	MaxASA time.Duration
	// MaxOccupancy caps carried traffic per agent (0 < o ≤ 1).
	MaxOccupancy float64
	// MaxAbandon caps the fraction of offered contacts that abandon
	// (0 < p < 1; only meaningful with patience, Erlang A).
	MaxAbandon float64
}

func (t Targets) validate() error {
	switch {
	case t.ServiceLevel < 0 || t.ServiceLevel >= 1 || math.IsNaN(t.ServiceLevel):
		return fmt.Errorf("%w: service level %v must be in (0, 1)", ErrInvalid, t.ServiceLevel)
	case t.AnswerTime < 0:
		return fmt.Errorf("%w: answer time %v must be ≥ 0", ErrInvalid, t.AnswerTime)
	case t.MaxASA < 0:
		return fmt.Errorf("%w: max ASA %v must be > 0", ErrInvalid, t.MaxASA)
	case t.MaxOccupancy < 0 || t.MaxOccupancy > 1 || math.IsNaN(t.MaxOccupancy):
		return fmt.Errorf("%w: max occupancy %v must be in (0, 1]", ErrInvalid, t.MaxOccupancy)
	case t.MaxAbandon < 0 || t.MaxAbandon >= 1 || math.IsNaN(t.MaxAbandon):
		return fmt.Errorf("%w: max abandon rate %v must be in (0, 1)", ErrInvalid, t.MaxAbandon)
	case t.ServiceLevel == 0 && t.MaxASA == 0 && t.MaxOccupancy == 0 && t.MaxAbandon == 0:
		return fmt.Errorf("%w: no staffing target set", ErrInvalid)
	}
	return nil
}

// Requirement is the staffing that meets a queue's targets.
type Requirement struct {
	// Agents is the smallest number of agents meeting every target.
	Agents int
	// Fractional is the requirement interpolated between Agents−1 and
	// Agents so that the binding target is met exactly (see [Required]);
	// Agents−1 ≤ Fractional ≤ Agents for voice. Fractional requirements
	// can be summed across intervals and queues before rounding.
	Fractional float64
	// Binding names the target that set Fractional: "service_level",
	// "asa", "occupancy" or "abandon"; "stability" when N−1 agents fail only
	// by being overloaded (Fractional is then A); "" for zero traffic.
	Binding string
	// Metrics are the metrics with Agents agents.
	Metrics Metrics
}

// maxServers bounds the staffing search, far above what any queue of up to
// 50,000 Erlangs needs; past it the targets are reported unreachable.
const maxServers = 1 << 26

// Required returns the smallest number of agents that meets every target
// set in t, with the fractional requirement and the metrics at that
// staffing.
//
// Search. Under Erlang C the search walks the Erlang B recursion upward
// once, from its exact shortcut start (see [BlockingProbability]) to the
// answer, testing each N > max(A, A/MaxOccupancy) as it goes: one O(√A + N−A)
// pass, however many targets. Under Erlang A every metric is monotone in N,
// so the answer is bracketed above A + √A + 1 (by doubling steps, rarely
// needed) and found by bisection: about log₂ A evaluations, each O(1) in
// A apart from 1/B(N−1, A). (With short patience the answer can lie well
// below A, where abandonment carries the excess.)
//
// Fractional requirement. Each target not met by N−1 agents is
// interpolated linearly in its own metric between N−1 and N: for service
// level f = (s − SL(N−1))/(SL(N) − SL(N−1)), likewise for ASA, occupancy
// and abandon rate; the requirement is N − 1 + the largest f, and the
// target giving it is Binding. When N−1 agents are overloaded (Erlang C,
// N−1 ≤ A) or N−1 = 0, SL(N−1) and 1/ASA(N−1) are taken as 0 and ASA is
// interpolated as 1/ASA; occupancy(0 agents) is taken as 1.
//
// Chat (Concurrency c > 1). Each agent is modelled as c independent servers
// and the handle time as the per-chat elapsed time at that concurrency; the
// servers needed come from Erlang C (or A) on the chat traffic, and
// agents = ⌈servers/c⌉, Fractional = fractional servers / c. This is the
// industry's usual "slots" approximation (see Koole, "Call Center
// Optimization", 2013, on multi-tasking; Tezcan & Zhang, "Routing and
// staffing in customer service chat systems with impatient customers", OR
// 62, 2014, who show when it is adequate). It is exact when chats do not
// slow each other down; when they do, measure AHT at the target
// concurrency, as the input asks.
//
// Zero traffic needs zero agents. Errors wrap ErrInvalid for bad input and
// ErrUnreachable when no staffing can meet the targets.
func Required(q Queue, t Targets) (Requirement, error) {
	m, err := newModel(q, t.AnswerTime)
	if err != nil {
		return Requirement{}, err
	}
	if err := t.validate(); err != nil {
		return Requirement{}, err
	}
	if m.a == 0 {
		r := m.eval(0, 1)
		return Requirement{Metrics: m.metrics(0, r, q, t.AnswerTime)}, nil
	}
	var n int
	var at, below rawMetrics
	if m.g == 0 {
		n, at, below, err = m.searchC(t)
	} else {
		n, at, below, err = m.searchA(t)
	}
	if err != nil {
		return Requirement{}, err
	}
	frac, binding := m.fractional(t, n, at, below)
	agents := (n + m.c - 1) / m.c
	s := agents * m.c
	if s != n {
		at = m.eval(s, m.prevInv(s))
	}
	return Requirement{
		Agents:     agents,
		Fractional: frac / float64(m.c),
		Binding:    binding,
		Metrics:    m.metrics(s, at, q, t.AnswerTime),
	}, nil
}

// meets reports whether r meets every target; ASA targets are compared in
// handle-time units.
func (m model) meets(t Targets, r rawMetrics) bool {
	if r.overloaded || r.pAbandon >= 1 { // nobody is served
		return false
	}
	if t.ServiceLevel > 0 && r.serviceLevel < t.ServiceLevel {
		return false
	}
	if t.MaxASA > 0 && r.asa*m.aht > t.MaxASA.Seconds() {
		return false
	}
	if t.MaxOccupancy > 0 && r.occupancy > t.MaxOccupancy {
		return false
	}
	if t.MaxAbandon > 0 && r.pAbandon > t.MaxAbandon {
		return false
	}
	return true
}

// searchC finds the smallest server count meeting t under Erlang C; it
// returns the metrics there and at one server fewer.
func (m model) searchC(t Targets) (int, rawMetrics, rawMetrics, error) {
	n0 := int(math.Floor(m.a)) + 1
	if t.MaxOccupancy > 0 {
		// smallest n with A/n ≤ o, guarding against rounding in A/o
		k := int(math.Ceil(m.a / t.MaxOccupancy))
		for k > 1 && m.a/float64(k-1) <= t.MaxOccupancy {
			k--
		}
		for m.a/float64(k) > t.MaxOccupancy {
			k++
		}
		n0 = max(n0, k)
	}
	w := m.walk(n0 - 2)
	rPrevPrev := w.to(n0 - 2)
	rPrev := w.to(n0 - 1)
	sl, maxASA := t.ServiceLevel, t.MaxASA.Seconds()/m.aht
	for n := n0; n <= maxServers; n++ {
		// fast screen on C alone; the full metrics only at the answer
		nf := float64(n)
		c := erlangCFromInv(m.a, n, math.FMA(nf/m.a, rPrev, 1))
		if (sl == 0 || 1-c*math.Exp(-(nf-m.a)*m.t) >= sl) && (maxASA == 0 || c/(nf-m.a) <= maxASA) {
			if r := m.eval(n, rPrev); m.meets(t, r) {
				return n, r, m.eval(n-1, rPrevPrev), nil
			}
		}
		rPrevPrev, rPrev = rPrev, math.FMA(nf/m.a, rPrev, 1)
	}
	return 0, rawMetrics{}, rawMetrics{}, fmt.Errorf("%w: more than %d servers needed", ErrUnreachable, maxServers)
}

// searchA finds the smallest server count meeting t under Erlang A by
// doubling and bisection; it returns the metrics there and at one fewer.
func (m model) searchA(t Targets) (int, rawMetrics, rawMetrics, error) {
	eval := func(n int) rawMetrics { return m.eval(n, m.prevInv(n)) }
	lo := 0 // fails (0 agents: everybody abandons)
	if t.MaxAbandon > 0 {
		// carried traffic ≤ n, so P(abandon) ≥ 1 − n/A
		lo = max(lo, int(math.Floor(m.a*(1-t.MaxAbandon)))-1)
	}
	step := int(math.Sqrt(m.a)) + 1
	hi := max(lo+1, int(m.a)+step)
	r := eval(hi)
	for !m.meets(t, r) {
		lo = hi
		step *= 2
		hi += step
		if hi > maxServers {
			return 0, rawMetrics{}, rawMetrics{}, fmt.Errorf("%w: more than %d servers needed", ErrUnreachable, maxServers)
		}
		r = eval(hi)
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		rm := eval(mid)
		if m.meets(t, rm) {
			hi, r = mid, rm
		} else {
			lo = mid
		}
	}
	return hi, r, eval(hi - 1), nil
}

// fractional interpolates the binding target between n−1 and n servers.
func (m model) fractional(t Targets, n int, at, below rawMetrics) (float64, string) {
	best, binding := 0.0, ""
	consider := func(name string, f float64) {
		if math.IsNaN(f) || f <= 0 {
			return
		}
		if f > best || binding == "" {
			best, binding = math.Min(f, 1), name
		}
	}
	lin := func(target, lo, hi float64) float64 {
		if hi == lo {
			return 1
		}
		return (target - lo) / (hi - lo)
	}
	// below serves nobody: overloaded (Erlang C) or no agents (Erlang A)
	none := below.overloaded || n == 1
	if t.ServiceLevel > 0 && (none || below.serviceLevel < t.ServiceLevel) {
		consider("service_level", lin(t.ServiceLevel, below.serviceLevel, at.serviceLevel))
	}
	if t.MaxASA > 0 {
		target := t.MaxASA.Seconds() / m.aht
		if none {
			consider("asa", lin(1/target, 0, 1/at.asa))
		} else if below.asa > target {
			consider("asa", lin(target, below.asa, at.asa))
		}
	}
	if t.MaxOccupancy > 0 {
		occ := below.occupancy
		if n == 1 {
			occ = 1
		}
		if none || occ > t.MaxOccupancy {
			consider("occupancy", lin(t.MaxOccupancy, occ, at.occupancy))
		}
	}
	if t.MaxAbandon > 0 && below.pAbandon > t.MaxAbandon {
		consider("abandon", lin(t.MaxAbandon, below.pAbandon, at.pAbandon))
	}
	if binding == "" {
		// n−1 fails only by being overloaded or unstable: interpolate on
		// the stability bound itself
		return math.Max(m.a, float64(n-1)), "stability"
	}
	return float64(n-1) + best, binding
}

// Staff returns the staff to roster for the given agents and shrinkage s
// (0 ≤ s < 1): staff = agents/(1 − s), and that figure rounded up to whole
// staff (DESIGN.md). The rounding forgives 1e−9 of float error, so
// 14/(1 − 0.3) is 20, not 21.
func Staff(agents, shrinkage float64) (float64, int, error) {
	if shrinkage < 0 || shrinkage >= 1 || math.IsNaN(shrinkage) {
		return 0, 0, fmt.Errorf("%w: shrinkage %v must be in [0, 1)", ErrInvalid, shrinkage)
	}
	if agents < 0 || math.IsNaN(agents) || math.IsInf(agents, 0) {
		return 0, 0, fmt.Errorf("%w: agents %v must be a finite number ≥ 0", ErrInvalid, agents)
	}
	s := agents / (1 - shrinkage)
	return s, roundUp(s), nil
}

// roundUp is ⌈x⌉ forgiving a relative float error of 1e−9.
func roundUp(x float64) int {
	return int(math.Ceil(x - 1e-9*math.Max(1, math.Abs(x))))
}
