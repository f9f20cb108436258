package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/importers"
)

func init() { registerCommand((*app).forecastCommand) }

// horizonFlag is a forecast horizon: whole days ("14d"), weeks ("2w") or a
// Go duration ("36h", "90m").
type horizonFlag time.Duration

func (h *horizonFlag) String() string { return fmtHorizon(time.Duration(*h)) }
func (h *horizonFlag) Type() string   { return "horizon" }
func (h *horizonFlag) Set(s string) error {
	d, err := parseHorizon(s)
	if err != nil {
		return err
	}
	*h = horizonFlag(d)
	return nil
}

func parseHorizon(s string) (time.Duration, error) {
	bad := fmt.Errorf("horizon %q: want days (14d), weeks (2w) or a duration (36h)", s)
	var d time.Duration
	switch {
	case strings.HasSuffix(s, "d") || strings.HasSuffix(s, "w"):
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil {
			return 0, bad
		}
		if n > maxHorizonDays {
			return 0, fmt.Errorf("horizon %q: at most %dd (two years)", s, maxHorizonDays)
		}
		d = time.Duration(n) * 24 * time.Hour
		if strings.HasSuffix(s, "w") {
			d *= 7
		}
	default:
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, bad
		}
	}
	if d <= 0 {
		return 0, bad
	}
	return d, nil
}

func fmtHorizon(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}

type forecastOptions struct {
	horizon horizonFlag
	model   string
	origins int
	events  string
	origin  string
	out     string
}

// addFlags registers the options' flags, with the config's values as
// defaults so that flags override the file.
func (o *forecastOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Var(&o.horizon, "horizon", "how far to forecast: 14d, 2w or a duration such as 36h (default forecast.horizon, 14d)")
	f.StringVar(&o.model, "model", "", "auto (choose per queue by backtest WAPE) or one of "+strings.Join(forecast.ModelNames(), ", ")+" (default forecast.model, auto)")
	f.IntVar(&o.origins, "backtest-origins", 0, "rolling backtest origins, one week apart (default forecast.backtest_origins, 8)")
	f.StringVar(&o.events, "events", "", "special days CSV: start,end,multiplier|closed,label (dates inclusive)")
	f.StringVar(&o.origin, "origin", "", "forecast from this date (YYYY-MM-DD, site time) with the history before it only, e.g. to plan a past week and compare")
	f.StringVarP(&o.out, "output", "o", "forecast.csv", "forecast file (.csv or .xlsx; - for stdout)")
}

func (a *app) forecastCommand() *cobra.Command {
	var o forecastOptions
	cmd := &cobra.Command{
		Use:   "forecast HISTORY",
		Short: "Forecast volume, bands and handle time per interval from history",
		Long: `Read history.csv and write forecast.csv: for every queue and channel, the
offered volume per interval over the horizon with a p10-p90 band, and the
mean handle time. Each queue's model is chosen by a rolling-origin backtest
(lowest WAPE), unless --model forces one; the backtest table and a daily
summary are printed. Special days come from config events: and --events.

Models: snaive (weekly seasonal naive), average and median (the classic
same weekday-interval over recent weeks), dshw (Taylor's double-seasonal
Holt-Winters), mstl (seasonal decomposition + exponential smoothing),
topdown (daily totals x intraday profile), calendar (topdown with
month-start and month-end effects), poisson (Poisson regression on the
weekday-interval with a damped trend), combo (mean of calendar, median,
dshw).`,
		Example: `  wfm forecast history.csv --horizon 14d -o forecast.csv
  wfm forecast history.csv --model median --backtest-origins 4 --events holidays.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runForecast(args[0], o, cmd.Flags().Changed("horizon"))
		},
	}
	o.addFlags(cmd)
	return cmd
}

func (a *app) runForecast(path string, o forecastOptions, horizonSet bool) error {
	opt, err := a.forecastRunOptions(o, horizonSet)
	if err != nil {
		return err
	}
	if kind := outputKind(o.out); kind != "csv" && kind != "xlsx" {
		return fmt.Errorf("-o %s: want a .csv or .xlsx file, or - for stdout", o.out)
	}
	if err := refuseInputAsOutput("-o", o.out, path); err != nil {
		return err
	}
	hist, err := readHistoryFile(path)
	if err != nil {
		return err
	}
	if o.origin != "" {
		if hist, err = a.historyBefore(path, hist, o.origin); err != nil {
			return err
		}
	}
	series, err := a.historySeries(path, hist)
	if err != nil {
		return err
	}
	res, err := forecast.Run(series, opt)
	switch {
	case errors.Is(err, forecast.ErrShortHistory):
		return withHint(fmt.Errorf("%s: %w", path, err), "forecast from a longer history, or lower --backtest-origins / --horizon")
	case errors.Is(err, forecast.ErrGrid):
		return withHint(fmt.Errorf("%s: %w", path, err), "history.csv needs one row per interval on a fixed grid (5m, 10m, 15m, 30m or 60m)")
	case err != nil:
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := a.writeForecast(o.out, res.Rows); err != nil {
		return err
	}
	if note := originsNote(res.Backtest, opt.BacktestOrigins, "--backtest-origins"); note != "" {
		fmt.Fprintln(a.stderr, "forecast: "+note)
	}
	for _, line := range specialDayLines(res.SpecialDays, len(series) > 1) {
		fmt.Fprintln(a.stderr, "forecast: "+line)
	}
	w := a.stdout
	if o.out == "-" {
		w = a.stderr // the forecast itself goes to stdout
	}
	return a.printForecastSummary(w, res)
}

// historyBefore keeps the history rows before local midnight of the
// --origin date.
func (a *app) historyBefore(path string, hist []importers.HistoryRow, origin string) ([]importers.HistoryRow, error) {
	loc, err := a.cfg.location(hist[len(hist)-1].Start)
	if err != nil {
		return nil, err
	}
	day, err := time.ParseInLocation("2006-01-02", origin, loc)
	if err != nil {
		return nil, fmt.Errorf("--origin %q: want a date YYYY-MM-DD", origin)
	}
	var out []importers.HistoryRow
	for _, h := range hist {
		if h.Start.Before(day) {
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--origin %s: %s has no history before it (it starts %s)", origin, path, hist[0].Start.Format("2006-01-02"))
	}
	last := hist[len(hist)-1].Start.In(loc)
	if next := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, loc); day.After(next) {
		return nil, withHint(fmt.Errorf("--origin %s: %s ends %s: a gap between history and forecast", origin, path, last.Format("2006-01-02")), "leave out --origin to forecast from the history's end")
	}
	return out, nil
}

// forecastRunOptions merges flags over config into forecast.Options.
func (a *app) forecastRunOptions(o forecastOptions, horizonSet bool) (forecast.Options, error) {
	c := a.cfg.Forecast
	opt := forecast.Options{Horizon: c.Horizon, Model: c.Model, BacktestOrigins: c.BacktestOrigins, Holidays: a.cfg.Site.Holidays}
	if horizonSet {
		opt.Horizon = time.Duration(o.horizon)
	}
	if opt.Horizon <= 0 {
		return opt, fmt.Errorf("config %s: forecast.horizon: %v is not a positive duration", a.cfg.path, opt.Horizon)
	}
	if err := checkHorizon("--horizon", opt.Horizon); err != nil {
		if !horizonSet {
			err = fmt.Errorf("config %s: forecast.horizon: %w", a.cfg.displayPath(), err)
		}
		return opt, err
	}
	if o.model != "" {
		opt.Model = o.model
	}
	known := opt.Model == "auto" || opt.Model == ""
	for _, n := range forecast.ModelNames() {
		known = known || n == opt.Model
	}
	if !known {
		return opt, fmt.Errorf("--model %q: want auto or one of %s", opt.Model, strings.Join(forecast.ModelNames(), ", "))
	}
	if o.origins != 0 {
		opt.BacktestOrigins = o.origins
	}
	if opt.BacktestOrigins < 1 {
		return opt, fmt.Errorf("--backtest-origins %d: want at least 1", opt.BacktestOrigins)
	}
	if c.Start != "" {
		t, err := parseDay(c.Start)
		if err != nil {
			return opt, fmt.Errorf("config %s: forecast.start: %q is not a date YYYY-MM-DD", a.cfg.path, c.Start)
		}
		opt.Start = t
	}
	for i, e := range a.cfg.Events {
		ev, err := makeEvent(e.Start, e.End, e.Multiplier, e.Closed, e.Label, e.Queue)
		if err != nil {
			return opt, fmt.Errorf("config %s: events[%d].%w", a.cfg.path, i, err)
		}
		opt.Events = append(opt.Events, ev)
	}
	files := []string{}
	if c.EventsFile != "" {
		files = append(files, a.cfg.resolvePath(c.EventsFile))
	}
	if o.events != "" {
		files = append(files, o.events)
	}
	for _, name := range files {
		evs, err := readEvents(name)
		if err != nil {
			return opt, err
		}
		opt.Events = append(opt.Events, evs...)
	}
	return opt, nil
}

func parseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", strings.TrimSpace(s)) }

// makeEvent checks one event; errors start with the failing key's name.
func makeEvent(start, end string, mult float64, closed bool, label, queue string) (forecast.Event, error) {
	ev := forecast.Event{Multiplier: mult, Closed: closed, Label: label, Queue: queue}
	var err error
	if ev.Start, err = parseDay(start); err != nil {
		return ev, fmt.Errorf("start: %q is not a date YYYY-MM-DD", start)
	}
	ev.End = ev.Start
	if end != "" {
		if ev.End, err = parseDay(end); err != nil {
			return ev, fmt.Errorf("end: %q is not a date YYYY-MM-DD", end)
		}
	}
	if err := checkYear("start", ev.Start); err != nil {
		return ev, err
	}
	if err := checkYear("end", ev.End); err != nil {
		return ev, err
	}
	if ev.End.Before(ev.Start) {
		return ev, fmt.Errorf("end: %s is before start %s", end, start)
	}
	if !closed && (mult <= 0 || math.IsNaN(mult) || math.IsInf(mult, 0)) {
		return ev, fmt.Errorf("multiplier: %v: want a number > 0, or closed: true", mult)
	}
	if mult > maxMultiplier {
		return ev, fmt.Errorf("multiplier: %v: at most %g", mult, maxMultiplier)
	}
	return ev, nil
}

// readEvents reads an events CSV: start,end,multiplier|closed,label.
func readEvents(name string) ([]forecast.Event, error) {
	f, err := openCSV(name, "events.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	seen := map[string]int{}
	var out []forecast.Event
	for i, r := range recs {
		line := i + 1
		if i == 0 && len(r) > 0 && strings.EqualFold(strings.TrimPrefix(r[0], "\ufeff"), "start") {
			continue
		}
		if len(r) < 3 {
			return nil, fmt.Errorf("%s:%d: %d columns, want start,end,multiplier|closed,label", name, line, len(r))
		}
		get := func(k int) string {
			if k < len(r) {
				return strings.TrimSpace(r[k])
			}
			return ""
		}
		closed := strings.EqualFold(get(2), "closed")
		mult := 0.0
		if !closed {
			if mult, err = strconv.ParseFloat(get(2), 64); err != nil || mult <= 0 {
				return nil, fmt.Errorf("%s:%d: column \"multiplier\": %q is not a number > 0 or closed", name, line, get(2))
			}
		}
		ev, err := makeEvent(get(0), get(1), mult, closed, get(3), "")
		if err != nil {
			return nil, fmt.Errorf("%s:%d: column %q", name, line, err.Error())
		}
		// a repeated line would apply its multiplier twice
		key := strings.Join([]string{get(0), get(1), get(2), get(3)}, "\x00")
		if first, dup := seen[key]; dup {
			return nil, fmt.Errorf("%s:%d: the event of line %d again; want each special day once (two events on one day multiply)", name, line, first)
		}
		seen[key] = line
		out = append(out, ev)
	}
	return out, nil
}

// historySeries converts history rows into the forecast's series, in the
// site's time zone.
func (a *app) historySeries(path string, hist []importers.HistoryRow) ([]forecast.Series, error) {
	pts := make([]forecast.Point, len(hist))
	for i, h := range hist {
		pts[i] = forecast.Point{Start: h.Start, Queue: h.Queue, Channel: h.Channel, Offered: float64(h.Offered), Answered: float64(h.Answered), AHT: h.AHT}
	}
	loc := hist[len(hist)-1].Start.Location()
	if tz := a.cfg.Site.Timezone; tz != "" {
		var err error
		if loc, err = time.LoadLocation(tz); err != nil {
			return nil, fmt.Errorf("config %s: site.timezone: %q is not an IANA time zone such as Asia/Jerusalem", a.cfg.path, tz)
		}
		if err := importers.CheckOffsets(hist, loc); err != nil {
			return nil, withHint(fmt.Errorf("%s: %w", path, err), "a history is in the site's time zone: re-import the logs with --tz "+loc.String())
		}
	}
	series, err := forecast.NewSeries(pts)
	if err != nil {
		if errors.Is(err, forecast.ErrGrid) {
			if offs := importers.OffsetsSeen(hist); len(offs) > 1 {
				return nil, withHint(fmt.Errorf("%s: %w; the rows carry UTC offsets %s: rows from two time zones do not share one grid", path, err, strings.Join(offs, ", ")),
					"a history is in one time zone: re-import the logs with --tz ZONE, or set site.timezone to have each row checked")
			}
		}
		return nil, withHint(fmt.Errorf("%s: %w", path, err), "history.csv needs one row per interval on a fixed grid (5m, 10m, 15m, 30m or 60m)")
	}
	for i := range series {
		series[i].Loc = loc
	}
	return series, nil
}

// writeForecast writes forecast.csv, or a workbook for .xlsx.
func (a *app) writeForecast(path string, rows []forecast.Row) error {
	if outputKind(path) == "xlsx" {
		sh := xlsxSheet{Name: "Forecast", Header: forecast.Header, Widths: map[int]float64{1: 18}}
		for _, r := range rows {
			sh.Rows = append(sh.Rows, []xlsxCell{r.Start, r.Queue, r.Channel, r.Volume, r.P10, r.P90, r.AHT.Seconds(), r.Model})
		}
		return writeFileAtomic(path, a.stdout, func(w io.Writer) error { return writeXLSXTable(w, sh) })
	}
	return writeFileAtomic(path, a.stdout, func(w io.Writer) error { return forecast.WriteCSV(w, rows) })
}

// forecastDay is one line of the daily summary. Bands are shown for the
// peak interval only: interval quantiles do not add up to a day's quantile
// (their sum is the band of a day whose every interval errs the same way),
// so a daily p10–p90 built from them would mislead.
type forecastDay struct {
	Day        string  `json:"day"`
	Queue      string  `json:"queue"`
	Channel    string  `json:"channel"`
	Volume     float64 `json:"volume"`
	AHTSeconds float64 `json:"aht_seconds"`
	Peak       string  `json:"peak_interval"`
	PeakVolume float64 `json:"peak_volume"`
	PeakP10    float64 `json:"peak_p10"`
	PeakP90    float64 `json:"peak_p90"`
	Model      string  `json:"model"`
}

func dailySummary(rows []forecast.Row) []forecastDay {
	type key struct{ day, q, c string }
	idx := map[key]int{}
	var out []forecastDay
	ahtW := map[int]float64{}
	for _, r := range rows {
		k := key{r.Start.Format("2006-01-02 Mon"), r.Queue, r.Channel}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, forecastDay{Day: k.day, Queue: r.Queue, Channel: r.Channel, Model: r.Model})
		}
		d := &out[i]
		d.Volume += r.Volume
		ahtW[i] += r.Volume * r.AHT.Seconds()
		if r.Volume > d.PeakVolume {
			d.PeakVolume, d.PeakP10, d.PeakP90, d.Peak = r.Volume, r.P10, r.P90, r.Start.Format("15:04")
		}
	}
	for i := range out {
		if out[i].Volume > 0 {
			out[i].AHTSeconds = ahtW[i] / out[i].Volume
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Queue != out[j].Queue {
			return out[i].Queue < out[j].Queue
		}
		return out[i].Channel < out[j].Channel
	})
	return out
}

// originsNote says why a backtest ran over fewer origins than asked for,
// or "" when every queue got them all: origins lie a week apart, the
// latest one horizon before the end of the history, and each needs
// forecast.MinHistoryDays of history before it.
func originsNote(scores []forecast.Score, asked int, setting string) string {
	got := asked
	for _, s := range scores {
		got = min(got, s.Origins)
	}
	if got >= asked {
		return ""
	}
	return fmt.Sprintf("backtest over %d origins, not the %d of %s: origins lie a week apart, the latest one horizon before the history's end, and each needs %d days of history before it; a longer history gives more", got, asked, setting, forecast.MinHistoryDays)
}

func (a *app) printForecastSummary(w io.Writer, res *forecast.Result) error {
	days := dailySummary(res.Rows)
	if a.outFormat() == "json" {
		type score struct {
			Queue    string   `json:"queue"`
			Channel  string   `json:"channel"`
			Model    string   `json:"model"`
			WAPE     *float64 `json:"wape"`
			MASE     *float64 `json:"mase"`
			Bias     *float64 `json:"bias"`
			Coverage *float64 `json:"coverage"`
			Origins  int      `json:"origins"`
			Chosen   bool     `json:"chosen"`
		}
		num := func(x float64) *float64 {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil
			}
			return &x
		}
		type specialDay struct {
			Date    string   `json:"date"`
			Name    string   `json:"name"`
			Country string   `json:"calendar"`
			Kind    string   `json:"kind"`
			Queue   string   `json:"queue"`
			Channel string   `json:"channel"`
			Source  string   `json:"source"` // event, same holiday, similar days, default
			Event   string   `json:"event,omitempty"`
			From    []string `json:"learned_from,omitempty"`
			Ratio   *float64 `json:"volume_ratio"`
		}
		out := struct {
			Backtest    []score       `json:"backtest"`
			Coverage    *float64      `json:"coverage"`
			Daily       []forecastDay `json:"daily"`
			SpecialDays []specialDay  `json:"special_days,omitempty"`
		}{Coverage: num(res.Coverage), Daily: days}
		for _, d := range res.SpecialDays {
			sd := specialDay{Date: d.Date.Format("2006-01-02"), Name: d.Name, Country: d.Country, Kind: d.Kind.String(), Queue: d.Queue, Channel: d.Channel, Source: d.Source, Event: d.Event, Ratio: num(d.Ratio)}
			for _, t := range d.From {
				sd.From = append(sd.From, t.Format("2006-01-02"))
			}
			out.SpecialDays = append(out.SpecialDays, sd)
		}
		for _, s := range res.Backtest {
			out.Backtest = append(out.Backtest, score{s.Queue, s.Channel, s.Model, num(s.WAPE), num(s.MASE), num(s.Bias), num(s.Coverage), s.Origins, s.Chosen})
		}
		return printJSON(w, out)
	}
	nf := func(x float64, prec int) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "-"
		}
		return fmtFloat(x, prec)
	}
	bt := table{Title: "Backtest (rolling origins; * = model used)", Header: []string{"queue", "channel", "model", "wape", "mase", "bias", "p10_p90_coverage", "origins", "chosen"}}
	for _, s := range res.Backtest {
		ch := ""
		if s.Chosen {
			ch = "*"
		}
		bt.Rows = append(bt.Rows, []string{s.Queue, s.Channel, s.Model, nf(s.WAPE, 4), nf(s.MASE, 3), nf(s.Bias, 4), nf(s.Coverage, 3), strconv.Itoa(s.Origins), ch})
	}
	if err := bt.print(w, a.outFormat()); err != nil {
		return err
	}
	if a.outFormat() == "table" {
		fmt.Fprintln(w)
	}
	dt := table{Title: "Daily forecast (band: the peak interval's p10–p90)", Header: []string{"day", "queue", "channel", "volume", "aht_seconds", "peak_interval", "peak_volume", "peak_p10", "peak_p90", "model"}}
	for _, d := range days {
		dt.Rows = append(dt.Rows, []string{d.Day, d.Queue, d.Channel, nf(d.Volume, 0), nf(d.AHTSeconds, 1), d.Peak, nf(d.PeakVolume, 1), nf(d.PeakP10, 0), nf(d.PeakP90, 0), d.Model})
	}
	return dt.print(w, a.outFormat())
}

// specialDayLines says, one line each, what the forecast did with each
// built-in holiday in the horizon; with several series each line names
// its queue and channel.
func specialDayLines(days []forecast.SpecialDay, perQueue bool) []string {
	var out []string
	for _, d := range days {
		s := fmt.Sprintf("%s %s (%s, %s", d.Date.Format("2006-01-02"), d.Name, d.Country, d.Kind)
		if perQueue {
			s += ", queue " + d.Queue + "/" + d.Channel
		}
		s += "): "
		var dates []string
		for _, t := range d.From {
			dates = append(dates, t.Format("2006-01-02"))
		}
		vol := "volume ×" + fmtFloat(d.Ratio, 2)
		if math.IsNaN(d.Ratio) {
			vol = "the forecast is 0 that day anyway"
		}
		switch d.Source {
		case "event":
			label := ""
			if d.Event != "" {
				label = fmt.Sprintf(" %q", d.Event)
			}
			s += "your event" + label + " on that day applies instead"
		case "same holiday":
			s += "effect learned from the same holiday on " + strings.Join(dates, ", ") + ", " + vol
		case "similar days":
			what := map[string]string{"closed": "closed", "observed": "closed", "eve": "eve", "civic": "civic"}[d.Kind.String()]
			days := "days"
			if len(dates) == 1 {
				days = "day"
			}
			s += fmt.Sprintf("effect learned from %d earlier %s %s in the history (%s), %s", len(dates), what, days, strings.Join(dates, ", "), vol)
		default:
			s += "nothing like it in the history, default " + vol
		}
		out = append(out, s)
	}
	return out
}
