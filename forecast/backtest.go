package forecast

import (
	"fmt"
	"math"
	"time"
)

// Score is one model's rolling-origin backtest accuracy on one series.
type Score struct {
	Queue, Channel string
	Model          string
	// WAPE = Σ|actual − forecast| / Σ actual over all origins and steps.
	WAPE float64
	// MASE = mean |actual − forecast| / mean |y(t) − y(t−week)|, the
	// in-sample weekly seasonal naive error before the first origin
	// (Hyndman & Koehler 2006).
	MASE float64
	// Bias = Σ(forecast − actual) / Σ actual; positive = over-forecast.
	Bias float64
	// Coverage is the share of actuals inside the model's p10–p90 band,
	// each origin's band built from the other origins' errors
	// (leave-one-origin-out), so it is measured out of sample.
	Coverage float64
	Origins  int  // origins the scores are over
	Chosen   bool // the model Run used for this series
}

// backtestRun holds one model's backtest forecasts, for bands.
type backtestRun struct {
	origins []int       // indices into Input.Y, latest first
	fc      [][]float64 // per origin, the forecast
	bad     []bool      // per index of Input.Y: on a day kept out of fitting
}

// BacktestOrigins returns the rolling origins of a backtest of k origins
// and the given horizon on n intervals: the latest at n − horizon, the
// others one week apart before it (so each starts on the same weekday and
// time as the real forecast), keeping only those with at least
// MinHistoryDays of history before them. Latest first.
func BacktestOrigins(n, perDay, horizon, k int) []int {
	var o []int
	for i := 0; i < k; i++ {
		x := n - horizon - i*7*perDay
		if x < MinHistoryDays*perDay {
			break
		}
		o = append(o, x)
	}
	return o
}

// Backtest scores each model by rolling-origin evaluation (Tashman 2000,
// "Out-of-sample tests of forecasting accuracy", IJF 16(4)): at each of
// the k origins from BacktestOrigins, the model sees only the history
// before the origin and forecasts horizon intervals. Scores come in the
// order of models. It returns an error wrapping ErrShortHistory when not
// even one origin fits.
func Backtest(in *Input, models []Model, horizon, k int) ([]Score, error) {
	s, _, err := backtest(in, models, horizon, k)
	return s, err
}

func backtest(in *Input, models []Model, horizon, k int) ([]Score, []backtestRun, error) {
	if err := checkInput(in); err != nil {
		return nil, nil, err
	}
	perDay := int(dayLen / in.Step)
	origins := BacktestOrigins(len(in.Y), perDay, horizon, k)
	if len(origins) == 0 {
		need := MinHistoryDays*perDay + horizon
		return nil, nil, fmt.Errorf("forecast: %w: a backtest of the horizon needs at least %s of history, have %s", ErrShortHistory, fmtDays(durOf(need, in)), fmtDays(durOf(len(in.Y), in)))
	}
	// MASE scale: in-sample weekly naive error before the earliest origin.
	scale := maseScale(in, origins[len(origins)-1], perDay)
	scores := make([]Score, len(models))
	runs := make([]backtestRun, len(models))
	v := newView(in)
	bad := make([]bool, len(in.Y))
	for i := range bad {
		bad[i] = v.bad[(i+v.pad)/perDay]
	}
	for i := range runs {
		runs[i].origins, runs[i].bad = origins, bad
	}
	// Forecast origin by origin, so that a Combination reuses the
	// forecasts of its members fitted at the same origin.
	for _, o := range origins {
		sub := &Input{Y: in.Y[:o], Start: in.Start, Step: in.Step}
		if in.Excluded != nil {
			sub.Excluded = in.Excluded[:o]
		}
		fc, err := forecastAll(sub, models, horizon)
		if err != nil {
			return nil, nil, err
		}
		for mi := range models {
			runs[mi].fc = append(runs[mi].fc, fc[mi])
		}
	}
	for mi, m := range models {
		var abs, sum, act float64
		run := runs[mi]
		for oi, o := range origins {
			for h, x := range run.fc[oi] {
				a := in.Y[o+h]
				abs += math.Abs(a - x)
				sum += x - a
				act += a
			}
		}
		steps := float64(len(origins) * horizon)
		sc := Score{Model: m.Name(), Origins: len(origins), WAPE: math.NaN(), MASE: math.NaN(), Bias: math.NaN()}
		if act > 0 {
			sc.WAPE, sc.Bias = abs/act, sum/act
		}
		if scale > 0 {
			sc.MASE = abs / steps / scale
		}
		sc.Coverage = looCoverage(in, run, perDay)
		scores[mi], runs[mi] = sc, run
	}
	return scores, runs, nil
}

// maseScale is MASE's denominator: the mean absolute in-sample error of
// weekly seasonal naive before index first (Hyndman & Koehler 2006); 0
// when the history before first is shorter than a week.
func maseScale(in *Input, first, perDay int) float64 {
	pw := 7 * perDay
	scale, ns := 0.0, 0
	for t := pw; t < first; t++ {
		scale += math.Abs(in.Y[t] - in.Y[t-pw])
		ns++
	}
	if ns > 0 {
		scale /= float64(ns)
	}
	return scale
}

func durOf(n int, in *Input) time.Duration { return time.Duration(n) * in.Step }

const dayLen = 24 * time.Hour

// looCoverage is the share of backtest actuals inside bands built from the
// other origins; with one origin, from the same one. Steps where both the
// forecast and the actual are 0 (closed) are left out, and so are days the
// user excluded (events: their forecast gets the event's multiplier). Days
// detected as anomalous count: the band does not know them in advance.
func looCoverage(in *Input, run backtestRun, perDay int) float64 {
	in1, n := 0, 0
	sc := scoreBand(in, run, perDay)
	for oi, o := range run.origins {
		skip := oi
		if len(run.origins) == 1 {
			skip = -1
		}
		b := sc.calibrate(skip)
		for h, f := range run.fc[oi] {
			a := in.Y[o+h]
			if (a == 0 && f == 0) || (in.Excluded != nil && in.Excluded[o+h]) {
				continue
			}
			lo, hi := b.band(f, h, perDay)
			n++
			if a >= lo && a <= hi {
				in1++
			}
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(in1) / float64(n)
}

// Select backtests models on in (k origins, the given horizon) and returns
// the one with the lowest WAPE, with every model's score. Only data in in
// is used: called on a history cut at an origin, it never peeks past it.
func Select(in *Input, models []Model, horizon, k int) (Model, []Score, error) {
	scores, err := Backtest(in, models, horizon, k)
	if err != nil {
		return nil, nil, err
	}
	best := 0
	for i := range scores {
		if scores[i].WAPE < scores[best].WAPE {
			best = i
		}
	}
	scores[best].Chosen = true
	return models[best], scores, nil
}

// forecastAll forecasts horizon steps of in with every model, the plain
// models first, so that a combination among them reuses its members'
// forecasts (combine) instead of fitting them again.
func forecastAll(in *Input, models []Model, horizon int) ([][]float64, error) {
	done := map[string][]float64{}
	fc := make([][]float64, len(models))
	for pass := 0; pass < 2; pass++ {
		for mi, m := range models {
			c, isComb := m.(interface {
				combine(map[string][]float64) ([]float64, bool)
			})
			if isComb != (pass == 1) {
				continue
			}
			var f []float64
			ok := false
			if isComb {
				f, ok = c.combine(done)
			}
			if !ok {
				var err error
				if f, err = m.Forecast(in, horizon); err != nil {
					return nil, err
				}
			}
			done[m.Name()] = f
			fc[mi] = f
		}
	}
	return fc, nil
}
