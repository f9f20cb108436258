package main

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wfm-project/wfm/scheduling"
	"github.com/xuri/excelize/v2"
)

// Overtime is on duty for wfm simulate: one span with the shift it
// extends, breaks taken out as before.
func TestOnDutyOvertime(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 12, 7, h, m, 0, 0, time.UTC) }
	roster := []scheduling.Activity{
		{Agent: "a", Source: "inhouse", Activity: "shift", Start: at(8, 0), End: at(16, 0)},
		{Agent: "a", Source: "inhouse", Activity: "overtime", Start: at(16, 0), End: at(18, 0)},
		{Agent: "a", Source: "inhouse", Activity: "lunch", Start: at(12, 0), End: at(12, 30)},
		{Agent: "a", Source: "inhouse", Activity: "overtime", Start: at(7, 0), End: at(8, 0)},
	}
	var s []string
	for _, d := range onDuty(roster) {
		for _, sp := range d.spans {
			s = append(s, fmt.Sprintf("%s %s-%s", d.agent, sp.Start.Format("15:04"), sp.End.Format("15:04")))
		}
	}
	if want := "[a 07:00-12:00 a 12:30-18:00]"; fmt.Sprint(s) != want {
		t.Errorf("got %v, want %s", s, want)
	}
}

// The Roster sheet colours a day with overtime and names its span; the
// Intraday key has O; the Activities sheet reads back the overtime row.
func TestWorkbookOvertime(t *testing.T) {
	wb := testWorkbook(t)
	shift := wb.Roster[0] // 07:00-15:00 on the first day
	ot := scheduling.Activity{Agent: shift.Agent, Source: shift.Source, Activity: scheduling.ActivityOvertime, Start: shift.End, End: shift.End.Add(2 * time.Hour)}
	wb.Roster = append(wb.Roster, ot)
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := writeFileAtomic(path, nil, wb.write); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Roster", "C3"); v != "07:00–15:00\nbreak 10:00\novertime 15:00–17:00" {
		t.Errorf("Roster!C3 = %q, want the shift, its break and its overtime", v)
	}
	id, err := f.GetCellStyle("Roster", "C3")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := f.GetStyle(id); err != nil || st.Fill.Color[0] != overtimeColor {
		t.Errorf("Roster!C3 fill %+v, %v; want the overtime colour %s", st.Fill, err, overtimeColor)
	}
	id, _ = f.GetCellStyle("Roster", "D4") // the other agent's shift, no overtime
	if st, _ := f.GetStyle(id); st.Fill.Color != nil && st.Fill.Color[0] == overtimeColor {
		t.Error("Roster!D4 has the overtime colour without overtime")
	}
	rows, _ := f.GetRows("Intraday")
	if len(rows) == 0 || !strings.Contains(strings.Join(rows[0], " "), "O = overtime") {
		t.Errorf("Intraday key %v, want O = overtime", rows[:min(1, len(rows))])
	}
	got, err := readRosterFile(path)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range got {
		found = found || (a.Activity == scheduling.ActivityOvertime && a.Start.Equal(ot.Start) && a.End.Equal(ot.End))
	}
	if !found {
		t.Errorf("the overtime row %v did not read back from the workbook: %v", ot, got)
	}
}

// With overtime configured, the Summary sheet has its hours and cost, and
// the six costs add up to the objective.
func TestSummaryCostsAddUpOvertime(t *testing.T) {
	start := time.Date(1999, 3, 1, 0, 0, 0, 0, time.UTC)
	p := scheduling.Problem{Location: time.UTC, Demand: scheduling.Demand{Start: start, Interval: 30 * time.Minute},
		Overtime: scheduling.Overtime{MaxPerDay: 2 * time.Hour, CostPerHour: 37.5}}
	// made-up figures: 62 overtime hours at 37.5 are 2325
	sol := scheduling.Solution{InhouseCost: 20450, OvertimeHours: 62, OvertimeCost: 2325, VendorCost: 1672, UnderstaffCost: 2400.4, OverstaffCost: 67.3, StartChangeCost: 12,
		Objective: 20450 + 2325 + 1672 + 2400.4 + 67.3 + 12}
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
	var order []string
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		if x, err := strconv.ParseFloat(r[1], 64); err == nil {
			val[r[0]] = x
			order = append(order, r[0])
		}
	}
	if val["overtime hours"] != 62 || val["overtime cost"] != 2325 {
		t.Errorf("overtime %v hours for %v, want 62 for 2325", val["overtime hours"], val["overtime cost"])
	}
	sum := val["in-house cost"] + val["overtime cost"] + val["vendor cost"] + val["understaffing cost"] + val["overstaffing cost"] + val["start-time change cost"]
	if obj, ok := val["objective (total cost: the six costs above)"]; !ok || math.Abs(sum-obj) > 1e-9 {
		t.Errorf("costs %v add to %v, objective %v (present %v)", val, sum, obj, ok)
	}
	if i := strings.Index(strings.Join(order, "|"), "in-house cost|overtime hours|overtime cost|"); i < 0 {
		t.Errorf("Summary order %v, want the overtime lines after the in-house cost", order)
	}
}
