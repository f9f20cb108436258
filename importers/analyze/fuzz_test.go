package analyze

import (
	"errors"
	"strings"
	"testing"

	"github.com/wfm-project/wfm/importers"
)

// FuzzAnalyze: any history ReadHistory accepts is analysed without a
// panic, and its totals add up to its rows'.
func FuzzAnalyze(f *testing.F) {
	f.Add("interval_start,queue,channel,offered,answered,abandoned,aht_seconds,asa_seconds\n" +
		"2026-01-05T09:00:00Z,q,voice,10,8,2,100,10\n2026-01-05T10:00:00Z,q,voice,20,20,0,200,30\n2026-01-06T09:00:00+02:00,q,chat,3.5,3,0.5,150,20\n")
	f.Add("interval_start,queue,offered\n2026-03-29T01:45:00+01:00,q,1\n2026-03-29T03:00:00+02:00,q,0\n")
	f.Fuzz(func(t *testing.T, text string) {
		rows, err := importers.ReadHistory(strings.NewReader(text), "fuzz.csv")
		if err != nil || len(rows) == 0 {
			return
		}
		rep, err := Analyze(rows, nil, Options{})
		if errors.Is(err, importers.ErrSpan) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var want, got float64
		for _, r := range rows {
			want += r.Offered
		}
		for _, q := range rep.Queues {
			got += q.Offered
			var days float64
			for _, d := range q.Days {
				days += d.Offered
			}
			if d := days - q.Offered; d > 1e-6*q.Offered+1e-9 || d < -1e-6*q.Offered-1e-9 {
				t.Fatalf("%s: days add to %v, queue %v", q.Queue, days, q.Offered)
			}
		}
		if d := got - want; d > 1e-6*want+1e-9 || d < -1e-6*want-1e-9 {
			t.Fatalf("queues add to %v, rows %v", got, want)
		}
	})
}
