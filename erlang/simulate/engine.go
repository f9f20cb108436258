package simulate

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// contact is one arrival of one replication, times in seconds from Start.
type contact struct {
	at, handle float64
	deadline   float64 // at + patience; +Inf when the queue has none
	q, iv      int32
}

// completion is a contact's end of service, in the event heap.
type completion struct {
	t   float64
	seq uint64
	a   int32
}

type agentState struct {
	on        bool    // on duty (and not shrunk)
	load      int32   // contacts in service
	cap       int32   // contacts he may hold at once in his current mode
	idleSince float64 // when his load last fell to 0, or his duty began
	last      float64 // accounted up to here
	epoch     uint32  // bumped whenever he becomes idle or stops being idle
}

// idleEntry is an agent in a queue's idle list, valid while his epoch is
// unchanged.
type idleEntry struct {
	a     int32
	epoch uint32
}

// idleList is a FIFO of idle agents: they join it as they become idle, so
// its order is longest idle first.
type idleList struct {
	buf     []idleEntry
	head, n int
}

func (r *idleList) push(e idleEntry) {
	if r.n == len(r.buf) {
		nb := make([]idleEntry, max(16, 2*len(r.buf)))
		for i := 0; i < r.n; i++ {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = e
	r.n++
}

func (r *idleList) front() idleEntry { return r.buf[r.head] }

func (r *idleList) pop() {
	r.head = (r.head + 1) % len(r.buf)
	r.n--
}

type dutyEvent struct {
	t  float64
	a  int32
	on bool
}

// ring is a FIFO of contact indices.
type ring struct {
	buf     []int32
	head, n int
}

func (r *ring) push(k int32) {
	if r.n == len(r.buf) {
		nb := make([]int32, max(16, 2*len(r.buf)))
		for i := 0; i < r.n; i++ {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = k
	r.n++
}

func (r *ring) front() int32 { return r.buf[r.head] }

func (r *ring) pop() {
	r.head = (r.head + 1) % len(r.buf)
	r.n--
}

// sim is one worker's simulation state, reused across replications.
type sim struct {
	m        *model
	contacts []contact
	qseg     [][2]int // per queue: its contacts' range in contacts
	qnext    []int
	waiting  []ring
	ag       []agentState
	duty     []dutyEvent
	dnext    int
	heap     []completion
	seq      uint64
	free     int // on-duty agents with no contact
	// idle holds, per queue without chat and per priority level of the
	// agents for it, the idle agents in the order they became idle
	// (longest-idle-agent routing in O(1)); chat queues scan their agents.
	idle  [][]idleList
	stats []Stats
	end   float64
}

func newSim(m *model) *sim {
	s := &sim{m: m, qseg: make([][2]int, len(m.queues)), qnext: make([]int, len(m.queues)),
		waiting: make([]ring, len(m.queues)), ag: make([]agentState, len(m.agents)), idle: make([][]idleList, len(m.queues))}
	for q, lv := range m.levels {
		s.idle[q] = make([]idleList, len(lv))
	}
	return s
}

// splitmix64 is Steele, Lea & Flood's SplitMix64 finaliser ("Fast
// splittable pseudorandom number generators", OOPSLA 2014), used to derive
// independent PCG seeds from the run's seed, the replication and a
// stream's key.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (s *sim) stream(rep int, kind, key uint64) *rand.Rand {
	// Both words of PCG's 128-bit state depend on everything: streams
	// that share a word would share the low half of their state forever.
	x := splitmix64(s.m.seed^splitmix64(uint64(rep)+1)) ^ splitmix64(key^splitmix64(kind))
	return rand.New(rand.NewPCG(splitmix64(x), splitmix64(x^0x6a09e667f3bcc909)))
}

const (
	streamArrivals uint64 = 1
	streamShrink   uint64 = 2
)

// run simulates replication rep and returns its statistics, Q×T of them.
func (s *sim) run(rep int) []Stats {
	s.generate(rep)
	s.rosterEvents(rep)
	return s.simulate()
}

// simulate runs the events of the contacts and duty laid out by generate
// and rosterEvents.
func (s *sim) simulate() []Stats {
	m := s.m
	s.stats = make([]Stats, len(m.queues)*m.T)
	for i := range s.ag {
		s.ag[i] = agentState{cap: 1}
	}
	for q := range s.waiting {
		s.waiting[q].head, s.waiting[q].n = 0, 0
		s.qnext[q] = s.qseg[q][0]
		for l := range s.idle[q] {
			s.idle[q][l].head, s.idle[q][l].n = 0, 0
		}
	}
	s.heap = s.heap[:0]
	s.seq, s.free, s.dnext, s.end = 0, 0, 0, m.H
	inf := math.Inf(1)
	for {
		tA, qA := inf, -1
		for q := range s.qnext {
			if k := s.qnext[q]; k < s.qseg[q][1] && s.contacts[k].at < tA {
				tA, qA = s.contacts[k].at, q
			}
		}
		tD := inf
		if s.dnext < len(s.duty) {
			tD = s.duty[s.dnext].t
		}
		tC := inf
		if len(s.heap) > 0 {
			tC = s.heap[0].t
		}
		switch {
		case tC <= tD && tC <= tA && tC < inf:
			c := s.popCompletion()
			s.end = max(s.end, c.t)
			s.complete(int(c.a), c.t)
		case tD <= tA && tD < inf:
			e := s.duty[s.dnext]
			s.dnext++
			s.end = max(s.end, e.t)
			if e.on {
				s.onDuty(int(e.a), e.t)
			} else {
				s.offDuty(int(e.a), e.t)
			}
		case tA < inf:
			k := s.qnext[qA]
			s.qnext[qA]++
			s.arrive(int32(k), tA)
		default:
			s.finish()
			return s.stats
		}
	}
}

// generate draws the replication's contacts, queue by queue, each queue's
// in order of arrival.
func (s *sim) generate(rep int) {
	m := s.m
	s.contacts = s.contacts[:0]
	for q := range m.queues {
		qm := &m.queues[q]
		r := s.stream(rep, streamArrivals, qm.key)
		s.qseg[q][0] = len(s.contacts)
		add := func(at float64, iv int) {
			aht := qm.aht[iv]
			var h float64
			if qm.sigma > 0 {
				h = aht * math.Exp(qm.sigma*r.NormFloat64()-qm.sigma*qm.sigma/2)
			} else {
				h = aht * r.ExpFloat64()
			}
			d := math.Inf(1)
			if qm.patience > 0 {
				d = at + qm.patience*r.ExpFloat64()
			}
			s.contacts = append(s.contacts, contact{at: at, handle: h, deadline: d, q: int32(q), iv: int32(iv)})
		}
		switch {
		case qm.replay:
			for _, at := range qm.times {
				add(at, min(int(at/m.L), m.T-1))
			}
		case qm.counts != nil:
			var buf []float64
			for t, n := range qm.counts {
				buf = buf[:0]
				base := float64(t) * m.L
				for range n {
					buf = append(buf, base+m.L*r.Float64())
				}
				slices.Sort(buf)
				for _, at := range buf {
					add(at, t)
				}
			}
		default:
			for t, v := range qm.vol {
				if v <= 0 {
					continue
				}
				rate := v / m.L
				base, end := float64(t)*m.L, float64(t+1)*m.L
				for at := base + r.ExpFloat64()/rate; at < end; at += r.ExpFloat64() / rate {
					add(at, t)
				}
			}
		}
		s.qseg[q][1] = len(s.contacts)
	}
}

// rosterEvents lays out the agents' duty after shrinkage: each interval an
// agent is on duty in, he is off the phones with probability Shrinkage.
func (s *sim) rosterEvents(rep int) {
	m := s.m
	s.duty = s.duty[:0]
	var spans [][2]float64
	for a := range m.agents {
		am := &m.agents[a]
		spans = spans[:0]
		if am.shrink == 0 {
			spans = append(spans, am.spans...)
		} else {
			r := s.stream(rep, streamShrink, am.key)
			lastIv, lastOff := -1, false
			shrunk := func(iv int) bool {
				if iv != lastIv {
					lastIv, lastOff = iv, r.Float64() < am.shrink
				}
				return lastOff
			}
			for _, sp := range am.spans {
				for lo := sp[0]; lo < sp[1]; {
					iv := int(math.Floor(lo / m.L))
					hi := float64(iv+1) * m.L
					if hi <= lo { // rounding at a boundary
						iv++
						hi = float64(iv+1) * m.L
					}
					hi = min(hi, sp[1])
					if !shrunk(iv) {
						if n := len(spans); n > 0 && spans[n-1][1] >= lo {
							spans[n-1][1] = hi
						} else {
							spans = append(spans, [2]float64{lo, hi})
						}
					}
					lo = hi
				}
			}
		}
		for _, sp := range spans {
			s.duty = append(s.duty, dutyEvent{t: sp[0], a: int32(a), on: true}, dutyEvent{t: sp[1], a: int32(a)})
		}
	}
	// by time, ends before starts, then by agent: a total order
	slices.SortFunc(s.duty, func(x, y dutyEvent) int {
		switch {
		case x.t != y.t:
			return cmp.Compare(x.t, y.t)
		case x.on != y.on:
			if x.on {
				return 1
			}
			return -1
		}
		return cmp.Compare(x.a, y.a)
	})
}

// account adds agent a's busy and available time from his last change to
// t into the intervals and queues of his skills.
func (s *sim) account(a int, t float64) {
	st := &s.ag[a]
	from := st.last
	st.last = t
	if !(st.on || st.load > 0) || t <= from {
		return
	}
	m := s.m
	busy := float64(st.load) / float64(st.cap)
	skills := m.agents[a].skills
	iv := int(from / m.L)
	for from < t && iv < m.T {
		hi := float64(iv+1) * m.L
		if hi <= from {
			iv++
			continue
		}
		dt := min(hi, t) - from
		for _, sk := range skills {
			x := &s.stats[int(sk.q)*m.T+iv]
			x.Available += dt
			x.Busy += busy * dt
		}
		from = min(hi, t)
		iv++
	}
}

// head returns queue q's first contact still waiting at t, or −1; the ones
// whose patience ran out before t are counted as abandoned on the way (at
// their deadline: under first come first served, a contact that leaves the
// middle of the queue changes nobody else's service, so removing it when
// it reaches the front is the same).
func (s *sim) head(q int, t float64) int32 {
	w := &s.waiting[q]
	for w.n > 0 {
		k := w.front()
		if s.contacts[k].deadline >= t {
			return k
		}
		w.pop()
		s.abandon(k)
	}
	return -1
}

func (s *sim) abandon(k int32) {
	c := &s.contacts[k]
	s.stats[int(c.q)*s.m.T+int(c.iv)].Abandoned++
}

// canTake reports whether agent a may take a contact of queue q now.
func (s *sim) canTake(a int, q int) bool {
	st := &s.ag[a]
	if !st.on {
		return false
	}
	if st.load == 0 {
		return true
	}
	return s.m.queues[q].chat && st.load < st.cap
}

func (s *sim) arrive(k int32, t float64) {
	m := s.m
	c := &s.contacts[k]
	q := int(c.q)
	x := &s.stats[q*m.T+int(c.iv)]
	x.Offered++
	if c.at+m.queues[q].answer > m.H {
		x.Censored++
	}
	best := -1
	switch {
	case !m.queues[q].chat:
		if s.free > 0 {
			best = s.takeIdle(q)
		}
	default:
		var bp, bl int32
		var bi float64
		for _, ref := range m.byQueue[q] {
			a := int(ref.a)
			if !s.canTake(a, q) {
				continue
			}
			st := &s.ag[a]
			if best < 0 || ref.prio < bp || (ref.prio == bp && (st.load < bl || (st.load == bl && st.idleSince < bi))) {
				best, bp, bl, bi = a, ref.prio, st.load, st.idleSince
			}
		}
	}
	if best < 0 {
		s.waiting[q].push(k)
		return
	}
	s.serve(best, k, t)
}

// takeIdle returns the idle agent for queue q with the best priority for
// it and, among those, idle the longest; −1 when none.
func (s *sim) takeIdle(q int) int {
	for l := range s.idle[q] {
		w := &s.idle[q][l]
		for w.n > 0 {
			e := w.front()
			w.pop()
			if st := &s.ag[e.a]; st.epoch == e.epoch && st.on && st.load == 0 {
				return int(e.a)
			}
		}
	}
	return -1
}

// becomeIdle puts agent a, now on duty with no contact, at the back of his
// queues' idle lists.
func (s *sim) becomeIdle(a int) {
	st := &s.ag[a]
	st.epoch++
	for _, sk := range s.m.agents[a].skills {
		if l := sk.level; l >= 0 {
			s.idle[sk.q][l].push(idleEntry{a: int32(a), epoch: st.epoch})
		}
	}
}

// serve starts contact k with agent a at t.
func (s *sim) serve(a int, k int32, t float64) {
	m := s.m
	c := &s.contacts[k]
	q := int(c.q)
	s.account(a, t)
	st := &s.ag[a]
	if st.load == 0 {
		st.cap = m.queues[q].conc
		st.epoch++
		if st.on {
			s.free--
		}
	}
	st.load++
	x := &s.stats[q*m.T+int(c.iv)]
	x.Answered++
	wait := t - c.at
	x.Wait += wait
	if answer := m.queues[q].answer; wait <= answer && c.at+answer <= m.H {
		x.InTime++
	}
	s.pushCompletion(completion{t: t + c.handle, a: int32(a)})
}

func (s *sim) complete(a int, t float64) {
	s.account(a, t)
	st := &s.ag[a]
	st.load--
	if st.load == 0 {
		st.cap = 1
		st.idleSince = t
		if st.on {
			s.free++
		}
	}
	if st.on {
		s.pickUp(a, t)
		if st.load == 0 {
			s.becomeIdle(a)
		}
	}
}

func (s *sim) onDuty(a int, t float64) {
	s.account(a, t)
	st := &s.ag[a]
	st.on = true
	if st.load == 0 {
		st.idleSince = t
		s.free++
	}
	s.pickUp(a, t)
	if st.load == 0 {
		s.becomeIdle(a)
	}
}

func (s *sim) offDuty(a int, t float64) {
	s.account(a, t)
	st := &s.ag[a]
	st.on = false
	st.epoch++
	if st.load == 0 {
		s.free--
	}
}

// pickUp lets agent a, free for more work at t, take waiting contacts:
// from his skills in order of his priority and the queues' priority, and
// within one such rank the contact that has waited longest.
func (s *sim) pickUp(a int, t float64) {
	skills := s.m.agents[a].skills
	for {
		best, bestK := -1, int32(-1)
		group := int32(-1)
		for _, sk := range skills {
			if best >= 0 && sk.group != group {
				break
			}
			q := int(sk.q)
			if !s.canTake(a, q) {
				continue
			}
			k := s.head(q, t)
			if k < 0 {
				continue
			}
			if best < 0 || s.contacts[k].at < s.contacts[bestK].at {
				best, bestK, group = q, k, sk.group
			}
		}
		if best < 0 {
			return
		}
		s.waiting[best].pop()
		s.serve(a, bestK, t)
	}
}

// finish settles the contacts left waiting when no agent is left: those
// with a patience abandon; the others are unserved.
func (s *sim) finish() {
	m := s.m
	for a := range s.ag {
		s.account(a, s.end)
	}
	for q := range s.waiting {
		w := &s.waiting[q]
		for ; w.n > 0; w.pop() {
			k := w.front()
			c := &s.contacts[k]
			if !math.IsInf(c.deadline, 1) {
				s.abandon(k)
				continue
			}
			s.stats[q*m.T+int(c.iv)].Unserved++
		}
	}
}

func (s *sim) pushCompletion(c completion) {
	c.seq = s.seq
	s.seq++
	h := append(s.heap, c)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	s.heap = h
}

func (s *sim) popCompletion() completion {
	h := s.heap
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && less(h[r], h[l]) {
			j = r
		}
		if !less(h[j], h[i]) {
			break
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
	s.heap = h
	return top
}

func less(a, b completion) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	return a.seq < b.seq
}
