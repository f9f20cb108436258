package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/importers/analyze"
	"github.com/xuri/excelize/v2"
)

// The plan workbook's History sheet: the history's totals and every day,
// as wfm analyze counts them.
func TestWorkbookHistorySheet(t *testing.T) {
	loc := time.FixedZone("", 2*3600)
	var rows []importers.HistoryRow
	for d := 0; d < 2; d++ {
		for h := 8; h < 10; h++ {
			s := time.Date(2026, 3, 2+d, h, 0, 0, 0, loc)
			rows = append(rows, importers.HistoryRow{Start: s, Queue: "bank", Channel: "voice", Offered: 10, Answered: 9, Abandoned: 1, AHT: 180 * time.Second, ASA: 20 * time.Second})
		}
	}
	rep, err := analyze.Analyze(rows, nil, analyze.Options{Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	wb := testWorkbook(t)
	wb.History = rep
	var buf bytes.Buffer
	if err := wb.write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("History")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("History has %d rows, want a header, the total and 2 days: %q", len(got), got)
	}
	// 40 offered, 36 answered, 4 abandoned over both days; 20 a day.
	if r := got[1]; r[2] != "all" || r[3] != "40" || r[4] != "36" || r[5] != "4" || r[6] != "10.00%" {
		t.Errorf("total row %q, want all, 40, 36, 4, 10.00%%", r)
	}
	if r := got[2]; r[2] != "2026-03-02 Mon" || r[3] != "20" {
		t.Errorf("first day %q, want 2026-03-02 Mon with 20 offered", r)
	}
	// Without a history there is no sheet.
	wb.History = nil
	buf.Reset()
	if err := wb.write(&buf); err != nil {
		t.Fatal(err)
	}
	f2, _ := excelize.OpenReader(&buf)
	defer f2.Close()
	if i, _ := f2.GetSheetIndex("History"); i >= 0 {
		t.Error("History sheet written without a history")
	}
}
