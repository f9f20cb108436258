package scheduling

import "slices"

// Breaks placed one shift at a time (bestPlace) stop where no single
// break can move for the better, yet two or more breaks moving together
// often can: B1 leaves a place where the target is unmet for a place in its
// window, where B2 was, B2 moves on to where B3 was, and so on. Every place
// in between loses one break and gains one of the same length, so only the
// ends change: one agent more on the phones over the first place, one fewer
// over the last. breakPaths finds such chains by breadth-first search over
// "a break starting at u may start at v instead" among the breaks of one
// length on one day. These are the alternating paths of ejection chains
// (Glover 1996, "Ejection chains, reference structures and alternating path
// methods for traveling salesman problems", Discrete Applied Mathematics
// 65), and for one-interval breaks under the convex interval costs of f
// they are the augmenting paths of the transportation problem that sends
// breaks to intervals (Ahuja, Magnanti & Orlin 1993, Network Flows, ch. 9
// and 14): when no chain pays, those breaks are placed optimally for the
// shifts as they are.

// breakPhase moves the best roster's breaks along ejection chains on
// every day until none pays; the vendors are then placed afresh on top.
func (x *search) breakPhase() {
	c := x.bestState.clone()
	for bs := newBrkSearch(c); bs.breakPaths(nil, nil); {
	}
	x.better(c)
}

// brkRef is break k of agent a's shift on day d.
type brkRef struct{ a, d, k int }

// brkMove is break r moved from one start to another.
type brkMove struct {
	r        brkRef
	from, to int
}

// breakPaths, on bs's state, moves breaks along the chain that lowers the
// staffing cost most (the state's prices, pr), from every start where the
// target is unmet, until none pays, on the days marked in only (nil: every
// day). Moves are appended to log when it is not nil, for undoBreaks. It
// reports whether the objective fell.
func (bs *brkSearch) breakPaths(log *[]brkMove, only []bool) bool {
	s := bs.s
	m := s.m
	improved := false
	var lens []int
	var chain []brkMove // the best chain so far, last move first
	for d := range m.days {
		if only != nil && !only[d] {
			continue
		}
		lens = lens[:0]
		for a := range s.sh {
			if p := s.sh[a][d]; p.pat >= 0 {
				for _, b := range m.pats[p.pat].brk {
					if !slices.Contains(lens, b.n) {
						lens = append(lens, b.n)
					}
				}
			}
		}
		for _, L := range lens {
			for range 1000 {
				bs.index(d, L)
				best := -eps
				chain = chain[:0]
				for _, u := range bs.touched {
					if s.unitDelta(u, -1, L) >= -eps {
						continue // the target is met over u: nothing to gain
					}
					bs.search(u, func(v int) {
						if g := s.unitDelta(u, v, L); g < best {
							best, chain = g, chain[:0]
							for w := v; w != u; w = bs.from[w] {
								chain = append(chain, brkMove{bs.refs[bs.via[w]], bs.from[w], w})
							}
						}
					})
				}
				if len(chain) == 0 {
					break
				}
				for _, x := range chain {
					s.moveBreak(x.r, x.to)
				}
				// Two breaks of one shift in one chain may now overlap.
				ok := true
				for _, x := range chain {
					ok = ok && s.breakFree(x.r, x.to)
				}
				if !ok {
					s.undoBreaks(chain)
					break
				}
				if log != nil {
					*log = append(*log, chain...)
				}
				improved = true
			}
		}
	}
	return improved
}

// brkSearch is breakPaths' scratch for one state: the day's breaks of one
// length indexed by start (a linked list per start: first, next), and the
// search's marks.
type brkSearch struct {
	s                *state
	refs             []brkRef
	first, next      []int
	touched          []int // starts with a break
	seen             []uint32
	gen              uint32
	from, via, queue []int // the start each start was reached from, by which break
}

func newBrkSearch(s *state) *brkSearch {
	T := s.m.T
	bs := &brkSearch{s: s, first: make([]int, T), seen: make([]uint32, T), from: make([]int, T), via: make([]int, T)}
	for t := range bs.first {
		bs.first[t] = -1
	}
	return bs
}

// index lists day d's breaks of length L by start.
func (bs *brkSearch) index(d, L int) {
	s := bs.s
	for _, t := range bs.touched {
		bs.first[t] = -1
	}
	bs.touched, bs.refs, bs.next = bs.touched[:0], bs.refs[:0], bs.next[:0]
	for a := range s.sh {
		p := s.sh[a][d]
		if p.pat < 0 {
			continue
		}
		for k, b := range s.m.pats[p.pat].brk {
			if b.n != L {
				continue
			}
			u := p.brk[k]
			if bs.first[u] < 0 {
				bs.touched = append(bs.touched, u)
			}
			bs.refs = append(bs.refs, brkRef{a, d, k})
			bs.next = append(bs.next, bs.first[u])
			bs.first[u] = len(bs.refs) - 1
		}
	}
}

// search visits, breadth first, every start a chain of moves from u
// reaches, calling visit on each; from and via then trace its chain back.
func (bs *brkSearch) search(u int, visit func(v int)) {
	s := bs.s
	bs.gen++
	bs.seen[u] = bs.gen
	bs.queue = append(bs.queue[:0], u)
	for qi := 0; qi < len(bs.queue); qi++ {
		w := bs.queue[qi]
		for i := bs.first[w]; i >= 0; i = bs.next[i] {
			r := bs.refs[i]
			pt := &s.m.pats[s.sh[r.a][r.d].pat]
			for v := pt.start + pt.brk[r.k].lo; v <= pt.start+pt.brk[r.k].hi; v++ {
				if bs.seen[v] == bs.gen || !s.breakFree(r, v) {
					continue
				}
				bs.seen[v], bs.from[v], bs.via[v] = bs.gen, w, i
				bs.queue = append(bs.queue, v)
				visit(v)
			}
		}
	}
}

// undoBreaks takes back the moves in log, last first.
func (s *state) undoBreaks(log []brkMove) {
	for i := len(log) - 1; i >= 0; i-- {
		s.moveBreak(log[i].r, log[i].from)
	}
}

// breakFree reports whether break r may start at q without overlapping
// its shift's other breaks.
func (s *state) breakFree(r brkRef, q int) bool {
	p := s.sh[r.a][r.d]
	pt := &s.m.pats[p.pat]
	n := pt.brk[r.k].n
	for k, b := range p.brk {
		if k != r.k && q < b+pt.brk[k].n && b < q+n {
			return false
		}
	}
	return true
}

// moveBreak moves break r to start at q.
func (s *state) moveBreak(r brkRef, q int) {
	p := s.sh[r.a][r.d]
	from := p.brk[r.k]
	s.shiftUnit(from, q, s.m.pats[p.pat].brk[r.k].n)
	p.brk[r.k] = q
}

// shiftUnit puts one agent more on the phones over [u, u+L) and, unless
// v < 0, one fewer over [v, v+L).
func (s *state) shiftUnit(u, v, L int) {
	for t := u; t < u+L; t++ {
		s.n[t]++
	}
	for t := v; v >= 0 && t < v+L; t++ {
		s.n[t]--
	}
}

// unitDelta is the change in staffing cost (the state's prices, pr) of
// shiftUnit(u, v, L); the state is left as it was.
func (s *state) unitDelta(u, v, L int) float64 {
	lo, hi := u, u+L
	if v >= 0 {
		lo, hi = min(u, v), max(u+L, v+L)
	}
	cost := func() float64 {
		x := 0.0
		for t := lo; t < hi; t++ {
			x += s.pr.cost(t, s.n[t])
		}
		return x
	}
	before := cost()
	s.shiftUnit(u, v, L)
	after := cost()
	if v >= 0 {
		s.shiftUnit(v, u, L)
	} else {
		for t := u; t < u+L; t++ {
			s.n[t]--
		}
	}
	return after - before
}
