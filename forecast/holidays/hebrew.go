package holidays

import "time"

// The Hebrew calendar, as computed in Dershowitz & Reingold,
// "Calendrical Calculations" (3rd ed., Cambridge University Press 2008),
// chapter 8, "The Hebrew Calendar". Days are fixed dates (R.D.): day 1 is
// Monday, 1 January of year 1 of the proleptic Gregorian calendar.

// hebrewEpoch is the fixed date of Tishri 1, A.M. 1: Monday, 7 October
// 3761 B.C.E. (Julian), R.D. −1373427 (D&R eq. 8.1).
const hebrewEpoch = -1373427

// rdUnixEpoch is the fixed date of 1970-01-01.
const rdUnixEpoch = 719163

// hebrewLeapYear reports whether year (A.M.) has 13 months: years 3, 6,
// 8, 11, 14, 17 and 19 of the 19-year Metonic cycle (D&R eq. 8.2).
func hebrewLeapYear(year int) bool { return mod(7*year+1, 19) < 7 }

// hebrewCalendarElapsedDays is the number of days from the epoch to the
// molad of Tishri of year, moved by the first postponement (D&R eq. 8.9):
// with months = ⌊(235·year − 234)/19⌋ mean lunations elapsed and
// parts = 12084 + 13753·months (a lunation is 29 days 13753 parts, 25920
// parts to a day; 12084 puts molad BaHaRaD, 5h 204 parts on Monday night,
// and already adds the 18 hours of molad zaken, the noon rule), day =
// 29·months + ⌊parts/25920⌋, and the new year moves one day on when day
// would fall on a Sunday, Wednesday or Friday (lo ADU Rosh), the test
// (3·(day+1) mod 7) < 3.
func hebrewCalendarElapsedDays(year int) int {
	months := floorDiv(235*year-234, 19)
	parts := 12084 + 13753*months
	day := 29*months + floorDiv(parts, 25920)
	if mod(3*(day+1), 7) < 3 {
		return day + 1
	}
	return day
}

// hebrewYearLengthCorrection is the second and third postponements
// (GaTaRaD and BeTU'TaKPaT) in D&R's form (eq. 8.10): 2 days when the
// year would otherwise be 356 days long, 1 day when the year before would
// be 382 days long, else 0.
func hebrewYearLengthCorrection(year int) int {
	ny0 := hebrewCalendarElapsedDays(year - 1)
	ny1 := hebrewCalendarElapsedDays(year)
	ny2 := hebrewCalendarElapsedDays(year + 1)
	switch {
	case ny2-ny1 == 356:
		return 2
	case ny1-ny0 == 382:
		return 1
	}
	return 0
}

// hebrewNewYear is the fixed date of Tishri 1 (Rosh Hashanah) of year
// A.M. (D&R eq. 8.11).
func hebrewNewYear(year int) int {
	return hebrewEpoch + hebrewCalendarElapsedDays(year) + hebrewYearLengthCorrection(year)
}

// nisan15BeforeTishri is the number of days from Nisan 15 to the next
// Tishri 1: the months from Nisan to Elul have fixed lengths (Nisan 30,
// Iyar 29, Sivan 30, Tammuz 29, Av 30, Elul 29), so 16 + 29 + 30 + 29 +
// 30 + 29 = 163 whatever the year.
const nisan15BeforeTishri = 163

// RoshHashanah is the date (00:00 UTC) of Tishri 1 of the Hebrew year
// that begins in the autumn of the Gregorian year gy (A.M. gy + 3761).
func RoshHashanah(gy int) time.Time { return fixedDate(hebrewNewYear(gy + 3761)) }

// Pesach is the date (00:00 UTC) of Nisan 15 in the spring of the
// Gregorian year gy: 163 days before the next Rosh Hashanah.
func Pesach(gy int) time.Time {
	return fixedDate(hebrewNewYear(gy+3761) - nisan15BeforeTishri)
}

// fixedDate is the date of a fixed (R.D.) day, at 00:00 UTC.
func fixedDate(rd int) time.Time {
	return time.Unix(int64(rd-rdUnixEpoch)*86400, 0).UTC()
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int) int { return a - b*floorDiv(a, b) }
