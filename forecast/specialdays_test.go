package forecast

import (
	"math"
	"testing"
	"time"

	"github.com/wfm-project/wfm/forecast/holidays"
)

// officeHistory is hourly volume from Monday 2025-03-03 to the day
// before end: 20 an hour 09:00–17:00 on weekdays, nothing at weekends,
// and on Memorial Day 2025-05-26 half that in the morning and nothing
// after 13:00.
func officeHistory(end time.Time) []Point {
	var pts []Point
	for t := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC); t.Before(end); t = t.Add(time.Hour) {
		n := officeHours(t)
		if t.Month() == time.May && t.Day() == 26 {
			n = 0
			if t.Hour() >= 9 && t.Hour() < 13 {
				n = 10
			}
		}
		pts = append(pts, Point{Start: t, Queue: "q", Channel: "voice", Offered: n, Answered: n, AHT: 100 * time.Second})
	}
	return pts
}

// Independence Day 2025 (a Friday) has no earlier year in the history:
// it learns from Memorial Day, per interval, shrunk towards the day's
// ratio by HolidayPrior; Memorial Day itself is kept out of fitting, so
// the model sees a plain office week.
func TestRunHolidaysLearnFromSimilarDays(t *testing.T) {
	s, err := NewSeries(officeHistory(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{Horizon: 7 * dayLen, Model: "median", Holidays: []string{"US"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.SpecialDays) != 1 {
		t.Fatalf("special days %+v, want Independence Day only", res.SpecialDays)
	}
	sd := res.SpecialDays[0]
	if sd.Name != "Independence Day" || sd.Source != "similar days" || len(sd.From) != 1 || !sd.From[0].Equal(time.Date(2025, 5, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v", sd)
	}
	// Memorial Day: 40 of a normal 160, r = 0.25. Each morning hour:
	// (10 + 20·0.25)/(20 + 20) = 0.375; each afternoon hour: (0 + 5)/40.
	want := map[int]float64{9: 20 * 0.375, 12: 20 * 0.375, 13: 20 * 0.125, 16: 20 * 0.125, 17: 0}
	for _, r := range res.Rows {
		if r.Start.Day() == 4 {
			if w, ok := want[r.Start.Hour()]; ok && math.Abs(r.Volume-w) > 1e-9 {
				t.Errorf("%s: volume %v, want %v", r.Start.Format("15:04"), r.Volume, w)
			}
		} else if r.Start.Day() == 3 && r.Start.Hour() == 10 && r.Volume != 20 {
			t.Errorf("the day before: volume %v, want the normal 20", r.Volume)
		}
	}
	if math.Abs(sd.Ratio-(4*7.5+4*2.5)/160) > 1e-9 {
		t.Errorf("day ratio %v", sd.Ratio)
	}
}

// The user's event on a holiday wins over the learned effect.
func TestRunHolidayEventWins(t *testing.T) {
	s, err := NewSeries(officeHistory(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	jul4 := time.Date(2025, 7, 4, 0, 0, 0, 0, time.UTC)
	res, err := Run(s, Options{Horizon: 7 * dayLen, Model: "median", Holidays: []string{"US"}, Events: []Event{{Start: jul4, Multiplier: 0.9, Label: "fireworks"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.SpecialDays) != 1 || res.SpecialDays[0].Source != "event" || res.SpecialDays[0].Event != "fireworks" {
		t.Fatalf("got %+v", res.SpecialDays)
	}
	for _, r := range res.Rows {
		if r.Start.Day() == 4 && r.Start.Hour() == 10 && math.Abs(r.Volume-18) > 1e-9 {
			t.Errorf("10:00 volume %v, want the event's 20 × 0.9", r.Volume)
		}
	}
}

func TestRunHolidaysUnknownCalendar(t *testing.T) {
	s, err := NewSeries(officeHistory(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(s, Options{Model: "median", Holidays: []string{"XX"}})
	if !errorsIs(err, holidays.ErrUnknownCountry) || err.Error() != `forecast: unknown holiday calendar "XX": want one of DE, ES, FR, GB, GB-SCT, IL, IT, NL, US` {
		t.Errorf("got %v", err)
	}
}

func TestHolidayEffectSources(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	xmas := holidays.Holiday{Date: day(2026, 12, 25), Name: "Christmas Day", Country: "GB", Kind: holidays.Closed}
	past := []pastDay{
		{h: holidays.Holiday{Name: "Christmas Day", Country: "GB", Kind: holidays.Closed}, date: day(2025, 12, 25), actual: []float64{1, 3}, normal: []float64{10, 30}},
		{h: holidays.Holiday{Name: "Boxing Day", Country: "GB", Kind: holidays.Closed}, date: day(2025, 12, 26), actual: []float64{0, 0}, normal: []float64{10, 30}},
		{h: holidays.Holiday{Name: "Erev Pesach", Country: "IL", Kind: holidays.Eve}, date: day(2026, 4, 1), actual: []float64{10, 0}, normal: []float64{10, 30}},
	}
	// Same holiday: 4 of 40, r = 0.1 in both intervals.
	r, src, from := holidayEffect(xmas, past, 2)
	if src != "same holiday" || len(from) != 1 || math.Abs(r[0]-0.1) > 1e-12 || math.Abs(r[1]-0.1) > 1e-12 {
		t.Errorf("same holiday: %v %s %v", r, src, from)
	}
	// Substitute day of another closure: pooled closures, 4 of 80.
	sub := holidays.Holiday{Date: day(2026, 12, 28), Name: "Boxing Day (observed)", Country: "GB", Kind: holidays.Observed}
	if _, src, _ := holidayEffect(sub, past, 2); src != "same holiday" {
		t.Errorf("an observed day learns from its holiday: %s", src)
	}
	newYear := holidays.Holiday{Date: day(2027, 1, 1), Name: "New Year's Day", Country: "GB", Kind: holidays.Closed}
	r, src, from = holidayEffect(newYear, past, 2)
	wantDay := 4.0 / 80
	if src != "similar days" || len(from) != 2 || math.Abs(r[0]-(1+20*wantDay)/(20+20)) > 1e-12 {
		t.Errorf("similar days: %v %s %v", r, src, from)
	}
	// An eve, with no eve before it: the default.
	eve := holidays.Holiday{Date: day(2026, 3, 1), Name: "Erev Purim", Country: "IL", Kind: holidays.Eve}
	if r, src, _ := holidayEffect(eve, past, 2); src != "default" || r[0] != 0.75 {
		t.Errorf("default: %v %s", r, src)
	}
}
