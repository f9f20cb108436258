package scheduling

import (
	"math"
	"sort"
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
// best roster's objective. Breaks are relaxed as in the implicit model of
// Bechtold & Jacobs (1990): a shift's break may be split over the
// placements in its window, which only adds columns. Vendor staff enter as
// blocks of at least MinBlock at their price, at most MaxAgents of a vendor
// at once, inside the widest windows they could get: under peaks.auto every
// interval whose target is at least one (an auto peak is where the
// in-house net falls short of the target, which a target of zero never
// is).
//
// By LP duality (e.g. Vanderbei, Linear Programming, ch. 5) every y with
// −O ≤ y_t ≤ U and, for every shift and every placement of its breaks,
// Σ_{t covered} y_t ≤ c_j, together with μ_v ≥ 0 such that every block
// of vendor v has Σ_{t∈block} (y_t − w_v − μ_vt) ≤ 0, gives the bound
// Σ_t r_t y_t − Σ_v K_v Σ_t μ_vt, where w_v is vendor v's price per
// agent-interval and K_v its cap (blockPenalty finds μ, or lowers y_t
// instead where r_t < K_v makes that cheaper). The PDHG runs that look for
// y (with the vendors priced per interval, without them, and with their
// blocks as columns under the cap rows) only propose it: certify alone
// decides the bound, so none of them can make it invalid, and
// TestLowerBoundBelowBruteForce checks it against exact optima. A good y comes from the
// primal-dual hybrid gradient method (pdhgBound); whatever y it ends with
// is then made feasible by scaling down its positive entries on every
// violated shift (the constraints are monotone in y, so each repair keeps
// the earlier ones), and only then summed: the bound is valid however far
// the method got. It stops at deadline. Last, the Lagrangian relaxation
// of lagrangeBound, started from the best certified y, may raise the bound:
// it keeps each agent's own rules, and is valid at any y.
func LowerBound(p Problem, deadline time.Time) (float64, error) {
	m, err := newModel(&p)
	if err != nil {
		return 0, err
	}
	lb, _ := m.lowerBound(deadline)
	return lb, nil
}

// lowerBound is LowerBound on the model, with the covering LP's shift
// counts of the run whose bound counted, for Solve's LP-rounded start.
func (m *model) lowerBound(deadline time.Time) (float64, []float64) {
	b, vds, lp := m.lpBound(deadline)
	if lp.y != nil {
		if l := m.lagrangeBound(lp.y, vds, deadline, 300); l > b {
			b = l
		}
	}
	return clampBound(b), lp.x
}

// lpRun is what the PDHG runs of the covering LP learnt: the bound, the
// LP's shift counts x, whether the run stopped within 0.01 % of a primal
// value that meets every row, and the certified dual y with the best bound
// yb.
type lpRun struct {
	bound     float64
	x         []float64
	converged bool
	y         []float64
	yb        float64
}

// keepY keeps y as the run's dual when its bound b is the best so far.
func (r *lpRun) keepY(y []float64, b float64) {
	if r.y == nil || b > r.yb {
		r.y, r.yb = append(r.y[:0], y...), b
	}
}

// lpBound is the best certified bound of the covering LP's PDHG runs, the
// vendors as the relaxation sees them, and the runs' shift counts and best
// dual: up to three runs, one priced with the vendors interval by
// interval, and, when there are vendors, one without them, whose vendor
// term the minimum block keeps small when peaks are short, and one with the
// blocks as columns. All are certified against the same relaxation; the
// best bound counts.
func (m *model) lpBound(deadline time.Time) (float64, []vendorDual, lpRun) {
	var vds []vendorDual
	vat := make([][]vcap, m.T)
	for vi, v := range m.p.Vendors {
		if !m.vendorPays(vi) {
			continue // never cheaper than understaffing
		}
		w := v.CostPerHour * m.dh
		vd := vendorDual{allowed: m.vendorAllowed(vi, nil, droppedRule), w: w, k: float64(v.MaxAgents), minLen: max(1, int(v.MinBlock/m.p.Demand.Interval))}
		vds = append(vds, vd)
		for t, ok := range vd.allowed {
			if ok {
				vat[t] = append(vat[t], vcap{w: w, k: vd.k})
			}
		}
	}
	for t := range vat {
		sort.Slice(vat[t], func(a, b int) bool { return vat[t][a].w < vat[t][b].w })
	}
	r1 := m.pdhgBound(deadline, vat, vds, 200000, false)
	out := r1
	if len(vds) == 0 {
		return out.bound, vds, out
	}
	best := func(r lpRun) {
		if r.y != nil && (out.y == nil || r.yb > out.yb) {
			out.y, out.yb = r.y, r.yb
		}
	}
	lp := r1.x
	r2 := m.pdhgBound(deadline, make([][]vcap, m.T), vds, 200000, false)
	best(r2)
	out.x = r2.x
	if r2.bound > out.bound {
		out.bound, lp = r2.bound, r2.x
	}
	// Unless that bound reached the LP without vendors (whose primal value
	// its stopping rule measures: then vendors are worth nothing to the
	// LP), one more with the vendors' blocks as columns, whose dual prices
	// the blocks and the caps together.
	if r2.converged {
		if r2.bound < out.bound {
			out.x = lp
		}
		return out.bound, vds, out
	}
	r3 := m.pdhgBound(deadline, make([][]vcap, m.T), vds, 200000, true)
	best(r3)
	if r3.bound > out.bound {
		out.bound, out.x = r3.bound, r3.x
	} else {
		out.x = lp
	}
	return out.bound, vds, out
}

// clampBound turns "no bound found" into the trivial bound 0.
func clampBound(b float64) float64 {
	if math.IsInf(b, -1) {
		return 0
	}
	return b
}

// vendorDual is a vendor in the relaxation: where it may work, its price
// per agent-interval, its cap and its minimum block in intervals.
type vendorDual struct {
	allowed []bool
	w, k    float64
	minLen  int
}

// blockPenalty makes every block of at least minLen allowed intervals
// satisfy Σ (y_t − w − μ_t) ≤ 0 and returns what that costs the bound:
// the dual price of the vendor's cap, K·Σ_t μ_t; the δ_t ≥ 0 it takes off
// y_t instead (in place) cost Σ_t r_t·δ_t through Σ r y. Scanning each run of
// allowed intervals, an excess e over the blocks that end at t is removed
// at t, by μ_t += e (costing K·e) or, where r_t < K, by y_t −= e (costing
// r_t·e, as far as y_t ≥ −O allows). Lowering y keeps every shift's
// constraint and every other vendor's (they are monotone in y), so any
// such choice keeps the bound valid; the cheaper one is taken.
func (vd vendorDual) blockPenalty(y []float64, r []int, lo float64) float64 {
	cost := 0.0
	var pre []float64
	for t := 0; t < len(y); {
		if !vd.allowed[t] {
			t++
			continue
		}
		pre = append(pre[:0], 0)
		minP := math.Inf(1)
		for ; t < len(y) && vd.allowed[t]; t++ {
			p := pre[len(pre)-1] + y[t] - vd.w
			b := len(pre) // prefix index of p
			if b-vd.minLen >= 0 {
				minP = math.Min(minP, pre[b-vd.minLen])
			}
			if p > minP {
				e := p - minP
				if rt := float64(r[t]); rt < vd.k {
					d := math.Min(e, math.Max(0, y[t]-lo))
					y[t] -= d // costs r_t·d in Σ r y
					e -= d
				}
				cost += vd.k * e
				p = minP
			}
			pre = append(pre, p)
		}
	}
	return cost
}

// vcap is a vendor's price per agent-interval and cap at one interval.
type vcap struct{ w, k float64 }

// shortCost is the cheapest cost of z agents short at one interval:
// vendors first, cheapest first, up to their caps, the rest understaffed.
func (m *model) shortCost(z float64, vs []vcap) float64 {
	c := 0.0
	for _, v := range vs {
		if z <= 0 {
			break
		}
		q := math.Min(z, v.k)
		c += q * v.w
		z -= q
	}
	return c + math.Max(0, z)*m.under
}

// certify makes the dual vector y feasible in place (see LowerBound) and
// returns its bound Σ r_t y_t less each vendor's blockPenalty.
//
// extra, when set, adds the capacity rows' prices to each shift's pay and
// capTerm = Σ cap·price is then subtracted (see capacityRows).
func (m *model) certify(y []float64, extra []float64, capTerm float64, vds []vendorDual) float64 {
	for t := range y {
		y[t] = math.Max(-m.over, math.Min(m.under, y[t]))
	}
	// Patterns: Σ over the shift less its breaks placed where y is least
	// must not exceed the pay.
	for j := range m.pats {
		pt := &m.pats[j]
		for iter := 0; ; iter++ {
			g, mask := m.worstPlacement(pt, y)
			c := pt.cost
			if extra != nil {
				c += extra[j]
			}
			if g <= c {
				break
			}
			if iter > 50 { // a last resort that is always feasible
				for t := pt.start; t < pt.start+pt.n; t++ {
					y[t] = 0
				}
				break
			}
			shrinkPositive(y, pt.start, pt.start+pt.n, mask, g-c)
		}
	}
	b := 0.0
	for _, vd := range vds {
		b -= vd.blockPenalty(y, m.target, -m.over)
	}
	for t, v := range y {
		b += float64(m.target[t]) * v
	}
	return b - capTerm
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

// capRow is a headcount constraint of the relaxation: Σ coef·x_j ≤ cap
// over the shifts j it names.
type capRow struct {
	cap float64
	abs float64 // Σ |coef|, for the preconditioner
}

// rowCoef is one shift's coefficient in a capRow.
type rowCoef struct {
	row  int
	coef float64
}

// capacityRows are constraints every roster meets, so adding them keeps
// LowerBound a relaxation: on each day at most as many shifts as agents
// available that day (an agent works at most one shift a day); in each
// week at most Σ_a the shifts agent a can work (its available days, less
// the days off in a full week, and no more than its maximum weekly hours
// allow at the shortest paid shift it may work); and, when every agent has
// a weekly maximum, at most Σ_a of those hours. Their prices enter the
// dual as Σ_t y_t ≤ c_j + Σ_rows coef·price and −Σ cap·price.
func (m *model) capacityRows() ([]capRow, [][]rowCoef) {
	var rows []capRow
	of := make([][]rowCoef, len(m.pats))
	dayRow := make([]int, len(m.days))
	for d := range m.days {
		n := 0
		for _, ai := range m.agents {
			if !ai.unavail[d] {
				n++
			}
		}
		dayRow[d] = len(rows)
		rows = append(rows, capRow{cap: float64(n)})
	}
	weekRow := make([]int, m.weeks)
	hourRow := make([]int, m.weeks)
	for w := 0; w < m.weeks; w++ {
		shifts, hours, allMax := 0.0, 0.0, true
		for _, ai := range m.agents {
			days := 0
			for d := 7 * w; d < 7*w+7 && d < len(m.days); d++ {
				if !ai.unavail[d] {
					days++
				}
			}
			days = min(days, ai.workDays[w])
			if ai.maxH > 0 {
				shortest := math.Inf(1)
				for k, tp := range m.p.Templates {
					if ai.allowed[k] && tp.PaidHours() > 0 {
						shortest = math.Min(shortest, tp.PaidHours())
					}
				}
				if !math.IsInf(shortest, 1) {
					days = min(days, int(math.Floor(ai.maxH/shortest+1e-9)))
				}
				hours += ai.maxH
			} else {
				allMax = false
			}
			shifts += float64(days)
		}
		weekRow[w] = len(rows)
		rows = append(rows, capRow{cap: shifts})
		hourRow[w] = -1
		if allMax {
			hourRow[w] = len(rows)
			rows = append(rows, capRow{cap: hours})
		}
	}
	for j := range m.pats {
		pt := &m.pats[j]
		w := m.days[pt.day].week
		of[j] = append(of[j], rowCoef{dayRow[pt.day], 1}, rowCoef{weekRow[w], 1})
		if hourRow[w] >= 0 {
			of[j] = append(of[j], rowCoef{hourRow[w], pt.hours})
		}
	}
	for j := range of {
		for _, rc := range of[j] {
			rows[rc.row].abs += rc.coef
		}
	}
	return rows, of
}
