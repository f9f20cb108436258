package main

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wfm-project/wfm/scheduling"
	"github.com/xuri/excelize/v2"
)

// teamWorkbook is nine days (a week and two days) of three agents from
// an agents file, two templates that differ only in their start window,
// and a surge vendor.
func teamWorkbook(t *testing.T) *planWorkbook {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jerusalem")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(1999, 3, 1, 0, 0, 0, 0, loc) // a Monday
	wb := &planWorkbook{Loc: loc, Interval: 15 * time.Minute, Names: map[string]string{"a1": "IDIT", "a2": "TOVA", "a3": "GILI"}}
	brk := []scheduling.Break{{Name: "break", Length: 15 * time.Minute, Paid: true, From: time.Hour, To: 3 * time.Hour},
		{Name: "lunch", Length: 30 * time.Minute, Paid: false, From: 3 * time.Hour, To: 5 * time.Hour}}
	wb.Templates = []scheduling.ShiftTemplate{
		{Name: "early", Length: 8*time.Hour + 30*time.Minute, Earliest: 6*time.Hour + 30*time.Minute, Latest: 10 * time.Hour, Step: 30 * time.Minute, Breaks: brk},
		{Name: "late", Length: 8*time.Hour + 30*time.Minute, Earliest: 12 * time.Hour, Latest: 15*time.Hour + 30*time.Minute, Step: 30 * time.Minute, Breaks: brk},
	}
	wb.Agents = []scheduling.Agent{
		{ID: "a1", Name: "IDIT", Contract: "full"},
		{ID: "a2", Name: "TOVA", Contract: "full", Unavailable: []scheduling.DateRange{{First: "1999-03-02", Last: "1999-03-03"}}},
		{ID: "a3", Name: "GILI", Contract: "part"}, // no shift at all
	}
	wb.VendorNames = []string{"surgeco"}
	shift := func(agent string, d int, start time.Duration) {
		s := day.AddDate(0, 0, d).Add(start)
		wb.Roster = append(wb.Roster,
			scheduling.Activity{Agent: agent, Source: "inhouse", Activity: scheduling.ActivityShift, Start: s, End: s.Add(8*time.Hour + 30*time.Minute)},
			scheduling.Activity{Agent: agent, Source: "inhouse", Activity: scheduling.ActivityBreak, Start: s.Add(2 * time.Hour), End: s.Add(2*time.Hour + 15*time.Minute)},
			scheduling.Activity{Agent: agent, Source: "inhouse", Activity: scheduling.ActivityLunch, Start: s.Add(4 * time.Hour), End: s.Add(4*time.Hour + 30*time.Minute)})
	}
	for d := 0; d < 9; d++ {
		shift("a1", d, 7*time.Hour)
	}
	shift("a2", 0, 13*time.Hour)
	shift("a2", 8, 13*time.Hour)
	// Two vendor blocks on day 0: 08:15-12:15 and 12:30-16:30 never
	// overlap, so hour 12 has one person at a time.
	for i, span := range [][2]time.Duration{{8*time.Hour + 15*time.Minute, 12*time.Hour + 15*time.Minute}, {12*time.Hour + 30*time.Minute, 16*time.Hour + 30*time.Minute}} {
		a := scheduling.Activity{Agent: "surgeco-00" + strconv.Itoa(i+1), Source: "vendor:surgeco", Activity: scheduling.ActivityShift, Start: day.Add(span[0]), End: day.Add(span[1])}
		wb.Roster = append(wb.Roster, a)
		wb.Vendors = append(wb.Vendors, vendorLine{Vendor: "surgeco", Agent: a.Agent, Start: a.Start, End: a.End, Hours: 4, Cost: 152})
	}
	for i := 0; i < 9*96; i++ {
		wb.Coverage = append(wb.Coverage, coverageLine{Start: day.Add(time.Duration(i) * 15 * time.Minute), Required: 1, Inhouse: 1, Net: 1})
	}
	return wb
}

func openWrittenWorkbook(t *testing.T, wb *planWorkbook) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := wb.write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

// TestRosterSheetForTeamLeads reads the Roster sheet back: a block per
// week, each agent's shift with template, breaks and lunch, unavailable
// days, weekly paid hours, the daily headcount, the vendor staff and the
// legend; no vendor pseudo-agent rows.
func TestRosterSheetForTeamLeads(t *testing.T) {
	f, _ := openWrittenWorkbook(t, teamWorkbook(t))
	rows, err := f.GetRows("Roster")
	if err != nil {
		t.Fatal(err)
	}
	cell := func(r, c int) string {
		if r-1 < len(rows) && c-1 < len(rows[r-1]) {
			return rows[r-1][c-1]
		}
		return ""
	}
	wantHdr := []string{"agent", "contract", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "paid hours"}
	if !slices.Equal(rows[0], wantHdr) {
		t.Fatalf("Roster header = %q, want %q", rows[0], wantHdr)
	}
	// Week 1: dates, three agents, headcount, vendor staff, blank, legend
	// (title, two templates, off, unavailable, paid hours).
	if got := cell(2, 1); got != "week of 1999-03-01" {
		t.Errorf("A2 = %q, want the first week's label", got)
	}
	if got := cell(2, 3); got != "1999-03-01" {
		t.Errorf("C2 = %q, want the week's first date", got)
	}
	if cell(3, 1) != "IDIT (a1)" || cell(3, 2) != "full" || cell(5, 1) != "GILI (a3)" || cell(5, 2) != "part" {
		t.Errorf("agent rows = %q / %q / %q, want every agent of the agents file with its contract", rows[2], rows[3], rows[4])
	}
	if got, want := cell(3, 3), "early 07:00–15:30\nbreak 09:00\nlunch 11:00–11:30"; got != want {
		t.Errorf("C3 = %q, want %q", got, want)
	}
	if got, want := cell(4, 3), "late 13:00–21:30\nbreak 15:00\nlunch 17:00–17:30"; got != want {
		t.Errorf("C4 = %q, want %q (the late template by its start window)", got, want)
	}
	for _, c := range []int{4, 5} {
		if got := cell(4, c); got != "unavailable" {
			t.Errorf("TOVA on day %d = %q, want unavailable (agents file)", c-2, got)
		}
	}
	if got := cell(4, 6); got != "off" {
		t.Errorf("TOVA on Thursday = %q, want off", got)
	}
	// Paid hours: 8h30 less the unpaid 30-minute lunch, 7 shifts in week 1.
	if got := cell(3, 10); got != "56.0" {
		t.Errorf("IDIT's paid hours = %q, want 56.0 (7 × 8.0)", got)
	}
	if got := cell(5, 10); got != "0.0" {
		t.Errorf("GILI's paid hours = %q, want 0.0", got)
	}
	if cell(6, 1) != "headcount (in-house)" || cell(6, 3) != "2" || cell(6, 4) != "1" || cell(6, 10) != "64.0" {
		t.Errorf("headcount row = %q, want 2 on Monday, 1 on Tuesday, 64.0 paid hours", rows[5])
	}
	if !strings.HasPrefix(cell(7, 1), "vendor staff") || cell(7, 3) != "2" || cell(7, 4) != "0" {
		t.Errorf("vendor row = %q, want 2 vendor staff on Monday", rows[6])
	}
	if cell(9, 1) != "legend" || cell(10, 1) != "early" || !strings.Contains(cell(10, 3), "8h30, starts 06:30–10:00") || !strings.Contains(cell(10, 3), "lunch 30m unpaid; 8 paid hours") {
		t.Errorf("legend rows = %q, %q, want the templates described", rows[8], rows[9])
	}
	// Week 2 begins after the legend's six rows: Monday and Tuesday only.
	w2 := 9 + 6
	if got := cell(w2, 1); got != "week of 1999-03-08" {
		t.Fatalf("A%d = %q, want the second week's label", w2, got)
	}
	if cell(w2, 5) != "" || cell(w2+1, 5) != "" {
		t.Errorf("Wednesday of week 2 is outside the plan, got %q / %q", cell(w2, 5), cell(w2+1, 5))
	}
	if got := cell(w2+2, 4); !strings.HasPrefix(got, "late 13:00–21:30") {
		t.Errorf("TOVA on 1999-03-09 = %q, want her late shift", got)
	}
	if got := cell(w2+1, 10); got != "16.0" {
		t.Errorf("IDIT's paid hours in week 2 = %q, want 16.0", got)
	}
	for _, r := range rows {
		for _, v := range r {
			if strings.Contains(v, "surge") {
				t.Fatalf("Roster row %q holds a vendor pseudo-agent; vendors belong on the Vendors sheet", r)
			}
		}
	}
}

// TestVendorSheetByHour reads the Vendors sheet: a row per vendor and
// plan day, the staff on shift by hour at the most at once.
func TestVendorSheetByHour(t *testing.T) {
	f, _ := openWrittenWorkbook(t, teamWorkbook(t))
	rows, err := f.GetRows("Vendors")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+9 {
		t.Fatalf("%d Vendors rows, want a header and one per plan day (9)", len(rows))
	}
	if got := rows[0][:7]; !slices.Equal(got, []string{"vendor", "day", "staff", "hours", "cost", "00", "01"}) {
		t.Errorf("Vendors header starts %q", got)
	}
	mon := rows[1]
	if mon[0] != "surgeco" || mon[2] != "2" || mon[3] != "8.00" || mon[4] != "304.00" {
		t.Errorf("Monday = %q, want surgeco, 2 staff, 8 hours, 304.00", mon[:5])
	}
	hour := func(h int) string {
		if 5+h < len(mon) {
			return mon[5+h]
		}
		return ""
	}
	for h, want := range map[int]string{7: "", 8: "1", 11: "1", 12: "1", 13: "1", 16: "1", 17: ""} {
		if got := hour(h); got != want {
			t.Errorf("Monday %02d:00 = %q, want %q", h, got, want)
		}
	}
	if len(rows[2]) > 3 && rows[2][2] != "0" {
		t.Errorf("Tuesday = %q, want 0 staff", rows[2])
	}
}

// sheetXML is the XML of the named worksheet inside the workbook data.
func sheetXML(t *testing.T, data []byte, sheet string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				return string(b)
			}
		}
		t.Fatalf("no %s in the workbook", name)
		return ""
	}
	m := regexp.MustCompile(`<sheet name="` + regexp.QuoteMeta(sheet) + `" sheetId="\d+" r:id="(rId\d+)"`).FindStringSubmatch(read("xl/workbook.xml"))
	if m == nil {
		t.Fatalf("no sheet %s in workbook.xml", sheet)
	}
	rel := regexp.MustCompile(`Id="` + m[1] + `" Target="/?(?:xl/)?([^"]+)"|Target="/?(?:xl/)?([^"]+)"[^>]*Id="` + m[1] + `"`).FindStringSubmatch(read("xl/_rels/workbook.xml.rels"))
	if rel == nil {
		t.Fatalf("no relationship %s", m[1])
	}
	return read("xl/" + rel[1] + rel[2])
}

// rowBreaks are the rows after which a sheet's manual page breaks fall.
func rowBreaks(xml string) []int {
	var out []int
	for _, m := range regexp.MustCompile(`<brk id="(\d+)" max="16383"`).FindAllStringSubmatch(xml, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

// TestWorkbookPrintSetup checks every sheet's page setup: a footer with
// the sheet and page, fit to one page wide or a computed scale with page
// breaks, the header row and name column repeated, landscape where wide.
func TestWorkbookPrintSetup(t *testing.T) {
	wb := teamWorkbook(t)
	wb.Forecast = testWorkbook(t).Forecast
	wb.Rules = []ruleLine{{"rules", "min_rest", "pass", ""}}
	wb.Daily = []dailyLine{{Day: wb.Coverage[0].Start, Volume: 100, ServiceLevel: 0.8}}
	f, data := openWrittenWorkbook(t, wb)
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	type want struct {
		landscape, fit bool
		titles         string
	}
	table := func(landscape bool, s string) want {
		return want{landscape, true, "'" + s + "'!$A:$A,'" + s + "'!$1:$1"}
	}
	wants := map[string]want{
		"Summary":  {true, true, "'Summary'!$A:$A"},
		"Charts":   {true, false, ""},
		"Forecast": table(false, "Forecast"),
		"Coverage": table(false, "Coverage"),
		// Three agents: a week is wider than tall, so landscape.
		"Roster":     {true, false, "'Roster'!$A:$A,'Roster'!$1:$1"},
		"Intraday":   {true, false, "'Intraday'!$A:$A,'Intraday'!$1:$1"},
		"Vendors":    table(true, "Vendors"),
		"Rules":      table(true, "Rules"),
		"Activities": table(false, "Activities"),
	}
	if got := f.GetSheetList(); len(got) != len(wants) {
		t.Fatalf("sheets %v, want %d", got, len(wants))
	}
	for sheet, w := range wants {
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil || hf == nil || hf.OddFooter != printFooter {
			t.Errorf("%s footer = %+v, %v; want %q", sheet, hf, err, printFooter)
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if got := pl.Orientation != nil && *pl.Orientation == "landscape"; got != w.landscape {
			t.Errorf("%s landscape = %v, want %v", sheet, got, w.landscape)
		}
		props, _ := f.GetSheetProps(sheet)
		fit := props.FitToPage != nil && *props.FitToPage
		if fit != w.fit {
			t.Errorf("%s fit to page = %v, want %v", sheet, fit, w.fit)
		}
		if fit && (pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0) {
			t.Errorf("%s fits %v × %v pages, want 1 wide, any number tall", sheet, pl.FitToWidth, pl.FitToHeight)
		}
		if !fit && (pl.AdjustTo == nil || *pl.AdjustTo < 10 || *pl.AdjustTo > 100) {
			t.Errorf("%s scale %v, want a fixed scale of 10-100 %%", sheet, pl.AdjustTo)
		}
		if titles[sheet] != w.titles {
			t.Errorf("%s print titles = %q, want %q", sheet, titles[sheet], w.titles)
		}
	}
	// The Roster's second week (row 15) begins a page: the break falls
	// after row 14. The Intraday's nine days: eight breaks.
	if got := rowBreaks(sheetXML(t, data, "Roster")); !slices.Equal(got, []int{14}) {
		t.Errorf("Roster page breaks after rows %v, want [14]", got)
	}
	if got := rowBreaks(sheetXML(t, data, "Intraday")); len(got) != 8 {
		t.Errorf("Intraday page breaks after rows %v, want 8 (a day a page)", got)
	}
	// Two queues' forecasts and the coverage.
	if got := rowBreaks(sheetXML(t, data, "Charts")); !slices.Equal(got, []int{chartRows, 2 * chartRows}) {
		t.Errorf("Charts page breaks after rows %v, want [%d %d] (a chart a page)", got, chartRows, 2*chartRows)
	}
	// The Roster's week fits its page at the scale chosen.
	pl, _ := f.GetPageLayout("Roster")
	w, h := printArea(true)
	s := float64(*pl.AdjustTo) / 100
	width := columnPoints(rosterNameWidth) + columnPoints(rosterContractWidth) + 7*columnPoints(rosterDayWidth) + columnPoints(rosterHoursWidth)
	if width*s > w {
		t.Errorf("Roster at %d %% is %.0f pt wide, the page %.0f", *pl.AdjustTo, width*s, w)
	}
	var height float64
	for r := 1; r <= 14; r++ {
		rh, _ := f.GetRowHeight("Roster", r)
		height += rh
	}
	if height*s > h {
		t.Errorf("Roster's first week at %d %% is %.0f pt tall, the page %.0f", *pl.AdjustTo, height*s, h)
	}
}

// TestMatchTemplate: the template by length, start window, step, weekday
// and break kinds, as scheduling.Check matches them.
func TestMatchTemplate(t *testing.T) {
	wb := teamWorkbook(t)
	tps := append(wb.Templates, scheduling.ShiftTemplate{Name: "weekend", Length: 5 * time.Hour, Earliest: 7 * time.Hour, Latest: 19 * time.Hour,
		Days: [7]bool{time.Saturday: true, time.Sunday: true}})
	mon := time.Date(1999, 3, 1, 0, 0, 0, 0, wb.Loc)
	sh := func(day int, start, length time.Duration, breaks ...string) rosterShift {
		s := rosterShift{act: scheduling.Activity{Activity: scheduling.ActivityShift, Start: mon.AddDate(0, 0, day).Add(start), End: mon.AddDate(0, 0, day).Add(start + length)}}
		for _, b := range breaks {
			s.breaks = append(s.breaks, scheduling.Activity{Activity: b})
		}
		return s
	}
	l := 8*time.Hour + 30*time.Minute
	for _, c := range []struct {
		name string
		s    rosterShift
		want int
	}{
		{"early", sh(0, 7*time.Hour, l, "break", "lunch"), 0},
		{"late", sh(0, 13*time.Hour, l, "break", "lunch"), 1},
		{"off the step", sh(0, 7*time.Hour+15*time.Minute, l, "break", "lunch"), -1},
		{"breaks in another order: the window's template still", sh(0, 7*time.Hour, l, "lunch", "break"), 0},
		{"outside every window", sh(0, 11*time.Hour, l), -1},
		{"weekend template on a Saturday", sh(5, 9*time.Hour, 5*time.Hour), 2},
		{"weekend template on a Monday", sh(0, 9*time.Hour, 5*time.Hour), -1},
	} {
		if got := matchTemplate(tps, 15*time.Minute, wb.Loc, c.s); got != c.want {
			t.Errorf("%s: template %d, want %d", c.name, got, c.want)
		}
	}
}

// TestBlockScale: the orientation that allows the larger scale, worked by
// hand from printArea (portrait 537.6 × 712.8 pt, landscape 734.4 × 515.8
// pt), less 4 % spare.
func TestBlockScale(t *testing.T) {
	for _, c := range []struct {
		w, h      float64
		floor     int
		pct       int
		landscape bool
	}{
		{700, 1400, 40, 46, false}, // portrait 712.8/1400 = 0.509, landscape 515.8/1400 = 0.368
		{1400, 300, 10, 48, true},  // portrait 537.6/1400 = 0.384, landscape 734.4/1400 = 0.525
		{500, 400, 10, 96, true},   // fits either way at 100 %
		{5000, 100, 40, 40, true},  // 734.4/5000 = 0.147, held at the floor
	} {
		pct, l := blockScale(c.w, c.h, c.floor)
		if pct != c.pct || l != c.landscape {
			t.Errorf("blockScale(%g, %g, %d) = %d %%, landscape %v; want %d %%, %v", c.w, c.h, c.floor, pct, l, c.pct, c.landscape)
		}
	}
}
