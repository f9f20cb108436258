package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// synthetic returns weeks of 30-minute history starting on a Monday: open
// 08:00–18:00 on weekdays with a daily hump, Poisson-like noise from an
// explicit seed, weekends closed.
func synthetic(weeks int, seed uint64) *Input {
	r := rand.New(rand.NewPCG(seed, 1))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	y := make([]float64, weeks*7*48)
	for i := range y {
		d, s := (i/48)%7, i%48
		if d >= 5 || s < 16 || s >= 36 {
			continue
		}
		mu := 50 + 40*math.Sin(math.Pi*float64(s-16)/20) + 5*float64(d)
		y[i] = math.Max(0, math.Round(mu+r.NormFloat64()*math.Sqrt(mu)))
	}
	return &Input{Y: y, Start: start, Step: 30 * time.Minute}
}

// TestModelProperties is STYLE.md's property suite, run over every model:
// the horizon length, no NaN, no negative value, a constant series forecasts
// that constant, closed intervals forecast exactly 0, and the same input
// gives the same output.
func TestModelProperties(t *testing.T) {
	models := append(AllModels(), TopDown{Calendar: true, Weeks: 2, ProfileWeeks: 2, LevelDays: 1, Damping: 1},
		WeekdayMedian{Weeks: 1}, HoltWinters{MaxEvaluations: 10, FitWeeks: 2}, MSTL{SeasonalWeeks: 1},
		Combination{Models: []Model{SeasonalNaive{}, MSTL{}}})
	for _, m := range models {
		t.Run(m.Name(), func(t *testing.T) {
			in := synthetic(6, 7)
			for _, h := range []int{0, 1, 47, 336, 1000} {
				f, err := m.Forecast(in, h)
				if err != nil {
					t.Fatal(err)
				}
				if len(f) != h {
					t.Fatalf("horizon %d: got %d values", h, len(f))
				}
				for k, x := range f {
					if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
						t.Fatalf("horizon %d: step %d: %v", h, k, x)
					}
					slot := (len(in.Y) + k) % (7 * 48)
					if d, s := slot/48, slot%48; (d >= 5 || s < 16 || s >= 36) && x != 0 {
						t.Fatalf("step %d (day %d slot %d) is closed in every week, forecast %v, want exactly 0", k, d, s, x)
					}
				}
			}
			a, _ := m.Forecast(in, 336)
			b, _ := m.Forecast(synthetic(6, 7), 336)
			if !slices.Equal(a, b) {
				t.Error("same input, different output")
			}

			c := &Input{Y: make([]float64, 4*7*48), Start: in.Start, Step: in.Step}
			for i := range c.Y {
				c.Y[i] = 12.5
			}
			f, err := m.Forecast(c, 200)
			if err != nil {
				t.Fatal(err)
			}
			for k, x := range f {
				if math.Abs(x-12.5) > 1e-6 {
					t.Fatalf("constant 12.5: step %d forecasts %v", k, x)
				}
			}

			// Start mid-week and mid-day: still on the grid, still works.
			off := &Input{Y: in.Y[100:], Start: in.Start.Add(100 * in.Step), Step: in.Step}
			if f, err := m.Forecast(off, 96); err != nil || len(f) != 96 {
				t.Fatalf("offset start: %v, %d values", err, len(f))
			}

			short := &Input{Y: in.Y[:13*48], Start: in.Start, Step: in.Step}
			if _, err := m.Forecast(short, 10); !errorsIs(err, ErrShortHistory) {
				t.Errorf("13 days: err %v, want ErrShortHistory", err)
			}
		})
	}
}
