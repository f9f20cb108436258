package forecast

import (
	"math"
	"sort"
	"time"

	"github.com/wfm-project/wfm/forecast/holidays"
)

// SpecialDay says what Run did with one built-in holiday (Options.Holidays)
// that falls in one series' horizon.
type SpecialDay struct {
	Queue, Channel string
	holidays.Holiday
	// Source is how the effect was found:
	//   - "event": the user's event on that day wins (Event is its label);
	//   - "same holiday": learned from the same holiday in earlier years
	//     (From);
	//   - "similar days": learned from the other holidays of its group in
	//     the history (From): closures (closed and observed days), eves,
	//     or civic days;
	//   - "default": nothing to learn from; Ratio is DefaultHolidayRatio.
	Source string
	Event  string
	From   []time.Time // the history's days the effect was learned from
	// Ratio is the day's forecast after the effect over the forecast
	// before it (NaN when the day's forecast was 0 before); 1 for an event.
	Ratio float64
}

// HolidayPrior is the weight, in contacts, that pulls each interval's
// learned ratio towards the whole day's: interval i of a special day gets
// (A_i + HolidayPrior·r) / (B_i + HolidayPrior), where A_i is what the
// past occurrences had in that interval, B_i their normal level there and
// r = ΣA/ΣB the day's ratio. This is the posterior mean of a gamma prior
// of mean r and shape HolidayPrior·r on a Poisson rate ratio (a
// conjugate gamma–Poisson update, Gelman et al., "Bayesian Data
// Analysis", 3rd ed., §2.6): an interval with hundreds of contacts keeps
// its own ratio (an eve that closes at 13:00), one with a handful takes
// the day's.
const HolidayPrior = 20.0

// DefaultHolidayRatio is the volume ratio of a special day whose history
// holds neither the same holiday nor one of its group. With no evidence,
// each is the ratio that halves the worst error between the two outcomes
// one can expect: a closure 0.5 (shut, 0, or open as usual, 1), an eve
// 0.75 (a half day, 0.5, or a full one), a civic day 1 (most businesses
// open; BLS: 24 % of private-industry workers got Dr. King's birthday off
// in 2017).
func DefaultHolidayRatio(k holidays.Kind) float64 {
	switch k {
	case holidays.Eve:
		return 0.75
	case holidays.Civic:
		return 1
	}
	return 0.5
}

// holidayGroup puts observed days with closures: both are days off.
func holidayGroup(k holidays.Kind) holidays.Kind {
	if k == holidays.Observed {
		return holidays.Closed
	}
	return k
}

// kindRank orders the kinds when several calendars mark one date: the
// strongest effect is the one learned.
func kindRank(k holidays.Kind) int {
	switch k {
	case holidays.Closed:
		return 0
	case holidays.Observed:
		return 1
	case holidays.Eve:
		return 2
	}
	return 3
}

// baseName is a holiday's name without " (observed)", so that an observed
// day learns from its holiday's earlier years.
func baseName(h holidays.Holiday) string {
	const suf = " (observed)"
	if n := len(h.Name); n > len(suf) && h.Name[n-len(suf):] == suf {
		return h.Name[:n-len(suf)]
	}
	return h.Name
}

// byDate keeps one holiday per date, the strongest kind first (then the
// first calendar in order).
func byDate(hs []holidays.Holiday) map[int]holidays.Holiday {
	out := map[int]holidays.Holiday{}
	for _, h := range hs {
		k := dateKey(h.Date)
		if o, ok := out[k]; !ok || kindRank(h.Kind) < kindRank(o.Kind) {
			out[k] = h
		}
	}
	return out
}

// markHolidays sets in.Excluded on every interval of a holiday's date, so
// that the models fit normal days only.
func markHolidays(in *Input, days map[int]holidays.Holiday) {
	if len(days) == 0 {
		return
	}
	if in.Excluded == nil {
		in.Excluded = make([]bool, len(in.Y))
	}
	for i := range in.Y {
		if _, ok := days[dateKey(in.Start.Add(time.Duration(i)*in.Step))]; ok {
			in.Excluded[i] = true
		}
	}
}

// pastDay is one holiday of the history with its intervals' volumes and
// their normal level.
type pastDay struct {
	h      holidays.Holiday
	date   time.Time
	actual []float64
	normal []float64
}

// pastHolidays returns the holidays of days that lie wholly in the
// history and can be compared with a normal level: for each interval the
// median of the same weekday-interval over the normal days (not kept out
// of fitting, not anomalous) among the five weeks before and after that
// lie in the history; at least two such days, and a normal level above 0
// (a holiday on a day the site is closed anyway teaches nothing).
func pastHolidays(in *Input, days map[int]holidays.Holiday) []pastDay {
	v := newView(in)
	pd := v.perDay
	var out []pastDay
	keys := make([]int, 0, len(days))
	for k := range days {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var buf []float64
	for _, k := range keys {
		h := days[k]
		d := int(h.Date.Sub(v.day0) / dayLen) // view day
		if d < 0 || (d+1)*pd > v.n || (d*pd) < v.pad {
			continue
		}
		var nb []int
		for w := -5; w <= 5; w++ {
			e := d + 7*w
			if w == 0 || e < 0 || (e+1)*pd > v.n || v.bad[e] {
				continue
			}
			nb = append(nb, e)
		}
		if len(nb) < 2 {
			continue
		}
		p := pastDay{h: h, date: h.Date, actual: make([]float64, pd), normal: make([]float64, pd)}
		sum := 0.0
		for i := 0; i < pd; i++ {
			p.actual[i] = v.y[d*pd+i]
			buf = buf[:0]
			for _, e := range nb {
				buf = append(buf, v.y[e*pd+i])
			}
			p.normal[i] = median(buf)
			sum += p.normal[i]
		}
		if sum > 0 {
			out = append(out, p)
		}
	}
	return out
}

// holidayEffect learns the per-interval volume ratio of target from the
// history's past holidays: the same holiday (same calendar and name) when
// the history has it, else every past holiday of its group, else
// DefaultHolidayRatio. It returns the ratios, the source and the days
// used.
func holidayEffect(target holidays.Holiday, past []pastDay, perDay int) ([]float64, string, []time.Time) {
	var use []pastDay
	for _, p := range past {
		if p.h.Country == target.Country && baseName(p.h) == baseName(target) && p.date.Before(target.Date) {
			use = append(use, p)
		}
	}
	source := "same holiday"
	if len(use) == 0 {
		source = "similar days"
		for _, p := range past {
			if holidayGroup(p.h.Kind) == holidayGroup(target.Kind) && p.date.Before(target.Date) {
				use = append(use, p)
			}
		}
	}
	r := make([]float64, perDay)
	if len(use) == 0 {
		for i := range r {
			r[i] = DefaultHolidayRatio(target.Kind)
		}
		return r, "default", nil
	}
	a, b := make([]float64, perDay), make([]float64, perDay)
	var sa, sb float64
	var from []time.Time
	for _, p := range use {
		from = append(from, p.date)
		for i := 0; i < perDay; i++ {
			a[i] += p.actual[i]
			b[i] += p.normal[i]
			sa += p.actual[i]
			sb += p.normal[i]
		}
	}
	day := sa / sb
	for i := range r {
		r[i] = (a[i] + HolidayPrior*day) / (b[i] + HolidayPrior)
	}
	return r, source, from
}

// holidayPlan works out, for a forecast of h intervals after the history
// in, the multiplier of each interval (1 off special days) and the report
// of each special day. A day for which eventOn returns a label keeps its
// forecast here (Run applies the event). in.Excluded must already mark
// the holidays (markHolidays).
func holidayPlan(in *Input, f []float64, days map[int]holidays.Holiday, eventOn func(time.Time) (string, bool)) ([]float64, []SpecialDay) {
	mult := make([]float64, len(f))
	for k := range mult {
		mult[k] = 1
	}
	if len(days) == 0 {
		return mult, nil
	}
	perDay := int(dayLen / in.Step)
	end := in.Start.Add(time.Duration(len(in.Y)) * in.Step)
	var past []pastDay
	pastDone := false
	var out []SpecialDay
	for k0 := 0; k0 < len(f); {
		t := end.Add(time.Duration(k0) * in.Step)
		key := dateKey(t)
		k1 := k0
		for k1 < len(f) && dateKey(end.Add(time.Duration(k1)*in.Step)) == key {
			k1++
		}
		h, ok := days[key]
		if !ok {
			k0 = k1
			continue
		}
		sd := SpecialDay{Holiday: h, Ratio: 1}
		if label, ok := eventOn(t); ok {
			sd.Source, sd.Event = "event", label
			out = append(out, sd)
			k0 = k1
			continue
		}
		if !pastDone {
			past, pastDone = pastHolidays(in, days), true
		}
		r, src, from := holidayEffect(h, past, perDay)
		sd.Source, sd.From = src, from
		var before, after float64
		for k := k0; k < k1; k++ {
			slot := int(end.Add(time.Duration(k)*in.Step).Sub(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)) / in.Step)
			mult[k] = r[slot]
			before += f[k]
			after += f[k] * r[slot]
		}
		sd.Ratio = math.NaN()
		if before > 0 {
			sd.Ratio = after / before
		}
		out = append(out, sd)
		k0 = k1
	}
	return mult, out
}
