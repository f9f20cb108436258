package analyze_test

import (
	"fmt"
	"time"

	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/importers/analyze"
)

func ExampleEstimatePatience() {
	p, _ := analyze.EstimatePatience([]analyze.Wait{
		{Wait: 10 * time.Second, Abandoned: true},
		{Wait: 20 * time.Second},
		{Wait: 30 * time.Second, Abandoned: true},
	})
	fmt.Println(p.Mean, p.Low, p.High)
	// Output: 30s 7.503s 1m59.953s
}

func ExampleAnalyze() {
	mon := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	rows := []importers.HistoryRow{
		{Start: mon, Queue: "retail", Channel: "voice", Offered: 10, Answered: 8, Abandoned: 2, AHT: 100 * time.Second, ASA: 10 * time.Second},
		{Start: mon.Add(time.Hour), Queue: "retail", Channel: "voice", Offered: 20, Answered: 20, AHT: 200 * time.Second, ASA: 30 * time.Second},
	}
	rep, _ := analyze.Analyze(rows, nil, analyze.Options{})
	q := rep.Queues[0]
	fmt.Printf("%s: %v offered, %.1f%% abandoned, AHT %v, busiest %s\n", q.Queue, q.Offered, 100*q.AbandonRate, q.AHT, q.Busiest[0].Start.Format("15:04"))
	fmt.Println("patience at least", q.Patience.LowerBound)
	// Output:
	// retail: 30 offered, 6.7% abandoned, AHT 2m51.429s, busiest 10:00
	// patience at least 5m40s
}
