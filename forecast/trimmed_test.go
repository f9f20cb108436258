package forecast

import (
	"math"
	"testing"
	"time"
)

func TestTrimWeights(t *testing.T) {
	w := trimWeights([]float64{5, 1, 3, 2, 9}, 3)
	want := []float64{0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0}
	for i := range w {
		if math.Abs(w[i]-want[i]) > 1e-12 {
			t.Fatalf("weights %v, want %v", w, want)
		}
	}
}

// TestTrimmedRunLeaveOneOut checks that each origin's average is ranked on
// the other origins only: at the origin where model 0 is exact it is left
// out, being the worst elsewhere, though over all three origins (the
// forecast's ranking) it is ahead of model 3.
func TestTrimmedRunLeaveOneOut(t *testing.T) {
	in := &Input{Y: make([]float64, 40), Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Step: 24 * time.Hour}
	for i := range in.Y {
		in.Y[i] = 10
	}
	origins := []int{30, 20, 10}
	// errors per origin (rows) and model (columns): model 0 is exact at
	// origin 0 and off by 4 elsewhere; models 1..3 off by 1, 2, 3.
	off := [][]float64{{0, 1, 2, 3}, {4, 1, 2, 3}, {4, 1, 2, 3}}
	runs := make([]backtestRun, 4)
	for mi := range runs {
		runs[mi].origins = origins
		runs[mi].bad = make([]bool, len(in.Y))
		for oi := range origins {
			runs[mi].fc = append(runs[mi].fc, []float64{10 + off[oi][mi]})
		}
	}
	run, w, ok := trimmedRun(in, runs)
	if !ok {
		t.Fatal("no trimmed run with 3 origins")
	}
	// Origin 0: ranked on origins 1, 2, models 1, 2, 3 are best: (11+12+13)/3.
	if got := run.fc[0][0]; math.Abs(got-12) > 1e-12 {
		t.Errorf("origin 0 average %v, want 12 (model 0 left out)", got)
	}
	// All origins: model 0 errs 8 in all, model 3 9.
	if w[3] != 0 || math.Abs(w[0]+w[1]+w[2]-1) > 1e-12 {
		t.Errorf("weights on all origins %v, want model 3 out", w)
	}
	if _, _, ok := trimmedRun(in, runs[:2]); ok {
		t.Error("trimmed run with 2 candidates, want none (TrimmedTop is 3)")
	}
	short := make([]backtestRun, 4)
	for mi := range short {
		short[mi] = backtestRun{origins: origins[:2], fc: runs[mi].fc[:2], bad: runs[mi].bad}
	}
	if _, _, ok := trimmedRun(in, short); ok {
		t.Error("trimmed run with 2 origins, want none")
	}
}

// TestRunChoosesByScore: on a year of noisy history Run scores the
// trimmed average beside every candidate, on the same origins, and uses
// the one its backtest scores lowest.
func TestRunChoosesByScore(t *testing.T) {
	s, err := NewSeries(yearOfHistory())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{Horizon: 7 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Backtest) != len(AutoModels())+1 {
		t.Fatalf("%d scores, want every candidate and %s", len(res.Backtest), TrimmedName)
	}
	best := res.Backtest[0]
	for _, sc := range res.Backtest {
		if sc.WAPE < best.WAPE {
			best = sc
		}
		if sc.Origins != 8 {
			t.Errorf("%s scored on %d origins, want 8", sc.Model, sc.Origins)
		}
	}
	if tr := res.Backtest[len(res.Backtest)-1]; tr.Model != TrimmedName || math.IsNaN(tr.WAPE) {
		t.Errorf("last score %+v, want %s's", tr, TrimmedName)
	}
	if res.Chosen["retail/voice"] != best.Model || !best.Chosen {
		t.Errorf("chosen %q, lowest backtest WAPE is %s %.4f", res.Chosen["retail/voice"], best.Model, best.WAPE)
	}
	for _, r := range res.Rows {
		if r.Model != best.Model {
			t.Fatalf("row %v model %s, want %s", r.Start, r.Model, best.Model)
		}
	}
}
