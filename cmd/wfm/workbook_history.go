package main

import "github.com/xuri/excelize/v2"

// historySheet is what happened in the plan's history, as wfm analyze
// reports it: per queue the totals, service level, ASA, abandonment, AHT
// and patience with its 95 % interval, then every day.
func (wb *planWorkbook) historySheet(f *excelize.File, st xlsxStyles) error {
	r := wb.History
	if r == nil || len(r.Queues) == 0 {
		return nil
	}
	sh := xlsxSheet{Name: "History",
		Header: []string{"queue", "channel", "day", "offered", "answered", "abandoned", "abandon_rate", "aht_seconds", "asa_seconds", "service_level", "sl_target",
			"patience_seconds", "patience_low", "patience_high", "patience_method"},
		Widths:  map[int]float64{1: 14, 2: 9, 3: 16, 4: 9, 5: 9, 6: 9, 7: 11, 8: 11, 9: 11, 10: 11, 11: 9, 12: 14, 13: 12, 14: 12, 15: 18},
		Formats: map[int]string{7: "0.00%", 8: "0.0", 9: "0.0", 10: "0.00%", 11: "0%", 12: "0.0", 13: "0.0", 14: "0.0"}}
	for _, q := range r.Queues {
		row := []xlsxCell{q.Queue, q.Channel, "all", q.Offered, q.Answered, q.Abandoned, q.AbandonRate, q.AHT.Seconds(), q.ASA.Seconds()}
		if s := q.Service; s != nil {
			row = append(row, s.Level, s.Target.Level)
		} else {
			row = append(row, nil, nil)
		}
		method, cells := patienceCells(q.Patience)
		sh.Rows = append(sh.Rows, append(append(row, cells...), method))
		for _, d := range q.Days {
			ab := 0.0
			if d.Offered > 0 {
				ab = d.Abandoned / d.Offered
			}
			day := excelize.Cell{StyleID: st.date, Value: wallClock(d.Date)}
			sh.Rows = append(sh.Rows, []xlsxCell{q.Queue, q.Channel, day, d.Offered, d.Answered, d.Abandoned, ab, d.AHT.Seconds(), d.ASA.Seconds()})
		}
	}
	return streamSheet(f, st, sh, nil)
}
