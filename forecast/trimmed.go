package forecast

import (
	"math"
	"sort"
)

// TrimmedName is the name under which `--model auto` reports its trimmed
// average of the best candidates (Score.Model, Row.Model,
// Result.Chosen). It is not a model that can be forced: which candidates
// it averages comes from a backtest.
const TrimmedName = "trimmed"

// TrimmedTop is how many candidates, those of lowest backtest WAPE, the
// trimmed average takes, with equal weights: the trimmed mean of
// forecasts of Jose & Winkler (2008, "Simple robust averages of
// forecasts: some empirical results", IJF 24(1)), which drops the worst
// forecasts of a set, and averages of a few of the best models are what
// Makridakis et al. (2020, the M4 competition, IJF 36(1)) found hard to
// beat.
const TrimmedTop = 3

// MinTrimmedOrigins is the fewest backtest origins with which auto builds
// and scores the trimmed average: each origin's ranking comes from the
// other origins, so three origins give every ranking at least two weeks
// of errors to rest on.
const MinTrimmedOrigins = 3

// trimmedRun builds the trimmed average's backtest out of the candidates'
// runs: at each origin it averages the TrimmedTop candidates of lowest
// error over the other origins only (leave-one-origin-out), so its
// backtest WAPE is out of sample like every single model's. It also
// returns the weights ranked on all origins, for the forecast. ok is false
// with fewer than MinTrimmedOrigins origins or candidates than TrimmedTop.
func trimmedRun(in *Input, runs []backtestRun) (run backtestRun, weights []float64, ok bool) {
	if len(runs) < TrimmedTop {
		return backtestRun{}, nil, false
	}
	origins := runs[0].origins
	k := len(origins)
	if k < MinTrimmedOrigins {
		return backtestRun{}, nil, false
	}
	// abs[oi][mi]: each origin's absolute error of each candidate.
	abs := make([][]float64, k)
	for oi, o := range origins {
		abs[oi] = make([]float64, len(runs))
		for mi := range runs {
			for h, x := range runs[mi].fc[oi] {
				abs[oi][mi] += math.Abs(in.Y[o+h] - x)
			}
		}
	}
	weightsBut := func(skip int) []float64 {
		a := make([]float64, len(runs))
		for oi := range origins {
			if oi != skip {
				for mi := range runs {
					a[mi] += abs[oi][mi]
				}
			}
		}
		return trimWeights(a, TrimmedTop)
	}
	run = backtestRun{origins: origins, bad: runs[0].bad, fc: make([][]float64, k)}
	for oi := range origins {
		w := weightsBut(oi)
		f := make([]float64, len(runs[0].fc[oi]))
		for mi := range runs {
			for h, x := range runs[mi].fc[oi] {
				f[h] += w[mi] * x
			}
		}
		run.fc[oi] = f
	}
	return run, weightsBut(-1), true
}

// trimWeights gives weight 1/top to each of the top models of lowest
// error abs (ties in the order given) and 0 to the others.
func trimWeights(abs []float64, top int) []float64 {
	idx := make([]int, len(abs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return abs[idx[a]] < abs[idx[b]] })
	w := make([]float64, len(abs))
	for _, i := range idx[:min(top, len(idx))] {
		w[i] = 1 / float64(top)
	}
	return w
}

// scoreRun is the Score of a backtest run (WAPE, MASE with the given
// scale, bias and leave-one-origin-out coverage), as backtest computes
// it for a model.
func scoreRun(in *Input, run backtestRun, name string, scale float64, perDay int) Score {
	var abs, sum, act float64
	steps := 0
	for oi, o := range run.origins {
		for h, x := range run.fc[oi] {
			a := in.Y[o+h]
			abs += math.Abs(a - x)
			sum += x - a
			act += a
			steps++
		}
	}
	sc := Score{Model: name, Origins: len(run.origins), WAPE: math.NaN(), MASE: math.NaN(), Bias: math.NaN()}
	if act > 0 {
		sc.WAPE, sc.Bias = abs/act, sum/act
	}
	if scale > 0 && steps > 0 {
		sc.MASE = abs / float64(steps) / scale
	}
	sc.Coverage = looCoverage(in, run, perDay)
	return sc
}

// trimmedForecast fits every candidate on the whole of in and returns the
// combination with the given weights (a Combination among the candidates
// reuses its members' forecasts, as in the backtest).
func trimmedForecast(in *Input, cands []Model, w []float64, horizon int) ([]float64, error) {
	fc, err := forecastAll(in, cands, horizon)
	if err != nil {
		return nil, err
	}
	out := make([]float64, horizon)
	for mi := range cands {
		for h, x := range fc[mi] {
			out[h] += w[mi] * x
		}
	}
	return out, nil
}
