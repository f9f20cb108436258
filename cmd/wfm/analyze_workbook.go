package main

import (
	"fmt"
	"io"

	"github.com/wfm-project/wfm/importers/analyze"
	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes the report as a workbook: one sheet a section
// (Summary, Daily, Heatmap, Hourly, Durations from single contacts,
// Busiest, Quality) and a Charts sheet whose native charts read them.
func (an *analysis) writeWorkbook(w io.Writer) error {
	f := newWorkbook()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Summary"); err != nil {
		return err
	}
	r := an.Report
	label := func(q analyze.Queue) string { return q.Queue + " (" + q.Channel + ")" }

	sum := xlsxSheet{Name: "Summary", Header: []string{"queue", "channel", "offered", "answered", "abandoned", "abandon_rate", "aht_seconds", "asa_seconds",
		"sl_target", "sl_target_seconds", "service_level", "patience_method", "patience_seconds", "patience_low_seconds", "patience_high_seconds", "patience"},
		Widths: map[int]float64{1: 16, 12: 20, 16: 90}, Formats: map[int]string{6: "0.00%", 7: "0.0", 8: "0.0", 9: "0%", 11: "0.00%", 13: "0.0", 14: "0.0", 15: "0.0"}}
	for _, q := range r.Queues {
		row := []xlsxCell{q.Queue, q.Channel, q.Offered, q.Answered, q.Abandoned, q.AbandonRate, q.AHT.Seconds(), q.ASA.Seconds()}
		if s := q.Service; s != nil {
			row = append(row, s.Target.Level, s.Target.Time.Seconds(), s.Level)
		} else {
			row = append(row, nil, nil, nil)
		}
		method, cells := patienceCells(q.Patience)
		row = append(append(row, method), cells...)
		sum.Rows = append(sum.Rows, append(row, patienceText(q.Patience)))
	}
	if err := streamSheet(f, st, sum, nil); err != nil {
		return err
	}

	daily := xlsxSheet{Name: "Daily", Header: []string{"queue", "channel", "date", "weekday", "offered", "answered", "abandoned", "abandon_rate", "aht_seconds", "asa_seconds", "label"},
		Widths: map[int]float64{1: 16, 3: 18, 11: 14}, Formats: map[int]string{8: "0.00%", 9: "0.0", 10: "0.0"}}
	type span struct {
		title       string
		first, last int
	}
	var daySpans, hourSpans []span
	for _, q := range r.Queues {
		sp := span{title: label(q), first: len(daily.Rows) + 2}
		for _, d := range q.Days {
			ab := 0.0
			if d.Offered > 0 {
				ab = d.Abandoned / d.Offered
			}
			daily.Rows = append(daily.Rows, []xlsxCell{q.Queue, q.Channel, d.Date, d.Date.Format("Mon"), d.Offered, d.Answered, d.Abandoned, ab, d.AHT.Seconds(), d.ASA.Seconds(), d.Date.Format("Mon 01-02")})
		}
		sp.last = len(daily.Rows) + 1
		daySpans = append(daySpans, sp)
	}
	if err := streamSheet(f, st, daily, nil); err != nil {
		return err
	}

	if err := an.heatSheet(f, st); err != nil {
		return err
	}

	hourly := xlsxSheet{Name: "Hourly", Header: []string{"queue", "channel", "hour", "offered", "per_day", "abandon_rate", "aht_seconds", "handled", "handle_p50_seconds", "handle_p90_seconds", "label"},
		Widths: map[int]float64{1: 16}, Formats: map[int]string{5: "0.0", 6: "0.00%", 7: "0.0"}}
	for _, q := range r.Queues {
		sp := span{title: label(q), first: len(hourly.Rows) + 2}
		for _, h := range q.Hours {
			row := []xlsxCell{q.Queue, q.Channel, h.Hour, h.Offered, h.PerDay, h.AbandonPct, h.AHT.Seconds()}
			if q.Handle != nil {
				row = append(row, h.HandleN, h.HandleP50.Seconds(), h.HandleP90.Seconds())
			} else {
				row = append(row, nil, nil, nil)
			}
			hourly.Rows = append(hourly.Rows, append(row, fmt.Sprintf("%02d:00", h.Hour)))
		}
		sp.last = len(hourly.Rows) + 1
		hourSpans = append(hourSpans, sp)
	}
	if err := streamSheet(f, st, hourly, nil); err != nil {
		return err
	}

	if r.PerContact {
		dur := xlsxSheet{Name: "Durations", Header: append([]string{"queue", "channel", "of", "n", "mean_seconds"}, quantileNames("_seconds")...), Widths: map[int]float64{1: 16, 3: 24}}
		for _, q := range r.Queues {
			names, ds := durationRows(q)
			for i, d := range ds {
				row := []xlsxCell{q.Queue, q.Channel, names[i], d.N, d.Mean.Seconds()}
				for _, x := range d.Quantiles {
					row = append(row, x.Seconds())
				}
				dur.Rows = append(dur.Rows, row)
			}
		}
		if err := streamSheet(f, st, dur, nil); err != nil {
			return err
		}
	}

	busy := xlsxSheet{Name: "Busiest", Header: []string{"queue", "channel", "rank", "interval_start", "offered", "answered", "abandoned", "aht_seconds", "asa_seconds"},
		Widths: map[int]float64{1: 16, 4: 18}, Formats: map[int]string{8: "0.0", 9: "0.0"}}
	for _, q := range r.Queues {
		for i, b := range q.Busiest {
			busy.Rows = append(busy.Rows, []xlsxCell{q.Queue, q.Channel, i + 1, an.when(b.Start), b.Offered, b.Answered, b.Abandoned, b.AHT.Seconds(), b.ASA.Seconds()})
		}
	}
	if err := streamSheet(f, st, busy, nil); err != nil {
		return err
	}

	qual := xlsxSheet{Name: "Quality", Header: []string{"queue", "channel", "finding", "start", "end", "value", "expected", "robust_z", "intervals", "detail"},
		Widths: map[int]float64{1: 16, 3: 18, 4: 18, 5: 18, 10: 60}, Formats: map[int]string{8: "0.0"}}
	for _, q := range r.Queues {
		for _, fd := range q.Findings {
			qual.Rows = append(qual.Rows, []xlsxCell{q.Queue, q.Channel, fd.Kind, an.when(fd.Start), an.when(fd.End), fd.Value, fd.Expected, fd.Score, fd.Intervals, findingText(fd)})
		}
	}
	qual.Rows = append(qual.Rows, []xlsxCell{"", "", "rule", nil, nil, nil, nil, nil, nil, outlierRule})
	if err := streamSheet(f, st, qual, nil); err != nil {
		return err
	}

	// Charts: each queue's daily volume (line) and AHT by hour (columns).
	const name = "Charts"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	series := func(sheet string, col, labels, first, last int, color string) excelize.ChartSeries {
		return chartSeries(sheet, col, labels, first, last, color, 1.5)
	}
	var charts []*excelize.Chart
	for i, sp := range daySpans {
		if sp.last < sp.first {
			continue
		}
		charts = append(charts, &excelize.Chart{Type: excelize.Line,
			Series: []excelize.ChartSeries{series("Daily", 5, 11, sp.first, sp.last, "305496"), series("Daily", 7, 11, sp.first, sp.last, "C00000")},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Offered and abandoned by day: " + sp.title}}}})
		hs := hourSpans[i]
		charts = append(charts, &excelize.Chart{Type: excelize.Col,
			Series: []excelize.ChartSeries{series("Hourly", 7, 11, hs.first, hs.last, "ED7D31")},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "AHT (seconds) by hour of day: " + hs.title}}}})
	}
	if err := addChartPages(f, name, charts, excelize.ChartAxis{Font: axisFont}); err != nil {
		return err
	}
	return writeWorkbook(f, w)
}

// heatSheet writes each queue's weekday × hour heat map as a block of
// cells, colour-scaled from white (the block's least) to red (its most).
func (an *analysis) heatSheet(f *excelize.File, st xlsxStyles) error {
	const name = "Heatmap"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := setPrint(f, name, pageSetup{}); err != nil {
		return err
	}
	num, err := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	if err != nil {
		return err
	}
	r := 1
	for _, q := range an.Report.Queues {
		title := fmt.Sprintf("%s (%s): mean offered per weekday and hour, over %s", q.Queue, q.Channel, heatDays(q.Heat))
		if err := f.SetCellStr(name, fmt.Sprintf("A%d", r), title); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, fmt.Sprintf("A%d", r), fmt.Sprintf("A%d", r), st.bold); err != nil {
			return err
		}
		hdr := append([]any{"hour"}, toAny(weekdays)...)
		if err := f.SetSheetRow(name, fmt.Sprintf("A%d", r+1), &hdr); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, fmt.Sprintf("A%d", r+1), fmt.Sprintf("H%d", r+1), st.header); err != nil {
			return err
		}
		for h := 0; h < 24; h++ {
			row := []any{fmt.Sprintf("%02d:00", h)}
			for wd := range weekdays {
				row = append(row, q.Heat.Mean[wd][h])
			}
			if err := f.SetSheetRow(name, fmt.Sprintf("A%d", r+2+h), &row); err != nil {
				return err
			}
		}
		rng := fmt.Sprintf("B%d:H%d", r+2, r+25)
		if err := f.SetCellStyle(name, fmt.Sprintf("B%d", r+2), fmt.Sprintf("H%d", r+25), num); err != nil {
			return err
		}
		if err := f.SetConditionalFormat(name, rng, []excelize.ConditionalFormatOptions{{
			Type: "2_color_scale", Criteria: "=", MinType: "min", MaxType: "max", MinColor: "#FFFFFF", MaxColor: "#F8696B",
		}}); err != nil {
			return err
		}
		r += 27
	}
	return f.SetColWidth(name, "B", "H", 9)
}

// patienceCells are a queue's patience method and its mean, low and high
// in seconds as the workbooks show them: the censored estimate with its
// 95 % interval, or from a history alone the lower bound (low the same,
// no high); "none" with empty cells without an estimate.
func patienceCells(p analyze.PatienceResult) (string, []xlsxCell) {
	switch p.Method {
	case analyze.PatienceCensored:
		return p.Method, []xlsxCell{p.Estimate.Mean.Seconds(), p.Estimate.Low.Seconds(), p.Estimate.High.Seconds()}
	case analyze.PatienceLowerBound:
		return p.Method, []xlsxCell{p.LowerBound.Seconds(), p.LowerBound.Seconds(), nil}
	}
	return "none", []xlsxCell{nil, nil, nil}
}
