package erlang

import "math"

// This file holds the Erlang A (M/M/N+M) queue: Poisson arrivals at rate λ,
// N agents with exponential handle times of mean 1/μ, and callers who
// abandon after an exponential patience of mean 1/θ unless served first.
// Time is measured in mean handle times (μ = 1), so λ = A and θ = γ =
// AHT/patience.
//
// Virtual wait. Let V be the offered wait: the time a caller with infinite
// patience would wait (FIFO). For M/M/N+G, Baccelli & Hebuterne (1981) and
// Mandelbaum & Zeltyn ("The M/M/n+G queue: summary of performance
// measures", Technion, formulas for P{W>0}, E[W], P{Ab}) give
//
//	P(V = 0) = p₀ + … + p_{N−1},  density  f_V(x) = λ·p_{N−1}·exp(λH(x) − Nμx),  x > 0,
//
// with H(x) = ∫₀ˣ Ḡ(u) du and Ḡ the patience survival function. For
// exponential patience H(x) = (1 − e^{−γx})/γ, and the state probabilities
// are those of Palm's birth–death chain (Palm 1943; Garnett, Mandelbaum &
// Reiman, "Designing a call center with impatient customers", M&SOM 4,
// 2002): p_j ∝ Aʲ/j! for j ≤ N. Dividing by p_{N−1},
//
//	P(V>0)/P(V=0) = q = A · B(N−1, A) · J,   J = ∫₀^∞ e^{φ(x)} dx,
//	φ(x) = (A/γ)(1 − e^{−γx}) − N x,
//
// because (p₀+…+p_{N−1})/p_{N−1} = 1/B(N−1, A). (J equals
// Γ(a)e^{x₀}x₀^{−a}P(a, x₀)/γ with a = N/γ, x₀ = A/γ and P the regularised
// incomplete gamma function: Mandelbaum & Zeltyn's form.)
//
// The tagged caller is answered iff V ≤ τ, τ ~ Exp(γ) its patience, and
// waits W = min(V, τ). With P(wait) = q/(1+q) and E_f[·] the expectation
// under the normalised density f_V/P(V>0):
//
//	P(abandon)        = P(V>τ)             = P(wait) · E_f[1 − e^{−γV}]
//	SL(T)             = P(V=0) + P(0<V≤T, V≤τ) = P(V=0) + P(wait) · E_f[e^{−γV}; V ≤ T]
//	ASA (answered)    = E[V; V≤τ]/P(answered) = P(wait) · E_f[V e^{−γV}] / (1 − P(abandon))
//	average wait (all)= E[min(V, τ)]        = P(abandon)/γ   (= Lq/λ, Little)
//	occupancy         = A(1 − P(abandon))/N.
//
// The SL line in full: a caller is answered within T iff V = 0, or
// 0 < V ≤ T and its patience outlasts V. Under FIFO, V is set by the
// callers already present (later arrivals never overtake), so V and τ are
// independent and P(τ ≥ x) = e^{−γx}; hence
// SL(T) = P(V=0) + ∫₀ᵀ f_V(x)·e^{−γx} dx. Abandoned callers, early or late,
// count against it. The tests check this against a second derivation: a
// caller finding k queued ahead leaves the queue after Σ_{m=1..k+1} Exp(N+mγ)
// handle times and is served with probability N/(N+(k+1)γ), independently of
// when; 1 − e^{−γS} ~ Beta(k+1, N/γ+1), so
// SL(T) = P(V=0) + Σ_k p_{N+k}·N/(N+(k+1)γ)·I_{1−e^{−γT}}(k+1, N/γ+1).
//
// Numerics. φ is concave with its maximum at x* = ln(A/N)/γ when N < A and at
// 0 otherwise. With d = x − x* and c = A·e^{−γx*} (c = N or c = A),
//
//	ψ(d) = φ(x*+d) − φ(x*) = −(N − c)·d − (c/γ)·h(γd),  h(z) = e^{−z} − 1 + z ≥ 0,
//
// which has no cancellation. The four integrals are taken together by
// 20-point Gauss–Legendre quadrature on panels cut where ψ falls through
// −46·(j/9)², j = 1..9 (so each panel spans a fall of at most ~10 and the
// neglected tails are below e^{−46} ≈ 1e−20 of the peak), and the scale
// e^{φ(x*)} is carried in logarithms, so nothing overflows for any A ≤ 50,000
// or N ≤ 60,000. Against an independent 256-bit chain the metrics agree to
// about 1e−13 relative; a probability below about 1e−18 is exact only in
// absolute terms (the neglected tails). Cost: a few hundred exponentials
// per evaluation (about 10 µs), independent of A and N apart from
// 1/B(N−1, A).

// h returns e^{−z} − 1 + z without cancellation.
func h(z float64) float64 {
	if math.Abs(z) < 0.5 {
		// Σ_{k≥2} (−z)^k/k!
		term := z * z / 2
		sum := term
		for k := 3; k <= 20; k++ {
			term *= -z / float64(k)
			sum += term
		}
		return sum
	}
	return math.Expm1(-z) + z
}

// gaussLegendre returns the nodes and weights of the n-point Gauss–Legendre
// rule on [−1, 1] (Newton's method on Legendre polynomials; Press et al.,
// Numerical Recipes, "Gaussian quadratures").
func gaussLegendre(n int) (x, w []float64) {
	x = make([]float64, n)
	w = make([]float64, n)
	for i := 0; i < (n+1)/2; i++ {
		z := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var dp float64
		for iter := 0; iter < 100; iter++ {
			p0, p1 := 1.0, z
			for j := 2; j <= n; j++ {
				p0, p1 = p1, ((2*float64(j)-1)*z*p1-(float64(j)-1)*p0)/float64(j)
			}
			dp = float64(n) * (z*p1 - p0) / (z*z - 1)
			dz := p1 / dp
			z -= dz
			if math.Abs(dz) < 1e-16 {
				break
			}
		}
		p0, p1 := 1.0, z
		for j := 2; j <= n; j++ {
			p0, p1 = p1, ((2*float64(j)-1)*z*p1-(float64(j)-1)*p0)/float64(j)
		}
		dp = float64(n) * (z*p1 - p0) / (z*z - 1)
		x[i], x[n-1-i] = -z, z
		w[i] = 2 / ((1 - z*z) * dp * dp)
		w[n-1-i] = w[i]
	}
	return x, w
}

var glX, glW = gaussLegendre(20)

const (
	tailLevel = 46.0 // neglect where the integrand is below e^−46 of its peak
	levels    = 9
)

// abandonQueue is one M/M/N+M evaluation in handle-time units.
type abandonQueue struct {
	a, n, g float64 // traffic, agents, γ = AHT/patience
	c       float64 // A·e^{−γx*}
	xs      float64 // x*, the mode of the virtual-wait density
}

func (q *abandonQueue) psi(d float64) float64 {
	return -(q.n-q.c)*d - q.c/q.g*h(q.g*d)
}

// dpsi is ψ'(d) = −(N − c·e^{−γd}).
func (q *abandonQueue) dpsi(d float64) float64 {
	return -(q.n - q.c*math.Exp(-q.g*d))
}

// level returns d on the side given by the start point d0 where ψ(d) ≈ −k.
// ψ is concave, so Newton's method started outside the root (ψ(d0) ≤ −k)
// moves monotonically towards it and never crosses it.
func (q *abandonQueue) level(d0, k float64) float64 {
	d := d0
	for iter := 0; iter < 50; iter++ {
		f := q.psi(d) + k
		if f > -0.05 {
			break
		}
		step := f / q.dpsi(d)
		d -= step
		if math.Abs(step) <= 1e-12*math.Abs(d) {
			break
		}
	}
	return d
}

// rightBound returns some d > 0 with ψ(d) ≤ −tailLevel.
func (q *abandonQueue) rightBound() float64 {
	k := tailLevel
	ub := (k + q.c/q.g) / q.n // h(z) ≥ z − 1 gives ψ(d) ≤ −N·d + c/γ
	if q.n > q.c {
		ub = math.Min(ub, k/(q.n-q.c))
	}
	if s := math.Sqrt(3 * k / (q.c * q.g)); s*q.g <= 1 { // h(z) ≥ z²/3 for 0 ≤ z ≤ 1
		ub = math.Min(ub, s)
	}
	for q.psi(ub) > -k { // guard; the bounds above make this unreachable
		ub *= 2
	}
	return ub
}

// abandonIntegrals holds ∫ e^{ψ} · weight over the virtual wait, for the
// weights 1, 1 − e^{−γx}, x·e^{−γx}, and e^{−γx}·[x ≤ t].
type abandonIntegrals struct {
	total, abandon, waitAnswered, answeredByT float64
}

func (q *abandonQueue) integrate(t float64) abandonIntegrals {
	var in abandonIntegrals
	dT := t - q.xs
	panel := func(lo, hi float64, all bool) {
		if hi <= lo {
			return
		}
		mid, half := (lo+hi)/2, (hi-lo)/2
		var s0, sAb, sX, sSurv float64
		for i, xi := range glX {
			d := mid + half*xi
			e := math.Exp(q.psi(d)) * glW[i]
			x := q.xs + d
			if x < 0 {
				x = 0
			}
			surv := math.Exp(-q.g * x)
			s0 += e
			sAb += e * -math.Expm1(-q.g*x)
			sX += e * x * surv
			sSurv += e * surv
		}
		if all {
			in.total += half * s0
			in.abandon += half * sAb
			in.waitAnswered += half * sX
		}
		switch {
		case hi <= dT:
			in.answeredByT += half * sSurv
		case lo < dT && all:
			// the panel straddles T: integrate its left part on its own
			mid, half := (lo+dT)/2, (dT-lo)/2
			var s float64
			for i, xi := range glX {
				d := mid + half*xi
				x := q.xs + d
				if x < 0 {
					x = 0
				}
				s += math.Exp(q.psi(d)-q.g*x) * glW[i]
			}
			in.answeredByT += half * s
		}
	}
	// Split a span into pieces no wider than 1/γ, so e^{−γd} stays tame,
	// up to where the term (c/γ)·e^{−γd} of ψ falls below e^{−40}: past
	// that ψ is linear to rounding and one panel per span is exact.
	linear := (40 + math.Log(math.Max(1, q.c/q.g))) / q.g
	span := func(lo, hi float64) {
		top := math.Min(hi, math.Max(lo, linear))
		k := int(math.Ceil((top - lo) * q.g))
		w := (top - lo) / float64(max(k, 1))
		for i := 0; i < k; i++ {
			b := top
			if i < k-1 {
				b = lo + float64(i+1)*w
			}
			panel(lo+float64(i)*w, b, true)
		}
		if hi > top {
			panel(top, hi, true)
		}
	}
	// right of the mode
	cuts := make([]float64, levels+1)
	d := q.rightBound()
	for j := levels; j >= 1; j-- {
		d = q.level(d, tailLevel*float64(j*j)/(levels*levels))
		cuts[j] = d
	}
	for j := 0; j < levels; j++ {
		span(cuts[j], cuts[j+1])
	}
	// left of the mode, down to x = 0
	if q.xs > 0 {
		lo := -q.xs
		if q.psi(lo) > -tailLevel {
			for j := 0; j <= levels; j++ {
				// uniform cuts: ψ falls less than tailLevel over the whole
				// span, and span keeps each piece within 1/γ
				cuts[j] = lo * float64(levels-j) / levels
			}
			for j := 0; j < levels; j++ {
				span(cuts[j], cuts[j+1])
			}
		} else {
			d := lo
			left := make([]float64, levels+1)
			for j := levels; j >= 1; j-- {
				d = q.level(d, tailLevel*float64(j*j)/(levels*levels))
				left[j] = d
			}
			for j := 0; j < levels; j++ {
				span(left[j+1], left[j])
			}
		}
	}
	return in
}

// rawMetrics are the metrics of one server count, with times in
// handle-time units; Metrics is their public form.
type rawMetrics struct {
	pWait, serviceLevel, asa, avgWait, pAbandon, occupancy float64
	overloaded                                             bool
}

// erlangA evaluates M/M/N+M with traffic a, n ≥ 1 agents, γ = AHT/patience
// > 0 and answer time t (in AHTs), given rPrev = 1/B(n−1, a).
func erlangA(a float64, n int, g, t, rPrev float64) rawMetrics {
	nf := float64(n)
	q := abandonQueue{a: a, n: nf, g: g, c: a}
	var lstar float64 // φ(x*)
	if nf < a {
		delta := (a - nf) / nf
		l := math.Log1p(delta)
		q.xs = l / g
		q.c = nf
		lstar = ((a - nf) - nf*l) / g
	}
	in := q.integrate(t)
	lq := math.Log(a) - math.Log(rPrev) + math.Log(in.total) + lstar
	var m rawMetrics
	m.pWait = 1 / (1 + math.Exp(-lq))
	p0 := 1 / (1 + math.Exp(lq))
	m.pAbandon = m.pWait * in.abandon / in.total
	m.serviceLevel = clamp01(p0 + m.pWait*in.answeredByT/in.total)
	if m.pAbandon < 1 {
		m.asa = m.pWait * in.waitAnswered / in.total / (1 - m.pAbandon)
	}
	m.avgWait = m.pAbandon / g
	m.occupancy = a * (1 - m.pAbandon) / nf
	return m
}

func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}
