package forecast

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/wfm-project/wfm/forecast/holidays"
)

// readSharedCSV reads a CSV file of ../shared/data, skipping the test when
// the data set is absent (a fresh clone has no ../shared).
func readSharedCSV(tb testing.TB, dir, name string) [][]string {
	tb.Helper()
	path := filepath.Join("..", "..", "shared", "data", dir, name)
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("needs the shared data set %s (not in a fresh clone): %v", path, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

// bankCalls reads ../shared/data/us_bank_2003_5min/bank_calls.csv (Weinberg,
// Brown & Stroud 2007; fpp3's bank_calls) summed to 30-minute intervals on a
// dense grid, every day 00:00–24:00 from 2003-03-03 to 2003-10-24, zeros
// where the file has no row (nights, weekends, missing weekdays). The
// timestamps end in Z but are the bank's local clock: they are read as naive
// wall-clock times. It skips the test when the data is absent.
func bankCalls(tb testing.TB) *Input {
	tb.Helper()
	recs := readSharedCSV(tb, "us_bank_2003_5min", "bank_calls.csv")
	start := time.Date(2003, 3, 3, 0, 0, 0, 0, time.UTC)
	end := time.Date(2003, 10, 25, 0, 0, 0, 0, time.UTC)
	step := 30 * time.Minute
	y := make([]float64, int(end.Sub(start)/step))
	for _, r := range recs[1:] {
		t, err := time.Parse("2006-01-02T15:04:05Z", r[1])
		if err != nil {
			tb.Fatal(err)
		}
		n, err := strconv.Atoi(r[2])
		if err != nil {
			tb.Fatal(err)
		}
		y[int(t.Sub(start)/step)] += float64(n)
	}
	return &Input{Y: y, Start: start, Step: step}
}

// protocolOrigins are the origins: every Monday 00:00 from
// 2003-08-04 to 2003-10-13, as indices into bankCalls' grid.
func protocolOrigins(in *Input) []int {
	var o []int
	for t := time.Date(2003, 8, 4, 0, 0, 0, 0, time.UTC); !t.After(time.Date(2003, 10, 13, 0, 0, 0, 0, time.UTC)); t = t.AddDate(0, 0, 7) {
		o = append(o, int(t.Sub(in.Start)/in.Step))
	}
	return o
}

// protocolWAPE runs fc at every protocol origin on the history before it and
// returns Σ|actual − forecast| / Σ actual over all origins and the 336 steps.
func protocolWAPE(tb testing.TB, in *Input, fc func(*Input, int) ([]float64, error)) float64 {
	const h = 336
	var num, den float64
	for _, o := range protocolOrigins(in) {
		sub := &Input{Y: in.Y[:o], Start: in.Start, Step: in.Step}
		f, err := fc(sub, h)
		if err != nil {
			tb.Fatal(err)
		}
		for k := 0; k < h; k++ {
			num += math.Abs(in.Y[o+k] - f[k])
			den += in.Y[o+k]
		}
	}
	return num / den
}

// TestProtocolBankCalls is the fixed protocol. Reference WAPEs
// measured by the author on exactly this protocol: weekly seasonal
// naive 0.1437; R forecast 8.20 stlf(msts(y, c(48, 336))) 0.1191; R dshw
// 0.3090; median of the last 5 weeks dropping days under 60 % of their
// weekday's median 0.1012. Target for auto: ≤ 0.095.
func TestProtocolBankCalls(t *testing.T) {
	in := bankCalls(t)
	for _, m := range AllModels() {
		w := protocolWAPE(t, in, m.Forecast)
		t.Logf("%-14s WAPE %.4f", m.Name(), w)
	}
	start := time.Now()
	chosen := map[string]int{}
	auto := protocolWAPE(t, in, func(sub *Input, h int) ([]float64, error) {
		m, _, err := Select(sub, AutoModels(), h, 8)
		if err != nil {
			return nil, err
		}
		chosen[m.Name()]++
		return m.Forecast(sub, h)
	})
	t.Logf("%-14s WAPE %.4f in %v, chose %v", "auto", auto, time.Since(start), chosen)
	if auto > 0.095 {
		t.Errorf("auto WAPE %.4f, the issue's target is ≤ 0.095", auto)
	}
	// Band coverage out of sample: at each origin, the chosen model's
	// p10–p90 band from the inner backtest's errors, checked against the
	// next week's actuals (open intervals: forecast or actual above 0).
	// The two weekdays missing from the file within the protocol's weeks
	// (2003-09-01 Labor Day and 2003-10-14; ../shared/data/README.md) read
	// as zeros: they count as misses, and are also reported apart.
	missing := func(i int) bool {
		d := in.Start.Add(time.Duration(i) * in.Step).Format("2006-01-02")
		return d == "2003-09-01" || d == "2003-10-14"
	}
	inside, open, insideData, openData := 0, 0, 0, 0
	for _, o := range protocolOrigins(in) {
		sub := &Input{Y: in.Y[:o], Start: in.Start, Step: in.Step}
		scores, runs, err := backtest(sub, AutoModels(), 336, 8)
		if err != nil {
			t.Fatal(err)
		}
		best := 0
		for i := range scores {
			if scores[i].WAPE < scores[best].WAPE {
				best = i
			}
		}
		f, _ := AutoModels()[best].Forecast(sub, 336)
		b := makeBands(sub, runs[best], 48, -1)
		for k, x := range f {
			a := in.Y[o+k]
			if a == 0 && x == 0 {
				continue
			}
			lo, hi := b.band(x, k, 48)
			in1 := a >= lo && a <= hi
			open++
			if in1 {
				inside++
			}
			if !missing(o + k) {
				openData++
				if in1 {
					insideData++
				}
			}
		}
	}
	cov := float64(inside) / float64(open)
	t.Logf("auto p10–p90 coverage out of sample: %.3f over %d open intervals; %.3f over the %d not on a missing day", cov, open, float64(insideData)/float64(openData), openData)
	if cov < 0.75 || cov > 0.85 {
		t.Errorf("coverage %.3f, want the issue's 0.80 ± 0.05", cov)
	}
	if got := protocolWAPE(t, in, SeasonalNaive{}.Forecast); math.Abs(got-0.1437) > 0.0005 {
		t.Errorf("snaive WAPE %.4f, the issue measured 0.1437", got)
	}
}

// withHolidays wraps a forecast of the protocol with Options.Holidays'
// treatment as Run applies it: at each origin the calendars' days in the
// history are kept out of fitting, and each one in the week ahead gets
// the effect learned from the history before the origin (logged).
func withHolidays(tb testing.TB, cal []string, fc func(*Input, int) ([]float64, error)) func(*Input, int) ([]float64, error) {
	return func(sub *Input, h int) ([]float64, error) {
		sub = &Input{Y: sub.Y, Start: sub.Start, Step: sub.Step}
		origin := sub.Start.Add(time.Duration(len(sub.Y)) * sub.Step)
		hs, err := holidays.Between(cal, sub.Start, origin.Add(time.Duration(h)*sub.Step))
		if err != nil {
			return nil, err
		}
		days := byDate(hs)
		markHolidays(sub, days)
		f, err := fc(sub, h)
		if err != nil {
			return nil, err
		}
		mult, sds := holidayPlan(sub, f, days, func(time.Time) (string, bool) { return "", false })
		for k := range f {
			f[k] *= mult[k]
		}
		for _, sd := range sds {
			var from []string
			for _, d := range sd.From {
				from = append(from, d.Format("2006-01-02"))
			}
			tb.Logf("origin %s: %s %s (%s): %s %v, ×%.3f", origin.Format("2006-01-02"), sd.Date.Format("2006-01-02"), sd.Name, sd.Kind, sd.Source, from, sd.Ratio)
		}
		return f, nil
	}
}

// TestProtocolBankCallsHolidays is the protocol with the US
// federal calendar on (Options.Holidays: [US]) against off, for every
// model and for auto. In the protocol's weeks: Labor Day 2003-09-01
// (missing from the file: the bank was closed) learns from Memorial Day
// and Independence Day (also missing), and Columbus Day 2003-10-13, a
// civic day the bank worked as usual, has no civic day before it in the
// history and keeps DefaultHolidayRatio(Civic) = 1.
func TestProtocolBankCallsHolidays(t *testing.T) {
	in := bankCalls(t)
	us := []string{"US"}
	quiet := &quietTB{TB: t}
	for _, m := range AllModels() {
		t.Logf("%-14s WAPE off %.4f, US on %.4f", m.Name(), protocolWAPE(t, in, m.Forecast), protocolWAPE(t, in, withHolidays(quiet, us, m.Forecast)))
	}
	auto := func(sub *Input, h int) ([]float64, error) {
		m, _, err := Select(sub, AutoModels(), h, 8)
		if err != nil {
			return nil, err
		}
		return m.Forecast(sub, h)
	}
	off, on := protocolWAPE(t, in, auto), protocolWAPE(t, in, withHolidays(t, us, auto))
	t.Logf("%-14s WAPE off %.4f, US on %.4f", "auto", off, on)
	if on > 0.075 {
		t.Errorf("auto with US holidays: WAPE %.4f, the issue's target is ≤ 0.075 (off: %.4f)", on, off)
	}
}

// quietTB drops Logf, for the per-model runs.
type quietTB struct{ testing.TB }

func (quietTB) Logf(string, ...any) {}
