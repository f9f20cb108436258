package forecast

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/wfm-project/wfm/forecast/holidays"
)

// Point is one interval of one queue's history, as Run takes it (the
// command converts history.csv rows into points).
type Point struct {
	Start    time.Time // interval start, with the site's UTC offset
	Queue    string
	Channel  string
	Offered  float64       // offered contacts, ≥ 0
	Answered float64       // answered contacts, the weight of AHT
	AHT      time.Duration // mean handle time of answered contacts; 0 when none
}

// Series is one queue and channel's history on a regular wall-clock grid:
// intervals missing from the points are zeros.
type Series struct {
	Queue, Channel string
	Input                    // volumes, wall-clock start (as UTC), step
	Answered       []float64 // answered contacts per interval
	AHT            []float64 // mean handle time in seconds; 0 when none answered
	Loc            *time.Location
}

// NewSeries groups points by queue and channel onto a regular grid. The
// interval length is the most common gap between consecutive starts of one
// queue; every start must lie on that grid counted from midnight, else the
// error wraps ErrGrid. Times are taken at their wall clock, so DST days
// keep 24 hours of slots: a skipped hour is zeros, a repeated hour is
// summed. Loc is the zone of the
// last point. Series come sorted by queue, then channel.
func NewSeries(points []Point) ([]Series, error) {
	type key struct{ q, c string }
	groups := map[key][]Point{}
	var keys []key
	for _, p := range points {
		k := key{p.Queue, p.Channel}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], p)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].q != keys[j].q {
			return keys[i].q < keys[j].q
		}
		return keys[i].c < keys[j].c
	})
	var out []Series
	for _, k := range keys {
		ps := groups[k]
		wall := func(t time.Time) time.Time {
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Start.Before(ps[j].Start) })
		// The step is the most common gap between consecutive starts (the
		// smallest on a tie); every gap must be a multiple of it.
		gaps := map[time.Duration]int{}
		for i := 1; i < len(ps); i++ {
			if d := wall(ps[i].Start).Sub(wall(ps[i-1].Start)); d > 0 {
				gaps[d]++
			}
		}
		var step time.Duration
		for d, c := range gaps {
			if step == 0 || c > gaps[step] || (c == gaps[step] && d < step) {
				step = d
			}
		}
		if step == 0 {
			return nil, fmt.Errorf("forecast: queue %q: %w: fewer than two distinct interval starts", k.q, ErrGrid)
		}
		if (dayLen)%step != 0 {
			return nil, fmt.Errorf("forecast: queue %q: %w: the usual gap between intervals is %v, which does not divide a day (want 5m, 10m, 15m, 30m or 60m)", k.q, ErrGrid, step)
		}
		first := wall(ps[0].Start)
		last := wall(ps[len(ps)-1].Start)
		n := int(last.Sub(first)/step) + 1
		s := Series{Queue: k.q, Channel: k.c, Answered: make([]float64, n), AHT: make([]float64, n), Loc: ps[len(ps)-1].Start.Location()}
		s.Input = Input{Y: make([]float64, n), Start: first, Step: step}
		ahtSum := make([]float64, n)
		for _, p := range ps {
			w := wall(p.Start)
			off := w.Sub(first)
			mid := time.Duration(w.Hour())*time.Hour + time.Duration(w.Minute())*time.Minute + time.Duration(w.Second())*time.Second + time.Duration(w.Nanosecond())
			if off%step != 0 || mid%step != 0 {
				return nil, fmt.Errorf("forecast: queue %q: %w: interval %s is off the %v grid", k.q, ErrGrid, p.Start.Format(time.RFC3339), step)
			}
			i := int(off / step)
			s.Y[i] += p.Offered
			s.Answered[i] += p.Answered
			ahtSum[i] += p.Answered * p.AHT.Seconds()
		}
		for i := range s.AHT {
			if s.Answered[i] > 0 {
				s.AHT[i] = ahtSum[i] / s.Answered[i]
			}
		}
		if err := checkGrid(&s.Input); err != nil {
			return nil, fmt.Errorf("forecast: queue %q: %w", k.q, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func checkGrid(in *Input) error {
	mid := time.Duration(in.Start.Hour())*time.Hour + time.Duration(in.Start.Minute())*time.Minute
	if mid%in.Step != 0 {
		return fmt.Errorf("%w: first interval %s is not on the %v grid from midnight", ErrGrid, in.Start.Format("2006-01-02 15:04"), in.Step)
	}
	return nil
}

// Event is a special day or range of days: its volume is multiplied by
// Multiplier, or it is Closed (volume 0). Events apply to the forecast and
// their days are kept out of fitting.
type Event struct {
	Start, End time.Time // first and last date, inclusive; only the dates count; zero End means Start
	Multiplier float64   // used when not Closed; 0 means 1
	Closed     bool
	Label      string
	Queue      string // "" means every queue
}

func (e Event) covers(day time.Time, queue string) bool {
	if e.Queue != "" && e.Queue != queue {
		return false
	}
	end := e.End
	if end.IsZero() {
		end = e.Start
	}
	d := dateKey(day)
	return d >= dateKey(e.Start) && d <= dateKey(end)
}

// dateKey is t's date as yyyymmdd, for cheap comparisons.
func dateKey(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// Options control Run. The zero value forecasts two weeks with the
// auto-selected model over a backtest of 8 origins.
type Options struct {
	Horizon time.Duration // 0 means 14 days
	// Model is "auto" (or "") to choose per queue by backtest WAPE among
	// AutoModels and, with at least MinTrimmedOrigins origins, their
	// trimmed average (TrimmedName), or one of ModelNames to force it.
	Model string
	// BacktestOrigins is the number of rolling origins; 0 means 8. When the
	// history is too short for all of them, fewer are used (Score.Origins
	// says how many); with none, Run fails unless a model is forced.
	BacktestOrigins int
	Events          []Event
	// Holidays names built-in holiday calendars by code (see
	// holidays.Countries), e.g. US or IL. Their days are kept out of
	// fitting like events', and each one in the horizon gets the effect
	// learned from the history (SpecialDay); the user's own event on the
	// same day wins.
	Holidays []string
	// Start is the first forecast interval (wall clock); zero means the
	// interval after the history's last. It may not be before that.
	Start time.Time
}

// Result is Run's answer.
type Result struct {
	Rows     []Row             // every queue's forecast, sorted by start, then queue
	Backtest []Score           // per queue, every candidate model's score
	Chosen   map[string]string // queue/channel → the model used
	Coverage float64           // backtest coverage of the p10–p90 bands of the chosen models
	// SpecialDays are the built-in holidays in each series' horizon and
	// what was done with each, by series, then date.
	SpecialDays []SpecialDay
}

// ErrUnknownModel is wrapped when Options.Model names no model.
var ErrUnknownModel = errors.New("unknown model")

// ModelNames lists the names Options.Model accepts besides "auto".
func ModelNames() []string {
	var s []string
	for _, m := range AllModels() {
		s = append(s, m.Name())
	}
	return s
}

// Run forecasts every series: it backtests the candidate models and their
// trimmed average (trimmedRun), picks the one with the lowest WAPE per
// series (or the forced one), forecasts the
// horizon with it from the whole history, adds the p10–p90 band from the
// backtest errors, forecasts handle time and applies the events.
func Run(series []Series, opt Options) (*Result, error) {
	if opt.Horizon == 0 {
		opt.Horizon = 14 * dayLen
	}
	if opt.BacktestOrigins == 0 {
		opt.BacktestOrigins = 8
	}
	if opt.Model == "" {
		opt.Model = "auto"
	}
	var forced Model
	if opt.Model != "auto" {
		for _, m := range AllModels() {
			if m.Name() == opt.Model {
				forced = m
			}
		}
		if forced == nil {
			return nil, fmt.Errorf("forecast: %w %q: want auto or one of %s", ErrUnknownModel, opt.Model, strings.Join(ModelNames(), ", "))
		}
	}
	res := &Result{Chosen: map[string]string{}}
	covIn, covN := 0.0, 0.0
	for si := range series {
		s := &series[si]
		in := s.Input
		in.Excluded = make([]bool, len(in.Y))
		for i := range in.Y {
			day := in.Start.Add(time.Duration(i) * in.Step)
			for _, e := range opt.Events {
				if e.covers(day, s.Queue) {
					in.Excluded[i] = true
				}
			}
		}
		if err := checkInput(&in); err != nil {
			return nil, fmt.Errorf("forecast: queue %q: %w", s.Queue, unwrapPkg(err))
		}
		end := in.Start.Add(time.Duration(len(in.Y)) * in.Step)
		var days map[int]holidays.Holiday
		if len(opt.Holidays) > 0 {
			last := end.Add(opt.Horizon)
			if !opt.Start.IsZero() {
				last = opt.Start.Add(opt.Horizon)
			}
			hs, err := holidays.Between(opt.Holidays, in.Start, last)
			if err != nil {
				return nil, fmt.Errorf("forecast: %w", unwrapHolidays(err))
			}
			days = byDate(hs)
			markHolidays(&in, days)
		}
		skip := 0
		if !opt.Start.IsZero() {
			st := time.Date(opt.Start.Year(), opt.Start.Month(), opt.Start.Day(), opt.Start.Hour(), opt.Start.Minute(), 0, 0, time.UTC)
			if st.Before(end) {
				return nil, fmt.Errorf("forecast: queue %q: start %s is before the end of the history %s", s.Queue, st.Format("2006-01-02 15:04"), end.Format("2006-01-02 15:04"))
			}
			skip = int(st.Sub(end) / in.Step)
		}
		h := int(opt.Horizon / in.Step)
		if h <= 0 {
			return nil, fmt.Errorf("forecast: horizon %v is shorter than the %v interval", opt.Horizon, in.Step)
		}
		cands := AutoModels()
		if forced != nil {
			cands = []Model{forced}
		}
		scores, runs, err := backtest(&in, cands, h+skip, opt.BacktestOrigins)
		if err != nil && forced == nil {
			return nil, fmt.Errorf("forecast: queue %q: %w", s.Queue, unwrapPkg(err))
		}
		best := 0
		for i := range scores {
			if scores[i].WAPE < scores[best].WAPE {
				best = i
			}
		}
		perDay := int(dayLen / in.Step)
		// Auto also scores the trimmed average of the best candidates
		// (trimmed.go), out of sample like the others, and takes it when
		// its backtest WAPE is the lowest.
		var weights []float64
		if forced == nil {
			if tr, w, ok := trimmedRun(&in, runs); ok {
				sc := scoreRun(&in, tr, TrimmedName, maseScale(&in, tr.origins[len(tr.origins)-1], perDay), perDay)
				scores, runs = append(scores, sc), append(runs, tr)
				if sc.WAPE < scores[best].WAPE {
					best, weights = len(scores)-1, w
				}
			}
		}
		var f []float64
		name := ""
		if weights != nil {
			f, err = trimmedForecast(&in, cands, weights, h+skip)
			name = TrimmedName
		} else {
			f, err = cands[best].Forecast(&in, h+skip)
			name = cands[best].Name()
		}
		if err != nil {
			return nil, fmt.Errorf("forecast: queue %q: %w", s.Queue, unwrapPkg(err))
		}
		var b bands
		if len(runs) > 0 {
			b = makeBands(&in, runs[best], perDay, -1)
			for i := range scores {
				scores[i].Queue, scores[i].Channel = s.Queue, s.Channel
			}
			scores[best].Chosen = true
			if c := scores[best].Coverage; !math.IsNaN(c) {
				covIn += c
				covN++
			}
			res.Backtest = append(res.Backtest, scores...)
		}
		res.Chosen[s.Queue+"/"+s.Channel] = name
		aht := ahtForecast(s, &in, h+skip)
		mult, sds := holidayPlan(&in, f, days, func(t time.Time) (string, bool) {
			for _, e := range opt.Events {
				if e.covers(t, s.Queue) {
					return e.Label, true
				}
			}
			return "", false
		})
		first := dateKey(end.Add(time.Duration(skip) * in.Step))
		for _, sd := range sds {
			if dateKey(sd.Date) >= first {
				sd.Queue, sd.Channel = s.Queue, s.Channel
				res.SpecialDays = append(res.SpecialDays, sd)
			}
		}
		for k := skip; k < h+skip; k++ {
			t := end.Add(time.Duration(k) * in.Step)
			vol := f[k] * mult[k]
			for _, e := range opt.Events {
				if !e.covers(t, s.Queue) {
					continue
				}
				mult := e.Multiplier
				if e.Closed {
					mult = 0
				} else if mult == 0 {
					mult = 1
				}
				vol *= mult
			}
			// The band is around the volume after events, so its Poisson
			// part is that of the calls expected; with no backtest (a
			// forced model on a short history) it is the Poisson's alone.
			lo, hi := b.band(vol, k, perDay)
			row := Row{Queue: s.Queue, Channel: s.Channel, Volume: vol, P10: lo, P90: hi, AHT: time.Duration(math.Round(aht[k]*1000)) * time.Millisecond, Model: name}
			loc := s.Loc
			if loc == nil {
				loc = time.UTC
			}
			row.Start = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, loc)
			if row.Start.Hour() != t.Hour() || row.Start.Minute() != t.Minute() {
				continue // a wall-clock time skipped by a DST change
			}
			res.Rows = append(res.Rows, row)
		}
	}
	sort.SliceStable(res.Rows, func(i, j int) bool {
		if !res.Rows[i].Start.Equal(res.Rows[j].Start) {
			return res.Rows[i].Start.Before(res.Rows[j].Start)
		}
		return res.Rows[i].Queue < res.Rows[j].Queue
	})
	res.Coverage = math.NaN()
	if covN > 0 {
		res.Coverage = covIn / covN
	}
	return res, nil
}

// unwrapHolidays drops the "holidays: " prefix of the holidays package's
// errors.
func unwrapHolidays(err error) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "holidays: ") {
		return prefixless{err, msg[len("holidays: "):]}
	}
	return err
}

// unwrapPkg drops the "forecast: " prefix of an error of this package, so
// that wrapped errors name the package once.
func unwrapPkg(err error) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "forecast: ") {
		return prefixless{err, msg[len("forecast: "):]}
	}
	return err
}

type prefixless struct {
	err error
	msg string
}

func (p prefixless) Error() string { return p.msg }
func (p prefixless) Unwrap() error { return p.err }

// AHTWeeks is how many recent normal weeks the handle-time forecast
// averages.
const AHTWeeks = 8

// ahtForecast is the handle time of each forecast interval: the mean AHT of
// the same weekday-interval over the last AHTWeeks normal weeks, weighted
// by answered contacts; where none was answered, the weighted mean of the
// same time of day over the same weeks; else the overall weighted mean.
func ahtForecast(s *Series, in *Input, h int) []float64 {
	v := newView(in)
	pd, pw := v.perDay, v.perWeek
	first := max(v.pad, v.n-AHTWeeks*pw)
	var wk, ww = make([]float64, pw), make([]float64, pw)
	var dk, dw = make([]float64, pd), make([]float64, pd)
	var tk, tw float64
	for j := first; j < v.n; j++ {
		if v.bad[j/pd] {
			continue
		}
		a, x := s.Answered[j-v.pad], s.AHT[j-v.pad]
		wk[j%pw] += a * x
		ww[j%pw] += a
		dk[j%pd] += a * x
		dw[j%pd] += a
		tk += a * x
		tw += a
	}
	out := make([]float64, h)
	for k := range out {
		i := v.n + k
		switch {
		case ww[i%pw] > 0:
			out[k] = wk[i%pw] / ww[i%pw]
		case dw[i%pd] > 0:
			out[k] = dk[i%pd] / dw[i%pd]
		case tw > 0:
			out[k] = tk / tw
		}
	}
	return out
}
