package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkProtocol runs the protocol with --model auto: at each of
// the 11 origins, an 8-origin inner backtest of every candidate on the
// history before it, the choice, and the chosen model's 336-step forecast.
// It reports the WAPE as a metric. Run with
//
//	go test ./forecast -run '^$' -bench Protocol -count 5 -cpu 1
func BenchmarkProtocol(b *testing.B) {
	in := bankCalls(b)
	var w float64
	for b.Loop() {
		w = protocolWAPE(b, in, func(sub *Input, h int) ([]float64, error) {
			m, _, err := Select(sub, AutoModels(), h, 8)
			if err != nil {
				return nil, err
			}
			return m.Forecast(sub, h)
		})
	}
	b.ReportMetric(w, "wape")
}

// yearOfHistory is a year of 30-minute points for one queue: weekdays
// 07:00–21:00 with a daily hump, a weekly pattern, a slow trend, month-end
// peaks and Poisson-like noise from a fixed seed.
func yearOfHistory() []Point {
	r := rand.New(rand.NewPCG(2026, 1))
	start := time.Date(2025, 1, 6, 0, 0, 0, 0, time.FixedZone("", -5*3600))
	var pts []Point
	for i := 0; i < 52*7*48; i++ {
		t := start.Add(time.Duration(i) * 30 * time.Minute)
		d, s := i/48%7, i%48
		n := 0.0
		if d < 5 && s >= 14 && s < 42 {
			mu := (80 + 60*math.Sin(math.Pi*float64(s-14)/28)) * (1.2 - 0.05*float64(d)) * (1 + float64(i)/float64(52*7*48)*0.2)
			if t.Day() <= 2 || t.Day() >= 29 {
				mu *= 1.12
			}
			n = math.Max(0, math.Round(mu+r.NormFloat64()*math.Sqrt(mu)*1.3))
		}
		pts = append(pts, Point{Start: t, Queue: "retail", Channel: "voice", Offered: n, Answered: n * 0.95, AHT: time.Duration(180+r.IntN(60)) * time.Second})
	}
	return pts
}

// BenchmarkRunYear is fit + backtest (8 origins, every candidate) +
// forecast of 14 days for one queue with a year of 30-minute history, as
// `wfm forecast` does it. Run with
//
//	go test ./forecast -run '^$' -bench RunYear -count 5 -cpu 1
func BenchmarkRunYear(b *testing.B) {
	pts := yearOfHistory()
	for b.Loop() {
		series, err := NewSeries(pts)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Run(series, Options{Horizon: 14 * 24 * time.Hour, BacktestOrigins: 8}); err != nil {
			b.Fatal(err)
		}
	}
}
