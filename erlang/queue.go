package erlang

import (
	"fmt"
	"math"
	"time"
)

// Queue describes one queue in one interval.
type Queue struct {
	// Traffic is the offered traffic. For chat it is chats × per-chat
	// handle time / interval length, in chat-Erlangs.
	Traffic Erlangs
	// AHT is the mean handle time (for chat: the mean elapsed time of one
	// chat while the agent works Concurrency chats). Required when Traffic > 0.
	AHT time.Duration
	// Patience is the callers' mean patience. Zero means callers never
	// abandon (Erlang C); positive selects Erlang A (M/M/N+M) with
	// exponential patience of this mean.
	Patience time.Duration
	// Concurrency is the number of chats one agent works at once. Zero and
	// one mean voice (one contact per agent). See [Required] for the model.
	Concurrency int
}

// Metrics are the performance measures of a queue with a given number of
// agents, as defined in DESIGN.md ("Definitions").
type Metrics struct {
	Agents     int           // agents staffed
	Traffic    Erlangs       // offered traffic
	AnswerTime time.Duration // the T of ServiceLevel
	// PWait is the probability that an offered contact waits at all.
	PWait float64
	// ServiceLevel is P(an offered contact is answered within AnswerTime);
	// abandoned contacts count against it, whenever they abandon.
	ServiceLevel float64
	// ASA is the mean wait of answered contacts (zero wait included).
	ASA time.Duration
	// AvgWait is the mean wait of all offered contacts; abandoning ones
	// wait until they leave. Equal to ASA under Erlang C.
	AvgWait time.Duration
	// ASASeconds and AvgWaitSeconds are ASA and AvgWait in seconds at
	// full float64 precision (a Duration rounds to whole nanoseconds);
	// +Inf where the wait is unbounded.
	ASASeconds, AvgWaitSeconds float64
	// PAbandon is the probability that an offered contact abandons
	// (0 under Erlang C).
	PAbandon float64
	// Occupancy is carried traffic / servers: A/N under Erlang C,
	// A(1 − PAbandon)/N under Erlang A.
	Occupancy float64
	// Overloaded reports N ≤ A without abandonment: waits grow without
	// bound, PWait = 1, ServiceLevel = 0, Occupancy = 1, and ASA and AvgWait
	// are set to Unbounded.
	Overloaded bool
}

// Unbounded is the wait reported for an overloaded queue, and for any wait
// too long for a time.Duration (about 292 years).
const Unbounded = time.Duration(math.MaxInt64)

// model is a validated queue with times in handle-time units.
type model struct {
	a   float64 // offered traffic per server (chat: per slot)
	aht float64 // seconds
	g   float64 // γ = AHT/patience; 0 = no abandonment
	t   float64 // answer time in AHTs
	c   int     // servers per agent
}

func newModel(q Queue, answerTime time.Duration) (model, error) {
	a := float64(q.Traffic)
	switch {
	case math.IsNaN(a) || math.IsInf(a, 0) || a < 0:
		return model{}, fmt.Errorf("%w: traffic %v must be a finite number ≥ 0", ErrInvalid, a)
	case a > 0 && q.AHT <= 0:
		return model{}, fmt.Errorf("%w: handle time %v must be positive", ErrInvalid, q.AHT)
	case q.Patience < 0:
		return model{}, fmt.Errorf("%w: patience %v must be ≥ 0 (0 = callers never abandon)", ErrInvalid, q.Patience)
	case q.Concurrency < 0:
		return model{}, fmt.Errorf("%w: concurrency %d must be ≥ 0", ErrInvalid, q.Concurrency)
	case answerTime < 0:
		return model{}, fmt.Errorf("%w: answer time %v must be ≥ 0", ErrInvalid, answerTime)
	}
	m := model{a: a, aht: q.AHT.Seconds(), c: max(q.Concurrency, 1)}
	if m.aht > 0 {
		m.t = answerTime.Seconds() / m.aht
		if q.Patience > 0 {
			m.g = m.aht / q.Patience.Seconds()
		}
	}
	return m, nil
}

// eval returns the metrics with n servers, given rPrev = 1/B(n−1, a)
// (ignored when n = 0).
func (m model) eval(n int, rPrev float64) rawMetrics {
	var r rawMetrics
	switch {
	case m.a == 0:
		r.serviceLevel = 1
		return r
	case n == 0 && m.g > 0:
		// everybody abandons
		r.pWait, r.pAbandon, r.avgWait = 1, 1, 1/m.g
		return r
	case m.g > 0:
		return erlangA(m.a, n, m.g, m.t, rPrev)
	case float64(n) <= m.a:
		r.overloaded = true
		r.pWait, r.occupancy = 1, 1
		r.asa, r.avgWait = math.Inf(1), math.Inf(1)
		return r
	}
	nf := float64(n)
	c := erlangCFromInv(m.a, n, math.FMA(nf/m.a, rPrev, 1))
	r.pWait = c
	r.serviceLevel = clamp01(1 - c*math.Exp(-(nf-m.a)*m.t))
	r.asa = c / (nf - m.a)
	r.avgWait = r.asa
	r.occupancy = m.a / nf
	return r
}

func (m model) duration(aht float64) time.Duration {
	s := aht * m.aht * 1e9
	if !(s < float64(math.MaxInt64)) {
		return Unbounded
	}
	return time.Duration(math.Round(s))
}

// metrics converts raw metrics of n servers into Metrics of agents.
func (m model) metrics(n int, r rawMetrics, q Queue, answerTime time.Duration) Metrics {
	return Metrics{
		Agents:         n / m.c,
		Traffic:        q.Traffic,
		AnswerTime:     answerTime,
		PWait:          r.pWait,
		ServiceLevel:   r.serviceLevel,
		ASA:            m.duration(r.asa),
		AvgWait:        m.duration(r.avgWait),
		ASASeconds:     r.asa * m.aht,
		AvgWaitSeconds: r.avgWait * m.aht,
		PAbandon:       r.pAbandon,
		Occupancy:      math.Min(r.occupancy, 1),
		Overloaded:     r.overloaded,
	}
}

// walk steps the recursion for 1/B(k, a) upwards, so that a search over N
// costs one pass.
type walk struct {
	a float64
	k int
	r float64 // 1/B(k, a)
}

// walk returns a walk positioned to reach n (and anything above it) exactly.
func (m model) walk(n int) *walk {
	if m.a == 0 {
		return &walk{r: 1}
	}
	k, r := recursionStart(m.a, max(n, 0))
	return &walk{a: m.a, k: k, r: r}
}

// to returns 1/B(n, a) for n ≥ the n the walk was made for; 1 for n ≤ 0.
func (w *walk) to(n int) float64 {
	if n <= 0 || w.a == 0 {
		return 1
	}
	if n < w.k {
		*w = walk{a: w.a}
		w.k, w.r = recursionStart(w.a, n)
	}
	for w.k < n {
		if math.IsInf(w.r, 1) { // B underflowed; it stays 0
			w.k = n
			break
		}
		// 64 steps at a time between overflow checks
		k, r := w.k, w.r
		for stop := min(n, k+64); k < stop; {
			k++
			r = math.FMA(float64(k)/w.a, r, 1)
		}
		w.k, w.r = k, r
	}
	return w.r
}

// prevInv returns 1/B(n−1, a), or 1 for n ≤ 1.
func (m model) prevInv(n int) float64 {
	if n <= 1 || m.a == 0 {
		return 1
	}
	return invBlocking(m.a, n-1)
}

// Evaluate returns the metrics of queue q staffed with n agents, the
// service level taken at answerTime. For chat, n agents are n×Concurrency
// servers. With abandonment (Patience > 0) it uses Erlang A, otherwise
// Erlang C; see the package documentation for the formulas. When n agents
// cannot carry the traffic under Erlang C, it returns the metrics with
// Overloaded set and an error wrapping ErrOverloaded.
func Evaluate(q Queue, n int, answerTime time.Duration) (Metrics, error) {
	m, err := newModel(q, answerTime)
	if err != nil {
		return Metrics{}, err
	}
	if n < 0 {
		return Metrics{}, fmt.Errorf("%w: agents %d must be ≥ 0", ErrInvalid, n)
	}
	s := n * m.c
	r := m.eval(s, m.prevInv(s))
	out := m.metrics(s, r, q, answerTime)
	if r.overloaded {
		return out, fmt.Errorf("%w: %d agents for %.4g Erlangs", ErrOverloaded, n, float64(q.Traffic))
	}
	return out, nil
}

// EvaluateRange returns the metrics for every number of agents from lo to
// hi inclusive, in one pass of the Erlang B recursion. Overloaded rows are
// included with Overloaded set; they are not an error here.
func EvaluateRange(q Queue, lo, hi int, answerTime time.Duration) ([]Metrics, error) {
	m, err := newModel(q, answerTime)
	if err != nil {
		return nil, err
	}
	if lo < 0 || hi < lo {
		return nil, fmt.Errorf("%w: agent range %d..%d", ErrInvalid, lo, hi)
	}
	out := make([]Metrics, 0, hi-lo+1)
	w := m.walk(lo*m.c - 1)
	for n := lo; n <= hi; n++ {
		s := n * m.c
		out = append(out, m.metrics(s, m.eval(s, w.to(s-1)), q, answerTime))
	}
	return out, nil
}
