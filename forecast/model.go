package forecast

import (
	"math"
)

// Model forecasts the next horizon intervals of a volume series. A model is
// a plain value whose exported fields are its parameters; the zero value of
// every model is usable and each field states its default.
type Model interface {
	// Name is the model's short name, as written in forecast.csv.
	Name() string
	// Forecast returns horizon volumes following in.Y. The result has
	// exactly horizon values, none NaN or negative.
	Forecast(in *Input, horizon int) ([]float64, error)
}

// ClosedWeeks is how many recent weeks a weekday-interval must have been
// zero in (all of them, days kept out of fitting aside) to be forecast as
// closed: exactly 0, whatever the model says.
const ClosedWeeks = 4

// forecaster is a model's core on a padded view: it returns h values for
// view indices v.n .. v.n+h-1.
type forecaster func(v *view, h int) []float64

// runModel checks in, builds the view, runs f and cleans its output:
// closed weekday-intervals become exactly 0, negative values 0.
func runModel(in *Input, horizon int, f forecaster) ([]float64, error) {
	if err := checkInput(in); err != nil {
		return nil, err
	}
	if horizon <= 0 {
		return []float64{}, nil
	}
	v := newView(in)
	return v.finish(f(v, horizon)), nil
}

// finish zeroes closed slots and negative or NaN values.
func (v *view) finish(f []float64) []float64 {
	var buf []float64
	for k := range f {
		i := v.n + k
		if math.IsNaN(f[k]) || f[k] < 0 {
			f[k] = 0
		}
		buf = v.lags(i, ClosedWeeks, buf[:0])
		closed := len(buf) > 0
		for _, x := range buf {
			if x != 0 {
				closed = false
				break
			}
		}
		if closed {
			f[k] = 0
		}
	}
	return f
}

// lags appends to buf the volumes of the same weekday-interval as view index
// i in the last k good weeks before the end of the history (days kept out
// of fitting are skipped; at most 3k+4 weeks back). When none is good, it
// falls back to the most recent weeks whatever their state.
func (v *view) lags(i, k int, buf []float64) []float64 {
	start := len(buf)
	first := i - v.perWeek
	if first >= v.n {
		first -= ((first-v.n)/v.perWeek + 1) * v.perWeek
	}
	for j, w := first, 0; j >= v.pad && len(buf)-start < k && w < 3*k+4; j, w = j-v.perWeek, w+1 {
		if !v.bad[j/v.perDay] {
			buf = append(buf, v.y[j])
		}
	}
	if len(buf) == start {
		for j := first; j >= v.pad && len(buf)-start < k; j -= v.perWeek {
			buf = append(buf, v.y[j])
		}
	}
	return buf
}

// SeasonalNaive repeats the last week: ŷ(t+h) = y(t+h−m·k), m the number of
// intervals in a week and k the smallest whole number of weeks reaching
// back into the history. It is the scale of MASE (Hyndman & Koehler 2006,
// "Another look at measures of forecast accuracy", IJF 22(4)) and the
// baseline every model must beat.
type SeasonalNaive struct{}

// Name returns "snaive".
func (SeasonalNaive) Name() string { return "snaive" }

// Forecast implements Model.
func (m SeasonalNaive) Forecast(in *Input, horizon int) ([]float64, error) {
	return runModel(in, horizon, func(v *view, h int) []float64 {
		out := make([]float64, h)
		for k := range out {
			j := v.n + k - v.perWeek
			for j >= v.n {
				j -= v.perWeek
			}
			if j >= 0 {
				out[k] = v.y[j]
			}
		}
		return out
	})
}

// WeekdayMedian is the classic WFM forecast made robust: each
// weekday-interval is the median of the same weekday-interval over the last
// Weeks normal weeks, days detected as anomalous (under AnomalyLow of their
// weekday's median: holidays, outages, missing days) or excluded by the user
// left out. With Mean set it is the plain average instead, the textbook
// "average of the last N weeks" (e.g. Cleveland, Call Center Management on
// Fast Forward, 3rd ed., ch. 5).
type WeekdayMedian struct {
	Weeks int  // weeks averaged; 0 means 5
	Mean  bool // average instead of median; false = median
}

// Name returns "median" or "average".
func (m WeekdayMedian) Name() string {
	if m.Mean {
		return "average"
	}
	return "median"
}

// Forecast implements Model.
func (m WeekdayMedian) Forecast(in *Input, horizon int) ([]float64, error) {
	return runModel(in, horizon, m.fc)
}

func (m WeekdayMedian) fc(v *view, h int) []float64 {
	weeks := m.Weeks
	if weeks <= 0 {
		weeks = 5
	}
	out := make([]float64, h)
	var buf []float64
	for k := range out {
		buf = v.lags(v.n+k, weeks, buf[:0])
		if m.Mean {
			out[k] = mean(buf)
		} else {
			out[k] = median(buf)
		}
	}
	return out
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
