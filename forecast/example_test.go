package forecast_test

import (
	"fmt"
	"time"

	"github.com/wfm-project/wfm/forecast"
)

// Three weeks of hourly history, open 09:00–11:00 on weekdays; the second
// Wednesday is a holiday (zero), which the median leaves out.
func history() *forecast.Input {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	y := make([]float64, 21*24)
	for d := 0; d < 21; d++ {
		if d%7 >= 5 || d == 9 {
			continue
		}
		y[d*24+9] = float64(40 + d%7)
		y[d*24+10] = float64(60 + d%7 + d/7)
	}
	return &forecast.Input{Y: y, Start: start, Step: time.Hour}
}

func ExampleWeekdayMedian() {
	in := history()
	f, err := forecast.WeekdayMedian{}.Forecast(in, 3*24) // Mon..Wed
	if err != nil {
		panic(err)
	}
	for d := 0; d < 3; d++ {
		fmt.Printf("day %d: 09:00 %.0f, 10:00 %.0f, 03:00 %.0f\n", d, f[d*24+9], f[d*24+10], f[d*24+3])
	}
	// Output:
	// day 0: 09:00 40, 10:00 61, 03:00 0
	// day 1: 09:00 41, 10:00 62, 03:00 0
	// day 2: 09:00 42, 10:00 63, 03:00 0
}

func ExampleRun() {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.FixedZone("", 2*3600))
	var pts []forecast.Point
	for i := 0; i < 28*24; i++ {
		t := start.Add(time.Duration(i) * time.Hour)
		n := 0.0
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday && t.Hour() >= 9 && t.Hour() < 17 {
			n = 30
		}
		pts = append(pts, forecast.Point{Start: t, Queue: "retail", Channel: "voice", Offered: n, Answered: n, AHT: 200 * time.Second})
	}
	series, err := forecast.NewSeries(pts)
	if err != nil {
		panic(err)
	}
	res, err := forecast.Run(series, forecast.Options{Horizon: 7 * 24 * time.Hour, BacktestOrigins: 2})
	if err != nil {
		panic(err)
	}
	r := res.Rows[9] // Monday 09:00
	fmt.Println(len(res.Rows), r.Start.Format(time.RFC3339), r.Volume, r.AHT, res.Chosen["retail/voice"])
	// Output:
	// 168 2026-02-02T09:00:00+02:00 30 3m20s average
}
