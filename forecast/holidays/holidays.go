package holidays

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/us"
)

// Kind says how a holiday affects a working day.
type Kind int

const (
	// Closed is a public holiday on its own date: offices, banks and most
	// businesses are closed.
	Closed Kind = iota + 1
	// Observed is the working day on which a Closed holiday that fell on
	// a weekend is taken instead (US "observed", UK "substitute day").
	Observed
	// Eve is the day before a holiday, worked as a half day (Israel's
	// erev chag).
	Eve
	// Civic is a public holiday that closes government offices and banks
	// but that most private employers do not give (US federal holidays
	// other than the six major ones), and its observed day.
	Civic
)

// String is the kind's name: closed, observed, eve or civic.
func (k Kind) String() string {
	switch k {
	case Closed:
		return "closed"
	case Observed:
		return "observed"
	case Eve:
		return "eve"
	case Civic:
		return "civic"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Holiday is one holiday on one date.
type Holiday struct {
	Date    time.Time // the date, at 00:00 UTC
	Name    string
	Country string // the calendar's code, e.g. US
	Kind    Kind
}

// FirstYear and LastYear bound the years the calendars answer for.
const (
	FirstYear = 1900
	LastYear  = 2200
)

// ErrUnknownCountry is wrapped when a code names no calendar.
var ErrUnknownCountry = errors.New("unknown holiday calendar")

// ErrYear is wrapped when a year is outside FirstYear–LastYear.
var ErrYear = errors.New("year out of range")

// rickarCalendars are the calendars taken from rickar/cal, with the US
// holidays that are Civic rather than Closed.
var rickarCalendars = map[string][]*cal.Holiday{
	"US": {
		us.NewYear,
		us.MlkDay.Clone(&cal.Holiday{StartYear: 1986}),
		us.PresidentsDay.Clone(&cal.Holiday{Name: "Washington's Birthday"}),
		us.MemorialDay,
		us.Juneteenth,
		us.IndependenceDay,
		us.LaborDay,
		us.ColumbusDay,
		us.VeteransDay,
		us.ThanksgivingDay,
		us.ChristmasDay,
	},
	"GB": gb.Holidays,
	"GB-SCT": {
		gb.NewYear, secondJanuary, gb.GoodFriday, gb.EarlyMay, gb.VEDay, gb.CoronationDay,
		gb.SpringHoliday, gb.SpringHoliday2022, gb.PlatinumJubilee, gb.SummerHolidayScotland,
		stAndrewsDay, gb.ChristmasDay, gb.BoxingDay,
	},
	"DE": de.Holidays,
	"ES": es.Holidays,
	"FR": fr.Holidays,
	"IT": it.Holidays,
	"NL": nl.Holidays,
}

// Scotland's bank holidays that England and Wales do not have (Banking
// and Financial Dealings Act 1971, schedule 1, and St Andrew's Day Bank
// Holiday (Scotland) Act 2007), with gov.uk's substitute days: 2 January
// on a Saturday or Sunday moves to the Monday or Tuesday after, and on a
// Monday taken by New Year's Day's substitute, to the Tuesday; St
// Andrew's Day (30 November) at a weekend moves to the Monday after.
var (
	secondJanuary = &cal.Holiday{
		Name: "2nd January", Type: cal.ObservanceBank, Month: time.January, Day: 2, Func: cal.CalcDayOfMonth,
		Observed: []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}, {Day: time.Monday, Offset: 1}},
	}
	stAndrewsDay = &cal.Holiday{
		Name: "St Andrew's Day", Type: cal.ObservanceBank, Month: time.November, Day: 30, Func: cal.CalcDayOfMonth, StartYear: 2007,
		Observed: []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 1}},
	}
)

var civic = map[string]bool{
	"US/Martin Luther King Jr. Day": true,
	"US/Washington's Birthday":      true,
	"US/Juneteenth":                 true,
	"US/Columbus Day":               true,
	"US/Veterans Day":               true,
}

// Countries returns the known calendar codes, sorted.
func Countries() []string {
	c := []string{"IL"}
	for k := range rickarCalendars {
		c = append(c, k)
	}
	sort.Strings(c)
	return c
}

// Known reports whether code names a calendar.
func Known(code string) bool {
	_, ok := rickarCalendars[code]
	return ok || code == "IL"
}

// Year returns the holidays of one calendar whose date lies in the given
// year, sorted by date. A holiday of the year before or after observed in
// this year (New Year's Day 2022 observed on 2021-12-31) counts here.
func Year(country string, year int) ([]Holiday, error) {
	if !Known(country) {
		return nil, fmt.Errorf("holidays: %w %q: want one of %s", ErrUnknownCountry, country, strings.Join(Countries(), ", "))
	}
	if year < FirstYear || year > LastYear {
		return nil, fmt.Errorf("holidays: %w: %d is not within %d–%d", ErrYear, year, FirstYear, LastYear)
	}
	var out []Holiday
	if country == "IL" {
		out = IsraelYear(year)
	} else {
		for _, h := range rickarCalendars[country] {
			for y := year - 1; y <= year+1; y++ {
				actual, observed := h.Calc(y)
				if actual.IsZero() {
					continue
				}
				kind := Closed
				if civic[country+"/"+h.Name] {
					kind = Civic
				}
				out = append(out, Holiday{Date: utcDate(actual), Name: h.Name, Country: country, Kind: kind})
				if !sameDate(actual, observed) {
					ok := Observed
					if kind == Civic {
						ok = Civic
					}
					out = append(out, Holiday{Date: utcDate(observed), Name: h.Name + " (observed)", Country: country, Kind: ok})
				}
			}
		}
	}
	if country == "GB" || country == "GB-SCT" {
		out = gbOneOffs(out, year, country)
	}
	// An observed day that lands on another holiday of the calendar is
	// dropped: with Christmas on a Sunday, rickar/cal moves it to Monday
	// the 26th, Boxing Day, and Boxing Day to Tuesday the 27th, which is
	// then the only substitute day (gov.uk lists the same dates).
	taken := map[time.Time]bool{}
	for _, h := range out {
		if h.Kind != Observed {
			taken[h.Date] = true
		}
	}
	kept := out[:0]
	for _, h := range out {
		if h.Date.Year() == year && (h.Kind != Observed || !taken[h.Date]) {
			kept = append(kept, h)
		}
	}
	sortHolidays(kept)
	return kept, nil
}

// Between returns the holidays of the given calendars whose dates lie
// from from to to, both inclusive (only their dates count), sorted by
// date, then calendar. Years outside FirstYear–LastYear have none.
func Between(countries []string, from, to time.Time) ([]Holiday, error) {
	var out []Holiday
	a, b := utcDate(from), utcDate(to)
	for _, c := range countries {
		for y := max(a.Year(), FirstYear); y <= min(b.Year(), LastYear); y++ {
			hs, err := Year(c, y)
			if err != nil {
				return nil, err
			}
			for _, h := range hs {
				if !h.Date.Before(a) && !h.Date.After(b) {
					out = append(out, h)
				}
			}
		}
		if !Known(c) {
			_, err := Year(c, FirstYear)
			return nil, err
		}
	}
	sortHolidays(out)
	return out, nil
}

func sortHolidays(hs []Holiday) {
	sort.SliceStable(hs, func(i, j int) bool {
		if !hs[i].Date.Equal(hs[j].Date) {
			return hs[i].Date.Before(hs[j].Date)
		}
		return hs[i].Country < hs[j].Country
	})
}

// utcDate is t's calendar date at 00:00 UTC.
func utcDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// gbOneOffs applies the one-off changes to England and Wales's bank
// holidays made by royal proclamation (listed on gov.uk/bank-holidays and
// in The Gazette) that rickar/cal leaves out: the Millennium (1999-12-31),
// the Golden and Diamond Jubilees (the Spring Bank Holiday moved to 4 June
// in 2002 and 2012, with an extra day on 3 June 2002 and 5 June 2012), the
// Royal Wedding (2011-04-29) and the State Funeral of Queen Elizabeth II
// (2022-09-19).
func gbOneOffs(hs []Holiday, year int, country string) []Holiday {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for i, h := range hs {
		if h.Name == "Spring Bank Holiday" && (h.Date.Year() == 2002 || h.Date.Year() == 2012) && h.Date.Month() == time.May {
			hs[i].Date = d(h.Date.Year(), time.June, 4)
		}
	}
	for _, x := range []Holiday{
		{Date: d(1999, time.December, 31), Name: "Millennium Day"},
		{Date: d(2002, time.June, 3), Name: "Golden Jubilee"},
		{Date: d(2011, time.April, 29), Name: "Royal Wedding"},
		{Date: d(2012, time.June, 5), Name: "Diamond Jubilee"},
		{Date: d(2022, time.September, 19), Name: "State Funeral of Queen Elizabeth II"},
	} {
		if x.Date.Year() == year {
			x.Country, x.Kind = country, Closed
			hs = append(hs, x)
		}
	}
	return hs
}
