package erlang

import (
	"errors"
	"math"
	"time"
)

// Erlangs is offered traffic: arrival rate × mean handle time.
//
// One Erlang keeps one agent busy all the time. For an interval,
// traffic = volume × AHT / interval length (see [Traffic]).
type Erlangs float64

// Traffic returns the offered traffic of volume contacts with mean handle
// time aht arriving over an interval of the given length:
// volume × aht / interval. It returns 0 when interval is not positive.
func Traffic(volume float64, aht, interval time.Duration) Erlangs {
	if interval <= 0 {
		return 0
	}
	return Erlangs(volume * aht.Seconds() / interval.Seconds())
}

// Sentinel errors. Errors returned by this package wrap one of them, so
// callers can test with [errors.Is].
var (
	// ErrOverloaded: the agents cannot carry the traffic (N ≤ A without
	// abandonment), so the queue grows without bound.
	ErrOverloaded = errors.New("erlang: overloaded: agents must exceed traffic when callers never abandon")
	// ErrUnreachable: no number of agents meets the targets.
	ErrUnreachable = errors.New("erlang: targets cannot be met by any number of agents")
	// ErrInvalid: an input is out of its domain (negative traffic, a service
	// level outside (0, 1), a zero handle time, ...).
	ErrInvalid = errors.New("erlang: invalid input")
)

// startGap returns how far below min(n, A) the Erlang B recursion may start
// (see invBlockingFrom).
func startGap(a float64) int {
	l := math.Log(a)
	if l < 0 {
		l = 0
	}
	return int(math.Ceil(math.Sqrt(2*a*(40+l)))) + 2
}

// recursionStart returns the index k at which the recursion for 1/B(n, a)
// may start, and the starting value r(k).
//
// The recursion r(m) = 1 + (m/A)·r(m−1), r(0) = 1 is linear in r, and
// r(m) = F(m)/p(m) with F and p the Poisson(A) distribution and mass
// functions. Starting at k with the estimate A/(A−k) (an upper bound for
// 1/B(k), because B(k) ≥ 1 − k/A: carried traffic A(1−B) cannot exceed k),
// the relative error of the estimate, at most A/(A−k), reaches r(n) damped
// by F(k)/F(n) ≤ ∏_{m=k+1}^{M} m/A ≤ exp(−g(g−1)/(2A)), M = min(n, ⌊A⌋),
// g = M−k. startGap picks g so this is below 1e-17: the shortcut is exact to
// rounding, and it turns an O(N) recursion into O(√(A log A) + N − A).
func recursionStart(a float64, n int) (int, float64) {
	m := n
	if fa := math.Floor(a); float64(m) > fa {
		m = int(fa)
	}
	k := m - startGap(a)
	if k <= 0 {
		return 0, 1
	}
	return k, a / (a - float64(k))
}

// invBlocking returns 1/B(n, a), the reciprocal of Erlang's loss formula,
// by the recursion 1/B(m) = 1 + (m/A)/B(m−1) (Erlang 1917; Jagerman 1974).
// It is +Inf when B underflows.
func invBlocking(a float64, n int) float64 {
	if a <= 0 {
		return math.Inf(1)
	}
	k, r := recursionStart(a, n)
	for m := k + 1; m <= n; m++ {
		r = math.FMA(float64(m)/a, r, 1)
	}
	return r
}

// BlockingProbability is Erlang's loss formula B(n, a) (Erlang B): the
// probability that a contact finds all n servers busy and is lost, in the
// M/M/n/n (or M/G/n/n) queue with offered traffic a:
//
//	B(n, A) = (Aⁿ/n!) / Σ_{k=0..n} Aᵏ/k!
//
// It is computed without factorials by the recursion
// 1/B(m, A) = 1 + (m/A)·1/B(m−1, A), B(0, A) = 1 (Erlang 1917; Jagerman,
// "Some properties of the Erlang loss function", BSTJ 53, 1974), which is
// stable: every step adds positive terms. The cost is O(√(A log A) + n − A)
// (see recursionStart). It returns 0 for a ≤ 0 and n ≥ 1, treats n < 0 as
// 0, and never returns NaN.
func BlockingProbability(a Erlangs, n int) float64 {
	if n < 0 {
		return 1
	}
	if a <= 0 {
		if n == 0 {
			return 1
		}
		return 0
	}
	return 1 / invBlocking(float64(a), n)
}

// erlangCFromInv returns Erlang C given r = 1/B(n, a), for n > a:
// C = n·B/(n − A(1−B)) = n/(r(n−A) + A) (Cooper, "Introduction to Queueing
// Theory", 2nd ed., 1981).
func erlangCFromInv(a float64, n int, r float64) float64 {
	c := float64(n) / (r*(float64(n)-a) + a)
	if c > 1 {
		c = 1
	}
	return c
}

// WaitProbability is Erlang's delay formula C(n, a) (Erlang C): the
// probability that a contact has to wait in the M/M/n queue with offered
// traffic a and no abandonment. It is computed from Erlang B as
//
//	C(n, A) = n·B(n, A) / (n − A·(1 − B(n, A)))
//
// (Cooper 1981; Koole, "Call Center Optimization", 2013).
// For n ≤ a the queue is unstable and it returns 1.
func WaitProbability(a Erlangs, n int) float64 {
	if a <= 0 {
		return 0
	}
	if float64(n) <= float64(a) {
		return 1
	}
	return erlangCFromInv(float64(a), n, invBlocking(float64(a), n))
}
