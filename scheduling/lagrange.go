package scheduling

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"time"
)

// The Lagrangian bound relaxes only the coverage rows and keeps each
// agent's rules, so headcount, days off, weekly hours and rest bind agent
// by agent instead of through the aggregate capacity rows of the LP.
//
// With n_t the in-house staff and q_t the vendor staff at interval t, the
// understaffing and overstaffing cost of t is U·(r_t − n_t − q_t)⁺ +
// O·(n_t + q_t − r_t)⁺ ≥ y_t·(r_t − n_t − q_t) for every −O ≤ y_t ≤ U (a
// line through (r_t, 0) with slope between −U and O under a convex
// function of slopes −U and O). Summing over t, every roster costs at
// least
//
//	Σ_t r_t y_t − Σ_a (Σ_{t covered by a} y_t − pay_a) − Σ_blocks Σ_{t∈block} (y_t − w_v),
//
// and each agent's term is at most its best week (over the whole horizon)
// under any relaxation of its rules, P_a(y) = max over the agent's
// possible rosters of Σ_{t covered} y_t − pay, which is ≥ 0 (no shift at
// all) and found exactly by dynamic programming over the days (lagrangeDP).
// The vendor term is at most K_v Σ_t μ_vt with μ from blockPenalty, as in
// LowerBound. So, for every such y (Lagrangian relaxation: Fisher 1981,
// "The Lagrangian relaxation method for solving integer programming
// problems", Management Science 27(1)),
//
//	L(y) = Σ_t r_t y_t − Σ_v K_v Σ_t μ_vt − Σ_a P_a(y) ≤ every roster's objective.
//
// Its maximum over y is the value of the LP over each agent's convex hull
// of rosters (the column-generation LP over agent rosters), at least the
// covering LP with capacity rows. The rules kept are: one shift a day,
// the agent's templates and available days, overtime only for the
// contracts that take it and at most max_per_day a shift (the patterns
// with overtime are the extra columns), its maximum paid hours per week, at most 7 − days_off working days in a full week, and min_rest
// between shifts on consecutive days; minimum hours, consecutive days,
// consecutive days off and overtime's weekly cap are dropped (a relaxation, so the bound stays
// valid). Agents with the same rules share one DP. y is improved by
// projected subgradient steps (Polyak's step towards a target above the
// best value so far); every L(y) evaluated is a valid bound and the best
// counts. Where the covering LP's capacity rows already hold the agents'
// rules as tightly as a relaxation over whole weeks does, it adds nothing.
// lagrangeDP also serves Solve's whole-roster move (reoptimise).
func (m *model) lagrangeBound(y0 []float64, vds []vendorDual, deadline time.Time, iters int) float64 {
	ld := newLagrangeDP(m)
	if ld == nil {
		return math.Inf(-1)
	}
	T := m.T
	y := append([]float64(nil), y0...)
	yc := make([]float64, T)
	sub := make([]float64, T)
	best := math.Inf(-1)
	lambda := 1.0
	stall := 0
	for it := 0; it < iters; it++ {
		for t := range y {
			y[t] = math.Max(-m.over, math.Min(m.under, y[t]))
		}
		copy(yc, y)
		l := 0.0
		for _, vd := range vds {
			l -= vd.blockPenalty(yc, m.target, -m.over)
		}
		for t, v := range yc {
			l += float64(m.target[t]) * v
			sub[t] = float64(m.target[t])
		}
		l -= ld.eval(yc, sub)
		if it == 0 || l > best+1e-9*math.Abs(best) {
			best, stall = l, 0
		} else if stall++; stall >= 10 {
			lambda, stall = lambda/2, 0
		}
		if lambda < 1e-3 || time.Now().After(deadline) {
			break
		}
		// a vendor priced below y_t would staff its cap there
		for _, vd := range vds {
			for t, ok := range vd.allowed {
				if ok && y[t] > vd.w {
					sub[t] -= vd.k
				}
			}
		}
		// project the subgradient on the box's active faces
		nn := 0.0
		for t, g := range sub {
			if (y[t] >= m.under && g > 0) || (y[t] <= -m.over && g < 0) {
				sub[t] = 0
				continue
			}
			nn += g * g
		}
		if nn == 0 {
			break
		}
		target := best + math.Max(0.003*math.Abs(best), 1)
		step := lambda * (target - l) / nn
		for t := range y {
			y[t] += step * sub[t]
		}
	}
	return best
}

// lagrangeDP finds each agent class's best roster for interval prices y.
type lagrangeDP struct {
	m       *model
	classes []agentClass
	unit    int         // paid intervals per hour step of the DP
	pu      []int       // per pattern: paid hours in units
	byStart [][]int     // per day: patterns sorted by start
	byEnd   [][]int     // per day: patterns sorted by end
	compat  [][]int     // per day, per byStart position: how many of byEnd of the day before rest allows
	prof    []float64   // per pattern: Σ y over it (breaks where y is least) − pay
	endSlot [][]int     // per day, per byEnd position: its slot (1 + byStart position)
	val     [][]float64 // per day: DP values (k, h, slot)
	back    [][]int32   // per day: the previous day's state of each state
	// blocks the DP reached on a day, and a stamp per block of the day
	// that reached it
	blocks, blocks2 []int
	stamp           []uint32
	gen             uint32
	// per day, for the class being solved: the byStart positions of the
	// patterns it may take (live), the byEnd positions of those
	// (liveEnd), and how many of the first x of byEnd are live (cnt[x]);
	// see setLive
	live, liveEnd, cnt [][]int
}

// agentClass is a set of agents with the same rules.
type agentClass struct {
	rep   int // an agent of the class
	count float64
	kcap  []int // per week: working days at most
	hcap  int   // weekly paid-hour units at most (−1: no limit)
	minU  []int // per week: paid-hour units at least (nil: none)
}

func newLagrangeDP(m *model) *lagrangeDP {
	if len(m.agents) == 0 || len(m.pats) == 0 {
		return nil
	}
	ld := &lagrangeDP{m: m, pu: make([]int, len(m.pats)), prof: make([]float64, len(m.pats))}
	g := 0
	for j := range m.pats {
		g = gcd(g, int(math.Round(m.pats[j].hours/m.dh)))
	}
	ld.unit = max(g, 1)
	for j := range m.pats {
		ld.pu[j] = int(math.Round(m.pats[j].hours/m.dh)) / ld.unit
	}
	// classes
	key := func(a agentInfo) string {
		b := make([]byte, 0, 64)
		for _, x := range a.allowed {
			b = append(b, boolByte(x))
		}
		b = append(b, '|')
		for _, x := range a.unavail {
			b = append(b, boolByte(x))
		}
		return string(b) + "|" + ftoa(a.maxH) + "|" + string(boolByte(a.overtime))
	}
	idx := map[string]int{}
	for i, a := range m.agents {
		k := key(a)
		if c, ok := idx[k]; ok {
			ld.classes[c].count++
			continue
		}
		idx[k] = len(ld.classes)
		ld.classes = append(ld.classes, ld.class(i))
	}
	rest := int(math.Ceil(float64(m.p.Rules.MinRest)/float64(m.p.Demand.Interval) - 1e-9))
	ld.byStart = make([][]int, len(m.days))
	ld.byEnd = make([][]int, len(m.days))
	ld.compat = make([][]int, len(m.days))
	ld.endSlot = make([][]int, len(m.days))
	for d := range m.days {
		s := append([]int(nil), m.patsByDay[d]...)
		sort.SliceStable(s, func(a, b int) bool { return m.pats[s[a]].start < m.pats[s[b]].start })
		e := append([]int(nil), m.patsByDay[d]...)
		sort.SliceStable(e, func(a, b int) bool {
			return m.pats[e[a]].start+m.pats[e[a]].n < m.pats[e[b]].start+m.pats[e[b]].n
		})
		ld.byStart[d], ld.byEnd[d] = s, e
		pos := make(map[int]int, len(s))
		for i, j := range s {
			pos[j] = i + 1
		}
		ld.endSlot[d] = make([]int, len(e))
		for i, j := range e {
			ld.endSlot[d][i] = pos[j]
		}
		ld.compat[d] = make([]int, len(s))
		if d == 0 {
			continue
		}
		prev := ld.byEnd[d-1]
		for i, j := range s {
			c := 0
			for c < len(prev) && m.pats[prev[c]].start+m.pats[prev[c]].n+rest <= m.pats[j].start {
				c++
			}
			ld.compat[d][i] = c
		}
	}
	ld.val = make([][]float64, len(m.days))
	ld.back = make([][]int32, len(m.days))
	return ld
}

// class is agent a alone as a class of the DP, its minimum hours left out
// (the bound relaxes them): its weekly cap on paid-hour units and working
// days.
func (ld *lagrangeDP) class(a int) agentClass {
	m := ld.m
	ai := &m.agents[a]
	c := agentClass{rep: a, count: 1, hcap: -1, kcap: ai.workDays}
	if ai.maxH > 0 {
		c.hcap = int(math.Floor(ai.maxH/(float64(ld.unit)*m.dh) + 1e-9))
	}
	return c
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func boolByte(b bool) byte {
	if b {
		return '1'
	}
	return '0'
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// eval returns Σ over agents of their best roster's value Σ y − pay at
// prices y, and takes each best roster's coverage, times its class size,
// off cov.
func (ld *lagrangeDP) eval(y []float64, cov []float64) float64 {
	m := ld.m
	masks := make(map[int][]bool)
	for j := range m.pats {
		g, mask := m.worstPlacement(&m.pats[j], y)
		ld.prof[j] = g - m.pats[j].cost
		masks[j] = mask
	}
	total := 0.0
	for _, c := range ld.classes {
		v, chosen := ld.solve(c)
		total += c.count * v
		for _, j := range chosen {
			pt := &m.pats[j]
			mask := masks[j]
			for q := 0; q < pt.n; q++ {
				if !mask[q] {
					cov[pt.start+q] -= c.count
				}
			}
		}
	}
	return total
}

// solve runs the DP for one class and returns its best value and the
// patterns of its best roster. A state after day d is (working days this
// week k, paid units this week h, slot): slot 0 is a day off, slot i+1
// the day's i-th pattern by start. States come in blocks of one (k, h) and
// all slots; only blocks some roster reaches are visited (paid units are
// sums of a few shift lengths, so most (k, h) pairs are never reached),
// in increasing order, so that ties go the same way as a full sweep.
func (ld *lagrangeDP) solve(c agentClass) (float64, []int) {
	m := ld.m
	ai := &m.agents[c.rep]
	ld.setLive(ai)
	H := 1
	if c.hcap >= 0 {
		H = c.hcap + 1
	}
	const K = 8
	inf := math.Inf(-1)
	if len(ld.stamp) < K*H {
		ld.stamp = make([]uint32, K*H)
	}
	// previous layer, starting with the state before day 0
	prevVal := []float64{0}
	prevSlots := 1
	prevBlocks := append(ld.blocks[:0], 0)
	var cur []int
	pm := make([]float64, 0, 64)
	pmArg := make([]int, 0, 64)
	for d := range m.days {
		w := m.days[d].week
		newWeek := d%7 == 0
		S := len(ld.byStart[d]) + 1
		n := K * H * S
		if cap(ld.val[d]) < n {
			ld.val[d] = make([]float64, n)
			ld.back[d] = make([]int32, n)
		}
		val, back := ld.val[d][:n], ld.back[d][:n]
		ld.gen++
		gen := ld.gen
		cur = ld.blocks2[:0]
		// open makes block b this day's, its states unreached
		open := func(b int) {
			if ld.stamp[b] == gen {
				return
			}
			ld.stamp[b] = gen
			cur = append(cur, b)
			val[b*S], back[b*S] = inf, -1
			for _, i := range ld.live[d] {
				val[b*S+i+1], back[b*S+i+1] = inf, -1
			}
		}
		ph := H
		if d == 0 {
			ph = 1
		}
		kcap := c.kcap[w]
		prevEndSlot := ld.endSlot[max(d-1, 0)]
		for _, pb := range prevBlocks {
			k0, h0 := pb/ph, pb%ph
			base := pb * prevSlots
			// best over all slots, and prefix maxima by end
			bo, boArg := prevVal[base], base
			if d > 0 {
				for _, i := range ld.live[d-1] {
					if v := prevVal[base+i+1]; v > bo {
						bo, boArg = v, base+i+1
					}
				}
			}
			if bo == inf {
				boArg = -1
			}
			if boArg < 0 {
				continue
			}
			k, h := k0, h0
			if newWeek {
				if d > 0 && c.minU != nil && h0 < c.minU[w-1] {
					continue
				}
				k, h = 0, 0
			}
			// a day off
			open(k*H + h)
			if at := (k*H+h)*S + 0; bo > val[at] {
				val[at], back[at] = bo, int32(boArg)
			}
			if ai.unavail[d] || k+1 > kcap {
				continue
			}
			pm, pmArg = pm[:0], pmArg[:0]
			off := prevVal[base]
			best, bestArg := off, base
			pm, pmArg = append(pm, best), append(pmArg, bestArg)
			if d > 0 {
				for _, e := range ld.liveEnd[d-1] {
					if v := prevVal[base+prevEndSlot[e]]; v > best {
						best, bestArg = v, base+prevEndSlot[e]
					}
					pm, pmArg = append(pm, best), append(pmArg, bestArg)
				}
			}
			for _, i := range ld.live[d] {
				j := ld.byStart[d][i]
				nh := h
				if c.hcap >= 0 {
					nh = h + ld.pu[j]
					if nh > c.hcap {
						continue
					}
				}
				p := 0
				if d > 0 {
					p = ld.cnt[d-1][ld.compat[d][i]]
				}
				if pm[p] == inf {
					continue
				}
				v := pm[p] + ld.prof[j]
				b := (k+1)*H + nh
				open(b)
				if at := b*S + i + 1; v > val[at] {
					val[at], back[at] = v, int32(pmArg[p])
				}
			}
		}
		slices.Sort(cur)
		ld.blocks, ld.blocks2 = cur, prevBlocks
		prevBlocks = cur
		prevVal, prevSlots = val, S
	}
	// best final state, then walk back
	bv, at := math.Inf(-1), -1
	lastS := prevSlots
	for _, b := range prevBlocks {
		if c.minU != nil && b%H < c.minU[m.weeks-1] {
			continue
		}
		if v := prevVal[b*lastS]; v > bv {
			bv, at = v, b*lastS
		}
		for _, i := range ld.live[len(m.days)-1] {
			if v := prevVal[b*lastS+i+1]; v > bv {
				bv, at = v, b*lastS+i+1
			}
		}
	}
	var chosen []int
	for d := len(m.days) - 1; d >= 0 && at >= 0; d-- {
		S := len(ld.byStart[d]) + 1
		if s := at % S; s > 0 {
			chosen = append(chosen, ld.byStart[d][s-1])
		}
		at = int(ld.back[d][at])
	}
	return bv, chosen
}

// setLive lists, per day, the patterns agent ai may take that the DP
// needs: those of its templates, with overtime only if its contract takes
// it, less the dominated ones (dominated). Only their slots are visited:
// the others are never reached, so leaving them out changes no value.
func (ld *lagrangeDP) setLive(ai *agentInfo) {
	m := ld.m
	if ld.live == nil {
		ld.live = make([][]int, len(m.days))
		ld.liveEnd = make([][]int, len(m.days))
		ld.cnt = make([][]int, len(m.days))
	}
	for d := range m.days {
		ld.live[d] = ld.live[d][:0]
		for i, j := range ld.byStart[d] {
			if !ld.dominated(j) && ai.may(&m.pats[j]) {
				ld.live[d] = append(ld.live[d], i)
			}
		}
		ld.liveEnd[d] = ld.liveEnd[d][:0]
		ld.cnt[d] = append(ld.cnt[d][:0], 0)
		for e, j := range ld.byEnd[d] {
			if !ld.dominated(j) && ai.may(&m.pats[j]) {
				ld.liveEnd[d] = append(ld.liveEnd[d], e)
			}
			ld.cnt[d] = append(ld.cnt[d], len(ld.liveEnd[d]))
		}
	}
}
