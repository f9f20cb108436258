package main

import (
	"fmt"
	"github.com/wfm-project/wfm/importers/analyze"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/scheduling"
	"github.com/xuri/excelize/v2"
)

// planWorkbook is everything the scheduler's workbook shows. Sheets whose
// data is empty are left out (a schedule run has no forecast, say).
type planWorkbook struct {
	Summary  []summaryLine
	Daily    []dailyLine
	Forecast []forecast.Row
	Coverage []coverageLine
	Roster   []scheduling.Activity
	Vendors  []vendorLine
	Rules    []ruleLine
	Loc      *time.Location
	Interval time.Duration
	// Names are agents' display names by roster id (from the agents file).
	Names map[string]string
	// Agents are the in-house agents, in the order the Roster sheet lists
	// them; their contracts and unavailable days show there.
	Agents []scheduling.Agent
	// Templates are the shift templates, by which the Roster sheet names
	// shifts and counts paid hours.
	Templates []scheduling.ShiftTemplate
	// VendorNames are the configured vendors, each with a row per day on
	// the Vendors sheet.
	VendorNames []string
	// History is what happened in the history the plan was made from
	// (wfm analyze's report), for the History sheet; nil: no sheet.
	History *analyze.Report
}

// displayName is how the workbook shows a roster's agent: "NAME (id)" when
// the agents file names it, else the id.
func (wb *planWorkbook) displayName(id string) string {
	if n := wb.Names[id]; n != "" && n != id {
		return n + " (" + id + ")"
	}
	return id
}

// summaryLine is one label and value on the Summary sheet.
type summaryLine struct {
	Label string
	Value any
}

// percent is a Summary value stored as a number and shown as a percentage
// (0.0134 as 1.34%), so a spreadsheet can compute with it.
type percent float64

// amount is a Summary cost, stored unrounded and shown with two decimals,
// so the costs add up to the objective in the sheet as in the solver.
type amount float64

// dailyLine is one day on the Summary sheet.
type dailyLine struct {
	Day            time.Time
	Volume         float64
	RequiredHours  float64
	ScheduledHours float64 // net of breaks, in-house + vendor
	VendorHours    float64
	Understaffed   int // intervals
	ServiceLevel   float64
}

// coverageLine is one interval on the Coverage sheet, in agents.
type coverageLine struct {
	Start    time.Time
	Required float64
	Inhouse  float64 // in-house agents on shift, breaks included
	Vendor   float64
	Net      float64 // in-house + vendor, breaks removed
}

// vendorLine is one vendor surge block.
type vendorLine struct {
	Vendor string
	Agent  string
	Start  time.Time
	End    time.Time
	Hours  float64
	Cost   float64
}

// ruleLine is one result of the rule checker.
type ruleLine struct {
	Suite  string // rules, coverage, queue NAME
	Check  string
	Status string // pass or fail
	Detail string
}

// write renders the workbook to w.
func (wb *planWorkbook) write(w io.Writer) error {
	f := newWorkbook()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	// Sheet1 becomes Summary, so no sheet has to be deleted afterwards:
	// DeleteSheet re-reads every streamed sheet, which costs seconds on a
	// year of intervals.
	if err := f.SetSheetName("Sheet1", "Summary"); err != nil {
		return err
	}
	steps := []func(*excelize.File, xlsxStyles) error{wb.summarySheet, wb.chartsSheet, wb.forecastSheet, wb.coverageSheet, wb.rosterSheet, wb.intradaySheet, wb.vendorSheet, wb.historySheet, wb.rulesSheet, wb.activitiesSheet}
	for _, step := range steps {
		if err := step(f, st); err != nil {
			return err
		}
	}
	return writeWorkbook(f, w)
}

func (wb *planWorkbook) summarySheet(f *excelize.File, st xlsxStyles) error {
	const name = "Summary"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	// Label column and six 15-character columns: too wide for portrait.
	if err := setPrint(f, name, pageSetup{Landscape: true, TitleCols: "$A:$A"}); err != nil {
		return err
	}
	set := func(cell string, v any, style int) error {
		if s, ok := v.(string); ok {
			if err := f.SetCellStr(name, cell, s); err != nil {
				return err
			}
		} else if t, ok := v.(time.Time); ok {
			if err := f.SetCellValue(name, cell, wallClock(t)); err != nil {
				return err
			}
			style = st.dateTime
		} else if p, ok := v.(percent); ok {
			if err := f.SetCellFloat(name, cell, float64(p), -1, 64); err != nil {
				return err
			}
			style = st.pct
		} else if m, ok := v.(amount); ok {
			if err := f.SetCellFloat(name, cell, float64(m), -1, 64); err != nil {
				return err
			}
			style = st.num2
		} else if err := f.SetCellValue(name, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(name, cell, cell, style)
		}
		return nil
	}
	if err := set("A1", "wfm plan summary", st.bold); err != nil {
		return err
	}
	r := 3
	for _, l := range wb.Summary {
		if err := set(fmt.Sprintf("A%d", r), l.Label, st.bold); err != nil {
			return err
		}
		if err := set(fmt.Sprintf("B%d", r), l.Value, 0); err != nil {
			return err
		}
		r++
	}
	f.SetColWidth(name, "A", "A", 38)
	f.SetColWidth(name, "B", "G", 15)
	if len(wb.Daily) == 0 {
		return nil
	}
	r += 2
	hdr := []string{"day", "volume", "required staff-hours", "net staff-hours (breaks removed)", "vendor hours", "understaffed intervals", "predicted service level"}
	for c, h := range hdr {
		cell, _ := excelize.CoordinatesToCellName(c+1, r)
		if err := set(cell, h, st.header); err != nil {
			return err
		}
	}
	f.SetRowHeight(name, r, 60) // four lines of wrapped header
	first := r + 1
	// Days, then weeks (Monday-based ISO weeks would not fit every site:
	// weeks start on the roster's first weekday).
	for _, d := range wb.Daily {
		r++
		vals := []any{d.Day, d.Volume, d.RequiredHours, d.ScheduledHours, d.VendorHours, d.Understaffed, d.ServiceLevel}
		styles := []int{st.date, st.num1, st.num1, st.num1, st.num1, 0, st.pct}
		for c, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			if err := f.SetCellValue(name, cell, v); err != nil {
				return err
			}
			if t, ok := v.(time.Time); ok {
				f.SetCellValue(name, cell, wallClock(t))
			}
			if styles[c] != 0 {
				f.SetCellStyle(name, cell, cell, styles[c])
			}
		}
	}
	for _, wk := range weeklyLines(wb.Daily) {
		r++
		vals := []any{wk.label, wk.Volume, wk.RequiredHours, wk.ScheduledHours, wk.VendorHours, wk.Understaffed, wk.ServiceLevel}
		styles := []int{st.bold, st.num1, st.num1, st.num1, st.num1, 0, st.pct}
		for c, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			if err := set(cell, v, styles[c]); err != nil {
				return err
			}
		}
	}
	// Colour the service level: red under 80 % of the day's target is left
	// to Validate; here a simple 3-colour scale reads at a glance.
	rng := fmt.Sprintf("G%d:G%d", first, r)
	return f.SetConditionalFormat(name, rng, []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=", MinType: "num", MinValue: "0.5", MidType: "num", MidValue: "0.8", MaxType: "num", MaxValue: "1",
		MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B",
	}})
}

type weekLine struct {
	dailyLine
	label string
}

// weeklyLines sums days into weeks of seven days from the first day, with
// the service level weighted by volume.
func weeklyLines(days []dailyLine) []weekLine {
	var out []weekLine
	for i := 0; i < len(days); i += 7 {
		j := min(i+7, len(days))
		var w weekLine
		w.label = fmt.Sprintf("week of %s", days[i].Day.Format("2006-01-02"))
		var slw float64
		for _, d := range days[i:j] {
			w.Volume += d.Volume
			w.RequiredHours += d.RequiredHours
			w.ScheduledHours += d.ScheduledHours
			w.VendorHours += d.VendorHours
			w.Understaffed += d.Understaffed
			slw += d.ServiceLevel * d.Volume
		}
		if w.Volume > 0 {
			w.ServiceLevel = slw / w.Volume
		} else {
			w.ServiceLevel = 1
		}
		out = append(out, w)
	}
	return out
}

// forecastRows are the Forecast sheet's rows, by queue and channel, then
// time, so that each queue's rows are contiguous and get a chart of their
// own; spans are those runs of sheet rows.
func (wb *planWorkbook) forecastRows() (rows []forecast.Row, spans []forecastSpan) {
	rows = append([]forecast.Row(nil), wb.Forecast...)
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Queue != rows[j].Queue {
			return rows[i].Queue < rows[j].Queue
		}
		if rows[i].Channel != rows[j].Channel {
			return rows[i].Channel < rows[j].Channel
		}
		return rows[i].Start.Before(rows[j].Start)
	})
	for i, r := range rows {
		if i == 0 || r.Queue != rows[i-1].Queue || r.Channel != rows[i-1].Channel {
			spans = append(spans, forecastSpan{title: r.Queue + " (" + r.Channel + ")", first: i + 2})
		}
		spans[len(spans)-1].last = i + 2
	}
	return rows, spans
}

// forecastSpan is one queue's run of rows on the Forecast sheet.
type forecastSpan struct {
	title       string
	first, last int // sheet rows
}

func (wb *planWorkbook) forecastSheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Forecast) == 0 {
		return nil
	}
	// The last column labels the charts' axis as text: spreadsheet
	// programs treat a date axis by whole days and would stack a day's
	// intervals.
	rows, _ := wb.forecastRows()
	sh := xlsxSheet{Name: "Forecast", Header: append(append([]string(nil), forecast.Header...), "label"), Widths: map[int]float64{1: 18, 2: 14, 8: 14, 9: 16},
		Formats: map[int]string{4: "0.0", 5: "0.0", 6: "0.0", 7: "0"}}
	for _, r := range rows {
		sh.Rows = append(sh.Rows, []xlsxCell{r.Start, r.Queue, r.Channel, r.Volume, r.P10, r.P90, r.AHT.Seconds(), r.Model, axisLabel(r.Start, wb.Loc)})
	}
	return streamSheet(f, st, sh, nil)
}

func (wb *planWorkbook) coverageSheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Coverage) == 0 {
		return nil
	}
	const name = "Coverage"
	sh := xlsxSheet{Name: name, Header: []string{"interval_start", "required", "inhouse", "vendor", "net_of_breaks", "short", "label"}, Widths: map[int]float64{1: 18, 7: 16},
		Formats: map[int]string{2: "0.00", 3: "0", 4: "0", 5: "0.0", 6: "0.00"}}
	for _, c := range wb.Coverage {
		short := max(0, c.Required-c.Net)
		sh.Rows = append(sh.Rows, []xlsxCell{c.Start, c.Required, c.Inhouse, c.Vendor, c.Net, short, axisLabel(c.Start, wb.Loc)})
	}
	last := len(sh.Rows) + 1
	red, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	if err != nil {
		return err
	}
	return streamSheet(f, st, sh, func() error {
		// Understaffed: net scheduled agents below the requirement.
		return f.SetConditionalFormat(name, fmt.Sprintf("A2:G%d", last), []excelize.ConditionalFormatOptions{{
			Type: "formula", Criteria: "$E2<$B2", Format: &red,
		}})
	})
}

// Charts sheet: each chart fills one landscape page at 100 %, 955 × 620
// pixels (716 × 465 points at 0.75 point a pixel) inside printArea's
// 734 × 516 points, and begins chartRows rows (of 15 points) below the one
// before.
const (
	chartWidthPx  = 955
	chartHeightPx = 620
	chartRows     = 34
)

// chartsSheet draws the forecast of each queue and the coverage, one
// chart a page; their series read the Forecast and Coverage sheets.
func (wb *planWorkbook) chartsSheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Forecast) == 0 && len(wb.Coverage) == 0 {
		return nil
	}
	const name = "Charts"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	var charts []*excelize.Chart
	line := chartSeries
	if len(wb.Forecast) > 0 {
		_, spans := wb.forecastRows()
		for _, sp := range spans {
			charts = append(charts, &excelize.Chart{
				Type: excelize.Line,
				Series: []excelize.ChartSeries{line("Forecast", 4, 9, sp.first, sp.last, "305496", 1.5),
					line("Forecast", 5, 9, sp.first, sp.last, "A6A6A6", 0.75), line("Forecast", 6, 9, sp.first, sp.last, "A6A6A6", 0.75)},
				Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Forecast volume with p10–p90 band: " + sp.title}}},
			})
		}
	}
	if n := len(wb.Coverage); n > 0 {
		charts = append(charts, &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{line("Coverage", 2, 7, 2, n+1, "C00000", 1.25), line("Coverage", 5, 7, 2, n+1, "305496", 1.25),
				line("Coverage", 4, 7, 2, n+1, "ED7D31", 1.25)},
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Required vs scheduled agents (net of breaks)"}}},
		})
	}
	return addChartPages(f, name, charts, timeAxis(wb.Interval))
}

// chartSeries is a series drawn as a line of the given width and colour,
// its values in column col of rows first..last of sheet, its categories in
// column labels and its name the column's header.
func chartSeries(sheet string, col, labels, first, last int, color string, width float64) excelize.ChartSeries {
	return excelize.ChartSeries{Name: fmt.Sprintf("'%s'!$%s$1", sheet, colName(col)), Categories: sheetRange(sheet, labels, first, last),
		Values: sheetRange(sheet, col, first, last), Line: excelize.LineOptions{Width: width}, Marker: excelize.ChartMarker{Symbol: "none"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}}
}

// addChartPages places charts on sheet name one printed landscape page
// each, at the workbook's chart size, legend below and x axis x.
func addChartPages(f *excelize.File, name string, charts []*excelize.Chart, x excelize.ChartAxis) error {
	var breaks []int
	for i := 1; i < len(charts); i++ {
		breaks = append(breaks, 1+chartRows*i)
	}
	if err := setPrint(f, name, pageSetup{Landscape: true, Scale: 100, BreaksBefore: breaks}); err != nil {
		return err
	}
	for i, c := range charts {
		c.Dimension = excelize.ChartDimension{Width: chartWidthPx, Height: chartHeightPx}
		c.Legend = excelize.ChartLegend{Position: "bottom"}
		c.XAxis = x
		c.YAxis = valueAxis
		if err := f.AddChart(name, fmt.Sprintf("A%d", 1+chartRows*i), c); err != nil {
			return err
		}
	}
	return nil
}

// axisFont is the charts' tick labels: dark grey, where excelize's default
// is the gridlines' pale tint, which leaves no readable axis values.
var axisFont = excelize.Font{Color: "404040", Size: 9}

// timeAxis is a chart's interval axis, labelled by axisLabel once a day
// (a label per interval makes a grey bar of a week's 672 quarter hours).
func timeAxis(interval time.Duration) excelize.ChartAxis {
	skip := 1
	if interval > 0 && interval < 24*time.Hour {
		skip = int(24 * time.Hour / interval)
	}
	return excelize.ChartAxis{Font: axisFont, TickLabelSkip: skip}
}

// valueAxis is a chart's value axis, with gridlines.
var valueAxis = excelize.ChartAxis{MajorGridLines: true, Font: axisFont}

// axisLabel is an interval's label on a chart axis: weekday and time.
func axisLabel(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return t.Format("Mon 01-02 15:04")
}

func (wb *planWorkbook) rosterDays() []time.Time {
	seen := map[time.Time]bool{}
	var days []time.Time
	add := func(t time.Time) {
		t = t.In(wb.Loc)
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wb.Loc)
		if !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	for _, c := range wb.Coverage {
		add(c.Start)
	}
	for _, a := range wb.Roster {
		add(a.Start)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	return days
}

// agentsInOrder lists the roster's agents, in-house first, each group in
// order of first appearance.
func agentsInOrder(acts []scheduling.Activity) []string {
	var in, vend []string
	seen := map[string]bool{}
	for _, a := range acts {
		if seen[a.Agent] {
			continue
		}
		seen[a.Agent] = true
		if a.Vendor() != "" {
			vend = append(vend, a.Agent)
		} else {
			in = append(in, a.Agent)
		}
	}
	return append(in, vend...)
}

// intradaySheet shows, per day, agents × intervals: W working, B break,
// L lunch, R rest after a peak, V voluntary time off, O overtime, blank
// off.
func (wb *planWorkbook) intradaySheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Roster) == 0 || wb.Interval <= 0 {
		return nil
	}
	const name = "Intraday"
	days := wb.rosterDays()
	perDay := int((24 * time.Hour) / wb.Interval)
	type key struct {
		agent string
		day   int
	}
	grid := map[key][]byte{}
	dayOf := map[time.Time]int{}
	for i, d := range days {
		dayOf[d] = i
	}
	mark := func(a scheduling.Activity, c byte) {
		for t := a.Start; t.Before(a.End); t = t.Add(wb.Interval) {
			lt := t.In(wb.Loc)
			d := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, wb.Loc)
			di, ok := dayOf[d]
			if !ok {
				continue
			}
			slot := int(lt.Sub(d) / wb.Interval)
			if slot < 0 || slot >= perDay {
				continue
			}
			k := key{a.Agent, di}
			g := grid[k]
			if g == nil {
				g = make([]byte, perDay)
				grid[k] = g
			}
			if c == 'W' && g[slot] != 0 {
				continue // a break already marked
			}
			g[slot] = c
		}
	}
	for _, a := range wb.Roster {
		switch a.Activity {
		case scheduling.ActivityShift:
			mark(a, 'W')
		case scheduling.ActivityOvertime:
			mark(a, 'O')
		}
	}
	for _, a := range wb.Roster {
		switch a.Activity {
		case scheduling.ActivityBreak:
			mark(a, 'B')
		case scheduling.ActivityLunch:
			mark(a, 'L')
		case scheduling.ActivityRest:
			mark(a, 'R')
		case scheduling.ActivityVTO:
			mark(a, 'V')
		}
	}
	mk := func(color string) (int, error) {
		return f.NewStyle(&excelize.Style{NumFmt: 49, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	}
	styles := map[byte]int{}
	for _, c := range []struct {
		mark  byte
		color string
	}{{'W', "C6EFCE"}, {'B', "FFEB9C"}, {'L', "F8CBAD"}, {'R', "BDD7EE"}, {'V', "D9D9D9"}, {'O', overtimeColor}} {
		id, err := mk(c.color)
		if err != nil {
			return err
		}
		styles[c.mark] = id
	}
	agents := agentsInOrder(wb.Roster)
	// One day a page: row 1 (the key) repeats, each day's block begins a
	// page, at the scale that fits the widest day's block.
	var breaks []int
	tallest, r := 0, 2
	for di := range days {
		n := 0
		for _, a := range agents {
			if grid[key{a, di}] != nil {
				n++
			}
		}
		if di > 0 {
			breaks = append(breaks, r+1)
		}
		tallest = max(tallest, n)
		r += 2 + n
	}
	const nameWidth, slotWidth = 22, 3.2
	scale, landscape := blockScale(columnPoints(nameWidth)+float64(perDay)*columnPoints(slotWidth), float64(15*(2+tallest)), 25)
	sw, err := newPrintedStream(f, name, pageSetup{Landscape: landscape, Scale: scale, TitleRows: "$1:$1", TitleCols: "$A:$A", BreaksBefore: breaks},
		&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 0, TopLeftCell: "B1", ActivePane: "topRight"})
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, nameWidth)
	sw.SetColWidth(2, perDay+1, slotWidth)
	r = 1
	put := func(vals []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		r++
		return sw.SetRow(cell, vals)
	}
	if err := put([]any{excelize.Cell{StyleID: st.bold, Value: wb.intradayKeyLine()}}); err != nil {
		return err
	}
	for di, d := range days {
		r++
		hdr := []any{excelize.Cell{StyleID: st.header, Value: d.Format("Mon 2006-01-02")}}
		for s := 0; s < perDay; s++ {
			hdr = append(hdr, excelize.Cell{StyleID: st.header, Value: d.Add(time.Duration(s) * wb.Interval).Format("15:04")})
		}
		if err := put(hdr); err != nil {
			return err
		}
		for _, a := range agents {
			g := grid[key{a, di}]
			if g == nil {
				continue
			}
			vals := []any{excelize.Cell{StyleID: st.text, Value: wb.displayName(a)}}
			for _, c := range g {
				if c == 0 {
					vals = append(vals, nil)
				} else {
					vals = append(vals, excelize.Cell{StyleID: styles[c], Value: string(c)})
				}
			}
			if err := put(vals); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

func (wb *planWorkbook) rulesSheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Rules) == 0 {
		return nil
	}
	const name = "Rules"
	sh := xlsxSheet{Name: name, Header: []string{"suite", "check", "status", "detail"}, Widths: map[int]float64{1: 16, 2: 30, 3: 10, 4: 90}}
	for _, r := range wb.Rules {
		sh.Rows = append(sh.Rows, []xlsxCell{r.Suite, r.Check, r.Status, r.Detail})
	}
	red, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	if err != nil {
		return err
	}
	green, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "006100"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}}})
	if err != nil {
		return err
	}
	rng := fmt.Sprintf("C2:C%d", len(sh.Rows)+1)
	return streamSheet(f, st, sh, func() error {
		return f.SetConditionalFormat(name, rng, []excelize.ConditionalFormatOptions{
			{Type: "cell", Criteria: "==", Value: `"fail"`, Format: &red},
			{Type: "cell", Criteria: "==", Value: `"pass"`, Format: &green},
		})
	})
}

// activitiesSheet holds roster.csv's rows exactly (times as RFC 3339 text),
// so that `wfm validate plan.xlsx` reads back the very roster the other
// sheets show.
func (wb *planWorkbook) activitiesSheet(f *excelize.File, st xlsxStyles) error {
	if len(wb.Roster) == 0 {
		return nil
	}
	sh := xlsxSheet{Name: activitiesSheet, Header: scheduling.RosterHeader, Widths: map[int]float64{1: 18, 2: 16, 3: 10, 4: 26, 5: 26}}
	for _, a := range wb.Roster {
		sh.Rows = append(sh.Rows, []xlsxCell{a.Agent, a.Source, a.Activity, a.Start.Format(time.RFC3339), a.End.Format(time.RFC3339)})
	}
	return streamSheet(f, st, sh, nil)
}

// newPlanWorkbook assembles the workbook from a solved roster, its
// validation and (for wfm plan) the forecast. head are summary lines shown
// first (inputs used, data span).
func newPlanWorkbook(p scheduling.Problem, sol scheduling.Solution, v scheduling.Verdict, fc []forecast.Row, head []summaryLine) *planWorkbook {
	loc := p.Location
	if loc == nil {
		loc = p.Demand.Start.Location()
	}
	wb := &planWorkbook{Forecast: fc, Roster: sol.Roster, Loc: loc, Interval: p.Demand.Interval, Names: map[string]string{}, Agents: p.Agents, Templates: p.Templates}
	for _, ag := range p.Agents {
		wb.Names[ag.ID] = ag.Name
	}
	for _, vd := range p.Vendors {
		wb.VendorNames = append(wb.VendorNames, vd.Name)
	}
	var volume float64
	for _, s := range v.Service {
		volume += s.Volume
	}
	verdict := "pass"
	if !v.Passed {
		verdict = fmt.Sprintf("fail: %d of %d checks", v.Failed(), len(v.Checks))
	}
	wb.Summary = append(head,
		summaryLine{"queues pooled", strings.Join(sol.Queues, ", ")},
		summaryLine{"volume (contacts)", math.Round(volume)},
		summaryLine{"shifts", sol.Shifts},
		summaryLine{"paid hours (in-house)", round2(sol.PaidHours)},
		summaryLine{"in-house cost", amount(sol.InhouseCost)},
		summaryLine{"vendor hours", round2(sol.VendorHours)},
		summaryLine{"vendor cost", amount(sol.VendorCost)},
		summaryLine{"understaffing cost", amount(sol.UnderstaffCost)},
		summaryLine{"overstaffing (agent-hours)", round2(sol.OverHours)},
		summaryLine{"overstaffing cost", amount(sol.OverstaffCost)},
		summaryLine{"start-time changes (hours)", round2(sol.StartChangeHours)},
		summaryLine{"start-time change cost", amount(sol.StartChangeCost)},
		summaryLine{objectiveLabel(p.Overtime.On()), amount(sol.Objective)},
		summaryLine{"lower bound", amount(sol.LowerBound)},
		summaryLine{"gap to lower bound", percent(sol.Gap)},
		summaryLine{"coverage (required agent-intervals met)", percent(sol.CoverageRate)},
		summaryLine{"understaffed intervals", sol.Understaffed},
		summaryLine{"validation", verdict},
	)
	if p.Overtime.On() { // after the in-house cost, only when overtime is allowed
		at := slices.IndexFunc(wb.Summary, func(l summaryLine) bool { return l.Label == "in-house cost" }) + 1
		wb.Summary = slices.Insert(wb.Summary, at, summaryLine{"overtime hours", round2(sol.OvertimeHours)}, summaryLine{"overtime cost", amount(sol.OvertimeCost)})
	}
	wb.Daily = planDays(p, sol, v)
	for _, c := range sol.Intervals {
		wb.Coverage = append(wb.Coverage, coverageLine{Start: c.Start, Required: c.Required, Inhouse: c.Scheduled, Vendor: c.Vendor, Net: c.Net})
	}
	cost := map[string]float64{}
	for _, vd := range p.Vendors {
		cost[vd.Name] = vd.CostPerHour
	}
	for _, act := range sol.Roster {
		if name := act.Vendor(); name != "" && act.Activity == scheduling.ActivityShift {
			hrs := act.End.Sub(act.Start).Hours()
			wb.Vendors = append(wb.Vendors, vendorLine{Vendor: name, Agent: act.Agent, Start: act.Start, End: act.End, Hours: hrs, Cost: hrs * cost[name]})
		}
	}
	for _, c := range v.Checks {
		status := "pass"
		if !c.Passed {
			status = "fail"
		}
		detail := c.Detail
		if len(c.Failures) > 0 {
			shown := c.Failures
			if len(shown) > 20 {
				shown = append(append([]string(nil), shown[:20]...), fmt.Sprintf("… and %d more", len(c.Failures)-20))
			}
			detail += ": " + strings.Join(shown, "; ")
		}
		wb.Rules = append(wb.Rules, ruleLine{Suite: c.Suite, Check: c.Name, Status: status, Detail: detail})
	}
	return wb
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// writeRosterWorkbook writes the scheduler's workbook for a solved roster,
// with its validation (every rule, and each configured queue's targets when
// the config has queues). head are summary lines shown first.
func (a *app) writeRosterWorkbook(path string, p scheduling.Problem, sol scheduling.Solution, v scheduling.Verdict, fc []forecast.Row, head []summaryLine) error {
	return writeFileAtomic(path, a.stdout, newPlanWorkbook(p, sol, v, fc, head).write)
}

// validateSolved checks a roster just solved for p against the config's
// queue targets and validate: gates, for the workbook's Rules sheet and the
// exit code.
func (a *app) validateSolved(p scheduling.Problem, reqs []scheduling.Requirement, roster []scheduling.Activity) (scheduling.Verdict, error) {
	var queues []scheduling.QueueTargets
	if len(a.cfg.Queues) > 0 {
		var err error
		if queues, err = a.cfg.queueTargets(); err != nil {
			return scheduling.Verdict{}, err
		}
	}
	return scheduling.Validate(p, reqs, queues, roster, a.cfg.validateGates())
}

// validateGates are config's validate: gates (flags may override them).
func (c *Config) validateGates() scheduling.Gates {
	g := scheduling.Gates{MinIntervalSL: c.Validate.MinIntervalSL, MaxUnderstaffedIntervals: -1}
	if c.Validate.MaxUnderstaffedIntervals != nil {
		g.MaxUnderstaffedIntervals = *c.Validate.MaxUnderstaffedIntervals
	}
	return g
}

// planDays sums a roster into days: hours from its coverage, the service
// level weighted by volume over queues.
func planDays(p scheduling.Problem, sol scheduling.Solution, v scheduling.Verdict) []dailyLine {
	loc := p.Location
	if loc == nil {
		loc = p.Demand.Start.Location()
	}
	// Volume and volume-weighted SL over queues, per day.
	type load struct{ volume, slw float64 }
	byDay := map[time.Time]*load{}
	for _, d := range v.Days {
		l := byDay[d.Day]
		if l == nil {
			l = &load{}
			byDay[d.Day] = l
		}
		l.volume += d.Volume
		l.slw += d.Volume * d.ServiceLevel
	}
	var out []dailyLine
	for _, c := range scheduling.DailyCoverage(sol.Intervals, p.Demand.Interval, loc) {
		d := dailyLine{Day: c.Day, RequiredHours: c.RequiredHours, ScheduledHours: c.NetHours, VendorHours: c.VendorHours, Understaffed: c.Understaffed, ServiceLevel: 1}
		if l := byDay[c.Day]; l != nil && l.volume > 0 {
			d.Volume, d.ServiceLevel = l.volume, l.slw/l.volume
		}
		out = append(out, d)
	}
	return out
}

// objectiveLabel is the Summary sheet's label of the objective: the sum of
// the cost lines above it, six with overtime allowed.
func objectiveLabel(overtime bool) string {
	if overtime {
		return "objective (total cost: the six costs above)"
	}
	return "objective (total cost: the five costs above)"
}

// intradayKeyLine is the Intraday sheet's key line: intradayKey, and R and
// V when the roster has rests after a peak or time off.
func (wb *planWorkbook) intradayKeyLine() string {
	k := intradayKey(wb.hasOvertime())
	has := map[string]bool{}
	for _, a := range wb.Roster {
		has[a.Activity] = true
	}
	if has[scheduling.ActivityRest] {
		k += ", R = rest after a peak"
	}
	if has[scheduling.ActivityVTO] {
		k += ", V = voluntary time off"
	}
	return k
}

// intradayKey is the Intraday sheet's key line; O only when the roster has
// overtime.
func intradayKey(overtime bool) string {
	if overtime {
		return "W = working, B = break, L = lunch, O = overtime"
	}
	return "W = working, B = break, L = lunch"
}
