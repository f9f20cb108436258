package erlang

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestParseServiceLevel(t *testing.T) {
	for _, c := range []struct {
		in     string
		frac   float64
		within time.Duration
	}{
		{"80/20s", 0.8, 20 * time.Second},
		{"90/1m", 0.9, time.Minute},
		{"80%/20s", 0.8, 20 * time.Second},
		{" 99.5/500ms ", 0.995, 500 * time.Millisecond},
		{"50/0s", 0.5, 0},
	} {
		f, d, err := ParseServiceLevel(c.in)
		if err != nil || math.Abs(f-c.frac) > 1e-15 || d != c.within {
			t.Errorf("ParseServiceLevel(%q) = %v, %v, %v", c.in, f, d, err)
		}
	}
	for _, c := range []struct{ in, msg string }{
		{"80/20", `answer time "20" needs a unit; the form is 80/20s`},
		{"0/20s", "between 0 and 100"},
		{"100/20s", "between 0 and 100"},
		{"120/20s", "between 0 and 100"},
		{"-5/20s", "between 0 and 100"},
		{"80", "want PERCENT/TIME, e.g. 80/20s"},
		{"x/20s", "not a number"},
		{"80/soon", "not a duration"},
		{"80/-3s", "must not be negative"},
	} {
		_, _, err := ParseServiceLevel(c.in)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("ParseServiceLevel(%q) error %v, want %q", c.in, err, c.msg)
		}
	}
	var v ServiceLevelTarget
	if err := v.Set("85/30s"); err != nil || v.String() != "85/30s" || v.Type() == "" {
		t.Errorf("ServiceLevelTarget: %+v %q %v", v, v.String(), err)
	}
}

func TestReportJSONFields(t *testing.T) {
	m, err := Evaluate(Queue{Traffic: 5, AHT: time.Minute}, 5, 20*time.Second)
	if !errors.Is(err, ErrOverloaded) {
		t.Fatal(err)
	}
	r, err := m.Report(0.25)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"traffic":5,"agents":5,"agents_fractional":5,"staff":7,"service_level":0,"answer_target_seconds":20,"p_wait":1,"asa_seconds":null,"avg_wait_seconds":null,"p_abandon":0,"occupancy":1}`
	if string(b) != want {
		t.Errorf("overloaded report\n got %s\nwant %s", b, want)
	}
}

// densityBound is the least peak any feasible deferred plan can have: the
// work arriving in intervals i..j−d must be handled within intervals i..j−1.
func densityBound(volumes []float64, d int) float64 {
	best := 0.0
	for i := range volumes {
		work := 0.0
		for j := i + 1; j <= len(volumes); j++ {
			if k := j - d; k >= i {
				work += volumes[k]
			}
			best = math.Max(best, work/float64(j-i))
		}
	}
	return best
}

// TestDeferredStaffing: plans are feasible (nothing done before it arrives,
// everything done by its deadline) and their peak is the least possible.
func TestDeferredStaffing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const aht, interval = 6 * time.Minute, 30 * time.Minute
	perContact := aht.Seconds() / interval.Seconds()
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(120)
		volumes := make([]float64, n)
		for i := range volumes {
			if rng.IntN(4) > 0 {
				volumes[i] = math.Round(rng.Float64() * 100)
			}
		}
		d := 1 + rng.IntN(20)
		plan, err := DeferredStaffing(volumes, aht, interval, time.Duration(d)*interval+time.Duration(rng.IntN(29))*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		done, arrived, peak := 0.0, 0.0, 0.0
		for i, v := range volumes {
			arrived += v
			done += plan.Agents[i] / perContact
			peak = math.Max(peak, plan.Agents[i]/perContact)
			due := 0.0
			for k := 0; k <= i-d+1; k++ {
				due += volumes[k]
			}
			if done > arrived+1e-9 || done < due-1e-9 {
				t.Fatalf("trial %d, d=%d, interval %d: done %v, arrived %v, due %v\n%v\n%v", trial, d, i, done, arrived, due, volumes, plan.Agents)
			}
			if math.Abs(plan.Backlog[i]-(arrived-done)) > 1e-9 || plan.Whole[i] < int(math.Ceil(plan.Agents[i]-1e-9)) {
				t.Fatalf("trial %d interval %d: backlog %v, whole %d, agents %v", trial, i, plan.Backlog[i], plan.Whole[i], plan.Agents[i])
			}
		}
		if lb := densityBound(volumes, d); math.Abs(peak-lb) > 1e-9*math.Max(1, lb) {
			t.Errorf("trial %d, d=%d: peak %v, least possible %v", trial, d, peak, lb)
		}
	}
	if _, err := DeferredStaffing([]float64{1}, time.Minute, time.Hour, 30*time.Minute); !errors.Is(err, ErrInvalid) {
		t.Errorf("target shorter than interval: %v", err)
	}
	if _, err := DeferredStaffing([]float64{-1}, time.Minute, time.Hour, 2*time.Hour); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative volume: %v", err)
	}
}

// year returns 35,040 quarter-hour traffic values around a, ±10 %.
func year(a float64) []Erlangs {
	out := make([]Erlangs, 35040)
	for i := range out {
		out[i] = Erlangs(a * (1 + 0.1*math.Sin(float64(i)*2*math.Pi/96)))
	}
	return out
}

func benchmarkYear(b *testing.B, a float64, patience time.Duration) {
	traffic := year(a)
	t := Targets{ServiceLevel: 0.8, AnswerTime: 20 * time.Second}
	b.ResetTimer()
	for b.Loop() {
		for _, tr := range traffic {
			if _, err := Required(Queue{Traffic: tr, AHT: 180 * time.Second, Patience: patience}, t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRequiredYear: required agents for a year of 15-minute intervals
// (35,040), SL 80/20s, AHT 180 s, Erlang C.
func BenchmarkRequiredYear(b *testing.B) {
	b.Run("1E", func(b *testing.B) { benchmarkYear(b, 1, 0) })
	b.Run("200E", func(b *testing.B) { benchmarkYear(b, 200, 0) })
	b.Run("5000E", func(b *testing.B) { benchmarkYear(b, 5000, 0) })
}

// BenchmarkErlangA: one Erlang A evaluation and one requirement (patience
// 2 min) at 200 Erlangs, AHT 180 s, 80/20s.
func BenchmarkErlangA(b *testing.B) {
	q := Queue{Traffic: 200, AHT: 180 * time.Second, Patience: 2 * time.Minute}
	b.Run("Evaluate200E", func(b *testing.B) {
		for b.Loop() {
			Evaluate(q, 205, 20*time.Second)
		}
	})
	b.Run("Required200E", func(b *testing.B) {
		for b.Loop() {
			Required(q, Targets{ServiceLevel: 0.8, AnswerTime: 20 * time.Second})
		}
	})
	b.Run("Required5000E", func(b *testing.B) {
		q := q
		q.Traffic = 5000
		for b.Loop() {
			Required(q, Targets{ServiceLevel: 0.8, AnswerTime: 20 * time.Second})
		}
	})
}

// TestUnreachable: a requirement beyond the search bound is an error, not
// an endless loop.
func TestUnreachable(t *testing.T) {
	_, err := Required(Queue{Traffic: 1e8, AHT: time.Minute}, Targets{ServiceLevel: 0.8, AnswerTime: 20 * time.Second})
	if !errors.Is(err, ErrUnreachable) {
		t.Errorf("1e8 Erlangs: err = %v, want ErrUnreachable", err)
	}
}

// FuzzParseServiceLevel: whatever the input, a parse either fails with
// ErrInvalid or yields 0 < fraction < 1 and a non-negative time that
// ServiceLevelTarget.String writes back to the same values.
func FuzzParseServiceLevel(f *testing.F) {
	for _, s := range []string{"80/20s", "80/20", "90/1m", "99.9/500ms", "0/1s", "100/1s", "80%/20s", "/", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		frac, within, err := ParseServiceLevel(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("%q: %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if !(frac > 0 && frac < 1) || within < 0 {
			t.Fatalf("%q: fraction %v, within %v", s, frac, within)
		}
		v := ServiceLevelTarget{Fraction: frac, Within: within}
		f2, w2, err := ParseServiceLevel(v.String())
		if err != nil || math.Abs(f2-frac) > 1e-15 || w2 != within {
			t.Fatalf("%q: round trip via %q gave %v, %v, %v", s, v.String(), f2, w2, err)
		}
	})
}
