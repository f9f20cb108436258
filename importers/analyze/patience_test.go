package analyze

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// A hand-computed case: waits 10 s (abandoned), 20 s (answered), 30 s
// (abandoned), 0 s (answered), 0 s (abandoned: never queued).
// T = 60 s, A = 2: mean 30 s; interval 30·exp(∓1.96/√2) = 7.5 s … 120 s
// (1.959964/√2 = 1.385904 = ln 4 − 0.000390, so the factor is
// 4·e^−0.000390 = 3.99844).
func TestEstimatePatienceHand(t *testing.T) {
	p, err := EstimatePatience([]Wait{{10 * time.Second, true}, {20 * time.Second, false}, {30 * time.Second, true}, {0, false}, {0, true}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Mean != 30*time.Second || p.Abandoned != 2 || p.Contacts != 4 || p.ZeroAbands != 1 || p.TotalWait != 60*time.Second {
		t.Fatalf("got %+v", p)
	}
	if d := p.Low.Seconds() - 30/3.99844; math.Abs(d) > 0.002 {
		t.Errorf("low %v, want 7.503s", p.Low)
	}
	if d := p.High.Seconds() - 30*3.99844; math.Abs(d) > 0.002 {
		t.Errorf("high %v, want 119.953s", p.High)
	}
}

func TestEstimatePatienceNoAbandons(t *testing.T) {
	if _, err := EstimatePatience([]Wait{{time.Minute, false}}); !errors.Is(err, ErrNoAbandons) {
		t.Fatalf("err %v, want ErrNoAbandons", err)
	}
}

// Simulated data with a known patience: exponential patience of mean 3m,
// censored by exponential offered waits of mean 2m. The 95 % interval
// must hold 3m (seeded, so the outcome is fixed; with another seed it
// would fail about one time in twenty).
func TestEstimatePatienceSimulated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const mean = 180.0
	var ws []Wait
	for range 20000 {
		tau := r.ExpFloat64() * mean
		v := r.ExpFloat64() * 120
		ws = append(ws, Wait{Wait: time.Duration(math.Min(tau, v) * float64(time.Second)), Abandoned: tau < v})
	}
	p, err := EstimatePatience(ws)
	if err != nil {
		t.Fatal(err)
	}
	if p.Low > 3*time.Minute || p.High < 3*time.Minute {
		t.Fatalf("interval %v … %v misses the true 3m (mean %v)", p.Low, p.High, p.Mean)
	}
	if math.Abs(p.Mean.Seconds()-mean)/mean > 0.05 {
		t.Errorf("mean %v, want within 5%% of 3m", p.Mean)
	}
}
