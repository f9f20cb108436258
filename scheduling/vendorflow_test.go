package scheduling

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVendorFlowExact checks vendorFlow against enumeration: on random
// short horizons, every way k seats can each work disjoint blocks of at
// least minLen allowed intervals is tried, and the flow's blocks must be
// valid and cost exactly the least of them.
func TestVendorFlowExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 300; trial++ {
		T := 4 + rng.IntN(5)
		p := vendorSeats{
			k: 1 + rng.IntN(3), minLen: 1 + rng.IntN(3),
			w: 20 + 60*rng.Float64(), under: 100, over: 1 + 10*rng.Float64(),
			allowed: make([]bool, T), base: make([]int, T), target: make([]int, T),
		}
		for i := range T {
			p.allowed[i] = rng.IntN(5) > 0
			p.target[i] = rng.IntN(5)
			p.base[i] = rng.IntN(3)
		}
		cost := func(count []int) float64 {
			c := 0.0
			for i, k := range count {
				n := p.base[i] + k
				c += p.w*float64(k) + p.under*float64(max(0, p.target[i]-n)) + p.over*float64(max(0, n-p.target[i]))
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
		count := make([]int, T)
		var rec func(seat, from int)
		rec = func(seat, from int) {
			if seat == p.k {
				best = math.Min(best, cost(count))
				return
			}
			for si := from; si < len(seats); si++ { // seats are interchangeable
				for i := range T {
					count[i] += seats[si] >> i & 1
				}
				rec(seat+1, si)
				for i := range T {
					count[i] -= seats[si] >> i & 1
				}
			}
		}
		rec(0, 0)

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
		if c := cost(got); math.Abs(c-best) > 1e-6 {
			t.Fatalf("trial %d (%+v): flow costs %v, the best %v; blocks %v", trial, p, c, best, blocks)
		}
	}
}
