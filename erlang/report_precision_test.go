package erlang

import (
	"math"
	"testing"
	"time"
)

// TestReportFullPrecision checks the Report's waits against Erlang C's
// closed form, ASA = C(N, A)·AHT/(N − A) with
// C = (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)) (Gross & Harris,
// Fundamentals of Queueing Theory, M/M/c), summed directly here. A wait kept
// as a time.Duration is off by up to half a nanosecond: 1.2e-7 relative at
// A = 0.25, N = 4, AHT 100 s, where ASA is 3.6 ms.
func TestReportFullPrecision(t *testing.T) {
	for _, c := range []struct {
		a   float64
		n   int
		aht time.Duration
	}{{0.25, 4, 100 * time.Second}, {10, 14, 180 * time.Second}, {2, 9, 37 * time.Second}} {
		m, err := Evaluate(Queue{Traffic: Erlangs(c.a), AHT: c.aht}, c.n, 20*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		r, err := m.Report(0)
		if err != nil {
			t.Fatal(err)
		}
		sum, term := 0.0, 1.0
		for k := 0; k < c.n; k++ {
			sum += term
			term *= c.a / float64(k+1)
		}
		last := term * float64(c.n) / (float64(c.n) - c.a)
		erlangC := last / (sum + last)
		want := erlangC * c.aht.Seconds() / (float64(c.n) - c.a)
		for name, got := range map[string]Seconds{"asa_seconds": r.ASASeconds, "avg_wait_seconds": r.AvgWaitSeconds} {
			if rel := math.Abs(float64(got)-want) / want; rel > 1e-12 {
				t.Errorf("A=%v N=%d: %s = %.17g, want %.17g (relative error %.2g)", c.a, c.n, name, float64(got), want, rel)
			}
		}
	}
}
