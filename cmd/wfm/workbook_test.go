package main

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/scheduling"
	"github.com/xuri/excelize/v2"
)

// testWorkbook builds a two-day plan with a hostile agent name.
func testWorkbook(t *testing.T) *planWorkbook {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jerusalem")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(1999, 3, 1, 0, 0, 0, 0, loc)
	wb := &planWorkbook{Loc: loc, Interval: 30 * time.Minute}
	wb.Summary = []summaryLine{{"paid hours", 17.0}, {"config", "wfm.yaml"}}
	for i := 0; i < 96; i++ {
		s := day.Add(time.Duration(i) * 30 * time.Minute)
		wb.Forecast = append(wb.Forecast, forecast.Row{Start: s, Queue: "retail", Channel: "voice", Volume: 10, P10: 8, P90: 12, AHT: 180 * time.Second, Model: "test"},
			forecast.Row{Start: s, Queue: "web", Channel: "chat", Volume: 5, P10: 4, P90: 6, AHT: 300 * time.Second, Model: "test"})
		net := 2.0
		if i == 20 {
			net = 0
		}
		wb.Coverage = append(wb.Coverage, coverageLine{Start: s, Required: 1.5, Inhouse: net, Net: net})
	}
	wb.Daily = []dailyLine{{Day: day, Volume: 480, ServiceLevel: 0.85}, {Day: day.AddDate(0, 0, 1), Volume: 480, ServiceLevel: 0.7}}
	sh := func(agent, src string, d int, h0, h1 int) scheduling.Activity {
		b := day.AddDate(0, 0, d)
		return scheduling.Activity{Agent: agent, Source: src, Activity: scheduling.ActivityShift, Start: b.Add(time.Duration(h0) * time.Hour), End: b.Add(time.Duration(h1) * time.Hour)}
	}
	hostile := `=HYPERLINK("http://x","y")`
	brk := sh(hostile, "inhouse", 0, 10, 11)
	brk.Activity, brk.End = scheduling.ActivityBreak, brk.Start.Add(15*time.Minute)
	wb.Roster = []scheduling.Activity{sh(hostile, "inhouse", 0, 7, 15), brk, sh("+1-2", "inhouse", 1, 13, 21), sh("surge-1", "vendor:surgeco", 0, 10, 14)}
	wb.Names = map[string]string{"+1-2": "@SUM(1+1)*cmd|' /C calc'!A0"}
	wb.Vendors = []vendorLine{{Vendor: "surgeco", Agent: "surge-1", Start: wb.Roster[3].Start, End: wb.Roster[3].End, Hours: 4, Cost: 152}}
	wb.Rules = []ruleLine{{"rules", "min_rest", "pass", ""}, {"rules", "max_hours_per_week", "fail", "+1-2: 41h > 40h"}}
	return wb
}

func TestWorkbookReadsBack(t *testing.T) {
	wb := testWorkbook(t)
	var buf bytes.Buffer
	if err := wb.write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Charts", "Forecast", "Coverage", "Roster", "Intraday", "Vendors", "Rules", "Activities"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %v, want %v", got, want)
	}
	// Input text stays text: no formula, same characters (row 2 holds
	// the week's dates).
	for _, cell := range []string{"A3", "A4"} {
		v, _ := f.GetCellValue("Roster", cell)
		formula, _ := f.GetCellFormula("Roster", cell)
		if formula != "" {
			t.Errorf("Roster!%s has formula %q", cell, formula)
		}
		if v != `=HYPERLINK("http://x","y")` && v != "@SUM(1+1)*cmd|' /C calc'!A0 (+1-2)" {
			t.Errorf("Roster!%s = %q, want an agent name kept literally", cell, v)
		}
	}
	if v, _ := f.GetCellValue("Roster", "C3"); v != "07:00–15:00\nbreak 10:00" {
		t.Errorf("Roster!C3 = %q, want the shift 07:00–15:00 and its break", v)
	}
	if v, _ := f.GetCellValue("Roster", "D3"); v != "off" {
		t.Errorf("Roster!D3 = %q, want off", v)
	}
	// Styled header: white bold text on blue.
	if id, err := f.GetCellStyle("Roster", "A1"); err != nil {
		t.Error(err)
	} else if st, err := f.GetStyle(id); err != nil || st.Fill.Color[0] != "305496" || !st.Font.Bold {
		t.Errorf("Roster!A1 style = %+v, %v; want the bold header on 305496", st, err)
	}
	// Frozen header row and name column on the roster.
	panes, err := f.GetPanes("Roster")
	if err != nil || !panes.Freeze || panes.XSplit != 1 || panes.YSplit != 1 {
		t.Errorf("Roster panes = %+v, %v; want frozen at B2", panes, err)
	}
	// Native charts of Forecast and Coverage.
	for _, sheet := range []string{"Forecast", "Coverage"} {
		pics, err := chartsReferencing(data, sheet)
		if err != nil || pics == 0 {
			t.Errorf("%s: %d charts, %v; want a native chart", sheet, pics, err)
		}
	}
	// ... and drawn: each chart's sheet must reference its drawing, or
	// Excel and LibreOffice show no chart at all.
	// One forecast chart per queue, over that queue's rows only.
	if v, _ := f.GetCellValue("Forecast", "B97"); v != "retail" {
		t.Errorf("Forecast!B97 = %q, want retail's last row (rows by queue, then time)", v)
	}
	if v, _ := f.GetCellValue("Forecast", "B98"); v != "web" {
		t.Errorf("Forecast!B98 = %q, want web's first row", v)
	}
	if n, _ := chartsReferencing(data, "Forecast"); n != 2 {
		t.Errorf("%d charts on Forecast, want one per queue (2)", n)
	}
	if n := zipFilesContaining(t, data, "xl/charts/chart", "$D$98:$D$193"); n != 1 {
		t.Errorf("%d charts read web's volume D98:D193, want 1", n)
	}
	if n := zipFilesContaining(t, data, "xl/worksheets/sheet", "<drawing "); n != 1 {
		t.Errorf("%d worksheets reference a drawing, want 1 (Charts)", n)
	}
	// Understaffed intervals highlighted by a conditional format.
	cf, err := f.GetConditionalFormats("Coverage")
	if err != nil || len(cf) == 0 {
		t.Errorf("Coverage conditional formats = %v, %v", cf, err)
	}
	// Intraday: break marked inside the shift.
	rows, _ := f.GetRows("Intraday")
	found := false
	for _, r := range rows {
		if len(r) > 0 && r[0] == `=HYPERLINK("http://x","y")` && slices.Contains(r, "B") && slices.Contains(r, "W") {
			found = true
		}
	}
	if !found {
		t.Errorf("Intraday has no row with work and a break for the first agent")
	}
	if v, _ := f.GetCellValue("Coverage", "F22", excelize.Options{RawCellValue: true}); v != "1.5" {
		t.Errorf("Coverage!F22 (short at interval 20) = %q, want 1.5", v)
	}
}

// chartsReferencing counts the native charts in the workbook whose series
// read from sheet.
func chartsReferencing(data []byte, sheet string) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return 0, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return 0, err
		}
		if bytes.Contains(b, []byte("<lineChart>")) && bytes.Contains(b, []byte("&#39;"+sheet+"&#39;!$")) {
			n++
		}
	}
	return n, nil
}

// validate reads a workbook's roster back exactly as written.
func TestWorkbookRosterRoundTrip(t *testing.T) {
	wb := testWorkbook(t)
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := writeFileAtomic(path, nil, wb.write); err != nil {
		t.Fatal(err)
	}
	got, err := readRosterFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(wb.Roster) {
		t.Fatalf("read %d activities, wrote %d", len(got), len(wb.Roster))
	}
	for i := range got {
		w := wb.Roster[i]
		if got[i].Agent != w.Agent || got[i].Source != w.Source || got[i].Activity != w.Activity || !got[i].Start.Equal(w.Start) || !got[i].End.Equal(w.End) {
			t.Errorf("activity %d = %+v, want %+v", i, got[i], w)
		}
	}
}

// The workbook must open in LibreOffice Calc too: convert it to PDF where
// soffice is installed (skipped elsewhere).
func TestWorkbookOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) not installed; apt-get install libreoffice-calc-nogui to run this check")
	}
	if testing.Short() {
		t.Skip("slow: starts LibreOffice")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.xlsx")
	if err := writeFileAtomic(path, nil, testWorkbook(t).write); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	st, err := os.Stat(filepath.Join(dir, "plan.pdf"))
	if err != nil || st.Size() == 0 {
		t.Fatalf("no PDF from LibreOffice: %v\n%s", err, out)
	}
}

// zipFilesContaining counts the parts under prefix whose text holds sub.
func zipFilesContaining(t *testing.T, data []byte, prefix, sub string) int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, prefix) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(sub)) {
			n++
		}
	}
	return n
}

// TestWorkbookSameBytes writes the same workbook several times: excelize
// keeps streamed sheets, image content types and our column widths in maps,
// whose order changes from run to run, and none of it may reach the file.
func TestWorkbookSameBytes(t *testing.T) {
	write := func() []byte {
		var buf bytes.Buffer
		if err := testWorkbook(t).write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	table := func() []byte {
		sh := xlsxSheet{Name: "T", Header: []string{"a", "b", "c", "d"}, Widths: map[int]float64{1: 18, 2: 9, 3: 12, 4: 30}}
		sh.Rows = [][]xlsxCell{{"x", 1.5, "=1+1", 2.0}}
		var buf bytes.Buffer
		if err := writeXLSXTable(&buf, sh); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first, firstTable := write(), table()
	for i := 0; i < 8; i++ {
		if !bytes.Equal(write(), first) {
			t.Fatalf("run %d: the plan workbook's bytes differ from the first run's", i+2)
		}
		if !bytes.Equal(table(), firstTable) {
			t.Fatalf("run %d: the table workbook's bytes differ from the first run's", i+2)
		}
	}
}

// TestSummaryCostsAddUp reads the Summary's costs back: the four costs sum
// to the objective (overstaffing included), and percentages are numbers.
func TestSummaryCostsAddUp(t *testing.T) {
	start := time.Date(1999, 3, 1, 0, 0, 0, 0, time.UTC)
	p := scheduling.Problem{Location: time.UTC, Demand: scheduling.Demand{Start: start, Interval: 30 * time.Minute}}
	// The README's sample week: 24000 + 0 + 2400 leaves 67 of overstaffing.
	sol := scheduling.Solution{InhouseCost: 24000, VendorCost: 0, UnderstaffCost: 2400.4, OverHours: 13.4, OverstaffCost: 67.3,
		Objective: 24000 + 0 + 2400.4 + 67.3, LowerBound: 26112, Gap: 0.0134, CoverageRate: 0.972}
	wb := newPlanWorkbook(p, sol, scheduling.Verdict{Passed: true}, nil, nil)
	var buf bytes.Buffer
	if err := wb.write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	val := map[string]float64{}
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		x, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			continue
		}
		val[r[0]] = x
	}
	sum := val["in-house cost"] + val["vendor cost"] + val["understaffing cost"] + val["overstaffing cost"] + val["start-time change cost"]
	if obj, ok := val["objective (total cost: the five costs above)"]; !ok || math.Abs(sum-obj) > 1e-9 {
		t.Errorf("costs %v add to %v, objective %v (present %v)", val, sum, obj, ok)
	}
	for label, want := range map[string]float64{"gap to lower bound": 0.0134, "coverage (required agent-intervals met)": 0.972} {
		if got, ok := val[label]; !ok || got != want {
			t.Errorf("%s = %v (a number: %v), want the number %v", label, got, ok, want)
		}
	}
}

// TestChartAxesReadable looks into the charts' XML: tick labels in a dark
// colour, and one interval label a day.
func TestChartAxesReadable(t *testing.T) {
	var buf bytes.Buffer
	if err := testWorkbook(t).write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		charts++
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		x := string(b)
		if !strings.Contains(x, `tickLblSkip val="48"`) {
			t.Errorf("%s: no daily tick labels (tickLblSkip 48 at 30 minutes)", zf.Name)
		}
		if strings.Count(x, `<a:srgbClr val="404040"`) < 2 {
			t.Errorf("%s: tick labels of both axes should be dark grey 404040", zf.Name)
		}
	}
	if charts == 0 {
		t.Fatal("no charts in the workbook")
	}
}
