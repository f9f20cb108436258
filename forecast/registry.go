package forecast

import "strings"

// AllModels returns one value of every model wfm knows, with default
// parameters, in the order the backtest table lists them. Names are unique.
func AllModels() []Model {
	return []Model{
		SeasonalNaive{},
		WeekdayMedian{Mean: true},
		WeekdayMedian{},
		HoltWinters{},
		MSTL{},
		TopDown{},
		TopDown{Calendar: true},
		PoissonTrend{},
		Combination{},
	}
}

// AutoModels are the candidates of `--model auto`: every model but the
// seasonal naive, which is only the yardstick.
func AutoModels() []Model { return AllModels()[1:] }

// Combination averages the forecasts of its models, interval by interval:
// combining forecasts is among the most reliable ways to reduce error
// (Bates & Granger 1969, "The combination of forecasts", OR Quarterly
// 20(4); Makridakis et al. 2020, the M4 competition, IJF 36(1)).
type Combination struct {
	// Models are combined with equal weights; nil means the calendar
	// top-down, the weekday median and double-seasonal Holt-Winters.
	Models []Model
}

func (c Combination) models() []Model {
	if c.Models == nil {
		return []Model{TopDown{Calendar: true}, WeekdayMedian{}, HoltWinters{}}
	}
	return c.Models
}

// Name returns "combo" for the default set, else "combo(a+b+...)".
func (c Combination) Name() string {
	if c.Models == nil {
		return "combo"
	}
	var n []string
	for _, m := range c.Models {
		n = append(n, m.Name())
	}
	return "combo(" + strings.Join(n, "+") + ")"
}

// Forecast implements Model.
func (c Combination) Forecast(in *Input, horizon int) ([]float64, error) {
	ms := c.models()
	var sum []float64
	for _, m := range ms {
		f, err := m.Forecast(in, horizon)
		if err != nil {
			return nil, err
		}
		if sum == nil {
			sum = make([]float64, len(f))
		}
		for i, x := range f {
			sum[i] += x / float64(len(ms))
		}
	}
	if sum == nil {
		return runModel(in, horizon, func(v *view, h int) []float64 { return make([]float64, h) })
	}
	return sum, nil
}

// combine averages already computed forecasts of its models, keyed by model
// name; ok is false when one is missing. Backtest uses it to avoid fitting
// the same model twice at an origin.
func (c Combination) combine(done map[string][]float64) ([]float64, bool) {
	ms := c.models()
	var sum []float64
	for _, m := range ms {
		f, ok := done[m.Name()]
		if !ok {
			return nil, false
		}
		if sum == nil {
			sum = make([]float64, len(f))
		}
		for i, x := range f {
			sum[i] += x / float64(len(ms))
		}
	}
	return sum, sum != nil
}
