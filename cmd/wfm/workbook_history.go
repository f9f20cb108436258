package main

import (
	"github.com/wfm-project/wfm/importers/analyze"
	"github.com/xuri/excelize/v2"
)

// historySheet is what happened in the plan's history, as wfm analyze
// reports it: per queue the totals, service level, ASA, abandonment, AHT
// and patience, then every day.
func (wb *planWorkbook) historySheet(f *excelize.File, st xlsxStyles) error {
	r := wb.History
	if r == nil || len(r.Queues) == 0 {
		return nil
	}
	sh := xlsxSheet{Name: "History",
		Header:  []string{"queue", "channel", "day", "offered", "answered", "abandoned", "abandon_rate", "aht_seconds", "asa_seconds", "service_level", "sl_target", "patience_seconds", "note"},
		Widths:  map[int]float64{1: 16, 3: 18, 14: 70},
		Formats: map[int]string{7: "0.00%", 8: "0.0", 9: "0.0", 10: "0.00%", 11: "0%", 12: "0.0"}}
	for _, q := range r.Queues {
		row := []xlsxCell{q.Queue, q.Channel, "all", q.Offered, q.Answered, q.Abandoned, q.AbandonRate, q.AHT.Seconds(), q.ASA.Seconds()}
		if s := q.Service; s != nil {
			row = append(row, s.Level, s.Target.Level)
		} else {
			row = append(row, nil, nil)
		}
		switch p := q.Patience; p.Method {
		case analyze.PatienceCensored:
			row = append(row, p.Estimate.Mean.Seconds())
		case analyze.PatienceLowerBound:
			row = append(row, p.LowerBound.Seconds())
		default:
			row = append(row, nil)
		}
		sh.Rows = append(sh.Rows, append(row, "the whole history; patience: "+patienceText(q.Patience)))
		for _, d := range q.Days {
			ab := 0.0
			if d.Offered > 0 {
				ab = d.Abandoned / d.Offered
			}
			day := excelize.Cell{StyleID: st.date, Value: wallClock(d.Date)}
			sh.Rows = append(sh.Rows, []xlsxCell{q.Queue, q.Channel, day, d.Offered, d.Answered, d.Abandoned, ab, d.AHT.Seconds(), d.ASA.Seconds(), nil, nil, nil, ""})
		}
	}
	return streamSheet(f, st, sh, nil)
}
