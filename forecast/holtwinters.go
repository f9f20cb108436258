package forecast

import (
	"math"

	"gonum.org/v1/gonum/optimize"
)

// HoltWinters is Taylor's double-seasonal Holt-Winters exponential
// smoothing (J. W. Taylor 2003, "Short-term electricity demand forecasting
// using double seasonal exponential smoothing", JORS 54(8)), in its additive
// form so that closed intervals (zeros) need no offset, with Taylor's AR(1)
// adjustment of the one-step error:
//
//	e(t)   = y(t) − (l(t−1) + d(t−m1) + w(t−m2))
//	l(t)   = l(t−1) + α·e(t)
//	d(t)   = d(t−m1) + δ·(1−α)·e(t)
//	w(t)   = w(t−m2) + ω·(1−α)·e(t)
//	ŷ(t+k) = l(t) + d(t+k−m1) + w(t+k−m2) + φ^k·e(t)
//
// with m1 the intervals in a day and m2 in a week (the error-correction
// form of Taylor's equations). The seasonal indices start from the first
// two weeks; α, δ, ω and φ in (0, 1) are fitted by minimising the sum of
// squared one-step errors with gonum's Nelder-Mead. Days kept out of
// fitting neither update the states nor count in the fit.
type HoltWinters struct {
	// MaxEvaluations caps the optimiser's evaluations of the fit; 0 means 150.
	MaxEvaluations int
	// FitWeeks is how many recent weeks the fit runs over (the states are
	// started at the beginning of that span); 0 means 12.
	FitWeeks int
}

// Name returns "dshw".
func (HoltWinters) Name() string { return "dshw" }

// Forecast implements Model.
func (m HoltWinters) Forecast(in *Input, horizon int) ([]float64, error) {
	return runModel(in, horizon, m.fc)
}

// hwState runs the recursions over v from first with parameters p and
// returns the SSE of one-step errors and, when h > 0, the forecast.
func hwRun(v *view, first int, p [4]float64, h int) (float64, []float64) {
	m1, m2 := v.perDay, v.perWeek
	a, dl, om, phi := p[0], p[1], p[2], p[3]
	y := v.y[first:]
	n := len(y)
	// Initial states: level = mean of the first week, weekly indices =
	// deviations of the first week, daily indices 0 (the weekly indices
	// hold the whole initial shape).
	lvl := 0.0
	for i := 0; i < m2; i++ {
		lvl += y[i]
	}
	lvl /= float64(m2)
	d := make([]float64, m1)
	w := make([]float64, m2)
	for i := 0; i < m2; i++ {
		w[i] = y[i] - lvl
	}
	sse, e := 0.0, 0.0
	si, wi := (first+m2)%m1, (first+m2)%m2
	day, inDay := (first+m2)/v.perDay, (first+m2)%v.perDay
	for t := m2; t < n; t++ {
		if !v.bad[day] {
			base := lvl + d[si] + w[wi]
			e1 := y[t] - base
			err := e1 - phi*e
			sse += err * err
			lvl += a * e1
			d[si] += dl * (1 - a) * e1
			w[wi] += om * (1 - a) * e1
			e = e1
		} else {
			e = 0
		}
		if si++; si == m1 {
			si = 0
		}
		if wi++; wi == m2 {
			wi = 0
		}
		if inDay++; inDay == v.perDay {
			inDay = 0
			day++
		}
	}
	if h <= 0 {
		return sse, nil
	}
	out := make([]float64, h)
	pk := phi
	for k := range out {
		t := first + n + k
		out[k] = lvl + d[t%m1] + w[t%m2] + pk*e
		pk *= phi
	}
	return sse, out
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func (m HoltWinters) fc(v *view, h int) []float64 {
	evals := m.MaxEvaluations
	if evals <= 0 {
		evals = 150
	}
	weeks := m.FitWeeks
	if weeks <= 0 {
		weeks = 12
	}
	// Start the states at a Monday 00:00 at most FitWeeks weeks back, on
	// real data (not padding).
	first := (v.n/v.perWeek - weeks) * v.perWeek
	for first < v.pad {
		first += v.perWeek
	}
	if v.n-first < 2*v.perWeek {
		first = v.pad
	}
	params := func(x []float64) [4]float64 {
		return [4]float64{logistic(x[0]), logistic(x[1]), logistic(x[2]), logistic(x[3])}
	}
	prob := optimize.Problem{Func: func(x []float64) float64 {
		sse, _ := hwRun(v, first, params(x), 0)
		return sse
	}}
	x0 := []float64{-2, -2, -2, 0}
	res, err := optimize.Minimize(prob, x0, &optimize.Settings{FuncEvaluations: evals}, &optimize.NelderMead{})
	x := x0
	if err == nil || (res != nil && res.X != nil) {
		x = res.X
	}
	_, out := hwRun(v, first, params(x), h)
	return out
}
