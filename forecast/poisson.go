package forecast

import (
	"math"

	"gonum.org/v1/gonum/optimize"
)

// PoissonTrend is a Poisson regression of the counts on the
// weekday-interval with a log-linear trend, the generalised linear model of
// arrival counts of Brown et al. (2005, "Statistical analysis of a telephone
// call center", JASA 100(469), §4) and Aldor-Noiman, Feigin & Mandelbaum
// (2009, Annals of Applied Statistics 3(4)):
//
//	y(t) ~ Poisson(μ(t)),  log μ(t) = a(slot(t)) + b·(t − t₀)/week
//
// over the normal days of the last Weeks weeks (t₀ is the end of the
// history). For a given b the maximum-likelihood a(s) is closed-form,
// a(s) = log(Σ y / Σ exp(b·τ)) over slot s, so only b is searched
// (gonum's Nelder-Mead on the profile log-likelihood). The trend is
// extrapolated damped: the forecast uses b·Damping.
type PoissonTrend struct {
	Weeks   int     // weeks of history fitted; 0 means 8
	Damping float64 // share of the fitted trend extrapolated, in [0, 1]; 0 means 0.5
}

// Name returns "poisson".
func (PoissonTrend) Name() string { return "poisson" }

// Forecast implements Model.
func (m PoissonTrend) Forecast(in *Input, horizon int) ([]float64, error) {
	return runModel(in, horizon, m.fc)
}

func (m PoissonTrend) fc(v *view, h int) []float64 {
	weeks := m.Weeks
	if weeks <= 0 {
		weeks = 8
	}
	damp := m.Damping
	if damp <= 0 {
		damp = 0.5
	}
	pw := v.perWeek
	first := max(v.pad, v.n-weeks*pw)
	week := float64(pw)
	// sy[s] = Σ y over slot s; the slot's τ values are needed for Σ exp(bτ).
	sy := make([]float64, pw)
	var idx []int
	for j := first; j < v.n; j++ {
		if v.bad[j/v.perDay] {
			continue
		}
		idx = append(idx, j)
		sy[j%pw] += v.y[j]
	}
	tau := func(j int) float64 { return float64(j-v.n) / week }
	se := make([]float64, pw)
	alphas := func(b float64) []float64 {
		clear(se)
		for _, j := range idx {
			se[j%pw] += math.Exp(b * tau(j))
		}
		a := make([]float64, pw)
		for s := range a {
			if sy[s] > 0 && se[s] > 0 {
				a[s] = math.Log(sy[s] / se[s])
			} else {
				a[s] = math.Inf(-1)
			}
		}
		return a
	}
	// Profile log-likelihood (up to constants): Σ y·(a + bτ) − Σ μ; at the
	// closed-form a, Σ μ over a slot equals Σ y over it, a constant.
	negLL := func(x []float64) float64 {
		b := x[0]
		if math.Abs(b) > 1 {
			return math.Inf(1)
		}
		a := alphas(b)
		ll := 0.0
		for _, j := range idx {
			if y := v.y[j]; y > 0 {
				ll += y * (a[j%pw] + b*tau(j))
			}
		}
		return -ll
	}
	b := 0.0
	if len(idx) > 0 {
		res, err := optimize.Minimize(optimize.Problem{Func: negLL}, []float64{0}, &optimize.Settings{FuncEvaluations: 60}, &optimize.NelderMead{})
		if err == nil || (res != nil && res.X != nil) {
			if !math.IsInf(res.F, 0) && !math.IsNaN(res.X[0]) {
				b = res.X[0]
			}
		}
	}
	a := alphas(b)
	out := make([]float64, h)
	for k := range out {
		j := v.n + k
		if !math.IsInf(a[j%pw], -1) {
			out[k] = math.Exp(a[j%pw] + damp*b*tau(j))
		}
	}
	return out
}
