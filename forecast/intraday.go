package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// # Intraday update
//
// Once the morning is in, the rest of the day's forecast is rescaled by
// how the day is running. The band's model (band.go) already says how: an
// interval's count is Poisson given its rate, and the rate is the forecast
// f times a level error R of mean 1 and variance φ. Taking R as one level
// for the whole day — the day-level random rate of Jongbloed & Koole
// (2001, "Managing uncertainty in call centres using Poisson mixtures",
// Applied Stochastic Models in Business and Industry 17(4)), whose strong
// positive correlation between the periods of a day Avramidis, Deslauriers
// & L'Ecuyer (2004, Management Science 50(7)) measured — with a gamma
// prior of mean 1 and variance φ, i.e. Gamma(shape α = 1/φ, rate α), the
// counts A_i of the elapsed intervals with forecasts F_i give the posterior
//
//	R | A ~ Gamma(α + ΣA_i, α + ΣF_i),  E[R | A] = (α + ΣA) / (α + ΣF),
//
// the conjugate Poisson–gamma update (Gelman et al., Bayesian Data
// Analysis, 3rd ed., §2.6). It is the ratio of actual to forecast so far,
// ΣA/ΣF, shrunk towards 1 with the weight α/(α + ΣF): early in the day,
// or when the forecast's band says its level is sure (small φ), the
// forecast stands; as contacts arrive, the day's own ratio takes over.
// Weinberg, Brown & Stroud (2007, "Bayesian forecasting of an
// inhomogeneous Poisson process with applications to call center data",
// JASA 102(480)) update a day's rate the same way, with a richer model.
//
// φ is read from the forecast's own band: for a row with p90 above its
// volume f, the band's dispersion is φ = ((p90 − f)²/z² − f)/f² with
// z = Φ⁻¹(0.9), the inverse of how band.go places p90; the day's φ is the
// median over its rows with f ≥ 10 (minPhiVolume). A band with no level error (φ = 0, or
// a forecast without a band) leaves the day as forecast unless the caller
// gives its own φ (IntradayOptions.Dispersion).
//
// With the site's history at hand, Credibility measures the same
// shrinkage on the site's own days instead of reading it from the band,
// and IntradayOptions.Credibility uses it.
//
// Handle time is not rescaled: the morning's handle time is a biased guide
// to the afternoon's (a different mix of contacts), and the forecast's
// profile of AHT by hour already carries the daily shape.

// Actual is one elapsed interval's recorded volume.
type Actual struct {
	Start   time.Time
	Queue   string
	Channel string
	Offered float64
}

// IntradayOptions steer IntradayUpdate.
type IntradayOptions struct {
	// At is the time the actuals run to: intervals starting before At are
	// elapsed, the rest of At's local day is updated.
	At time.Time
	// Location is the site's time zone, which decides what "the day" is.
	Location *time.Location
	// Dispersion, when > 0, replaces the φ read from the forecast's band.
	Dispersion float64
	// Credibility, per queue and channel, replaces the Poisson–gamma
	// factor by 1 + β(ΣA/ΣF − 1) where it has days (see Credibility): β
	// measured on the site's own history beats φ read from the band on
	// real days (TestIntradayOnRealDays).
	Credibility map[QueueChannel]Credibility
}

// QueueChannel names one queue's channel.
type QueueChannel struct{ Queue, Channel string }

// IntradayQueue is the update of one queue and channel.
type IntradayQueue struct {
	Queue, Channel  string
	Elapsed         int     // elapsed intervals of the day with a forecast and an actual
	Forecast        float64 // ΣF over them
	Actual          float64 // ΣA over them
	Dispersion      float64 // φ used (0 when Credibility was)
	Beta            float64 // β used, when Credibility was
	CredibilityDays int     // the days β was measured on
	Method          string  // "credibility" or "poisson-gamma"
	Ratio           float64 // ΣA / ΣF (1 when ΣF = 0)
	Factor          float64 // what the rest of the day is multiplied by
	// Missing are elapsed intervals of the day forecast to have contacts
	// that have no actual; they are left out of both sums.
	Missing int
	// Rest is the forecast volume of the rest of the day, before and after.
	RestBefore, RestAfter float64
}

// ErrNoActuals is wrapped when no actual falls on the forecast's day
// before At, ErrNoForecastDay when the forecast has no row on At's day.
var (
	ErrNoActuals     = errors.New("no actuals before the re-plan time")
	ErrNoForecastDay = errors.New("no forecast rows on the re-plan day")
	// ErrUnforecastQueue is wrapped when the actuals name a queue the
	// forecast of the day does not: a misnamed queue would otherwise
	// leave its forecast unchanged without a word.
	ErrUnforecastQueue = errors.New("the actuals name a queue the forecast does not")
)

// IntradayUpdate rescales the rows of At's local day that start at or
// after At by each queue's level factor (see the section above: the
// credibility factor when opt.Credibility has days, else the Poisson–gamma
// posterior mean)
// and returns the whole forecast with those rows updated (their Model gets
// the suffix "+intraday"), and the update per queue. Rows of other days
// are returned unchanged.
func IntradayUpdate(rows []Row, actuals []Actual, opt IntradayOptions) ([]Row, []IntradayQueue, error) {
	loc := opt.Location
	if loc == nil {
		loc = opt.At.Location()
	}
	at := opt.At.In(loc)
	dayStart := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc)
	dayEnd := dayStart.AddDate(0, 0, 1)
	type key struct{ q, c string }
	act := map[key]map[int64]float64{}
	for _, a := range actuals {
		if a.Start.Before(dayStart) || !a.Start.Before(at) {
			continue
		}
		if math.IsNaN(a.Offered) || math.IsInf(a.Offered, 0) || a.Offered < 0 {
			return nil, nil, fmt.Errorf("forecast: actual %s %s at %s: offered %v is not a count", a.Queue, a.Channel, a.Start.Format(time.RFC3339), a.Offered)
		}
		k := key{a.Queue, a.Channel}
		if act[k] == nil {
			act[k] = map[int64]float64{}
		}
		act[k][a.Start.Unix()] += a.Offered
	}
	if len(act) == 0 {
		return nil, nil, fmt.Errorf("forecast: %w (%s, from %s)", ErrNoActuals, at.Format(time.RFC3339), dayStart.Format("2006-01-02"))
	}
	z := zBand
	byKey := map[key]*IntradayQueue{}
	phis := map[key][]float64{}
	var order []key
	for _, r := range rows {
		if r.Start.Before(dayStart) || !r.Start.Before(dayEnd) {
			continue
		}
		k := key{r.Queue, r.Channel}
		u := byKey[k]
		if u == nil {
			u = &IntradayQueue{Queue: r.Queue, Channel: r.Channel}
			byKey[k] = u
			order = append(order, k)
		}
		if r.Volume >= minPhiVolume && r.P90 > r.Volume {
			d := r.P90 - r.Volume
			phis[k] = append(phis[k], math.Max(0, (d*d/(z*z)-r.Volume)/(r.Volume*r.Volume)))
		}
		if r.Start.Before(at) {
			a, ok := act[k][r.Start.Unix()]
			if !ok {
				if r.Volume > 0 {
					u.Missing++
				}
				continue
			}
			u.Elapsed++
			u.Forecast += r.Volume
			u.Actual += a
		} else {
			u.RestBefore += r.Volume
		}
	}
	if len(order) == 0 {
		return nil, nil, fmt.Errorf("forecast: %w %s", ErrNoForecastDay, dayStart.Format("2006-01-02"))
	}
	var stray []string
	for k := range act {
		if byKey[k] == nil {
			stray = append(stray, k.q+"/"+k.c)
		}
	}
	if len(stray) > 0 {
		slices.Sort(stray)
		var fc []string
		for _, k := range order {
			fc = append(fc, k.q+"/"+k.c)
		}
		return nil, nil, fmt.Errorf("forecast: %w: %s (the forecast of %s has %s)", ErrUnforecastQueue, strings.Join(stray, ", "), dayStart.Format("2006-01-02"), strings.Join(fc, ", "))
	}
	for _, k := range order {
		u := byKey[k]
		u.Ratio = 1
		if u.Forecast > 0 {
			u.Ratio = u.Actual / u.Forecast
		}
		if cr := opt.Credibility[QueueChannel{k.q, k.c}]; cr.Days >= MinCredibilityDays {
			u.Method, u.Beta, u.CredibilityDays = "credibility", cr.Beta, cr.Days
			u.Factor = 1 + u.Beta*(u.Ratio-1)
		} else {
			u.Method, u.Dispersion = "poisson-gamma", opt.Dispersion
			if u.Dispersion <= 0 && len(phis[k]) > 0 {
				slices.Sort(phis[k])
				u.Dispersion = phis[k][len(phis[k])/2]
			}
			u.Factor = levelFactor(u.Dispersion, u.Actual, u.Forecast)
		}
		u.RestAfter = u.RestBefore * u.Factor
	}
	out := make([]Row, len(rows))
	copy(out, rows)
	for i := range out {
		r := &out[i]
		if r.Start.Before(at) || !r.Start.Before(dayEnd) {
			continue
		}
		u := byKey[key{r.Queue, r.Channel}]
		if u == nil || u.Factor == 1 {
			continue
		}
		r.Volume *= u.Factor
		r.P10 *= u.Factor
		r.P90 *= u.Factor
		r.Model += "+intraday"
	}
	res := make([]IntradayQueue, len(order))
	for i, k := range order {
		res[i] = *byKey[k]
	}
	return out, res, nil
}

// minPhiVolume is the smallest forecast volume whose p90 is read for φ:
// below it the band's ends are whole counts a rounding away from where the
// dispersion put them, and that rounding, not φ, makes their width.
const minPhiVolume = 10

// levelFactor is E[R | A] = (α + ΣA)/(α + ΣF) with α = 1/φ; φ = 0 is a
// sure level (factor 1).
func levelFactor(phi, actual, fc float64) float64 {
	if phi <= 0 {
		return 1
	}
	alpha := 1 / phi
	return (alpha + actual) / (alpha + fc)
}

// Credibility is how far a day's morning predicts its afternoon in a
// history: the regression coefficient β of the afternoon's relative error
// on the morning's, both against the same-weekday baseline, so that the
// rest of the day is best multiplied by 1 + β(ΣA/ΣF − 1) — Bühlmann's
// credibility estimator (Bühlmann 1967, "Experience rating and
// credibility", ASTIN Bulletin 4(3); Bühlmann & Gisler 2005, A Course in
// Credibility Theory, ch. 3), the best linear predictor of the afternoon
// from the morning, of which the Poisson–gamma posterior above is the
// special case with β = ΣF/(α + ΣF).
type Credibility struct {
	Beta float64 // in [0, 1]
	Days int     // days the regression used
}

// MinCredibilityDays is the fewest days a credibility β is trusted on.
const MinCredibilityDays = 10

// IntradayCredibility estimates Credibility from a history for a cut at
// clock time cut: for every day with at least one earlier same weekday,
// the baseline of each interval is the mean of the same interval 1..6
// weeks before; with M, A the morning's (before cut) and afternoon's
// actual sums and Bm, Ba the baseline's, the day's errors are
// rm = M/Bm − 1 and ra = A/Ba − 1, and β = Cov(rm, ra)/Var(rm) over the
// days, clamped to [0, 1]. Days excluded from fitting (in.Excluded:
// events, anomalies), days whose morning or afternoon baseline is under
// one contact and days with no morning contacts (closed) are left out.
// Fewer than MinCredibilityDays days give β = 0 and IntradayUpdate falls
// back to the band's posterior.
func IntradayCredibility(in Input, cut time.Duration) Credibility {
	perDay := int(24 * time.Hour / in.Step)
	if perDay <= 0 || cut <= 0 {
		return Credibility{}
	}
	week := 7 * perDay
	k0 := int(cut / in.Step)
	// The series' first whole day: Start is a wall clock as UTC.
	clock := time.Duration(in.Start.Hour())*time.Hour + time.Duration(in.Start.Minute())*time.Minute
	off := 0
	if clock > 0 {
		off = int((24*time.Hour - clock) / in.Step)
	}
	var rms, ras []float64
	for base := off + week; base+perDay <= len(in.Y); base += perDay {
		excluded := false
		if len(in.Excluded) > 0 {
			for k := 0; k < perDay && !excluded; k++ {
				excluded = in.Excluded[base+k]
			}
		}
		if excluded {
			continue
		}
		var m, a, bm, ba float64
		for k := 0; k < perDay; k++ {
			var sum float64
			n := 0
			for j := 1; j <= 6; j++ {
				if i := base + k - j*week; i >= 0 && (len(in.Excluded) == 0 || !in.Excluded[i]) {
					sum += in.Y[i]
					n++
				}
			}
			if n < 1 {
				excluded = true
				break
			}
			if k < k0 {
				m += in.Y[base+k]
				bm += sum / float64(n)
			} else {
				a += in.Y[base+k]
				ba += sum / float64(n)
			}
		}
		if excluded || bm < 1 || ba < 1 || m == 0 {
			continue
		}
		rms = append(rms, m/bm-1)
		ras = append(ras, a/ba-1)
	}
	c := Credibility{Days: len(rms)}
	if c.Days < MinCredibilityDays {
		return c
	}
	var mx, my float64
	for i := range rms {
		mx += rms[i]
		my += ras[i]
	}
	mx /= float64(c.Days)
	my /= float64(c.Days)
	var sxy, sxx float64
	for i := range rms {
		sxy += (rms[i] - mx) * (ras[i] - my)
		sxx += (rms[i] - mx) * (rms[i] - mx)
	}
	if sxx > 0 {
		c.Beta = math.Min(1, math.Max(0, sxy/sxx))
	}
	return c
}
