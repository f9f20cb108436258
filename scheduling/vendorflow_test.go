package scheduling

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVendorFlowExact checks vendorFlow against enumeration: on random
// short horizons, every way k seats can each work disjoint blocks of at
// least minLen allowed intervals is tried, and the flow's blocks must be
// valid and cost exactly the least of them. Half the trials put a
// penalty per vendor agent on some intervals (loosenAutoPeaks' pen), and
// two trials in three a ramp of 1 or 2: at most that many agents join and
// that many leave at any boundary, a hand-over (one ends where another
// starts) counting as neither.
func TestVendorFlowExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	binding := 0 // trials whose ramp costs something
	defer func() {
		if binding < 20 {
			t.Errorf("the ramp changed the optimum in %d trials: the test does not exercise it", binding)
		}
	}()
	for trial := 0; trial < 300; trial++ {
		T := 4 + rng.IntN(5)
		p := vendorSeats{
			k: 1 + rng.IntN(3), minLen: 1 + rng.IntN(3),
			w: 20 + 60*rng.Float64(), under: 100, over: 1 + 10*rng.Float64(),
			allowed: make([]bool, T), base: make([]int, T), target: make([]int, T),
		}
		if trial%2 == 1 {
			p.pen = make([]float64, T)
		}
		p.ramp = trial % 3
		for i := range T {
			p.allowed[i] = rng.IntN(5) > 0
			p.target[i] = rng.IntN(5)
			p.base[i] = rng.IntN(3)
			if p.pen != nil && rng.IntN(2) == 0 {
				p.pen[i] = 100 * rng.Float64()
			}
		}
		cost := func(count []int) float64 {
			c := 0.0
			for i, k := range count {
				n := p.base[i] + k
				c += p.w*float64(k) + p.under*float64(max(0, p.target[i]-n)) + p.over*float64(max(0, n-p.target[i]))
				if p.pen != nil {
					c += p.pen[i] * float64(k)
				}
			}
			return c
		}
		// one seat's schedules: bit masks whose runs are at least minLen
		// long and inside allowed
		var seats []int
		for mask := 0; mask < 1<<T; mask++ {
			ok, run := true, 0
			for i := 0; i <= T && ok; i++ {
				on := i < T && mask&(1<<i) != 0
				if on && !p.allowed[i] {
					ok = false
				}
				if on {
					run++
				} else {
					if run > 0 && run < p.minLen {
						ok = false
					}
					run = 0
				}
			}
			if ok {
				seats = append(seats, mask)
			}
		}
		best := math.Inf(1)
		free := math.Inf(1) // the best without the ramp
		count := make([]int, T)
		starts, ends := make([]int, T+1), make([]int, T+1) // at boundary i
		edges := func(mask, d int) {
			for i := 0; i <= T; i++ {
				on := i < T && mask&(1<<i) != 0
				was := i > 0 && mask&(1<<(i-1)) != 0
				if on && !was {
					starts[i] += d
				}
				if was && !on {
					ends[i] += d
				}
			}
		}
		rampOK := func() bool {
			for i := range starts {
				if p.ramp > 0 && (starts[i]-ends[i] > p.ramp || ends[i]-starts[i] > p.ramp) {
					return false
				}
			}
			return true
		}
		var rec func(seat, from int)
		rec = func(seat, from int) {
			if seat == p.k {
				if rampOK() {
					best = math.Min(best, cost(count))
				}
				free = math.Min(free, cost(count))
				return
			}
			for si := from; si < len(seats); si++ { // seats are interchangeable
				for i := range T {
					count[i] += seats[si] >> i & 1
				}
				edges(seats[si], 1)
				rec(seat+1, si)
				edges(seats[si], -1)
				for i := range T {
					count[i] -= seats[si] >> i & 1
				}
			}
		}
		rec(0, 0)

		if free < best-1e-9 {
			binding++
		}
		blocks := vendorFlow(p)
		got := make([]int, T)
		for _, b := range blocks {
			if b.end-b.start < p.minLen {
				t.Fatalf("trial %d: block %v shorter than %d", trial, b, p.minLen)
			}
			for i := b.start; i < b.end; i++ {
				if !p.allowed[i] {
					t.Fatalf("trial %d: block %v outside the allowed intervals %v", trial, b, p.allowed)
				}
				got[i]++
			}
		}
		for i, k := range got {
			if k > p.k {
				t.Fatalf("trial %d: %d vendor agents at %d, cap %d", trial, k, i, p.k)
			}
		}
		if p.ramp > 0 {
			in, out := make([]int, T+1), make([]int, T+1)
			for _, b := range blocks {
				in[b.start]++
				out[b.end]++
			}
			for i := range in {
				if in[i] > p.ramp || out[i] > p.ramp {
					t.Fatalf("trial %d: %d blocks start and %d end at %d, ramp %d: %v", trial, in[i], out[i], i, p.ramp, blocks)
				}
			}
		}
		if c := cost(got); math.Abs(c-best) > 1e-6 {
			t.Fatalf("trial %d (%+v): flow costs %v, the best %v; blocks %v", trial, p, c, best, blocks)
		}
	}
}

// TestVendorFlowMemo checks that placements reused from vendorFlow's memo
// are the ones a fresh placement finds: on a random horizon whose net
// staff keeps changing and coming back, as in a search whose rounds are
// rejected, every memoised call must return what a call without the memo
// does.
func TestVendorFlowMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	const T = 60
	p := vendorSeats{k: 3, minLen: 8, w: 9.5, under: 25, over: 0.25,
		allowed: make([]bool, T), base: make([]int, T), target: make([]int, T),
		memo: map[flowKey]*[2]flowMemo{}}
	for i := range T {
		p.allowed[i] = i%20 != 0 // three runs
		p.target[i] = 2 + rng.IntN(5)
	}
	bases := make([][]int, 4)
	for b := range bases {
		bases[b] = make([]int, T)
		for i := range T {
			bases[b][i] = rng.IntN(6)
		}
	}
	hits := 0
	for call := 0; call < 200; call++ {
		base := bases[rng.IntN(len(bases))]
		if rng.IntN(3) == 0 { // a fresh change on one run
			base = append([]int(nil), base...)
			base[rng.IntN(T)] = rng.IntN(6)
		}
		copy(p.base, base)
		fresh := p
		fresh.memo = nil
		want := vendorFlow(fresh)
		seen := map[*int]bool{} // the memo's entries before the call
		for _, ms := range p.memo {
			for _, e := range ms {
				if len(e.base) > 0 {
					seen[&e.base[0]] = true
				}
			}
		}
		got := vendorFlow(p)
		if len(got) != len(want) {
			t.Fatalf("call %d: memo gave %v, fresh %v", call, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("call %d: memo gave %v, fresh %v", call, got, want)
			}
		}
		for _, ms := range p.memo {
			if seen[&ms[0].base[0]] {
				hits++ // a run's placement came from the memo
			}
		}
	}
	if hits == 0 {
		t.Error("the memo was never reused")
	}
}
