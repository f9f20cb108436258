package holidays

import "time"

// IsraelYear returns the holidays of the Hebrew calendar observed in
// Israel whose dates lie in the Gregorian year gy, sorted by date. Each
// holiday runs from sunset to sunset; Date is the daytime of its date,
// and the Eve the day before, a half day at work. Israel keeps one day of
// each festival (two of Rosh Hashanah), so Shemini Atzeret and Simchat
// Torah are one day, Tishri 22.
//
//   - Erev Pesach (Nisan 14, eve), Pesach (Nisan 15), the seventh day of
//     Pesach (Nisan 21), Erev Shavuot (Sivan 5, eve) and Shavuot (Sivan 6)
//     count on from Nisan 15 (Pesach).
//   - Yom HaAtzmaut, from 1949, is Iyar 5 moved (Independence Day Law
//     5709-1949 and its 2004 amendment, as hebcal.com and the Knesset state
//     them): to the Thursday before when Iyar 5 is a Friday or a Saturday
//     (from 1951), and to Tuesday when it is a Monday (from 2004).
//   - Erev Rosh Hashanah (Elul 29), Rosh Hashanah (Tishri 1 and 2), Erev
//     Yom Kippur (Tishri 9), Yom Kippur (Tishri 10), Erev Sukkot (Tishri
//     14), Sukkot (Tishri 15) and Shemini Atzeret / Simchat Torah
//     (Tishri 22) count on from Tishri 1 (RoshHashanah).
func IsraelYear(gy int) []Holiday {
	p := Pesach(gy)
	r := RoshHashanah(gy)
	day := func(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }
	h := func(t time.Time, name string, k Kind) Holiday {
		return Holiday{Date: t, Name: name, Country: "IL", Kind: k}
	}
	out := []Holiday{
		h(day(p, -1), "Erev Pesach", Eve),
		h(p, "Pesach", Closed),
		h(day(p, 6), "Seventh day of Pesach", Closed),
	}
	if gy >= 1949 {
		out = append(out, h(YomHaAtzmaut(gy), "Yom HaAtzmaut", Closed))
	}
	out = append(out,
		h(day(p, 49), "Erev Shavuot", Eve),
		h(day(p, 50), "Shavuot", Closed),
		h(day(r, -1), "Erev Rosh Hashanah", Eve),
		h(r, "Rosh Hashanah", Closed),
		h(day(r, 1), "Rosh Hashanah (second day)", Closed),
		h(day(r, 8), "Erev Yom Kippur", Eve),
		h(day(r, 9), "Yom Kippur", Closed),
		h(day(r, 13), "Erev Sukkot", Eve),
		h(day(r, 14), "Sukkot", Closed),
		h(day(r, 21), "Shemini Atzeret / Simchat Torah", Closed),
	)
	return out
}

// Iyar5 is the date of Iyar 5 in the Gregorian year gy: 20 days after
// Nisan 15 (Nisan has 30 days).
func Iyar5(gy int) time.Time { return Pesach(gy).AddDate(0, 0, 20) }

// YomHaAtzmaut is the day Israel's Independence Day is held in the
// Gregorian year gy (see IsraelYear for the rules). Iyar 5 falls only on
// a Monday, Wednesday, Friday or Saturday, since Nisan 15 never falls on
// a Monday, Wednesday or Friday.
func YomHaAtzmaut(gy int) time.Time {
	d := Iyar5(gy)
	switch d.Weekday() {
	case time.Friday:
		if gy >= 1951 {
			return d.AddDate(0, 0, -1)
		}
	case time.Saturday:
		if gy >= 1951 {
			return d.AddDate(0, 0, -2)
		}
	case time.Monday:
		if gy >= 2004 {
			return d.AddDate(0, 0, 1)
		}
	}
	return d
}
