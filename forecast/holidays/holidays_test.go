package holidays

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// daysOff is the weekdays of year y on which the calendar's holidays
// fall, as "MM-DD": the days an employee who works Monday to Friday is
// off.
func daysOff(t *testing.T, country string, y int) string {
	t.Helper()
	hs, err := Year(country, y)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, h := range hs {
		if wd := h.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
			s = append(s, h.Date.Format("01-02"))
		}
	}
	return strings.Join(s, " ")
}

// OPM's published federal holidays (U.S. Office of Personnel Management,
// "Federal Holidays", opm.gov/policy-data-oversight/pay-leave/
// federal-holidays, the historical data of each year), as the days off
// of a Monday-to-Friday employee; Inauguration Day (Washington, D.C.
// only) left out. 2021 lists Friday 31 December, New Year's Day 2022
// observed; 2022 then has no day in January before the 17th.
func TestUSAgainstOPM(t *testing.T) {
	for y, want := range map[int]string{
		2003: "01-01 01-20 02-17 05-26 07-04 09-01 10-13 11-11 11-27 12-25",
		2012: "01-02 01-16 02-20 05-28 07-04 09-03 10-08 11-12 11-22 12-25",
		2016: "01-01 01-18 02-15 05-30 07-04 09-05 10-10 11-11 11-24 12-26",
		2017: "01-02 01-16 02-20 05-29 07-04 09-04 10-09 11-10 11-23 12-25",
		2020: "01-01 01-20 02-17 05-25 07-03 09-07 10-12 11-11 11-26 12-25",
		2021: "01-01 01-18 02-15 05-31 06-18 07-05 09-06 10-11 11-11 11-25 12-24 12-31",
		2022: "01-17 02-21 05-30 06-20 07-04 09-05 10-10 11-11 11-24 12-26",
		2023: "01-02 01-16 02-20 05-29 06-19 07-04 09-04 10-09 11-10 11-23 12-25",
		2024: "01-01 01-15 02-19 05-27 06-19 07-04 09-02 10-14 11-11 11-28 12-25",
		2025: "01-01 01-20 02-17 05-26 06-19 07-04 09-01 10-13 11-11 11-27 12-25",
		2026: "01-01 01-19 02-16 05-25 06-19 07-03 09-07 10-12 11-11 11-26 12-25",
	} {
		if got := daysOff(t, "US", y); got != want {
			t.Errorf("US %d:\ngot  %s\nOPM  %s", y, got, want)
		}
	}
}

func TestUSKinds(t *testing.T) {
	hs, err := Year("US", 2026)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hs {
		got = append(got, h.Date.Format("01-02")+" "+h.Kind.String())
	}
	// 2026-07-04 is a Saturday: Friday the 3rd is its observed day.
	want := "01-01 closed, 01-19 civic, 02-16 civic, 05-25 closed, 06-19 civic, 07-03 observed, 07-04 closed, 09-07 closed, 10-12 civic, 11-11 civic, 11-26 closed, 12-25 closed"
	if strings.Join(got, ", ") != want {
		t.Errorf("US 2026:\ngot  %s\nwant %s", strings.Join(got, ", "), want)
	}
}

// Bank holidays in England and Wales as published on gov.uk/bank-holidays
// (2020: VE Day moved the early May holiday to Friday 8 May; 2022: the
// Platinum Jubilee and the State Funeral; 2023: the Coronation) and in
// The Gazette's proclamation for 2012 (Diamond Jubilee).
func TestGBAgainstGovUK(t *testing.T) {
	for y, want := range map[int]string{
		2012: "01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26",
		2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
		2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
		2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
		2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
	} {
		if got := daysOff(t, "GB", y); got != want {
			t.Errorf("GB %d:\ngot  %s\ngov.uk %s", y, got, want)
		}
	}
}

// Bank holidays in Scotland as published on gov.uk/bank-holidays: 2021
// (2 January a Saturday: Monday 4th), 2022 (1 and 2 January at the
// weekend: Monday 3rd and Tuesday 4th; the Jubilee, the State Funeral),
// 2023 (New Year's Day a Sunday: Monday 2nd and Tuesday 3rd), and St
// Andrew's Day moved to Monday 1 December in 2025.
func TestScotlandAgainstGovUK(t *testing.T) {
	for y, want := range map[int]string{
		2021: "01-01 01-04 04-02 05-03 05-31 08-02 11-30 12-27 12-28",
		2022: "01-03 01-04 04-15 05-02 06-02 06-03 08-01 09-19 11-30 12-26 12-27",
		2023: "01-02 01-03 04-07 05-01 05-08 05-29 08-07 11-30 12-25 12-26",
		2025: "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26",
	} {
		if got := daysOff(t, "GB-SCT", y); got != want {
			t.Errorf("GB-SCT %d:\ngot    %s\ngov.uk %s", y, got, want)
		}
	}
}

// National public holidays of 2025 on weekdays, as each government lists
// them: Germany's Federal Ministry of the Interior (bundesweite
// Feiertage), France's service-public.fr (jours fériés), Italy's Law
// 260/1949 as amended, Spain's BOE resolution of the national holidays
// for 2025 (fiestas nacionales), the Netherlands' rijksoverheid.nl
// (erkende feestdagen, Bevrijdingsdag included).
func TestEUNational2025(t *testing.T) {
	for c, want := range map[string]string{
		"DE": "01-01 04-18 04-21 05-01 05-29 06-09 10-03 12-25 12-26",
		"FR": "01-01 04-21 05-01 05-08 05-29 06-09 07-14 08-15 11-11 12-25",
		"IT": "01-01 01-06 04-21 04-25 05-01 06-02 08-15 12-08 12-25 12-26",
		"ES": "01-01 01-06 04-18 05-01 08-15 12-08 12-25",
		"NL": "01-01 04-18 04-21 05-05 05-29 06-09 12-25 12-26",
	} {
		if got := daysOff(t, c, 2025); got != want {
			t.Errorf("%s 2025:\ngot  %s\nwant %s", c, got, want)
		}
	}
}

func TestUnknownCountry(t *testing.T) {
	_, err := Year("XX", 2025)
	if !errors.Is(err, ErrUnknownCountry) || !strings.Contains(err.Error(), "DE, ES, FR, GB, GB-SCT, IL, IT, NL, US") {
		t.Errorf("got %v", err)
	}
	if _, err := Between([]string{"US", "XX"}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrUnknownCountry) {
		t.Errorf("Between: got %v", err)
	}
	if _, err := Year("US", 2201); !errors.Is(err, ErrYear) {
		t.Errorf("2201: got %v", err)
	}
}

func TestBetweenSpansYearsAndCalendars(t *testing.T) {
	hs, err := Between([]string{"US", "GB"}, time.Date(2021, 12, 24, 0, 0, 0, 0, time.UTC), time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hs {
		got = append(got, h.Date.Format("2006-01-02")+" "+h.Country+" "+h.Kind.String())
	}
	want := "2021-12-24 US observed, 2021-12-25 GB closed, 2021-12-25 US closed, 2021-12-26 GB closed, 2021-12-27 GB observed, 2021-12-28 GB observed, 2021-12-31 US observed, 2022-01-01 GB closed, 2022-01-01 US closed, 2022-01-03 GB observed"
	if strings.Join(got, ", ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ", "), want)
	}
}

// Every calendar answers for every year of the range, each holiday in
// its year, sorted.
func TestEveryYear(t *testing.T) {
	for _, c := range Countries() {
		for y := FirstYear; y <= LastYear; y++ {
			hs, err := Year(c, y)
			if err != nil {
				t.Fatal(err)
			}
			if len(hs) < 5 {
				t.Errorf("%s %d: %d holidays", c, y, len(hs))
			}
			for i, h := range hs {
				if h.Date.Year() != y || (i > 0 && h.Date.Before(hs[i-1].Date)) || h.Name == "" || h.Kind == 0 {
					t.Errorf("%s %d: %+v", c, y, h)
				}
			}
		}
	}
}
