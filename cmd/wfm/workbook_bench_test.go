package main

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/scheduling"
)

// yearWorkbook is a year of 15-minute intervals (35,040) with 60 agents
// working five 8-hour shifts a week, each with a break and a lunch.
func yearWorkbook(b *testing.B) *planWorkbook {
	loc, err := time.LoadLocation("Asia/Jerusalem")
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	wb := &planWorkbook{Loc: loc, Interval: 15 * time.Minute}
	for i := 0; i < 35040; i++ {
		t := start.Add(time.Duration(i) * 15 * time.Minute)
		v := float64(20 + i%96)
		wb.Forecast = append(wb.Forecast, forecast.Row{Start: t, Queue: "retail", Channel: "voice", Volume: v, P10: v * 0.8, P90: v * 1.2, AHT: 180 * time.Second, Model: "calendar"})
		wb.Coverage = append(wb.Coverage, coverageLine{Start: t, Required: v / 10, Inhouse: v / 9, Net: v / 10.5})
	}
	for a := 0; a < 60; a++ {
		name := fmt.Sprintf("agent-%02d", a)
		for d := 0; d < 365; d++ {
			if (d+a)%7 >= 5 {
				continue
			}
			s := start.AddDate(0, 0, d).Add(time.Duration(7+a%8) * time.Hour)
			wb.Roster = append(wb.Roster,
				scheduling.Activity{Agent: name, Source: "inhouse", Activity: scheduling.ActivityShift, Start: s, End: s.Add(8 * time.Hour)},
				scheduling.Activity{Agent: name, Source: "inhouse", Activity: scheduling.ActivityBreak, Start: s.Add(2 * time.Hour), End: s.Add(2*time.Hour + 15*time.Minute)},
				scheduling.Activity{Agent: name, Source: "inhouse", Activity: scheduling.ActivityLunch, Start: s.Add(4 * time.Hour), End: s.Add(4*time.Hour + 30*time.Minute)})
		}
	}
	return wb
}

// BenchmarkWorkbookYear writes the whole workbook for a year of 15-minute
// intervals: go test ./cmd/wfm -run '^$' -bench WorkbookYear -count 5
func BenchmarkWorkbookYear(b *testing.B) {
	wb := yearWorkbook(b)
	b.ResetTimer()
	for b.Loop() {
		if err := wb.write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
