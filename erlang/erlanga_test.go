package erlang

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"
)

// chainErlangA computes the M/M/N+M metrics a second, independent way:
// the birth–death chain of Palm / Garnett–Mandelbaum–Reiman summed state by
// state in 256-bit floats (truncated where the terms fall below 1e−40 of
// the sum), and the service level and ASA from the tagged caller who finds
// k callers queued ahead. That caller leaves the queue (served or
// abandoning) after Σ_{m=1..k+1} Exp(N + mγ) handle times; it is served
// with probability ∏ (N+(m−1)γ)/(N+mγ) = N/(N+(k+1)γ), independently of
// when; and 1 − e^{−γS} ~ Beta(k+1, N/γ+1) (order statistics of
// exponentials), so P(served within T | k) = N/(N+(k+1)γ)·I_{1−e^{−γT}}(k+1, N/γ+1),
// with the regularised incomplete beta summed as a negative-binomial tail.
// Times are in handle times; γ = AHT/patience.
func chainErlangA(a float64, n int, g, t float64) (pWait, pAb, sl, asa, avgWait float64) {
	const prec = 256
	nf := func(x float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(x) }
	tiny := nf(1e-40)
	// p_j / p_0 for j < N
	p := nf(1)
	below := nf(0)
	for j := 0; j < n; j++ {
		below.Add(below, p)
		p.Mul(p, nf(a/float64(j+1)))
	}
	// p = p_N / p_0; queue states N+k
	y := -math.Expm1(-g * t) // 1 − u
	u := 1 - y
	aa := float64(n) / g
	var ps []*big.Float
	queued, lq, waitAns := nf(0), nf(0), nf(0)
	sumRate := 0.0 // Σ_{m=1..k+1} 1/(N+mγ), the mean time to leave the queue
	for k := 0; ; k++ {
		served := float64(n) / (float64(n) + float64(k+1)*g)
		sumRate += 1 / (float64(n) + float64(k+1)*g)
		ps = append(ps, new(big.Float).Copy(p))
		queued.Add(queued, p)
		lq.Add(lq, new(big.Float).Mul(p, nf(float64(k))))
		waitAns.Add(waitAns, new(big.Float).Mul(p, nf(served*sumRate)))
		p.Mul(p, nf(a/(float64(n)+float64(k+1)*g)))
		if k > 10 && p.Cmp(new(big.Float).Mul(queued, tiny)) < 0 {
			break
		}
	}
	// I_y(k+1, a+1) = Σ_{j>k} C(a+j, j)·u^{a+1}·y^j, a negative-binomial
	// tail of positive terms (no cancellation).
	var nb []*big.Float
	term := nf(math.Exp((aa + 1) * math.Log(u)))
	sum := nf(0)
	if (aa+1)*g*t > 700 || g*t > 10 {
		// the negative-binomial tail would need ~e^{γT} terms
		panic("chainErlangA: γT too large for the reference; choose a smaller T")
	}
	for j := 0; j <= len(ps)+1 || term.Cmp(new(big.Float).Mul(sum, tiny)) > 0 || y*(aa+float64(j+1)) >= float64(j+1); j++ {
		nb = append(nb, new(big.Float).Copy(term))
		sum.Add(sum, term)
		term.Mul(term, nf(y))
		term.Mul(term, nf(aa+float64(j+1)))
		term.Quo(term, nf(float64(j+1)))
		if y == 0 {
			break
		}
	}
	tail := make([]*big.Float, len(nb)+1)
	tail[len(nb)] = nf(0)
	for j := len(nb) - 1; j >= 0; j-- {
		tail[j] = new(big.Float).Add(tail[j+1], nb[j])
	}
	slq := nf(0)
	for k, pk := range ps {
		if k+1 >= len(tail) {
			break
		}
		served := float64(n) / (float64(n) + float64(k+1)*g)
		slq.Add(slq, new(big.Float).Mul(pk, new(big.Float).Mul(nf(served), tail[k+1])))
	}
	total := new(big.Float).Add(below, queued)
	ratio := func(x *big.Float) float64 { f, _ := new(big.Float).Quo(x, total).Float64(); return f }
	pWait = ratio(queued)
	avgWait = ratio(lq) / a // Little: E[W] = Lq/λ
	pAb = g * avgWait       // abandonment flow θ·Lq = λ·P(ab)
	sl = ratio(new(big.Float).Add(below, slq))
	asa = ratio(waitAns) / (1 - pAb)
	return
}

// TestErlangAAgainstChain: the quadrature of the virtual-wait law agrees
// with the state-by-state chain and the tagged-caller waiting law to 1e−12.
func TestErlangAAgainstChain(t *testing.T) {
	cases := []struct {
		a    float64
		n    int
		g, t float64
	}{
		{10, 14, 0.6, 1.0 / 9}, // pyworkforce's case: AHT 180 s, patience 300 s, 20 s
		{10, 8, 1, 0.1},
		{10, 8, 0.1, 0.5},
		{10, 10, 0.25, 0},
		{0.5, 1, 3, 1},
		{0.01, 1, 0.5, 0.2},
		{3, 1, 2, 0.05},
		{50, 45, 0.2, 0.1},
		{50, 20, 0.5, 0.3},
		{100, 110, 0.05, 0.11},
		{100, 95, 0.02, 0.2},
		{200, 180, 1.5, 0.01},
		{400, 420, 0.3, 0.07},
		{20, 20, 10, 0.02},
	}
	for _, c := range cases {
		pw, pab, sl, asa, avg := chainErlangA(c.a, c.n, c.g, c.t)
		got := erlangA(c.a, c.n, c.g, c.t, invBlocking(c.a, c.n-1))
		for _, v := range []struct {
			name      string
			got, want float64
		}{
			{"P(wait)", got.pWait, pw},
			{"P(abandon)", got.pAbandon, pab},
			{"SL", got.serviceLevel, sl},
			{"ASA", got.asa, asa},
			{"avg wait", got.avgWait, avg},
			{"occupancy", got.occupancy, c.a * (1 - pab) / float64(c.n)},
		} {
			if !close(v.got, v.want, 1e-12) {
				t.Errorf("A=%v N=%d γ=%v T=%v: %s = %.15g, chain %.15g (rel %.1e)",
					c.a, c.n, c.g, c.t, v.name, v.got, v.want, math.Abs(v.got-v.want)/v.want)
			}
		}
	}
}

// TestErlangAAverageWait checks AvgWait = E[min(V, τ)] by integrating
// P(V > s)·e^{−γs} numerically (midpoint rule, independent of Little's law).
func TestErlangAAverageWait(t *testing.T) {
	a, n, g := 10.0, 9, 0.5
	m := erlangA(a, n, g, 0, invBlocking(a, n-1))
	// P(V > s) = P(wait)·∫_s^∞ e^{φ}/∫_0^∞ e^{φ}, φ(x) = (A/γ)(1−e^{−γx}) − Nx
	phi := func(x float64) float64 { return a/g*(-math.Expm1(-g*x)) - float64(n)*x }
	const h, top = 1e-4, 60.0
	var total float64
	tail := make([]float64, int(top/h)+1)
	for i := len(tail) - 2; i >= 0; i-- {
		x := (float64(i) + 0.5) * h
		tail[i] = tail[i+1] + math.Exp(phi(x))*h
	}
	total = tail[0]
	var ew float64
	for i := 0; i < len(tail)-1; i++ {
		s := float64(i) * h
		ew += m.pWait * (tail[i] + tail[i+1]) / 2 / total * math.Exp(-g*(s+h/2)) * h
	}
	if !close(m.avgWait, ew, 1e-6) {
		t.Errorf("avg wait %v, integral %v", m.avgWait, ew)
	}
}

// TestErlangALargeScale: large systems stay finite and consistent: SL
// rises with N, and the abandon rate matches the fluid limit 1 − N/A when
// N ≪ A.
func TestErlangALargeScale(t *testing.T) {
	q := Queue{Traffic: 50000, AHT: 3 * time.Minute, Patience: 2 * time.Minute}
	m, err := Evaluate(q, 40000, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m.PAbandon-0.2) > 1e-3 || m.PWait != 1 {
		t.Errorf("A=50000 N=40000: %+v", m)
	}
	prev := -1.0
	for n := 49800; n <= 50300; n += 50 {
		m, _ := Evaluate(q, n, 20*time.Second)
		if m.ServiceLevel < prev || m.ServiceLevel > 1 {
			t.Errorf("N=%d: SL %v after %v", n, m.ServiceLevel, prev)
		}
		prev = m.ServiceLevel
	}
}

// TestErlangARandomAgainstChain: random queues (A from 0.13 to 55, γ from
// 0.018 to 150, i.e. patience from 1/150 to 55 handle times) agree with the
// chain to 1e−11 relative, or 1e−18 absolute for probabilities so small
// that the quadrature's neglected tails (e^{−46} of the peak) matter.
func TestErlangARandomAgainstChain(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cases := 60
	if testing.Short() {
		cases = 10
	}
	for i := 0; i < cases; i++ {
		a := math.Exp(rng.Float64()*6 - 2)
		n := 1 + rng.IntN(int(2*a)+3)
		g := math.Exp(rng.Float64()*9 - 4)
		tt := rng.Float64() * 2
		if rng.IntN(5) == 0 {
			tt = 0
		}
		tt = math.Min(tt, 8/g)
		if (float64(n)/g+1)*g*tt > 700 {
			tt = 600 / (float64(n) + g)
		}
		got := erlangA(a, n, g, tt, invBlocking(a, n-1))
		pw, pab, sl, asa, avg := chainErlangA(a, n, g, tt)
		for _, v := range []struct {
			name      string
			got, want float64
		}{{"P(wait)", got.pWait, pw}, {"P(abandon)", got.pAbandon, pab}, {"SL", got.serviceLevel, sl}, {"ASA", got.asa, asa}, {"avg wait", got.avgWait, avg}} {
			if !close(v.got, v.want, 1e-11) && math.Abs(v.got-v.want) > 1e-18 {
				t.Errorf("A=%v N=%d γ=%v T=%v: %s = %.15g, chain %.15g", a, n, g, tt, v.name, v.got, v.want)
			}
		}
	}
}
