package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wfm-project/wfm/scheduling"
	"github.com/xuri/excelize/v2"
)

// The Roster sheet is what a team lead hands out: one block per week of
// seven days from the roster's first day (the weeks of the rules and of the
// Summary), each block one printed page. A block has a row of dates, a row
// per in-house agent (each day: the shift's template name, start–end,
// breaks and lunch, or "off", or "unavailable" from the agents file; then
// the week's paid hours), the day's headcount, the day's vendor staff and a
// legend of the templates. Vendor staff by hour are on the Vendors sheet.

// templatePalette colours shifts by template, in config order.
var templatePalette = []string{"C6EFCE", "FFEB9C", "F8CBAD", "B4C6E7", "D9D2E9", "FCE4D6", "DDEBF7", "E2EFDA"}

// overtimeColor fills the day of a shift with overtime (roster rows of
// activity overtime), whatever its template: a strong orange that no
// template's pastel is.
const overtimeColor = "F4B084"

// Roster sheet columns, in characters: agent, contract, seven days, paid
// hours.
const (
	rosterNameWidth     = 24
	rosterContractWidth = 10
	rosterDayWidth      = 17
	rosterHoursWidth    = 8
	rosterDayCol        = 3 // column of a week's first day
	rosterHoursCol      = rosterDayCol + 7
)

// Roster sheet row heights, in points: a line of its 9-point text, and the
// other rows.
const (
	rosterLinePt   = 12
	rosterRowPt    = 15
	rosterHeaderPt = 28 // two lines: "paid hours" wraps
)

// rosterShift is one in-house shift with the break and lunch rows inside it.
type rosterShift struct {
	act    scheduling.Activity
	breaks []scheduling.Activity // by start
	// overtime are the overtime rows that extend the shift (they touch
	// its start or end), by start.
	overtime []scheduling.Activity
	// off are the rests after a peak and the time off inside the shift,
	// which no template lists, by start.
	off []scheduling.Activity
	// template is the index in planWorkbook.Templates of the template the
	// shift matches, -1 for none.
	template int
}

// matchTemplate is the index of the first template shift s fits, by
// scheduling.Check's rule: the same length, a start inside the template's
// window on its step (the interval when the step is 0), on one of its
// weekdays, and breaks of the template's kinds in its order. A template
// that fits all but the breaks is taken when none fits wholly; -1 when no
// template fits.
func matchTemplate(tps []scheduling.ShiftTemplate, interval time.Duration, loc *time.Location, s rosterShift) int {
	st := s.act.Start.In(loc)
	clock := time.Duration(st.Hour())*time.Hour + time.Duration(st.Minute())*time.Minute + time.Duration(st.Second())*time.Second
	loose := -1
	for k, tp := range tps {
		step := tp.Step
		if step <= 0 {
			step = interval
		}
		if s.act.End.Sub(s.act.Start) != tp.Length || clock < tp.Earliest || clock > tp.Latest {
			continue
		}
		if step > 0 && (clock-tp.Earliest)%step != 0 {
			continue
		}
		if tp.Days != [7]bool{} && !tp.Days[st.Weekday()] {
			continue
		}
		if loose < 0 {
			loose = k
		}
		if len(tp.Breaks) != len(s.breaks) {
			continue
		}
		same := true
		for i, b := range tp.Breaks {
			want := scheduling.ActivityBreak
			if b.Name == scheduling.ActivityLunch {
				want = scheduling.ActivityLunch
			}
			same = same && s.breaks[i].Activity == want
		}
		if same {
			return k
		}
	}
	return loose
}

// paidHours is a shift's paid hours as scheduling.Check counts them: its
// template's (the length less unpaid breaks), or the whole length when it
// matches no template.
func (wb *planWorkbook) paidHours(s rosterShift) float64 {
	if s.template >= 0 {
		return wb.Templates[s.template].PaidHours()
	}
	return s.act.End.Sub(s.act.Start).Hours()
}

// shiftLines is a shift's cell on the Roster sheet: "NAME start–end", then
// the breaks' start times, then the lunches' start–end (the legend gives
// each template's break lengths).
func (wb *planWorkbook) shiftLines(s rosterShift) []string {
	clock := func(t time.Time) string { return t.In(wb.Loc).Format("15:04") }
	head := clock(s.act.Start) + "–" + clock(s.act.End)
	if s.template >= 0 {
		head = wb.Templates[s.template].Name + " " + head
	}
	lines := []string{head}
	var breaks, lunches []string
	for _, b := range s.breaks {
		if b.Activity == scheduling.ActivityLunch {
			lunches = append(lunches, clock(b.Start)+"–"+clock(b.End))
		} else {
			breaks = append(breaks, clock(b.Start))
		}
	}
	if len(breaks) > 0 {
		lines = append(lines, "break "+strings.Join(breaks, ", "))
	}
	if len(lunches) > 0 {
		lines = append(lines, "lunch "+strings.Join(lunches, ", "))
	}
	for _, o := range s.off {
		what := "rest "
		if o.Activity == scheduling.ActivityVTO {
			what = "time off "
		}
		lines = append(lines, what+clock(o.Start)+"–"+clock(o.End))
	}
	for _, o := range s.overtime {
		lines = append(lines, "overtime "+clock(o.Start)+"–"+clock(o.End))
	}
	return lines
}

// rosterShifts groups the in-house roster into shifts by agent, each with
// the breaks inside it and its template.
func (wb *planWorkbook) rosterShifts() map[string][]*rosterShift {
	by := map[string][]*rosterShift{}
	for _, a := range wb.Roster {
		if a.Vendor() == "" && a.Activity == scheduling.ActivityShift {
			by[a.Agent] = append(by[a.Agent], &rosterShift{act: a})
		}
	}
	for _, a := range wb.Roster {
		if a.Vendor() != "" || a.Activity == scheduling.ActivityShift {
			continue
		}
		for _, s := range by[a.Agent] {
			if a.Activity == scheduling.ActivityOvertime {
				if a.End.Equal(s.act.Start) || a.Start.Equal(s.act.End) {
					s.overtime = append(s.overtime, a)
					break
				}
				continue
			}
			if !a.Start.Before(s.act.Start) && !a.End.After(s.act.End) {
				if a.Activity == scheduling.ActivityRest || a.Activity == scheduling.ActivityVTO {
					s.off = append(s.off, a)
				} else {
					s.breaks = append(s.breaks, a)
				}
				break
			}
		}
	}
	for _, shifts := range by {
		for _, s := range shifts {
			sort.SliceStable(s.breaks, func(i, j int) bool { return s.breaks[i].Start.Before(s.breaks[j].Start) })
			sort.SliceStable(s.overtime, func(i, j int) bool { return s.overtime[i].Start.Before(s.overtime[j].Start) })
			sort.SliceStable(s.off, func(i, j int) bool { return s.off[i].Start.Before(s.off[j].Start) })
			s.template = matchTemplate(wb.Templates, wb.Interval, wb.Loc, *s)
		}
	}
	return by
}

// hasOvertime reports whether the roster has overtime rows.
func (wb *planWorkbook) hasOvertime() bool {
	for _, a := range wb.Roster {
		if a.Activity == scheduling.ActivityOvertime {
			return true
		}
	}
	return false
}

// rosterAgents are the Roster sheet's agents: every in-house agent of the
// agents file (or headcount) in its order, shifts or not, then any other
// in-house agent of the roster in order of appearance.
func (wb *planWorkbook) rosterAgents() []string {
	var ids []string
	seen := map[string]bool{}
	for _, a := range wb.Agents {
		if !seen[a.ID] {
			seen[a.ID] = true
			ids = append(ids, a.ID)
		}
	}
	for _, a := range wb.Roster {
		if a.Vendor() == "" && !seen[a.Agent] {
			seen[a.Agent] = true
			ids = append(ids, a.Agent)
		}
	}
	return ids
}

// civilDays is the number of calendar days from a's date to b's, whatever
// the length of the days between (DST).
func civilDays(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// rosterCell is one day of one agent on the Roster sheet.
type rosterCell struct {
	lines []string
	color string // fill
	kind  string // shift, off, unavailable, "" outside the plan
}

// rosterWeek is one week's block.
type rosterWeek struct {
	first     time.Time // the week's first day
	cells     [][7]rosterCell
	lines     []int // the tallest cell of each agent's row, in lines
	paid      []float64
	inhouse   [7]int // agents on shift, by day
	vendor    [7]int // vendor staff starting that day
	vendorHrs float64
	inPlan    [7]bool
}

func (wb *planWorkbook) rosterWeeks(agents []string) []rosterWeek {
	days := wb.rosterDays()
	if len(days) == 0 {
		return nil
	}
	first := days[0]
	n := civilDays(first, days[len(days)-1])/7 + 1
	weeks := make([]rosterWeek, n)
	for w := range weeks {
		weeks[w].first = time.Date(first.Year(), first.Month(), first.Day()+7*w, 0, 0, 0, 0, wb.Loc)
		weeks[w].cells = make([][7]rosterCell, len(agents))
		weeks[w].lines = make([]int, len(agents))
		weeks[w].paid = make([]float64, len(agents))
	}
	for _, d := range days {
		i := civilDays(first, d)
		weeks[i/7].inPlan[i%7] = true
	}
	unavail := map[string][]scheduling.DateRange{}
	for _, a := range wb.Agents {
		unavail[a.ID] = a.Unavailable
	}
	for w := range weeks {
		for i, id := range agents {
			weeks[w].lines[i] = 1
			for k := 0; k < 7; k++ {
				if !weeks[w].inPlan[k] {
					continue
				}
				date := weeks[w].first.AddDate(0, 0, k).Format("2006-01-02")
				c := rosterCell{lines: []string{"off"}, kind: "off"}
				for _, r := range unavail[id] {
					if r.Contains(date) {
						c = rosterCell{lines: []string{"unavailable"}, kind: "unavailable"}
					}
				}
				weeks[w].cells[i][k] = c
			}
		}
	}
	row := map[string]int{}
	for i, id := range agents {
		row[id] = i
	}
	for id, shifts := range wb.rosterShifts() {
		i := row[id]
		for _, s := range shifts {
			d := civilDays(first, s.act.Start.In(wb.Loc))
			if d < 0 || d/7 >= len(weeks) {
				continue
			}
			wk, k := &weeks[d/7], d%7
			color := "FFFFFF"
			if s.template >= 0 {
				color = templatePalette[s.template%len(templatePalette)]
			}
			if len(s.overtime) > 0 {
				color = overtimeColor
			}
			c := &wk.cells[i][k]
			if c.kind == "shift" { // a second shift that day: both shown
				c.lines = append(c.lines, wb.shiftLines(*s)...)
			} else {
				*c = rosterCell{lines: wb.shiftLines(*s), color: color, kind: "shift"}
				wk.inhouse[k]++
			}
			wk.lines[i] = max(wk.lines[i], len(c.lines))
			wk.paid[i] += wb.paidHours(*s)
		}
	}
	for _, a := range wb.Roster {
		if a.Vendor() == "" || a.Activity != scheduling.ActivityShift {
			continue
		}
		d := civilDays(first, a.Start.In(wb.Loc))
		if d < 0 || d/7 >= len(weeks) {
			continue
		}
		weeks[d/7].vendor[d%7]++
		weeks[d/7].vendorHrs += a.End.Sub(a.Start).Hours()
	}
	return weeks
}

// templateLegend describes a template for the legend: length, start
// window, weekdays, breaks and paid hours.
func templateLegend(tp scheduling.ShiftTemplate) string {
	clock := func(d time.Duration) string {
		return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
	}
	s := fmtLength(tp.Length) + ", starts " + clock(tp.Earliest)
	if tp.Latest != tp.Earliest {
		s += "–" + clock(tp.Latest)
	}
	if tp.Days != [7]bool{} && tp.Days != [7]bool{true, true, true, true, true, true, true} {
		var ds []string
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if tp.Days[wd] {
				ds = append(ds, wd.String()[:3])
			}
		}
		s += ", " + strings.Join(ds, " ")
	}
	for _, b := range tp.Breaks {
		kind := scheduling.ActivityBreak
		if b.Name == scheduling.ActivityLunch {
			kind = scheduling.ActivityLunch
		}
		paid := "paid"
		if !b.Paid {
			paid = "unpaid"
		}
		s += "; " + kind + " " + fmtLength(b.Length) + " " + paid
	}
	return s + fmt.Sprintf("; %g paid hours", tp.PaidHours())
}

// fmtLength writes a duration as 8h30, 8h or 15m.
func fmtLength(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02d", h, m)
}

func (wb *planWorkbook) rosterSheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Roster) == 0 {
		return nil
	}
	const name = "Roster"
	agents := wb.rosterAgents()
	weeks := wb.rosterWeeks(agents)
	contract := map[string]string{}
	for _, a := range wb.Agents {
		contract[a.ID] = a.Contract
	}
	hasVendors := len(wb.VendorNames) > 0
	for _, a := range wb.Roster {
		hasVendors = hasVendors || a.Vendor() != ""
	}
	legendRows := 4 + len(wb.Templates) // title, templates, off, unavailable, paid hours

	// The block's rows: dates, agents, headcount, vendors, a blank row and
	// the legend; each block begins a page.
	var breaks []int
	var tallest float64
	r := 2
	for w, wk := range weeks {
		if w > 0 {
			breaks = append(breaks, r)
		}
		h := float64(rosterRowPt) // dates
		for _, n := range wk.lines {
			h += max(rosterRowPt, float64(rosterLinePt*n+3))
		}
		h += rosterRowPt * float64(1+legendRows+1)
		if hasVendors {
			h += rosterRowPt
		}
		tallest = max(tallest, h)
		r += 1 + len(agents) + 1 + 1 + legendRows
		if hasVendors {
			r++
		}
	}
	width := columnPoints(rosterNameWidth) + columnPoints(rosterContractWidth) + 7*columnPoints(rosterDayWidth) + columnPoints(rosterHoursWidth)
	scale, landscape := blockScale(width, tallest+rosterHeaderPt, 40)

	mk := func(s *excelize.Style) (int, error) { return f.NewStyle(s) }
	border := []excelize.Border{{Type: "left", Color: "D9D9D9", Style: 1}, {Type: "right", Color: "D9D9D9", Style: 1}, {Type: "bottom", Color: "D9D9D9", Style: 1}, {Type: "top", Color: "D9D9D9", Style: 1}}
	cellStyle := map[string]int{}
	style := func(color string, italic bool, fontColor string) (int, error) {
		k := fmt.Sprint(color, italic, fontColor)
		if id, ok := cellStyle[k]; ok {
			return id, nil
		}
		id, err := mk(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Size: 9, Italic: italic, Color: fontColor},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Border: border})
		cellStyle[k] = id
		return id, err
	}
	offStyle, err := style("F2F2F2", false, "808080")
	if err != nil {
		return err
	}
	unavailStyle, err := style("BFBFBF", true, "262626")
	if err != nil {
		return err
	}
	nameStyle, err := mk(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Size: 10}, Alignment: &excelize.Alignment{Vertical: "center"}, Border: border})
	if err != nil {
		return err
	}
	hoursFmt := "0.0"
	hoursStyle, err := mk(&excelize.Style{CustomNumFmt: &hoursFmt, Font: &excelize.Font{Size: 10}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Border: border})
	if err != nil {
		return err
	}
	countStyle, err := mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10}, Alignment: &excelize.Alignment{Horizontal: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border})
	if err != nil {
		return err
	}
	countHoursStyle, err := mk(&excelize.Style{CustomNumFmt: &hoursFmt, Font: &excelize.Font{Bold: true, Size: 10}, Alignment: &excelize.Alignment{Horizontal: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border})
	if err != nil {
		return err
	}
	countLabel, err := mk(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true, Size: 10},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := mk(&excelize.Style{CustomNumFmt: &dateFmt, Font: &excelize.Font{Size: 10}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	small, err := mk(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Size: 9, Color: "404040"}})
	if err != nil {
		return err
	}

	sw, err := newPrintedStream(f, name, pageSetup{Landscape: landscape, Scale: scale, TitleRows: "$1:$1", TitleCols: "$A:$A", BreaksBefore: breaks},
		&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, rosterNameWidth)
	sw.SetColWidth(2, 2, rosterContractWidth)
	sw.SetColWidth(rosterDayCol, rosterDayCol+6, rosterDayWidth)
	sw.SetColWidth(rosterHoursCol, rosterHoursCol, rosterHoursWidth)
	r = 1
	put := func(vals []any, height float64) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		r++
		return sw.SetRow(cell, vals, excelize.RowOpts{Height: height})
	}
	hdr := []any{excelize.Cell{StyleID: st.header, Value: "agent"}, excelize.Cell{StyleID: st.header, Value: "contract"}}
	for k := 0; k < 7; k++ {
		wd := "day " + fmt.Sprint(k+1)
		if len(weeks) > 0 {
			wd = weeks[0].first.AddDate(0, 0, k).Weekday().String()
		}
		hdr = append(hdr, excelize.Cell{StyleID: st.header, Value: wd})
	}
	hdr = append(hdr, excelize.Cell{StyleID: st.header, Value: "paid hours"})
	if err := put(hdr, rosterHeaderPt); err != nil {
		return err
	}
	for _, wk := range weeks {
		vals := []any{excelize.Cell{StyleID: st.bold, Value: "week of " + wk.first.Format("2006-01-02")}, nil}
		for k := 0; k < 7; k++ {
			if !wk.inPlan[k] {
				vals = append(vals, nil)
				continue
			}
			vals = append(vals, excelize.Cell{StyleID: dateStyle, Value: wallClock(wk.first.AddDate(0, 0, k))})
		}
		if err := put(vals, rosterRowPt); err != nil {
			return err
		}
		for i, id := range agents {
			vals := []any{excelize.Cell{StyleID: nameStyle, Value: wb.displayName(id)}, excelize.Cell{StyleID: nameStyle, Value: contract[id]}}
			for k := 0; k < 7; k++ {
				c := wk.cells[i][k]
				var sid int
				switch c.kind {
				case "":
					vals = append(vals, nil)
					continue
				case "off":
					sid = offStyle
				case "unavailable":
					sid = unavailStyle
				default:
					if sid, err = style(c.color, false, "262626"); err != nil {
						return err
					}
				}
				vals = append(vals, excelize.Cell{StyleID: sid, Value: strings.Join(c.lines, "\n")})
			}
			vals = append(vals, excelize.Cell{StyleID: hoursStyle, Value: wk.paid[i]})
			if err := put(vals, max(rosterRowPt, float64(rosterLinePt*wk.lines[i]+3))); err != nil {
				return err
			}
		}
		var paid float64
		for _, p := range wk.paid {
			paid += p
		}
		count := func(label string, by [7]int, hours float64) error {
			vals := []any{excelize.Cell{StyleID: countLabel, Value: label}, excelize.Cell{StyleID: countLabel, Value: ""}}
			for k := 0; k < 7; k++ {
				if wk.inPlan[k] {
					vals = append(vals, excelize.Cell{StyleID: countStyle, Value: by[k]})
				} else {
					vals = append(vals, nil)
				}
			}
			vals = append(vals, excelize.Cell{StyleID: countHoursStyle, Value: hours})
			return put(vals, rosterRowPt)
		}
		if err := count("headcount (in-house)", wk.inhouse, paid); err != nil {
			return err
		}
		if hasVendors {
			if err := count("vendor staff (Vendors sheet)", wk.vendor, wk.vendorHrs); err != nil {
				return err
			}
		}
		if err := put(nil, rosterRowPt); err != nil {
			return err
		}
		legend := func(key any, text string) error {
			return put([]any{key, nil, excelize.Cell{StyleID: small, Value: text}}, rosterRowPt)
		}
		if err := legend(excelize.Cell{StyleID: st.bold, Value: "legend"}, "a day shows the shift's template, start–end, its breaks' start times and its lunch"); err != nil {
			return err
		}
		for k, tp := range wb.Templates {
			sid, err := style(templatePalette[k%len(templatePalette)], false, "262626")
			if err != nil {
				return err
			}
			if err := legend(excelize.Cell{StyleID: sid, Value: tp.Name}, templateLegend(tp)); err != nil {
				return err
			}
		}
		if wb.hasOvertime() {
			sid, err := style(overtimeColor, false, "262626")
			if err != nil {
				return err
			}
			if err := legend(excelize.Cell{StyleID: sid, Value: "overtime"}, "a shift extended by overtime (roster rows of activity overtime), whatever its template; its paid hours leave the overtime out"); err != nil {
				return err
			}
		}
		if err := legend(excelize.Cell{StyleID: offStyle, Value: "off"}, "no shift that day"); err != nil {
			return err
		}
		if err := legend(excelize.Cell{StyleID: unavailStyle, Value: "unavailable"}, "not available that day (agents file, column unavailable)"); err != nil {
			return err
		}
		if err := legend(excelize.Cell{StyleID: st.bold, Value: "paid hours"}, "the week's shifts less their unpaid breaks; headcount: agents with a shift starting that day"); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// vendorDay is one vendor's staff on one day: how many blocks start that
// day, their hours and cost, and the staff on shift by hour.
type vendorDay struct {
	Vendor string
	Day    time.Time
	Staff  int
	Hours  float64
	Cost   float64
	// ByHour is, for each local hour of the day, the most staff on shift
	// at once in it (measured at each interval's start), so that a block
	// from 08:15 counts in hour 8 and two blocks that meet at 12:30 count
	// once in hour 12.
	ByHour [24]int
}

// vendorDays lays the surge blocks out by vendor and day: every plan day
// of every configured vendor (so a day without staff reads 0), then of any
// other vendor in the roster.
func (wb *planWorkbook) vendorDays() []vendorDay {
	names := append([]string(nil), wb.VendorNames...)
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	for _, v := range wb.Vendors {
		if !seen[v.Vendor] {
			seen[v.Vendor] = true
			names = append(names, v.Vendor)
		}
	}
	days := wb.rosterDays()
	if len(days) == 0 {
		return nil
	}
	step := wb.Interval
	if step <= 0 {
		step = 15 * time.Minute
	}
	idx := map[string]int{}
	var out []vendorDay
	for _, n := range names {
		for _, d := range days {
			idx[n+"\x00"+d.Format("2006-01-02")] = len(out)
			out = append(out, vendorDay{Vendor: n, Day: d})
		}
	}
	at := func(vendor string, t time.Time) *vendorDay {
		if i, ok := idx[vendor+"\x00"+t.In(wb.Loc).Format("2006-01-02")]; ok {
			return &out[i]
		}
		return nil
	}
	onShift := map[string]map[time.Time]int{}
	for _, v := range wb.Vendors {
		if d := at(v.Vendor, v.Start); d != nil {
			d.Staff++
			d.Hours += v.Hours
			d.Cost += v.Cost
		}
		m := onShift[v.Vendor]
		if m == nil {
			m = map[time.Time]int{}
			onShift[v.Vendor] = m
		}
		for t := v.Start; t.Before(v.End); t = t.Add(step) {
			m[t]++
		}
	}
	for vendor, m := range onShift {
		for t, n := range m {
			if d := at(vendor, t); d != nil {
				h := t.In(wb.Loc).Hour()
				d.ByHour[h] = max(d.ByHour[h], n)
			}
		}
	}
	return out
}

// vendorSheet shows each vendor's staff by day and hour; it is written even
// when there are none, so a scheduler sees that no vendor was called in.
func (wb *planWorkbook) vendorSheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Roster) == 0 {
		return nil
	}
	const name = "Vendors"
	hdr := []string{"vendor", "day", "staff", "hours", "cost"}
	widths := map[int]float64{1: 16, 2: 15, 3: 6, 4: 8, 5: 10}
	for h := 0; h < 24; h++ {
		hdr = append(hdr, fmt.Sprintf("%02d", h))
		widths[len(hdr)] = 3.6
	}
	sh := xlsxSheet{Name: name, Header: hdr, Widths: widths, Formats: map[int]string{4: "0.00", 5: "#,##0.00"}}
	dateFmt := "ddd yyyy-mm-dd"
	day, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	for _, v := range wb.vendorDays() {
		row := []xlsxCell{v.Vendor, excelize.Cell{StyleID: day, Value: wallClock(v.Day)}, v.Staff, v.Hours, v.Cost}
		for _, n := range v.ByHour {
			if n == 0 {
				row = append(row, nil)
			} else {
				row = append(row, n)
			}
		}
		sh.Rows = append(sh.Rows, row)
	}
	if len(sh.Rows) == 0 {
		return streamSheet(f, st, sh, nil)
	}
	busy, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8CBAD"}}})
	if err != nil {
		return err
	}
	rng := fmt.Sprintf("F2:%s%d", colName(len(hdr)), len(sh.Rows)+1)
	return streamSheet(f, st, sh, func() error {
		return f.SetConditionalFormat(name, rng, []excelize.ConditionalFormatOptions{{Type: "cell", Criteria: ">", Value: "0", Format: &busy}})
	})
}
