package scheduling

// transplantPhase copies the best day's shifts onto days with the same
// targets where that pays (transplantDays; weekdays of a steady week may
// settle at different local optima), and polishes the result by the local
// search.
func (x *search) transplantPhase() {
	c := x.bestState.clone()
	if c.transplantDays(3) {
		x.timedOut = c.settle(x.rng, x.deadline) || x.timedOut
		x.better(c)
	}
}

// transplantDays copies the in-house shifts of one local day onto another
// day with the same targets, interval for interval, when that lowers the
// objective. Days with the same demand (the weekdays of a steady week) may
// settle at different local optima of the single-shift moves, and moving
// from one to the other takes several shifts at once. The destination
// day's shifts are removed and
// each shift of the source day (same template and offset, breaks at the
// same offsets) goes to the first agent, those who worked the day first,
// that may work it (fits, every rule but the weekly minimum); the move is
// kept only if every shift found an agent, every agent it touched still
// meets its weekly minimum, and the objective drops. It repeats while any
// pair improves, at most passes times, and reports whether anything
// changed.
func (s *state) transplantDays(passes int) bool {
	m := s.m
	nd := len(m.days)
	first := m.dayFirst
	length := func(d int) int { return first[d+1] - first[d] }
	same := func(a, b int) bool {
		if first[a] < 0 || first[b] < 0 || length(a) != length(b) {
			return false
		}
		for k := 0; k < length(a); k++ {
			if m.target[first[a]+k] != m.target[first[b]+k] {
				return false
			}
		}
		return true
	}
	byStart := make(map[patKey]int, len(m.pats))
	for j := range m.pats {
		byStart[m.pats[j].key(0)] = j
	}
	any := false
	for pass := 0; pass < passes; pass++ {
		improved := false
		for src := 0; src < nd; src++ {
			for dst := 0; dst < nd; dst++ {
				if src == dst || !same(src, dst) {
					continue
				}
				if s.tryTransplant(src, dst, first[dst]-first[src], func(k patKey) (int, bool) {
					j, ok := byStart[k]
					return j, ok && m.pats[j].day == dst
				}) {
					improved, any = true, true
				}
			}
		}
		if !improved {
			break
		}
	}
	return any
}

// tryTransplant is one move of transplantDays: day src's shifts, shifted
// by delta intervals, replace day dst's. It leaves s as it was when the
// move is refused.
func (s *state) tryTransplant(src, dst, delta int, patAt func(patKey) (int, bool)) bool {
	m := s.m
	before := s.objective()
	var want []placed
	for a := range s.sh {
		p := s.sh[a][src]
		if p.pat < 0 {
			continue
		}
		pt := &m.pats[p.pat]
		j, ok := patAt(pt.key(delta))
		if !ok {
			return false
		}
		q := placed{pat: j, brk: make([]int, len(p.brk))}
		for k, b := range p.brk {
			q.brk[k] = b + delta
		}
		want = append(want, q)
	}
	var workedIdx []int
	old := make(map[int]placed)
	for a := range s.sh {
		if s.sh[a][dst].pat >= 0 {
			workedIdx = append(workedIdx, a)
			old[a] = s.take(a, dst)
		}
	}
	order := append([]int(nil), workedIdx...)
	for a := range s.sh {
		if _, ok := old[a]; !ok {
			order = append(order, a)
		}
	}
	var given []int
	undo := func() {
		for _, a := range given {
			s.take(a, dst)
		}
		for _, a := range workedIdx {
			s.put(a, dst, old[a])
		}
	}
	for _, q := range want {
		placedOK := false
		for _, a := range order {
			if s.sh[a][dst].pat >= 0 || !s.fits(a, dst, q.pat, false) {
				continue
			}
			s.put(a, dst, q)
			given = append(given, a)
			placedOK = true
			break
		}
		if !placedOK {
			undo()
			return false
		}
	}
	for a := range s.sh {
		if !s.fits(a, dst, s.sh[a][dst].pat, true) {
			undo()
			return false
		}
	}
	if s.objective() >= before-eps {
		undo()
		return false
	}
	return true
}

// patKey names a pattern by its template, start interval and overtime
// at each end: no two patterns share one.
type patKey struct{ tmpl, start, otBefore, otAfter int }

// key is pt's patKey with its start moved by delta intervals.
func (pt *pattern) key(delta int) patKey {
	return patKey{pt.tmpl, pt.start + delta, pt.otBefore, pt.otAfter}
}
