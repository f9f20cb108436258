package forecast

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// The posterior mean by hand: φ = 0.04 gives α = 25; 120 calls against a
// forecast of 100 so far give (25 + 120)/(25 + 100) = 1.16.
func TestIntradayUpdateByHand(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var rows []Row
	var acts []Actual
	for h := 8; h < 18; h++ {
		s := day.Add(time.Duration(h) * time.Hour)
		rows = append(rows, Row{Start: s, Queue: "q", Channel: "voice", Volume: 25, P10: 20, P90: 30, Model: "m"})
		if h < 12 {
			acts = append(acts, Actual{Start: s, Queue: "q", Channel: "voice", Offered: 30})
		}
	}
	// A row of the next day stays as it is.
	rows = append(rows, Row{Start: day.Add(32 * time.Hour), Queue: "q", Channel: "voice", Volume: 25, P10: 20, P90: 30, Model: "m"})
	out, upd, err := IntradayUpdate(rows, acts, IntradayOptions{At: day.Add(12 * time.Hour), Dispersion: 0.04})
	if err != nil {
		t.Fatal(err)
	}
	u := upd[0]
	if u.Elapsed != 4 || u.Forecast != 100 || u.Actual != 120 || u.Ratio != 1.2 {
		t.Fatalf("elapsed %d, ΣF %v, ΣA %v, ratio %v; want 4, 100, 120, 1.2", u.Elapsed, u.Forecast, u.Actual, u.Ratio)
	}
	if math.Abs(u.Factor-1.16) > 1e-12 {
		t.Fatalf("factor %v, want (25+120)/(25+100) = 1.16", u.Factor)
	}
	for i, r := range out {
		switch {
		case i < 4 || i == len(out)-1:
			if r.Volume != 25 || r.Model != "m" {
				t.Errorf("row %d (%s) changed: %+v", i, r.Start, r)
			}
		default:
			if math.Abs(r.Volume-29) > 1e-9 || r.Model != "m+intraday" {
				t.Errorf("row %d (%s): volume %v model %q, want 25 × 1.16 = 29, m+intraday", i, r.Start, r.Volume, r.Model)
			}
		}
	}
	if math.Abs(u.RestAfter-6*29) > 1e-9 || u.RestBefore != 150 {
		t.Errorf("rest %v → %v, want 150 → 174", u.RestBefore, u.RestAfter)
	}
}

// φ read back from a band made by the band's own quantile function.
func TestIntradayDispersionFromBand(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	const phi = 0.03
	var rows []Row
	for h := 8; h < 18; h++ {
		f := 40.0 + 10*float64(h%3)
		rows = append(rows, Row{Start: day.Add(time.Duration(h) * time.Hour), Queue: "q", Volume: f,
			P10: countQuantile(f, phi, bandLow), P90: countQuantile(f, phi, bandHigh)})
	}
	_, upd, err := IntradayUpdate(rows, []Actual{{Start: day.Add(8 * time.Hour), Queue: "q", Offered: 50}}, IntradayOptions{At: day.Add(9 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// The band's ends are whole counts: φ comes back within what one
	// count of rounding at these volumes allows.
	if got := upd[0].Dispersion; math.Abs(got-phi) > 0.012 {
		t.Errorf("φ from the band %.4f, want about %.2f", got, phi)
	}
}

func TestIntradayNoActuals(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	rows := []Row{{Start: day.Add(8 * time.Hour), Queue: "q", Volume: 10}}
	_, _, err := IntradayUpdate(rows, []Actual{{Start: day.Add(-time.Hour), Queue: "q", Offered: 3}}, IntradayOptions{At: day.Add(9 * time.Hour)})
	if !errors.Is(err, ErrNoActuals) {
		t.Fatalf("err %v, want ErrNoActuals", err)
	}
	_, _, err = IntradayUpdate(rows, []Actual{{Start: day.Add(8 * time.Hour), Queue: "q", Offered: math.NaN()}}, IntradayOptions{At: day.Add(9 * time.Hour)})
	if err == nil {
		t.Fatal("NaN offered accepted")
	}
	_, _, err = IntradayUpdate(rows, []Actual{{Start: day.Add(8 * time.Hour), Queue: "other", Offered: 3}}, IntradayOptions{At: day.Add(9 * time.Hour)})
	if !errors.Is(err, ErrUnforecastQueue) {
		t.Fatalf("actuals of an unforecast queue: err %v, want ErrUnforecastQueue", err)
	}
}

// On real days the credibility update must beat the morning's forecast
// left alone and the raw ratio; the band's Poisson–gamma posterior, the
// fallback without history, is reported: each day of the last weekly origins of two real series is
// forecast by Run from the history before its origin, cut at 11:30, and
// the rest of the day (11:30–24:00) scored by WAPE.
func TestIntradayOnRealDays(t *testing.T) {
	type series struct {
		name    string
		load    func(testing.TB) Series
		origins int
	}
	cases := []series{
		{"Technion bank 1999 (30m), testdata/technion_1999", technionYear, 8},
		{"US bank 2003 (30m), ../shared/data/us_bank_2003_5min", func(tb testing.TB) Series {
			return Series{Queue: "bank", Channel: "voice", Input: *bankCalls(tb), Loc: time.UTC}
		}, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.load(t)
			if s.Answered == nil {
				s.Answered, s.AHT = s.Y, make([]float64, len(s.Y))
			}
			origins := weeklyOrigins(s)
			n := c.origins
			if testing.Short() {
				n = 2
			}
			origins = origins[len(origins)-n:]
			perDay := int(24 * time.Hour / s.Step)
			cut := int(11*time.Hour+30*time.Minute) / int(s.Step)
			var none, raw, post, cred evalScore
			days := 0
			for _, o := range origins {
				h := s
				h.Input = Input{Y: s.Y[:o], Start: s.Start, Step: s.Step}
				h.Answered, h.AHT = s.Answered[:o], s.AHT[:o]
				res, err := Run([]Series{h}, Options{Horizon: 7 * 24 * time.Hour})
				cr := IntradayCredibility(h.Input, time.Duration(cut)*s.Step)
				if err != nil {
					t.Fatal(err)
				}
				for d := 0; d < 7; d++ {
					base := o + d*perDay
					dayStart := s.Start.Add(time.Duration(base) * s.Step)
					var acts []Actual
					var sumA float64
					for k := 0; k < cut; k++ {
						acts = append(acts, Actual{Start: dayStart.Add(time.Duration(k) * s.Step), Queue: s.Queue, Channel: s.Channel, Offered: s.Y[base+k]})
						sumA += s.Y[base+k]
					}
					rows := res.Rows[d*perDay : (d+1)*perDay]
					if sumA == 0 {
						continue // a closed morning says nothing about the afternoon
					}
					out, upd, err := IntradayUpdate(rows, acts, IntradayOptions{At: dayStart.Add(time.Duration(cut) * s.Step), Location: time.UTC})
					if err != nil {
						t.Fatal(err)
					}
					days++
					for k := cut; k < perDay; k++ {
						a := s.Y[base+k]
						none.add(a, rows[k].Volume)
						raw.add(a, rows[k].Volume*upd[0].Ratio)
						post.add(a, out[k].Volume)
					}
					outC, updC, err := IntradayUpdate(rows, acts, IntradayOptions{At: dayStart.Add(time.Duration(cut) * s.Step), Location: time.UTC, Credibility: map[QueueChannel]Credibility{{s.Queue, s.Channel}: cr}})
					if err != nil {
						t.Fatal(err)
					}
					if cr.Days > 0 && updC[0].Method != "credibility" {
						t.Fatalf("method %q with %d days of credibility", updC[0].Method, cr.Days)
					}
					for k := cut; k < perDay; k++ {
						cred.add(s.Y[base+k], outC[k].Volume)
					}
				}
			}
			t.Logf("%s: %d days cut at 11:30, rest-of-day WAPE: forecast %.4f, raw ratio %.4f, posterior %.4f, credibility %.4f",
				c.name, days, none.wape(), raw.wape(), post.wape(), cred.wape())
			if cred.wape() >= none.wape() {
				t.Errorf("credibility update WAPE %.4f not below the forecast left alone %.4f", cred.wape(), none.wape())
			}
			if cred.wape() >= raw.wape() {
				t.Errorf("credibility update WAPE %.4f not below the raw ratio's %.4f", cred.wape(), raw.wape())
			}
		})
	}
}

func ExampleIntradayUpdate() {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	rows := []Row{
		{Start: day.Add(9 * time.Hour), Queue: "sales", Channel: "voice", Volume: 100, P10: 80, P90: 120},
		{Start: day.Add(10 * time.Hour), Queue: "sales", Channel: "voice", Volume: 100, P10: 80, P90: 120},
	}
	acts := []Actual{{Start: day.Add(9 * time.Hour), Queue: "sales", Channel: "voice", Offered: 130}}
	out, upd, _ := IntradayUpdate(rows, acts, IntradayOptions{At: day.Add(10 * time.Hour)})
	fmt.Printf("ratio %.2f, factor %.3f, 10:00 now %.1f\n", upd[0].Ratio, upd[0].Factor, out[1].Volume)
	// Output: ratio 1.30, factor 1.177, 10:00 now 117.7
}

// Synthetic days with a known day-level factor D of variance φ: a morning
// of 200 expected contacts predicts the afternoon with β near
// φ/(φ + 1/200) (the credibility weight of a Poisson–gamma day, plus the
// baseline's own noise), and with no day factor the morning says nothing.
func TestIntradayCredibilitySynthetic(t *testing.T) {
	for _, c := range []struct {
		phi    float64
		lo, hi float64
	}{{0.04, 0.7, 1}, {0, 0, 0.15}} {
		rng := rand.New(rand.NewPCG(7, uint64(c.phi*1000)))
		const step = time.Hour
		days := 140
		y := make([]float64, days*24)
		for d := 0; d < days; d++ {
			f := 1.0
			if c.phi > 0 {
				f = distuv.Gamma{Alpha: 1 / c.phi, Beta: 1 / c.phi, Src: rng}.Rand()
			}
			for h := 8; h < 18; h++ {
				mu := 50.0 * f // 4 morning hours before 12:00: 200 expected
				y[d*24+h] = distuv.Poisson{Lambda: mu, Src: rng}.Rand()
			}
		}
		cr := IntradayCredibility(Input{Y: y, Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Step: step}, 12*time.Hour)
		if cr.Days < 100 || cr.Beta < c.lo || cr.Beta > c.hi {
			t.Errorf("φ %.2f: β %.3f over %d days, want %.2f..%.2f over ≥ 100", c.phi, cr.Beta, cr.Days, c.lo, c.hi)
		}
	}
}
