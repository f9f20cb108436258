package scheduling

import (
	"math"
	"time"
)

// LowerBound returns a proven lower bound on the objective of every roster
// for p, and so on the optimum: Solution.Gap is measured against it.
//
// The relaxation forgets who works a shift. With x_j ≥ 0 the number of
// shifts of pattern j (a template started at one time on one day, pay c_j)
// and u_t, v_t the agents short and over at interval t, the roster problem
// is relaxed to the covering LP
//
//	min Σ_j c_j x_j + Σ_t U u_t + Σ_t O v_t + vendor blocks
//	s.t. Σ_j a_tj x_j + u_t − v_t = r_t for every interval t,
//
// with U and O the costs of one agent short or over for one interval and
// r_t = ⌈required_t⌉. Dropping the agents' identities also drops their
// weekly rules, availability and headcount, so its optimum is at most the
// best roster's objective. Breaks are relaxed by letting each break of a
// shift take any place in its window, independently of the others: a
// column for every placement, which only adds columns. Vendor staff are
// columns for every block of at least MinBlock inside the widest windows
// they could get (every interval under peaks.auto), with MaxAgents dropped.
//
// By LP duality (e.g. Vanderbei, Linear Programming, ch. 5) every y with
// −O ≤ y_t ≤ U, Σ_{t∈j} y_t ≤ c_j for every placed pattern and
// Σ_{t∈block} y_t ≤ block cost for every vendor block gives the bound
// Σ_t r_t y_t. A good y comes from minimising a smoothed primal (the hinge
// U·max(0, r−cov) + O·max(0, cov−r) replaced by a Huber-like function of
// width μ, μ shrinking from 1 to 0.02) by exact coordinate descent on the
// x_j: y_t is the smoothed hinge's slope, the shadow price of interval t.
// Whatever y that ends with is then made feasible by scaling down its
// positive entries on every violated column (the constraints are monotone
// in y, so each repair keeps the earlier ones), and only then summed: the
// bound is valid however far the descent got. It stops at deadline.
func LowerBound(p Problem, deadline time.Time) (float64, error) {
	m, err := newModel(&p)
	if err != nil {
		return 0, err
	}
	return m.lowerBound(deadline), nil
}

func (m *model) lowerBound(deadline time.Time) float64 {
	price := make([]float64, m.T) // upper price per interval for the descent
	for t := range price {
		price[t] = m.under
	}
	var vcols []vendorCol
	for _, v := range m.p.Vendors {
		if v.MaxAgents == 0 {
			continue
		}
		vc := vendorCol{allowed: m.vendorAllowed(v, nil, true), w: v.CostPerHour * m.dh, minLen: max(1, int(v.MinBlock/m.p.Demand.Interval))}
		vcols = append(vcols, vc)
		for t, ok := range vc.allowed {
			if ok && vc.w < price[t] {
				price[t] = vc.w
			}
		}
	}
	b := m.pdhgBound(deadline, price, vcols, 200000)
	if math.IsInf(b, -1) {
		return 0
	}
	return b
}

type vendorCol struct {
	allowed []bool
	w       float64
	minLen  int
}

// certify makes the dual vector y feasible in place (see LowerBound) and
// returns its bound Σ r_t y_t.
func (m *model) certify(y []float64, vcols []vendorCol) float64 {
	for t := range y {
		y[t] = math.Max(-m.over, math.Min(m.under, y[t]))
	}
	// Vendor blocks: every run of ≥ minLen allowed intervals must have
	// Σ (y_t − w) ≤ 0.
	for _, vc := range vcols {
		for iter := 0; iter < 10000; iter++ {
			bestVal, bs, be := 0.0, -1, -1
			for t := 0; t < m.T; {
				if !vc.allowed[t] {
					t++
					continue
				}
				r0 := t
				pre := []float64{0}
				for t < m.T && vc.allowed[t] {
					pre = append(pre, pre[len(pre)-1]+y[t]-vc.w)
					t++
				}
				minV, minI := math.Inf(1), 0
				for j := vc.minLen; j < len(pre); j++ {
					if pre[j-vc.minLen] < minV {
						minV, minI = pre[j-vc.minLen], j-vc.minLen
					}
					if val := pre[j] - minV; val > bestVal+1e-12 {
						bestVal, bs, be = val, r0+minI, r0+j
					}
				}
			}
			if bs < 0 {
				break
			}
			shrinkPositive(y, bs, be, nil, bestVal)
		}
	}
	// Patterns: Σ over the shift less its breaks placed where y is least
	// must not exceed the pay.
	for j := range m.pats {
		pt := &m.pats[j]
		for iter := 0; ; iter++ {
			g, mask := m.worstPlacement(pt, y)
			if g <= pt.cost {
				break
			}
			if iter > 50 { // a last resort that is always feasible
				for t := pt.start; t < pt.start+pt.n; t++ {
					y[t] = 0
				}
				break
			}
			shrinkPositive(y, pt.start, pt.start+pt.n, mask, g-pt.cost)
		}
	}
	b := 0.0
	for t, v := range y {
		b += float64(m.target[t]) * v
	}
	return b
}

// shrinkPositive lowers the positive y_t for t in [a, e) (skipping
// skip[t−a]) by a common factor so that their sum drops by excess.
func shrinkPositive(y []float64, a, e int, skip []bool, excess float64) {
	pos := 0.0
	for t := a; t < e; t++ {
		if (skip == nil || !skip[t-a]) && y[t] > 0 {
			pos += y[t]
		}
	}
	f := 0.0
	if pos > excess {
		f = (1 - excess/pos) * (1 - 1e-12)
	}
	for t := a; t < e; t++ {
		if (skip == nil || !skip[t-a]) && y[t] > 0 {
			y[t] *= f
		}
	}
}

// worstPlacement returns max over break placements of Σ y over the shift
// less its breaks, each break placed independently anywhere in its window,
// and the mask of the break intervals of the maximiser.
func (m *model) worstPlacement(pt *pattern, y []float64) (float64, []bool) {
	mask := make([]bool, pt.n)
	g := 0.0
	for t := pt.start; t < pt.start+pt.n; t++ {
		g += y[t]
	}
	for _, b := range pt.brk {
		best, at := math.Inf(1), b.lo
		for o := b.lo; o <= b.hi; o++ {
			s := 0.0
			for q := o; q < o+b.n; q++ {
				s += y[pt.start+q]
			}
			if s < best {
				best, at = s, o
			}
		}
		g -= best
		for q := at; q < at+b.n; q++ {
			mask[q] = true
		}
	}
	return g, mask
}
