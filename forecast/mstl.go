package forecast

// MSTL decomposes the series into a trend, a daily and a weekly seasonal
// component and a remainder, then forecasts the seasonally adjusted series
// with simple exponential smoothing and adds the seasonal components back:
// the scheme of Bandara, Hyndman & Bergmeir (2021, "MSTL: a seasonal-trend
// decomposition algorithm for time series with multiple seasonal
// patterns", arXiv:2107.13462) and of R's stlf. Where STL smooths each
// seasonal sub-series with loess, this version takes the mean of the last
// SeasonalWeeks cycles of the detrended sub-series (a periodic window):
//
//	T = centred moving average over one week
//	S_day(s)  = mean over the last cycles of (y − T) at time of day s
//	S_week(s) = mean over the last cycles of (y − T − S_day) at week slot s
//	a = y − S_day − S_week,  ℓ(t) = ℓ(t−1) + α(a(t) − ℓ(t−1))
//	ŷ(t+k) = ℓ(t) + S_day + S_week
//
// Days kept out of fitting are replaced by their weekday-interval's median
// before decomposing. α minimises the squared one-step errors of a over a
// grid of 0.01..0.99.
type MSTL struct {
	SeasonalWeeks int // cycles averaged for the seasonal components; 0 means 6
}

// Name returns "mstl".
func (MSTL) Name() string { return "mstl" }

// Forecast implements Model.
func (m MSTL) Forecast(in *Input, horizon int) ([]float64, error) {
	return runModel(in, horizon, m.fc)
}

func (m MSTL) fc(v *view, h int) []float64 {
	sw := m.SeasonalWeeks
	if sw <= 0 {
		sw = 6
	}
	pd, pw := v.perDay, v.perWeek
	// Work on the last sw+2 weeks, with bad days imputed.
	first := max(v.pad, v.n-(sw+2)*pw)
	y := make([]float64, v.n-first)
	var buf []float64
	for i := range y {
		j := first + i
		if v.bad[j/pd] {
			buf = v.lags(j+pw*((v.n-j)/pw+1), 5, buf[:0]) // same slot, recent good weeks
			y[i] = median(buf)
		} else {
			y[i] = v.y[j]
		}
	}
	n := len(y)
	// Trend: centred moving average over a week, held flat at the ends.
	T := make([]float64, n)
	half := pw / 2
	if n > pw {
		s := 0.0
		for i := 0; i < pw; i++ {
			s += y[i]
		}
		for c := half; c+pw-half <= n; c++ {
			T[c] = s / float64(pw)
			if c+pw-half < n {
				s += y[c+pw-half] - y[c-half]
			}
		}
		for i := 0; i < half; i++ {
			T[i] = T[half]
		}
		last := n - (pw - half)
		for i := last + 1; i < n; i++ {
			T[i] = T[last]
		}
	}
	Sd := make([]float64, pd)
	cd := make([]float64, pd)
	for i := 0; i < n; i++ {
		s := (first + i) % pd
		Sd[s] += y[i] - T[i]
		cd[s]++
	}
	for s := range Sd {
		if cd[s] > 0 {
			Sd[s] /= cd[s]
		}
	}
	Sw := make([]float64, pw)
	cw := make([]float64, pw)
	for i := 0; i < n; i++ {
		s := (first + i) % pw
		Sw[s] += y[i] - T[i] - Sd[(first+i)%pd]
		cw[s]++
	}
	for s := range Sw {
		if cw[s] > 0 {
			Sw[s] /= cw[s]
		}
	}
	a := make([]float64, n)
	for i := range a {
		a[i] = y[i] - Sd[(first+i)%pd] - Sw[(first+i)%pw]
	}
	bestL, bestE := 0.0, -1.0
	for k := 1; k < 100; k++ {
		alpha := float64(k) / 100
		l, sse := a[0], 0.0
		for _, x := range a[1:] {
			e := x - l
			sse += e * e
			l += alpha * e
		}
		if bestE < 0 || sse < bestE {
			bestL, bestE = l, sse
		}
	}
	out := make([]float64, h)
	for k := range out {
		t := v.n + k
		out[k] = bestL + Sd[t%pd] + Sw[t%pw]
	}
	return out
}
