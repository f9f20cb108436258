package forecast

import "time"

// TopDown forecasts each day's total and spreads it over the day with an
// intraday profile, the two-stage scheme of call-center practice (Gans,
// Koole & Mandelbaum 2003, "Telephone call centers: tutorial, review, and
// research prospects", MSOM 5(2), §4.2; Weinberg, Brown & Stroud 2007,
// JASA 102, whose model is daily volume × within-day proportions):
//
//	ŷ(day d, slot s) = W(wd) · L · p(wd, s)
//
// W(wd) is the median total of the last Weeks normal days of weekday wd;
// L is the recent level relative to those medians, the mean of
// total(d)/W(wd(d)) over the last LevelDays normal days, shrunk toward 1
// by Damping (L = 1 + Damping·(L̂ − 1)); p(wd, s) is slot s's share of the
// day over the last ProfileWeeks normal days of weekday wd (a ratio of sums,
// so quiet days weigh less).
type TopDown struct {
	Weeks        int     // weeks for weekday totals; 0 means 4
	ProfileWeeks int     // weeks for intraday profiles; 0 means 12
	LevelDays    int     // normal days for the recent level; 0 means 5
	Damping      float64 // weight of the recent level, in [0, 1]; 0 means 0.3
	// Calendar adds month-position factors: the last two and the first
	// four open weekdays of a month each get a factor c(p), the shrunk
	// median over the history of total(d)/W(wd(d)) for days in position p
	// (banks and billers see more calls at month ends and starts). Weekday
	// medians and the level are then taken over ordinary days only.
	Calendar bool
}

// Name returns "topdown", or "calendar" when Calendar is set.
func (m TopDown) Name() string {
	if m.Calendar {
		return "calendar"
	}
	return "topdown"
}

// Forecast implements Model.
func (m TopDown) Forecast(in *Input, horizon int) ([]float64, error) {
	return runModel(in, horizon, m.fc)
}

func (m TopDown) defaults() TopDown {
	if m.Weeks <= 0 {
		m.Weeks = 4
	}
	if m.ProfileWeeks <= 0 {
		m.ProfileWeeks = 12
	}
	if m.LevelDays <= 0 {
		m.LevelDays = 5
	}
	if m.Damping <= 0 {
		m.Damping = 0.3
	}
	return m
}

func (m TopDown) fc(v *view, h int) []float64 {
	m = m.defaults()
	pd := v.perDay
	full := v.n / pd // days 0..full-1 are complete
	tot := make([]float64, full)
	for d := range tot {
		for i := d * pd; i < (d+1)*pd; i++ {
			tot[d] += v.y[i]
		}
	}
	// Open weekdays: those with volume on some normal day of the last weeks.
	var open [7]bool
	for d := full - 1; d >= 0 && d >= full-7*m.Weeks; d-- {
		if !v.bad[d] && tot[d] > 0 {
			open[d%7] = true
		}
	}
	days := (v.n+h+pd-1)/pd + 1
	key := make([]int, days) // month position of each day; 0 = ordinary
	if m.Calendar {
		key = monthPositions(v.day0, days, open)
		// The open day after a day kept out (a holiday, an outage) carries
		// its backlog: not an ordinary day either.
		for d := 1; d < full; d++ {
			if v.bad[d-1] && open[(d-1)%7] && open[d%7] && key[d] == 0 {
				key[d] = postHoliday
			}
		}
	}
	// W(wd): median of the last Weeks normal ordinary same-weekday totals.
	var W [7]float64
	var buf []float64
	for wd := 0; wd < 7; wd++ {
		buf = buf[:0]
		for d := full - 1; d >= 0 && len(buf) < m.Weeks; d-- {
			if d%7 == wd && !v.bad[d] && key[d] == 0 {
				buf = append(buf, tot[d])
			}
		}
		W[wd] = median(buf)
	}
	factor := map[int]float64{0: 1}
	if m.Calendar {
		ratios := map[int][]float64{}
		for d := 0; d < full; d++ {
			if key[d] == 0 || v.bad[d] {
				continue
			}
			buf = buf[:0]
			for k := -5; k <= 5; k++ {
				e := d + 7*k
				if k != 0 && e >= 0 && e < full && !v.bad[e] && key[e] == 0 {
					buf = append(buf, tot[e])
				}
			}
			if b := median(buf); len(buf) >= 2 && b > 0 {
				ratios[key[d]] = append(ratios[key[d]], tot[d]/b)
			}
		}
		for p, r := range ratios {
			n := float64(len(r))
			factor[p] = 1 + n/(n+1)*(median(r)-1)
		}
	}
	f := func(d int) float64 {
		if c, ok := factor[key[d]]; ok {
			return c
		}
		return 1
	}
	// L: recent level relative to W over the last LevelDays normal open days.
	L, nL := 0.0, 0
	for d := full - 1; d >= 0 && nL < m.LevelDays && d >= full-4*m.LevelDays; d-- {
		if v.bad[d] || W[d%7] <= 0 {
			continue
		}
		L += tot[d] / (W[d%7] * f(d))
		nL++
	}
	if nL > 0 {
		L = 1 + m.Damping*(L/float64(nL)-1)
	} else {
		L = 1
	}
	// p(wd, s): share of slot s over the last ProfileWeeks normal days.
	prof := make([]float64, 7*pd)
	var ptot [7]float64
	var cnt [7]int
	for d := full - 1; d >= 0; d-- {
		wd := d % 7
		if v.bad[d] || cnt[wd] >= m.ProfileWeeks {
			continue
		}
		cnt[wd]++
		for s := 0; s < pd; s++ {
			prof[wd*pd+s] += v.y[d*pd+s]
		}
		ptot[wd] += tot[d]
	}
	out := make([]float64, h)
	for k := range out {
		i := v.n + k
		d := i / pd
		wd, s := d%7, i%pd
		if ptot[wd] > 0 {
			out[k] = W[wd] * L * f(d) * prof[wd*pd+s] / ptot[wd]
		}
	}
	return out
}

// postHoliday is the key of the open day after a holiday in the history.
const postHoliday = 100

// monthPositions gives each of days days from day0 its month position:
// 1..4 for the first four open weekdays of its month, −1 and −2 for the
// last and second-to-last, 0 otherwise (and for closed weekdays).
func monthPositions(day0 time.Time, days int, open [7]bool) []int {
	key := make([]int, days)
	isOpen := func(t time.Time) bool { return open[(int(t.Weekday())+6)%7] }
	for d := 0; d < days; d++ {
		t := day0.AddDate(0, 0, d)
		if !isOpen(t) {
			continue
		}
		fwd := 0
		for u := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC); !u.After(t); u = u.AddDate(0, 0, 1) {
			if isOpen(u) {
				fwd++
			}
		}
		back := 0
		for u := t; u.Month() == t.Month(); u = u.AddDate(0, 0, 1) {
			if isOpen(u) {
				back++
			}
		}
		switch {
		case fwd <= 4:
			key[d] = fwd
		case back <= 2:
			key[d] = -back
		}
	}
	return key
}
