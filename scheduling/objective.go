package scheduling

import "math"

// A roster's objective is
//
//	Σ paid in-house hours × their price + Σ overtime hours × the overtime price
//	  + Σ vendor hours × the vendor's price
//	  + Σ_t U·(r_t − net_t)⁺ + O·(net_t − r_t)⁺
//	  + C · Σ_agents Σ_successive working days |start_i − start_{i+1}|,
//
// with r_t the target of interval t (Demand.Target), net_t the staff on the
// phones (in-house agents on shift less those on a break, plus vendor
// staff), and U and O the costs of one agent short or over for one interval
// (Costs), C the cost per hour of start-time change
// (Rules.StartTimeChangeCost) and start_i the clock time of the agent's
// i-th shift of the horizon (pattern.clock). A shift's overtime
// (Overtime) is on the phones like the rest of it, in net_t, and its
// price is part of the shift's pay (shiftPay, pattern.cost). staffCost is its
// per-interval term, startChange its per-agent term and startDelta what
// one shift adds to it; every search phase prices a shift with both
// (state.shiftGain, state.plusPay). Solution's figures are summed
// from the roster's coverage (score), and the search's own running cost of
// a roster with its vendors placed exactly on top (trueCost) must equal them;
// TestObjectiveAgrees checks it on random rosters.
//
// The search phases steer by other prices (a pricing value: vendors priced
// into the shortfall, vendor staff reserved on top) and may relax the
// auto-peak rule (an autoPeakRule); a phase builds the pricing and the rule
// it works under and leaves the model as it was. Whatever a phase finds is
// kept only when its true objective is lower (search.better).

// staffCost is the understaffing and overstaffing cost of interval t with
// net staff on the phones, vendors included.
func (m *model) staffCost(t, net int) float64 {
	r := m.target[t]
	return m.under*float64(max(0, r-net)) + m.over*float64(max(0, net-r))
}

// startChange is the start-time term of one agent's row: C times the
// hours between the start times of successive working days, summed, with
// the hours summed in hours. Successive working days are the agent's
// shifts in day order, days off between them skipped: a start time that
// changes over a weekend off counts as a change too. This is the
// start-time (shift-start) consistency of the rostering literature's soft
// constraints, priced per hour of change as issue 21 asks; Burke, De
// Causmaecker, Vanden Berghe and Van Landeghem (2004), "The state of the
// art of nurse rostering", J. Scheduling 7(6), list such shift-pattern
// preferences among the soft constraints of personnel rosters.
func (m *model) startChange(row []placed) (cost, hours float64) {
	prev := -1.0
	for _, p := range row {
		if p.pat < 0 {
			continue
		}
		c := m.pats[p.pat].clock
		if prev >= 0 {
			hours += math.Abs(c - prev)
		}
		prev = c
	}
	return m.p.Rules.StartTimeChangeCost * hours, hours
}

// startDelta is what agent a's start-time term rises by when day d, off
// (whatever row[d] holds is read as off), takes pattern j: with p and n the
// start times of the nearest working days before and after d,
// C·(|p − j| + |j − n| − |p − n|), the terms of a missing neighbour
// dropped.
func (m *model) startDelta(row []placed, d, j int) float64 {
	c := m.p.Rules.StartTimeChangeCost
	if c == 0 || j < 0 {
		return 0
	}
	x := m.pats[j].clock
	prev, next := math.NaN(), math.NaN()
	for k := d - 1; k >= 0; k-- {
		if row[k].pat >= 0 {
			prev = m.pats[row[k].pat].clock
			break
		}
	}
	for k := d + 1; k < len(row); k++ {
		if row[k].pat >= 0 {
			next = m.pats[row[k].pat].clock
			break
		}
	}
	h := 0.0
	if !math.IsNaN(prev) {
		h += math.Abs(x - prev)
	}
	if !math.IsNaN(next) {
		h += math.Abs(next - x)
	}
	if !math.IsNaN(prev) && !math.IsNaN(next) {
		h -= math.Abs(next - prev)
	}
	return c * h
}

// shiftPay is the pay of one shift of template tp with otHours of
// overtime: its paid hours at the template's hourly price (hourlyCost)
// plus the overtime hours at Overtime.CostPerHour (the template's price
// when that is 0). The first term of the objective is the sum of it over
// the roster's shifts; otCost is its overtime part.
func (m *model) shiftPay(tp ShiftTemplate, otHours float64) (pay, otCost float64) {
	price := tp.hourlyCost(m.p.Costs)
	otPrice := m.p.Overtime.CostPerHour
	if otPrice == 0 {
		otPrice = price
	}
	otCost = otHours * otPrice
	return tp.PaidHours()*price + otCost, otCost
}

// blockCost is what vendor block b costs.
func (m *model) blockCost(b vblock) float64 {
	return float64(b.end-b.start) * m.p.Vendors[b.v].CostPerHour * m.dh
}

// blocksCost is the staffing cost of in-house net n with vendor blocks on
// top, plus the blocks' price, plus the rule's penalty for every auto-peak
// vendor agent at an interval where n meets the target.
func (m *model) blocksCost(n []int, blocks []vblock, rule autoPeakRule) float64 {
	x := 0.0
	for _, b := range blocks {
		x += m.blockCost(b)
	}
	if rule.penalty > 0 {
		for _, b := range blocks {
			for t := b.start; t < b.end; t++ {
				x += m.penAt(b.v, t, n, rule)
			}
		}
	}
	for t, v := range countBlocks(append([]int(nil), n...), blocks) {
		x += m.staffCost(t, v)
	}
	return x
}

// pricing is what the in-house search pays for interval t with n in-house
// agents on the phones (cost). Its zero value, with m set, is plain:
// staffCost, the objective's own term. The search phases that plan around
// vendors build their own:
//
//   - vendor-priced (vendorPricing): the first vk[t] agents short at t cost
//     vw[t], the cheapest vendor's price there, instead of U, so that the
//     roster may leave the holes that vendors fill for less;
//   - reserved (reservedPricing): vendor staff fix[t] are on top of the
//     in-house agents; rel[t] of them work under windows that do not
//     depend on the in-house roster and are released where it covers the
//     target, crediting relW[t] each (an in-house hour costs less than a
//     vendor's); where reserved staff may work only as an auto peak, every
//     in-house agent from the target up costs one agent short (or the
//     rule's lower penalty), since their block may stay only where the
//     roster is short.
type pricing struct {
	m *model
	// vendor-priced shortfall
	vw []float64
	vk []int
	// reserved vendor staff
	fix, rel []int
	relW     []float64
	autoPen  float64
}

// cost is the cost of interval t with n in-house agents on the phones.
func (pr *pricing) cost(t, n int) float64 {
	m := pr.m
	r := m.target[t]
	if pr.fix != nil && pr.fix[t] > 0 {
		rel := min(pr.rel[t], max(0, n+pr.fix[t]-r))
		c := m.staffCost(t, n+pr.fix[t]-rel) - float64(rel)*pr.relW[t]
		if n >= r && pr.rel[t] < pr.fix[t] {
			pen := m.under
			if pr.autoPen > 0 {
				pen = min(pen, pr.autoPen)
			}
			c += pen * float64(n-r+1)
		}
		return c
	}
	if n < r {
		short := r - n
		c := 0.0
		if pr.vw != nil {
			q := min(short, pr.vk[t])
			c, short = float64(q)*pr.vw[t], short-q
		}
		return c + m.under*float64(short)
	}
	return m.over * float64(n-r)
}

// sumGain is g plus gain(t, n[t]) for t in [lo, hi), added one by one in
// t order (the same float as the loop over gain), with the plain and
// vendor-priced cases inline: the search spends most of its time here.
func (pr *pricing) sumGain(g float64, lo, hi int, n []int) float64 {
	if pr.fix != nil {
		for t := lo; t < hi; t++ {
			g += pr.gain(t, n[t])
		}
		return g
	}
	m := pr.m
	target := m.target[lo:hi]
	nn := n[lo:hi]
	if pr.vw == nil {
		for i, r := range target {
			if nn[i] < r {
				g += m.under
			} else {
				g += -m.over
			}
		}
		return g
	}
	vw, vk := pr.vw[lo:hi], pr.vk[lo:hi]
	for i, r := range target {
		switch {
		case nn[i] >= r:
			g += -m.over
		case r-nn[i] <= vk[i]:
			g += vw[i]
		default:
			g += m.under
		}
	}
	return g
}

// gain is what one more agent at t saves: cost(t, n) − cost(t, n+1).
func (pr *pricing) gain(t, n int) float64 {
	m := pr.m
	r := m.target[t]
	if pr.fix != nil && pr.fix[t] > 0 {
		return pr.cost(t, n) - pr.cost(t, n+1)
	}
	if n < r {
		if pr.vw != nil && r-n <= pr.vk[t] {
			return pr.vw[t]
		}
		return m.under
	}
	return -m.over
}

// vendorPricing prices each interval's shortfall, up to the vendors'
// summed caps, at the cheapest vendor that may work there (every interval
// with a target under peaks.auto) when that is cheaper than
// understaffing. It reports whether any interval got a price.
func (m *model) vendorPricing() (*pricing, bool) {
	pr := &pricing{m: m}
	any := false
	for vi, v := range m.p.Vendors {
		if !m.vendorPays(vi) {
			continue
		}
		w := v.CostPerHour * m.dh
		if pr.vw == nil {
			pr.vw, pr.vk = make([]float64, m.T), make([]int, m.T)
		}
		for t, ok := range m.vendorAllowed(vi, nil, droppedRule) {
			if ok {
				if pr.vk[t] == 0 || w < pr.vw[t] {
					pr.vw[t] = w
				}
				pr.vk[t] += v.MaxAgents
				any = true
			}
		}
	}
	return pr, any
}

// reservedPricing fixes the vendor staff of blocks on top of the
// in-house roster and marks which of them may be released: those whose
// window does not depend on the in-house roster under rule. Released
// staff are a proxy: the blocks are placed afresh, exactly, on the result
// (placeVendors), which keeps their minimum length.
func (m *model) reservedPricing(blocks []vblock, rule autoPeakRule) *pricing {
	pr := &pricing{m: m, fix: countBlocks(make([]int, m.T), blocks), rel: make([]int, m.T), relW: make([]float64, m.T), autoPen: rule.penalty}
	for _, b := range blocks {
		w := m.p.Vendors[b.v].CostPerHour * m.dh
		for t := b.start; t < b.end; t++ {
			if !m.onlyAuto(b.v, t, rule) {
				pr.rel[t]++
				pr.relW[t] = math.Max(pr.relW[t], w)
			}
		}
	}
	return pr
}

// autoPeakRule is how a search phase holds auto-peak vendors to their rule,
// that they work only where the in-house roster leaves the target unmet.
// The zero value is the rule itself (exactRule). dropped lets them work
// wherever there is a target, as if contracted there; penalty > 0 lets
// them too, at that price per vendor agent and interval where the in-house
// roster meets the target (see loosenAutoPeaks).
type autoPeakRule struct {
	dropped bool
	penalty float64
}

var (
	exactRule   = autoPeakRule{}
	droppedRule = autoPeakRule{dropped: true}
)

// loose reports whether auto-peak vendors may work wherever there is a
// target.
func (r autoPeakRule) loose() bool { return r.dropped || r.penalty > 0 }

// vendorAllowed marks the intervals vendor vi may work over in-house net
// n under rule: those of its windows (vwin), and for a peak vendor under
// peaks.auto those where n is short, or, with a loose rule, every
// interval with a target of at least one (n may then be nil).
func (m *model) vendorAllowed(vi int, n []int, rule autoPeakRule) []bool {
	ok := append([]bool(nil), m.vwin[vi]...)
	if m.p.Vendors[vi].Peak && m.p.Peaks.Auto {
		for t := range ok {
			if (rule.loose() && m.target[t] > 0) || (!rule.loose() && n[t] < m.target[t]) {
				ok[t] = true
			}
		}
	}
	return ok
}

// onlyAuto reports whether, under rule, vendor vi may work interval t
// only as an auto peak, that is only while the in-house roster leaves it
// short.
func (m *model) onlyAuto(vi, t int, rule autoPeakRule) bool {
	return m.p.Vendors[vi].Peak && m.p.Peaks.Auto && !m.vwin[vi][t] && !rule.dropped
}

// penAt is the rule's penalty that one agent of vendor vi pays at interval
// t over in-house net n: where n meets the target and the vendor may work
// there only as an auto peak.
func (m *model) penAt(vi, t int, n []int, rule autoPeakRule) float64 {
	if rule.penalty > 0 && n[t] >= m.target[t] && m.onlyAuto(vi, t, rule) {
		return rule.penalty
	}
	return 0
}

// vendorPays reports whether vendor vi can ever lower the objective: it
// has agents, and one of them costs less than an agent short.
func (m *model) vendorPays(vi int) bool {
	v := m.p.Vendors[vi]
	return v.MaxAgents > 0 && v.CostPerHour*m.dh < m.under
}
