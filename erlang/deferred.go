package erlang

import (
	"fmt"
	"math"
	"time"
)

// DeferredPlan is the staffing of deferred work (email, tickets) interval
// by interval; see [DeferredStaffing].
type DeferredPlan struct {
	// Agents are the fractional agents per interval: work handled in the
	// interval (contacts × AHT) / interval length, all of it productive
	// time; apply shrinkage with [Staff].
	Agents []float64
	// Whole is Agents rounded up. Working FIFO, the extra capacity only
	// finishes work earlier, so every deadline is still met.
	Whole []int
	// Backlog is the number of contacts arrived but not yet handled at the
	// end of each interval under the fractional plan.
	Backlog []float64
}

// DeferredStaffing returns agents per interval so that every contact is
// handled within respondWithin of its arrival, carrying backlog from
// interval to interval. volumes[i] contacts arrive in interval i of the
// given length; each takes aht to handle.
//
// Rule. Work is handled first-in first-out and may start in the interval it
// arrives (a fluid view of arrivals within an interval). Contacts arriving
// in interval i are due by the end of interval i+d−1, d = ⌊respondWithin /
// interval⌋ — the deadline of the interval's first arrival, so no contact
// waits longer than respondWithin. With W(k) the contacts handled by the
// end of interval k−1, a plan is feasible iff
//
//	Σ_{i<k−d+1} volumes[i]  ≤  W(k)  ≤  Σ_{i<k} volumes[i]   for every k,
//
// (due work done; no work done before it arrives). Among feasible plans
// that handle exactly what is due by the end of the horizon, it returns the
// taut string between these two cumulative curves: the shortest path from
// (0, 0) to the final due point. That path minimises the peak staffing and,
// at once, every convex cost of the per-interval staffing (sum of squares,
// variance…): it is the minimal-energy schedule of Yao, Demers & Shenker
// ("A scheduling model for reduced CPU energy", FOCS 1995) for jobs whose
// deadlines follow their arrivals, and the taut string of Barlow,
// Bartholomew, Bremner & Brunk (1972). Work not yet due at the end of the
// horizon stays in the last Backlog.
//
// respondWithin must be at least one interval; for shorter targets use
// Erlang C with an answer time.
func DeferredStaffing(volumes []float64, aht, interval, respondWithin time.Duration) (DeferredPlan, error) {
	switch {
	case interval <= 0:
		return DeferredPlan{}, fmt.Errorf("%w: interval %v must be positive", ErrInvalid, interval)
	case aht <= 0:
		return DeferredPlan{}, fmt.Errorf("%w: handle time %v must be positive", ErrInvalid, aht)
	case respondWithin < interval:
		return DeferredPlan{}, fmt.Errorf("%w: response target %v is shorter than the %v interval; use an answer-time target instead", ErrInvalid, respondWithin, interval)
	}
	n := len(volumes)
	arrived := make([]float64, n+1) // arrived[k] = Σ_{i<k} volumes[i]
	for i, v := range volumes {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return DeferredPlan{}, fmt.Errorf("%w: interval %d: volume %v must be a finite number ≥ 0", ErrInvalid, i, v)
		}
		arrived[i+1] = arrived[i] + v
	}
	d := int(respondWithin / interval)
	due := func(k int) float64 {
		if k-d+1 <= 0 {
			return 0
		}
		return arrived[k-d+1]
	}
	// Greedy taut string: from the current vertex, narrow the funnel of
	// feasible slopes; when it closes, bend at the vertex that closed it.
	done := make([]float64, n+1)
	p, wp := 0, 0.0
	for p < n {
		lo, hi := math.Inf(-1), math.Inf(1)
		jlo, jhi := p, p
		next, wnext, slope := n, due(n), 0.0
		for j := p + 1; j <= n; j++ {
			span := float64(j - p)
			l := (due(j) - wp) / span
			u := (arrived[j] - wp) / span
			if j == n {
				u = l // the string ends on the final due point
			}
			if l > hi { // must bend up at the upper vertex jhi
				next, wnext, slope = jhi, arrived[jhi], hi
				break
			}
			if u < lo { // must bend down at the lower vertex jlo
				next, wnext, slope = jlo, due(jlo), lo
				break
			}
			if l >= lo {
				lo, jlo = l, j
			}
			if u <= hi {
				hi, jhi = u, j
			}
			if j == n {
				slope = l
			}
		}
		for k := p + 1; k <= next; k++ {
			done[k] = wp + slope*float64(k-p)
		}
		done[next] = wnext
		p, wp = next, wnext
	}
	plan := DeferredPlan{
		Agents:  make([]float64, n),
		Whole:   make([]int, n),
		Backlog: make([]float64, n),
	}
	perContact := aht.Seconds() / interval.Seconds()
	for i := range n {
		work := math.Max(done[i+1]-done[i], 0)
		plan.Agents[i] = work * perContact
		plan.Whole[i] = roundUp(plan.Agents[i])
		plan.Backlog[i] = math.Max(arrived[i+1]-done[i+1], 0)
	}
	return plan, nil
}
