package scheduling

import (
	"math"
	"slices"
	"sort"
)

// vblock is a vendor's surge block [start, end) in intervals.
type vblock struct{ v, start, end int }

// vendorPlacer places vendors' blocks exactly, keeping a memo of recent
// placements (per vendor and run of allowed intervals) and a penalty
// buffer, which are scratch of the search that owns it.
type vendorPlacer struct {
	m      *model
	flows  map[flowKey]*[2]flowMemo
	penBuf []float64
}

// place places the vendors' surge blocks on top of in-house net coverage
// n at the least staffing-plus-vendor cost, under rule (see
// vendorAllowed). For one vendor the placement is exact (vendorFlow);
// several vendors are placed one at a time with the others fixed, in
// turn, until a round changes nothing. Under a rule with a penalty, an
// auto-peak vendor agent costs that much more where n meets the target.
// Runs whose inputs a recent call saw reuse its placement (flows).
func (vp *vendorPlacer) place(n []int, rule autoPeakRule) []vblock {
	m := vp.m
	type vin struct {
		vi      int
		allowed []bool
		blocks  []vblock
	}
	var vs []vin
	for vi := range m.p.Vendors {
		if m.vendorPays(vi) {
			vs = append(vs, vin{vi: vi, allowed: m.vendorAllowed(vi, n, rule)})
		}
	}
	if len(vs) == 0 {
		return nil
	}
	base := append([]int(nil), n...)
	cost := func() float64 {
		var all []vblock
		for _, x := range vs {
			all = append(all, x.blocks...)
		}
		return m.blocksCost(n, all, rule)
	}
	best := math.Inf(1)
	for round := 0; round < 10; round++ {
		for k := range vs {
			x := &vs[k]
			for _, b := range x.blocks {
				for t := b.start; t < b.end; t++ {
					base[t]--
				}
			}
			v := m.p.Vendors[x.vi]
			var pen []float64 // used before the next vendor's, so one buffer serves
			if rule.penalty > 0 {
				if len(vp.penBuf) != len(n) {
					vp.penBuf = make([]float64, len(n))
				}
				pen = vp.penBuf
				for t := range pen {
					pen[t] = m.penAt(x.vi, t, n, rule)
				}
			}
			if vp.flows == nil || len(vp.flows) > 4*m.T {
				vp.flows = map[flowKey]*[2]flowMemo{} // bounded: auto peaks' runs move with the roster
			}
			x.blocks = vendorFlow(vendorSeats{
				vi: x.vi, k: v.MaxAgents, minLen: max(1, int(v.MinBlock/m.p.Demand.Interval)), ramp: v.Ramp,
				w: v.CostPerHour * m.dh, under: m.under, over: m.over,
				allowed: x.allowed, base: base, target: m.target,
				pen: pen, memo: vp.flows,
			})
			countBlocks(base, x.blocks)
		}
		c := cost()
		if len(vs) == 1 || c >= best-eps {
			break
		}
		best = c
	}
	var out []vblock
	for _, x := range vs {
		out = append(out, x.blocks...)
	}
	return out
}

// vendorSeats is one vendor's placement problem: at most k of its agents
// at once, in blocks of at least minLen intervals inside allowed, at w per
// agent-interval, on top of base net staff against target, one agent short
// costing under and one over costing over per interval.
type vendorSeats struct {
	vi, k, minLen  int
	ramp           int // most blocks starting, and most ending, at one boundary; 0 = any
	w, under, over float64
	allowed        []bool
	base, target   []int
	pen            []float64 // per interval: extra cost per vendor agent (nil: none)
	// memo, when set, keeps the last two placements of every run of
	// allowed intervals with their inputs, for vendorFlow to reuse.
	memo map[flowKey]*[2]flowMemo
}

// flowKey names one vendor's run of allowed intervals [a, b).
type flowKey struct{ vi, a, b int }

// flowMemo is a run's placement (blocks relative to the run's start) and
// the net staff and penalties it was placed on.
type flowMemo struct {
	base   []int
	pen    []float64
	blocks []vblock
}

// placeRun places the blocks of one run [a, b) of p, reusing a memo of
// the same inputs: a search round changes a few agents' shifts, so most
// runs see the staff of an earlier call (the round before, or the one
// before a rejected round, whose rosters come back).
func placeRun(p vendorSeats, a, b int) []vblock {
	run := p
	run.allowed, run.base, run.target = p.allowed[a:b], p.base[a:b], p.target[a:b]
	if p.pen != nil {
		run.pen = p.pen[a:b]
	}
	if p.memo == nil {
		return vendorFlowRun(run)
	}
	k := flowKey{p.vi, a, b}
	ms := p.memo[k]
	if ms == nil {
		ms = &[2]flowMemo{}
		p.memo[k] = ms
	}
	for i := range ms {
		if ms[i].base != nil && slices.Equal(ms[i].base, run.base) && slices.Equal(ms[i].pen, run.pen) {
			if i == 1 {
				ms[0], ms[1] = ms[1], ms[0]
			}
			return ms[0].blocks
		}
	}
	blocks := vendorFlowRun(run)
	ms[1] = ms[0]
	ms[0] = flowMemo{base: slices.Clone(run.base), pen: slices.Clone(run.pen), blocks: blocks}
	return blocks
}

// vendorFlow places one vendor's blocks exactly, as a min-cost flow.
//
// Any count profile made of blocks, at most k at once, splits into k
// "seats" each working disjoint blocks (the blocks are intervals; an
// interval graph of clique size k is k-colourable, Golumbic, Algorithmic
// Graph Theory and Perfect Graphs, 1980, ch. 8). So k units of flow run
// along the time line: node I_t (a seat idle at time t) and node W_t (a
// seat working up to t). A seat is idle over interval t on the arc
// I_t→I_t+1, starts a block on I_s→W_s+minLen (its first minLen
// intervals), extends it on W_t→W_t+1 and ends it on W_t→I_t. Every unit
// crosses every interval once, so with i_t units on the idle arc the
// vendor has k−i_t agents at t, and the interval costs
// h_t(i) = (w + pen_t)·(k−i) + staffing cost with base_t + k − i on the
// phones, which is convex in i: the flow problem has convex separable arc costs
// and successive shortest paths (Ahuja, Magnanti & Orlin, Network Flows,
// 1993, §9.7 and §14.2) solve it exactly, one unit at a time, Dijkstra
// on reduced costs after potentials from the acyclic first graph.
//
// A ramp r caps the start arcs I_s→W_s+minLen and the end arcs W_t→I_t at
// r units each: a block set with at most r agents joining and r leaving
// at every boundary is a flow within those capacities (a hand-over, one
// seat ending where another starts, is the same profile as one seat going
// on), and successive shortest paths stay exact with arc capacities
// (Ahuja, Magnanti & Orlin §9.7): a full arc is left out of the residual
// graph, its reverse arc stays.
//
// A block lies inside one run of allowed intervals and the cap holds at
// each interval alone, so the runs are independent problems: each is
// solved on its own (vendorFlowRun), which keeps the shortest paths off
// the rest of the horizon.
func vendorFlow(p vendorSeats) []vblock {
	var out []vblock
	for a := 0; a < len(p.allowed); {
		if !p.allowed[a] {
			a++
			continue
		}
		b := a
		for b < len(p.allowed) && p.allowed[b] {
			b++
		}
		if b-a >= p.minLen {
			for _, bl := range placeRun(p, a, b) {
				bl.start += a
				bl.end += a
				out = append(out, bl)
			}
		}
		a = b
	}
	return out
}

// vendorFlowRun is vendorFlow on one horizon.
func vendorFlowRun(p vendorSeats) []vblock {
	T, L, K := len(p.base), p.minLen, p.k
	if K <= 0 || T < L {
		return nil
	}
	// canStart[s]: a block may cover s..s+L-1
	canStart := make([]bool, T-L+1)
	run := 0
	for t := 0; t < T; t++ {
		if p.allowed[t] {
			run++
		} else {
			run = 0
		}
		if run >= L {
			canStart[t-L+1] = true
		}
	}
	// mc is the cost of raising the idle flow over t from i to i+1: one
	// vendor agent fewer at t, from k−i to k−i−1.
	mc := func(t, i int) float64 {
		x := -p.over - p.w
		if p.base[t]+K-i <= p.target[t] {
			x = p.under - p.w // that agent was covering a shortfall
		}
		if p.pen != nil {
			x -= p.pen[t]
		}
		return x
	}
	idle := make([]int, T)
	start := make([]int, T-L+1)
	ext := make([]int, T)
	end := make([]int, T+1)
	nodes := 2 * (T + 1) // W_t = 2t, I_t = 2t+1
	pot := make([]float64, nodes)
	inf := math.Inf(1)
	// potentials: shortest distances from I_0 in the zero flow's acyclic
	// graph, in node order (every arc goes to an equal or later time, and
	// W_t precedes I_t)
	for i := range pot {
		pot[i] = inf
	}
	pot[1] = 0
	for t := 0; t <= T; t++ {
		w, i := 2*t, 2*t+1
		if pot[w] < inf {
			if t < T && p.allowed[t] {
				pot[w+2] = math.Min(pot[w+2], pot[w])
			}
			pot[i] = math.Min(pot[i], pot[w])
		}
		if pot[i] < inf && t < T {
			pot[i+2] = math.Min(pot[i+2], pot[i]+mc(t, 0))
			if t <= T-L && canStart[t] {
				pot[2*(t+L)] = math.Min(pot[2*(t+L)], pot[i])
			}
		}
	}
	dist := make([]float64, nodes)
	prev := make([]int32, nodes) // predecessor node
	kind := make([]int8, nodes)  // arc into the node, see below
	done := make([]bool, nodes)
	h := &distHeap{}
	const (
		aIdle = iota + 1
		aIdleBack
		aStart
		aStartBack
		aExt
		aExtBack
		aEnd
		aEndBack
	)
	for unit := 0; unit < K; unit++ {
		for i := range dist {
			dist[i], done[i] = inf, false
		}
		dist[1] = 0
		h.items = h.items[:0]
		h.push(distItem{1, 0})
		relax := func(u, v int, c float64, k int8) {
			if pot[v] == inf {
				return
			}
			d := dist[u] + c + pot[u] - pot[v]
			if d < -1e-9 {
				d = 0 // rounding: reduced costs are non-negative
			}
			if d < dist[v]-1e-12 {
				dist[v], prev[v], kind[v] = d, int32(u), k
				h.push(distItem{v, d})
			}
		}
		for len(h.items) > 0 {
			it := h.pop()
			u := it.node
			if done[u] || it.d > dist[u] {
				continue
			}
			done[u] = true
			t := u / 2
			if u%2 == 1 { // I_t
				if t < T && idle[t] < K {
					relax(u, u+2, mc(t, idle[t]), aIdle)
				}
				if t <= T-L && canStart[t] && (p.ramp <= 0 || start[t] < p.ramp) {
					relax(u, 2*(t+L), 0, aStart)
				}
				if end[t] > 0 {
					relax(u, 2*t, 0, aEndBack)
				}
				if t > 0 && idle[t-1] > 0 {
					relax(u, u-2, -mc(t-1, idle[t-1]-1), aIdleBack)
				}
			} else { // W_t
				if t < T && p.allowed[t] {
					relax(u, u+2, 0, aExt)
				}
				if p.ramp <= 0 || end[t] < p.ramp {
					relax(u, u+1, 0, aEnd)
				}
				if t > 0 && ext[t-1] > 0 {
					relax(u, u-2, 0, aExtBack)
				}
				if t >= L && start[t-L] > 0 {
					relax(u, 2*(t-L)+1, 0, aStartBack)
				}
			}
		}
		sink := 2*T + 1
		if dist[sink] == inf {
			break // cannot happen: the idle line always has room (and needs no start or end arc)
		}
		maxD := 0.0
		for _, d := range dist {
			if d < inf {
				maxD = math.Max(maxD, d)
			}
		}
		for i := range pot {
			if pot[i] == inf {
				continue
			}
			if dist[i] < inf {
				pot[i] += dist[i]
			} else {
				pot[i] += maxD
			}
		}
		for v := sink; v != 1; {
			u := int(prev[v])
			switch kind[v] {
			case aIdle:
				idle[u/2]++
			case aIdleBack:
				idle[v/2]--
			case aStart:
				start[u/2]++
			case aStartBack:
				start[v/2]--
			case aExt:
				ext[u/2]++
			case aExtBack:
				ext[v/2]--
			case aEnd:
				end[u/2]++
			case aEndBack:
				end[v/2]--
			}
			v = u
		}
	}
	return decodeSeats(p.vi, L, start, end)
}

// decodeSeats turns the flow on the start, extend and end arcs into
// blocks: the seats in a block at each time are ended oldest first, and a
// block ending where another starts is joined to it.
func decodeSeats(vi, L int, start, end []int) []vblock {
	T := len(end) - 1
	var pool []int // start times of seats working at the current W node
	var blocks []vblock
	for t := 0; t <= T; t++ {
		if s := t - L; s >= 0 && s < len(start) {
			for k := 0; k < start[s]; k++ {
				pool = append(pool, s)
			}
		}
		sort.Ints(pool)
		for k := 0; k < end[t]; k++ {
			blocks = append(blocks, vblock{vi, pool[0], t})
			pool = pool[1:]
		}
	}
	// join a block ending at e with one starting at e
	sort.Slice(blocks, func(a, b int) bool { return blocks[a].start < blocks[b].start })
	byStart := map[int][]int{}
	for i, b := range blocks {
		byStart[b.start] = append(byStart[b.start], i)
	}
	gone := make([]bool, len(blocks))
	for i := range blocks {
		if gone[i] {
			continue
		}
		for {
			next := byStart[blocks[i].end]
			j := -1
			for len(next) > 0 {
				if c := next[0]; c != i && !gone[c] {
					j = c
					break
				}
				next = next[1:]
			}
			byStart[blocks[i].end] = next
			if j < 0 {
				break
			}
			gone[j] = true
			blocks[i].end = blocks[j].end
		}
	}
	out := blocks[:0]
	for i, b := range blocks {
		if !gone[i] {
			out = append(out, b)
		}
	}
	return out
}

type distItem struct {
	node int
	d    float64
}

// distHeap is a binary min-heap on d, typed so that pushes do not box
// their items (container/heap's any cost an allocation each).
type distHeap struct{ items []distItem }

func (h *distHeap) push(x distItem) {
	h.items = append(h.items, x)
	for i := len(h.items) - 1; i > 0; {
		up := (i - 1) / 2
		if h.items[up].d <= h.items[i].d {
			break
		}
		h.items[up], h.items[i] = h.items[i], h.items[up]
		i = up
	}
}

func (h *distHeap) pop() distItem {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	for i := 0; ; {
		l, small := 2*i+1, i
		if l < last && h.items[l].d < h.items[small].d {
			small = l
		}
		if r := l + 1; r < last && h.items[r].d < h.items[small].d {
			small = r
		}
		if small == i {
			break
		}
		h.items[i], h.items[small] = h.items[small], h.items[i]
		i = small
	}
	return top
}

// vendorsAt counts vendor vi's blocks over interval t.
func vendorsAt(blocks []vblock, vi, t int) int {
	c := 0
	for _, b := range blocks {
		if b.v == vi && b.start <= t && t < b.end {
			c++
		}
	}
	return c
}

// countBlocks adds one to n[t] for every block over t, and returns n.
func countBlocks(n []int, blocks []vblock) []int {
	for _, b := range blocks {
		for t := b.start; t < b.end; t++ {
			n[t]++
		}
	}
	return n
}
