package importers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Value formats that are not Go time layouts.
const (
	FormatAuto        = "auto"         // times: try the layouts in autoLayouts; durations: see parseDuration
	FormatRFC3339     = "rfc3339"      // 2006-01-02T15:04:05Z07:00, with or without offset
	FormatExcel       = "excel"        // Excel serial date: days since 1899-12-30, fraction = time of day
	FormatSeconds     = "seconds"      // durations: a number of seconds
	FormatClock       = "clock"        // durations: H:MM:SS or MM:SS; times of day: H:MM[:SS] [AM|PM]
	FormatDayFraction = "dayfraction"  // durations and times of day: a fraction of 24 hours (Excel)
	FormatGo          = "go"           // durations: Go syntax such as 3m20s
	FormatMinutes     = "minutes"      // durations: a number of minutes (Zendesk's reply_time_in_minutes)
	FormatMillis      = "milliseconds" // durations: a number of milliseconds (Genesys Cloud metrics)
)

// autoLayouts are tried, in order, on timestamps whose format is "auto".
// The first that parses a file's first value is kept for the rest of the
// column, and the list is tried again only when it stops fitting.
var autoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2.1.2006 15:04:05",
	"2.1.2006 15:04",
	"2006-01-02",
	"20060102",
}

// slashLayouts read dates written with slashes, month first; a value
// starting d/d/dddd is read with these (or their day-first forms, see
// dateOrder) and no other layout.
var slashLayouts = []string{"1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006 15:04:05", "1/2/2006 15:04", "1/2/2006 15:04:05.999999999", "1/2/2006"}

// dayFirstLayouts are slashLayouts with the day first.
var dayFirstLayouts = func() []string {
	out := make([]string, len(slashLayouts))
	for i, l := range slashLayouts {
		out[i] = "2/1/2006" + strings.TrimPrefix(l, "1/2/2006")
	}
	return out
}()

// Orders of the two leading numbers of a slash date.
const (
	orderUnknown int8 = iota
	orderMonthFirst
	orderDayFirst
)

// dateOrder is the order of day and month in one file's slash dates
// (05/01/2026): found from the data, as the first date whose first or
// second number is over 12 says which one is the day. Every time column
// of a file shares it.
type dateOrder struct {
	order int8
	value string // the date that decided it
	line  int    // and its line
	cur   int    // the line being read
	// elsewhere: the order is decided by whoever reads the file in order,
	// not here (a parsing worker's copy)
	elsewhere bool
}

func (o *dateOrder) String() string {
	if o.order == orderDayFirst {
		return fmt.Sprintf("day first (as %q at line %d says)", o.value, o.line)
	}
	return fmt.Sprintf("month first (as %q at line %d says)", o.value, o.line)
}

// errAmbiguousDate is returned for a slash date that reads both ways while
// the file's order is not yet known.
var errAmbiguousDate = errors.New("day and month order not known yet")

// errOrderElsewhere is returned for a slash date read by a parsing worker
// while the file's order is not known: the file must be read in order from
// that row.
var errOrderElsewhere = errors.New("day and month order to be found in file order")

// slashDate returns the two numbers before the year of a value that starts
// d/d/dddd.
func slashDate(s string) (a, b int, ok bool) {
	i := 0
	num := func() (int, bool) {
		start, v := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 4 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		return v, i > start
	}
	var ok1, ok2 bool
	if a, ok1 = num(); !ok1 || i-0 > 2 || i >= len(s) || s[i] != '/' {
		return 0, 0, false
	}
	i++
	st := i
	if b, ok2 = num(); !ok2 || i-st > 2 || i >= len(s) || s[i] != '/' {
		return 0, 0, false
	}
	i++
	st = i
	if _, ok := num(); !ok || i-st != 4 {
		return 0, 0, false
	}
	return a, b, true
}

// decide sets the order from a slash date when one of its numbers is over
// 12, and reports whether it did.
func (o *dateOrder) decide(s string) bool {
	if o.order != orderUnknown {
		return false
	}
	a, b, ok := slashDate(s)
	if !ok {
		return false
	}
	switch {
	case a > 12 && a <= 31 && b >= 1 && b <= 12:
		o.order = orderDayFirst
	case b > 12 && b <= 31 && a >= 1 && a <= 12:
		o.order = orderMonthFirst
	default:
		return false
	}
	o.value, o.line = s, o.cur
	return true
}

// autoDateLayouts are tried on date columns whose format is "auto".
var autoDateLayouts = []string{"2006-01-02", "2006/01/02", "2.1.2006", "20060102", "060102"}

// civil is a wall-clock date and time of day without a zone, or, when aware,
// an instant.
type civil struct {
	y, m, d int
	sec     int // seconds since local midnight; may exceed a day for pattern rows
	aware   bool
	unix    int64 // set when aware
}

// hasZone reports whether a Go layout parses a UTC offset or zone.
func hasZone(layout string) bool {
	return strings.Contains(layout, "Z07") || strings.Contains(layout, "-07") ||
		strings.Contains(layout, "MST") || layout == time.RFC3339 || layout == time.RFC3339Nano
}

// timeParser reads one timestamp column.
type timeParser struct {
	format string     // FormatAuto, FormatRFC3339, FormatExcel or a Go layout
	order  *dateOrder // the file's; nil: slash dates are month first
	locked string     // the auto layout last found to fit
	lastS  string     // cache of the last value parsed by a Go layout (dates repeat)
	lastC  civil
	lastOK bool
}

// parse reads s as a date-time. dateOnly allows values without time of day.
func (p *timeParser) parse(s string) (civil, error) {
	if s == p.lastS && p.lastOK {
		return p.lastC, nil
	}
	c, err := p.parse1(s)
	if err == nil {
		p.lastS, p.lastC, p.lastOK = s, c, true
	}
	return c, err
}

func (p *timeParser) parse1(s string) (civil, error) {
	switch p.format {
	case FormatExcel, FormatDayFraction:
		return parseExcelSerial(s)
	case FormatRFC3339:
		if c, err := parseLayout(time.RFC3339Nano, s); err == nil {
			return c, nil
		}
		return parseLayout("2006-01-02T15:04:05.999999999", s)
	case FormatAuto, "":
		if _, _, ok := slashDate(s); ok {
			return p.parseSlash(s, slashLayouts)
		}
		if p.locked != "" {
			if c, err := parseLayout(p.locked, s); err == nil {
				return c, nil
			}
		}
		for _, l := range autoLayouts {
			if c, err := parseLayout(l, s); err == nil {
				p.locked = l
				return c, nil
			}
		}
		if c, err := parseExcelSerial(s); err == nil {
			return c, nil
		}
		return civil{}, fmt.Errorf("%q is not a date-time wfm knows (RFC 3339, 2006-01-02 15:04:05, 1/2/2006 3:04:05 PM, an Excel serial date, ...); force one with --layout", s)
	default:
		c, err := parseLayout(p.format, s)
		if err != nil {
			return civil{}, fmt.Errorf("%q does not match layout %q", s, p.format)
		}
		return c, nil
	}
}

// parseSlash reads a slash date with layouts (month first) in the file's
// day and month order, deciding the order when s does.
func (p *timeParser) parseSlash(s string, layouts []string) (civil, error) {
	o := p.order
	if o == nil {
		o = &dateOrder{order: orderMonthFirst}
	}
	if o.order == orderUnknown && o.elsewhere {
		return civil{}, errOrderElsewhere
	}
	if o.order == orderUnknown && !o.decide(s) {
		if a, b, _ := slashDate(s); a >= 1 && a <= 12 && b >= 1 && b <= 12 {
			return civil{}, errAmbiguousDate
		}
		return civil{}, fmt.Errorf("%q is not a date: neither of its first two numbers is a month", s)
	}
	first := "month"
	if o.order == orderDayFirst {
		first = "day"
		day := dayFirstLayouts[:len(layouts)]
		if len(layouts) == 1 {
			day = []string{"2/1/2006"}
		}
		layouts = day
	}
	for _, l := range layouts {
		if c, err := parseLayout(l, s); err == nil {
			return c, nil
		}
	}
	return civil{}, fmt.Errorf("%q is not a %s-first date-time like %s; this file's slash dates are %v", s, first, layouts[0], o)
}

// parseDate reads a date column: a Go layout, "auto" or "excel".
func (p *timeParser) parseDate(s string) (civil, error) {
	if s == p.lastS && p.lastOK {
		return p.lastC, nil
	}
	var c civil
	var err error
	switch p.format {
	case FormatAuto, "":
		err = fmt.Errorf("%q is not a date wfm knows (2006-01-02, 1/2/2006, 20060102, 060102, an Excel serial date)", s)
		if _, _, ok := slashDate(s); ok {
			if c, err = p.parseSlash(s, []string{"1/2/2006"}); err != nil {
				return civil{}, err
			}
			break
		}
		if p.locked != "" {
			if c2, e := parseLayout(p.locked, s); e == nil {
				c, err = c2, nil
				break
			}
		}
		for _, l := range autoDateLayouts {
			if c2, e := parseLayout(l, s); e == nil {
				c, err, p.locked = c2, nil, l
				break
			}
		}
		if err != nil {
			if c2, e := parseExcelSerial(s); e == nil {
				c, err = c2, nil
			}
		}
	case FormatExcel:
		c, err = parseExcelSerial(s)
	default:
		c, err = parseLayout(p.format, s)
		if err != nil {
			err = fmt.Errorf("%q does not match date layout %q", s, p.format)
		}
	}
	if err != nil {
		return civil{}, err
	}
	c.sec = 0
	p.lastS, p.lastC, p.lastOK = s, c, true
	return c, nil
}

// parseLayout parses s with a Go layout. Without a zone in the layout the
// result is a wall-clock time.
func parseLayout(layout, s string) (civil, error) {
	if pat := digitPattern(layout); pat != "" {
		if c, ok := parseDigits(pat, s); ok {
			return c, nil
		}
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return civil{}, err
	}
	if hasZone(layout) {
		return civil{aware: true, unix: t.Unix(), y: t.Year(), m: int(t.Month()), d: t.Day()}, nil
	}
	return civil{y: t.Year(), m: int(t.Month()), d: t.Day(), sec: t.Hour()*3600 + t.Minute()*60 + t.Second()}, nil
}

// digitPattern returns, for the all-numeric Go layouts that presets and
// autoLayouts use, the fixed-width pattern parseDigits reads: Y a digit of
// a four-digit year, y of a two-digit one, M month, D day, h hour, m
// minute, s second, anything else itself. A layout ending in an optional
// fraction (.999999999) has the pattern of the value without one. "" for
// other layouts.
func digitPattern(layout string) string {
	switch layout {
	case "2006-01-02 15:04:05", "2006-01-02 15:04:05.999999999":
		return "YYYY-MM-DD hh:mm:ss"
	case "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999":
		return "YYYY-MM-DDThh:mm:ss"
	case "2006-01-02T15:04:05Z":
		return "YYYY-MM-DDThh:mm:ssZ"
	case "2006-01-02 15:04":
		return "YYYY-MM-DD hh:mm"
	case "2006-01-02T15:04":
		return "YYYY-MM-DDThh:mm"
	case "2006/01/02 15:04:05":
		return "YYYY/MM/DD hh:mm:ss"
	case "2006/01/02 15:04":
		return "YYYY/MM/DD hh:mm"
	case "2006-01-02":
		return "YYYY-MM-DD"
	case "2006/01/02":
		return "YYYY/MM/DD"
	case "20060102":
		return "YYYYMMDD"
	case "060102":
		return "yyMMDD"
	}
	return ""
}

// parseDigits reads s with a digitPattern when s has exactly its width and
// digits where it has them, and its date and time exist; ok is false
// otherwise, and time.Parse is left to read s or say what is wrong. What it
// reads is what time.Parse reads: a two-digit year is 1969 to 2068, a day
// must exist in its month, hours run to 23, minutes and seconds to 59.
func parseDigits(pat, s string) (c civil, ok bool) {
	if len(s) != len(pat) {
		return civil{}, false
	}
	var y, mo, d, h, mi, sec int
	for i := 0; i < len(pat); i++ {
		ch := s[i]
		var p *int
		switch pat[i] {
		case 'Y', 'y':
			p = &y
		case 'M':
			p = &mo
		case 'D':
			p = &d
		case 'h':
			p = &h
		case 'm':
			p = &mi
		case 's':
			p = &sec
		default:
			if ch != pat[i] {
				return civil{}, false
			}
			continue
		}
		if ch < '0' || ch > '9' {
			return civil{}, false
		}
		*p = *p*10 + int(ch-'0')
	}
	if pat[0] == 'y' {
		// as time.Parse reads "06"
		if y >= 69 {
			y += 1900
		} else {
			y += 2000
		}
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59 {
		return civil{}, false
	}
	return civil{y: y, m: mo, d: d, sec: h*3600 + mi*60 + sec}, true
}

// excelEpoch is day 0 of Excel's 1900 date system as used by modern Excel
// (serial 1 = 1900-01-01 only before the phantom 1900-02-29; from serial 61
// on, days count from 1899-12-30). See ECMA-376 Part 1, §18.17.4.1.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseExcelSerial reads an Excel serial date-time such as 36192.5
// (1999-02-01 12:00), rounded to the nearest second.
func parseExcelSerial(s string) (civil, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || x < 0 || x > 2958465 || math.IsNaN(x) {
		return civil{}, fmt.Errorf("%q is not an Excel serial date", s)
	}
	days := math.Floor(x)
	sec := int(math.Round((x - days) * 86400))
	t := excelEpoch.AddDate(0, 0, int(days))
	return civil{y: t.Year(), m: int(t.Month()), d: t.Day(), sec: sec}, nil
}

// parseClock reads a time of day: H:MM, H:MM:SS, H:MM:SS.fff, optionally
// followed by AM or PM. It returns seconds since midnight.
func parseClock(s string) (int, bool) {
	s = strings.TrimSpace(s)
	pm, am := false, false
	if n := len(s); n > 2 {
		switch strings.ToUpper(s[n-2:]) {
		case "PM":
			pm = true
		case "AM":
			am = true
		}
		if am || pm {
			s = strings.TrimSpace(s[:n-2])
		}
	}
	var parts [3]int
	np := 0
	i := 0
	for np < 3 {
		start := i
		v := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			v = v*10 + int(s[i]-'0')
			i++
			if i-start > 2 {
				return 0, false
			}
		}
		if i == start {
			return 0, false
		}
		parts[np] = v
		np++
		if i == len(s) {
			break
		}
		if s[i] == '.' && np == 3 {
			// fractional seconds: truncate
			for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			}
			break
		}
		if s[i] != ':' {
			return 0, false
		}
		i++
	}
	if i != len(s) || np < 2 {
		return 0, false
	}
	h, m, sec := parts[0], parts[1], parts[2]
	if am || pm {
		if h < 1 || h > 12 {
			return 0, false
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	if h > 23 || m > 59 || sec > 60 {
		return 0, false
	}
	return h*3600 + m*60 + sec, true
}

// parseTimeOfDay reads a time-of-day column (used with a separate date).
func parseTimeOfDay(format, s string) (int, error) {
	switch format {
	case FormatHHMM:
		return parseHHMM(s)
	case FormatDayFraction, FormatExcel:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || x < 0 || x >= 1 {
			return 0, fmt.Errorf("%q is not a time of day as a fraction of 24 hours", s)
		}
		sec := int(math.Round(x * 86400))
		if sec == 86400 {
			sec = 86399
		}
		return sec, nil
	case FormatAuto, FormatClock, "", "15:04:05", "15:04", "3:04:05 PM", "3:04 PM", "03:04:05 PM":
		if sec, ok := parseClock(s); ok {
			return sec, nil
		}
		if format == FormatAuto || format == "" {
			if x, err := strconv.ParseFloat(s, 64); err == nil && x >= 0 && x < 1 {
				return int(math.Round(x * 86400)), nil
			}
		}
		return 0, fmt.Errorf("%q is not a time of day like 15:04:05", s)
	default:
		t, err := time.Parse(format, s)
		if err != nil {
			return 0, fmt.Errorf("%q does not match layout %q", s, format)
		}
		return t.Hour()*3600 + t.Minute()*60 + t.Second(), nil
	}
}

// maxDurationSeconds bounds every duration read from a log, in seconds
// (about 31.7 years): far past any handle or wait time, and far inside
// time.Duration's ±292 years, so that no value wraps around when it is
// converted.
const maxDurationSeconds = 1e9

// errDurationRange is the detail for a duration past maxDurationSeconds.
func errDurationRange(s string) error {
	return fmt.Errorf("%q is out of range: at most %g seconds (about 31 years)", s, float64(maxDurationSeconds))
}

// secondsDuration converts whole seconds, refusing more than
// maxDurationSeconds either way.
func secondsDuration(n int, s string) (time.Duration, error) {
	if n > maxDurationSeconds || n < -maxDurationSeconds {
		return 0, errDurationRange(s)
	}
	return time.Duration(n) * time.Second, nil
}

// parseDuration reads a duration in the given format. "auto" reads H:MM:SS
// or MM:SS when the value holds a colon, Go syntax (3m20s) when it holds a
// unit letter, and seconds otherwise. Durations past maxDurationSeconds
// are refused.
func parseDuration(format, s string) (time.Duration, error) {
	switch format {
	case FormatSeconds:
		if n, ok := atoi(s); ok {
			return secondsDuration(n, s)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%q is not a number of seconds", s)
		}
		if math.Abs(x) > maxDurationSeconds {
			return 0, errDurationRange(s)
		}
		return time.Duration(math.Round(x*1e3)) * time.Millisecond, nil
	case FormatMinutes, FormatMillis:
		unit, name := 60.0, "minutes"
		if format == FormatMillis {
			unit, name = 1e-3, "milliseconds"
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%q is not a number of %s", s, name)
		}
		if math.Abs(x)*unit > maxDurationSeconds {
			return 0, errDurationRange(s)
		}
		return time.Duration(math.Round(x*unit*1e3)) * time.Millisecond, nil
	case FormatDayFraction:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%q is not a fraction of a day", s)
		}
		if math.Abs(x)*86400 > maxDurationSeconds {
			return 0, errDurationRange(s)
		}
		return time.Duration(math.Round(x*86400*1e3)) * time.Millisecond, nil
	case FormatGo:
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration like 3m20s", s)
		}
		if d.Seconds() > maxDurationSeconds || d.Seconds() < -maxDurationSeconds {
			return 0, errDurationRange(s)
		}
		return d, nil
	case FormatClock:
		return parseClockDuration(s)
	case FormatAuto, "":
		if n, ok := atoi(s); ok {
			return secondsDuration(n, s)
		}
		t := strings.TrimSpace(s)
		switch {
		case strings.Contains(t, ":"):
			return parseClockDuration(t)
		case strings.ContainsAny(t, "hmsuµn"):
			return parseDuration(FormatGo, t)
		default:
			return parseDuration(FormatSeconds, t)
		}
	}
	return 0, fmt.Errorf("unknown duration format %q: want seconds, clock, dayfraction, go or auto", format)
}

// parseClockDuration reads -H:MM:SS, H:MM:SS or MM:SS (hours unbounded).
func parseClockDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	if sec, ok := clockSeconds(t); ok {
		if sec > maxDurationSeconds {
			return 0, errDurationRange(s)
		}
		d := time.Duration(sec) * time.Second
		if neg {
			d = -d
		}
		return d, nil
	}
	parts := strings.Split(t, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("%q is not a duration like H:MM:SS", s)
	}
	var total float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(p, 64)
		if err != nil || x < 0 || (i > 0 && x >= 60) || math.IsInf(x, 0) || math.IsNaN(x) {
			return 0, fmt.Errorf("%q is not a duration like H:MM:SS", s)
		}
		total = total*60 + x
	}
	if total > maxDurationSeconds {
		return 0, errDurationRange(s)
	}
	d := time.Duration(math.Round(total*1e3)) * time.Millisecond
	if neg {
		d = -d
	}
	return d, nil
}

// clockSeconds reads H:MM:SS or MM:SS of plain digits (at most ten in the
// first part, the others under 60) as parseClockDuration does, without
// splitting or reading floats; ok is false for anything else.
func clockSeconds(t string) (int, bool) {
	total, part, digits, parts := 0, 0, 0, 1
	for i := 0; i <= len(t); i++ {
		if i == len(t) || t[i] == ':' {
			if digits == 0 || (parts > 1 && part >= 60) {
				return 0, false
			}
			total = total*60 + part
			if i < len(t) {
				parts++
				part, digits = 0, 0
			}
			continue
		}
		c := t[i]
		if c < '0' || c > '9' || digits == 10 {
			return 0, false
		}
		part = part*10 + int(c-'0')
		digits++
	}
	if parts < 2 || parts > 3 {
		return 0, false
	}
	return total, true
}

// atoi parses a plain optionally signed decimal integer of at most 12 digits.
func atoi(s string) (int, bool) {
	if len(s) == 0 || len(s) > 13 {
		return 0, false
	}
	neg := false
	i := 0
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		i = 1
		if len(s) == 1 {
			return 0, false
		}
	}
	n := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
