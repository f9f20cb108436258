package scheduling

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrConfig is wrapped by every error about a shift template, rule, agent,
// vendor or cost that cannot be scheduled.
var ErrConfig = errors.New("impossible config")

// configError is an ErrConfig whose text names the config key without the
// sentinel's words.
type configError struct{ msg string }

func (e *configError) Error() string        { return e.msg }
func (e *configError) Is(target error) bool { return target == ErrConfig }

func configErrorf(format string, args ...any) error {
	return &configError{fmt.Sprintf(format, args...)}
}

// Demand is the pooled requirement curve: staff needed per interval on a
// regular grid from Start.
type Demand struct {
	Start    time.Time     // first interval's start
	Interval time.Duration // interval length
	Required []float64     // pooled fractional staff per interval
	Queues   []string      // the queues pooled, sorted
}

// Len is the number of intervals.
func (d Demand) Len() int { return len(d.Required) }

// End is the end of the last interval.
func (d Demand) End() time.Time { return d.Start.Add(time.Duration(len(d.Required)) * d.Interval) }

// Target is the whole number of staff interval t asks for:
// ⌈Required[t]⌉. Understaffing and overstaffing are counted against it in
// whole agents.
func (d Demand) Target(t int) int { return int(math.Ceil(d.Required[t] - 1e-9)) }

// PoolRequirements sums the requirement rows of every queue per interval:
// staff_t = Σ_q agents_fractional_{q,t} / (1 − s_q), with s_q the queue's
// shrinkage from shrinkage (missing queues use defaultShrinkage). Summing
// the fractional values before rounding is what pooling the queues onto one
// team of agents means (DESIGN.md, "Required agents"). Intervals missing
// from the file between its first and last row require nobody.
func PoolRequirements(reqs []Requirement, shrinkage map[string]float64, defaultShrinkage float64) (Demand, error) {
	if len(reqs) == 0 {
		return Demand{}, fmt.Errorf("scheduling: %w: no requirement rows", ErrFormat)
	}
	starts := make([]time.Time, 0, len(reqs))
	for _, r := range reqs {
		starts = append(starts, r.Start)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	var step time.Duration
	for i := 1; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-1]); d > 0 && (step == 0 || d < step) {
			step = d
		}
	}
	if step == 0 {
		step = time.Hour
	}
	switch step {
	case 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour:
	default:
		return Demand{}, fmt.Errorf("scheduling: %w: intervals %v apart, want 5m, 10m, 15m, 30m or 60m", ErrFormat, step)
	}
	first, last := starts[0], starts[len(starts)-1]
	n := int(last.Sub(first)/step) + 1
	if n > 6*7*24*int(time.Hour/step)+int(time.Hour/step) {
		return Demand{}, fmt.Errorf("scheduling: %w: %s..%s is longer than 6 weeks", ErrFormat, first.Format(time.RFC3339), last.Format(time.RFC3339))
	}
	d := Demand{Start: first, Interval: step, Required: make([]float64, n)}
	seen := map[string]bool{}
	for _, r := range reqs {
		off := r.Start.Sub(first)
		if off%step != 0 {
			return Demand{}, fmt.Errorf("scheduling: %w: interval %s is off the %v grid starting %s", ErrFormat, r.Start.Format(time.RFC3339), step, first.Format(time.RFC3339))
		}
		t := int(off / step)
		s, ok := shrinkage[r.Queue]
		if !ok {
			s = defaultShrinkage
		}
		if s < 0 || s >= 1 {
			return Demand{}, configErrorf("scheduling: shrinkage %g of queue %q is not in [0, 1)", s, r.Queue)
		}
		d.Required[t] += r.Fractional / (1 - s)
		if !seen[r.Queue] {
			seen[r.Queue] = true
			d.Queues = append(d.Queues, r.Queue)
		}
	}
	sort.Strings(d.Queues)
	return d, nil
}

// ShiftTemplate is a kind of shift: its length, the clock times it may
// start at, the weekdays it runs and its breaks.
type ShiftTemplate struct {
	Name     string
	Length   time.Duration
	Earliest time.Duration // earliest start, after local midnight
	Latest   time.Duration // latest start, after local midnight
	Step     time.Duration // between allowed starts; 0 = the interval
	Days     [7]bool       // indexed by time.Weekday; all false = every day
	Breaks   []Break
	// CostPerHour prices a paid hour of this shift; 0 = Costs.InhousePerHour.
	CostPerHour float64
}

// Break is a break or lunch inside a shift. It lies wholly inside
// [From, To] after the shift's start.
type Break struct {
	Name   string // "break" or "lunch"
	Length time.Duration
	Paid   bool
	From   time.Duration
	To     time.Duration
}

// PaidHours is the shift's length less its unpaid breaks, in hours.
func (s ShiftTemplate) PaidHours() float64 {
	h := s.Length
	for _, b := range s.Breaks {
		if !b.Paid {
			h -= b.Length
		}
	}
	return h.Hours()
}

// startStep is the time between the template's allowed starts: Step, or
// the interval when Step is 0.
func (s ShiftTemplate) startStep(interval time.Duration) time.Duration {
	if s.Step == 0 {
		return interval
	}
	return s.Step
}

// hourlyCost is the price of one of the shift's paid hours: CostPerHour,
// or c.InhousePerHour when CostPerHour is 0.
func (s ShiftTemplate) hourlyCost(c Costs) float64 {
	if s.CostPerHour == 0 {
		return c.InhousePerHour
	}
	return s.CostPerHour
}

func (s ShiftTemplate) runsOn(wd time.Weekday) bool {
	if s.Days == [7]bool{} {
		return true
	}
	return s.Days[wd]
}

// Rules are the labour rules every in-house agent's roster obeys. Zero
// values switch a rule off.
type Rules struct {
	MinRest            time.Duration // between the end of a shift and the next start
	MaxConsecutiveDays int           // working days in a row
	DaysOffPerWeek     int           // days without a shift start per 7-day week
	ConsecutiveDaysOff bool          // those days off in one run inside the week
	MinHoursPerWeek    float64       // paid hours per 7-day week (full weeks only)
	MaxHoursPerWeek    float64       // paid hours per 7-day week
	// MaxContinuousWork limits work without a break of at least its
	// Break to its Work (rules.max_continuous_work); zero: no limit.
	MaxContinuousWork ContinuousWork
	// StartTimeChangeCost prices start-time consistency: the cost per hour
	// of difference between the start times of an agent's successive
	// working days (see startChange). It is a preference, not a rule: 0
	// leaves start times free.
	StartTimeChangeCost float64
}

// Agent is a named in-house agent.
type Agent struct {
	ID       string
	Name     string
	Contract string
	MinHours float64  // per week; 0 = Rules.MinHoursPerWeek
	MaxHours float64  // per week; 0 = Rules.MaxHoursPerWeek
	Shifts   []string // template names this agent may work; empty = all
	// Unavailable are local dates (YYYY-MM-DD ranges, inclusive) without
	// shifts.
	Unavailable []DateRange
	// Skills are the queues (or channels) the agent takes, each with its
	// priority; empty = every queue (see ParseSkills).
	Skills []Skill
}

// DateRange is an inclusive range of local dates, as YYYY-MM-DD strings.
type DateRange struct{ First, Last string }

// Contains reports whether the local date d (YYYY-MM-DD) is in r.
func (r DateRange) Contains(d string) bool { return d >= r.First && d <= r.Last }

// TimeRange is the half-open span [Start, End).
type TimeRange struct{ Start, End time.Time }

// Vendor is an outsourced surge vendor: its staff come in blocks of at
// least MinBlock, never more than MaxAgents at once, only inside its windows.
type Vendor struct {
	Name        string
	MaxAgents   int
	CostPerHour float64
	MinBlock    time.Duration
	Peak        bool        // windows are the peak windows (Peaks)
	Windows     []TimeRange // explicit windows when not Peak
	// Notice is how long before a block starts the vendor must be
	// called; the intraday re-plan (Replan) respects it.
	Notice time.Duration
	// Ramp, when > 0, is the most of its agents that may join, and the
	// most that may leave, at any one interval boundary: the team grows
	// into a peak and is released from it gradually.
	Ramp int
}

// Peaks are the peak windows: explicit ranges, and with Auto every interval
// the in-house roster leaves understaffed.
type Peaks struct {
	Auto    bool
	Windows []TimeRange
}

// Costs price the objective. Understaffing and overstaffing are per agent
// short or over per hour, against Demand.Target.
type Costs struct {
	InhousePerHour           float64
	UnderstaffedPerAgentHour float64
	OverstaffedPerAgentHour  float64
}

// DefaultCosts are used for zero Costs fields by cmd/wfm: 25 per paid
// in-house hour, 100 per agent-hour short, 1 per agent-hour over.
var DefaultCosts = Costs{InhousePerHour: 25, UnderstaffedPerAgentHour: 100, OverstaffedPerAgentHour: 1}

// Problem is everything Solve needs.
type Problem struct {
	Demand    Demand
	Location  *time.Location // local dates and weekdays; nil = Demand.Start's zone
	Templates []ShiftTemplate
	Rules     Rules
	Agents    []Agent
	Vendors   []Vendor
	Peaks     Peaks
	Costs     Costs
	// Overtime lets shifts run past their template (overtime.go); the
	// zero value allows none.
	Overtime Overtime
}

func (p *Problem) loc() *time.Location {
	if p.Location != nil {
		return p.Location
	}
	return p.Demand.Start.Location()
}

// ParseStartWindow parses a template's start times: "07:00-10:00/30m",
// "07:00-10:00" (every interval) or "07:00" (one start). A window whose
// end is before its start crosses midnight: "22:00-02:00/30m" starts at
// 22:00, 22:30 … 01:30 and 02:00, and latest is then 26h after the
// template day's midnight. A start after midnight belongs to the
// template's day: it is that day's shift (days, one shift a day, the
// day's week), started early the next calendar day.
func ParseStartWindow(s string) (earliest, latest, step time.Duration, err error) {
	want := "; want a start window such as 07:00-10:00/30m or 22:00-02:00/30m"
	bad := func(why string) error {
		return fmt.Errorf("%q: %s%s", s, why, want)
	}
	rng, st, hasStep := strings.Cut(strings.TrimSpace(s), "/")
	if hasStep {
		if step, err = time.ParseDuration(strings.TrimSpace(st)); err != nil || step <= 0 {
			return 0, 0, 0, bad(fmt.Sprintf("step %q is not a positive duration such as 30m", st))
		}
		if step >= 24*time.Hour {
			return 0, 0, 0, bad(fmt.Sprintf("step %s is a day or longer", fmtDur(step)))
		}
	}
	a, b, isRange := strings.Cut(rng, "-")
	if earliest, err = parseClock(a); err != nil {
		return 0, 0, 0, bad(fmt.Sprintf("start %q is not a clock time 00:00..23:59", strings.TrimSpace(a)))
	}
	latest = earliest
	if isRange {
		if latest, err = parseClock(b); err != nil {
			return 0, 0, 0, bad(fmt.Sprintf("end %q is not a clock time 00:00..23:59", strings.TrimSpace(b)))
		}
		if latest < earliest {
			latest += 24 * time.Hour // the window crosses midnight
		}
	}
	return earliest, latest, step, nil
}

// TemplateError is a shift template that no roster can use: Index and
// Name say which template, Key the template's key (length, starts,
// breaks[0].window …) and Msg what is wrong and what is expected. It
// wraps ErrConfig.
type TemplateError struct {
	Index int
	Name  string
	Key   string
	Msg   string
}

// ConfigKey is the config key the error is about: shifts[1].starts.
func (e *TemplateError) ConfigKey() string { return fmt.Sprintf("shifts[%d].%s", e.Index, e.Key) }

func (e *TemplateError) Error() string {
	return fmt.Sprintf("%s: template %q: %s", e.ConfigKey(), e.Name, e.Msg)
}

func (e *TemplateError) Is(target error) bool { return target == ErrConfig }

// CheckTemplate refuses template i, tp, when no roster can use it: a
// length outside (0, 24h], a start window or break off the interval grid
// iv, a break outside its shift or longer than its window, a negative
// price. iv = 0 skips the checks that need the grid (the config is
// checked before the requirements, and so the grid, are read).
func CheckTemplate(i int, tp ShiftTemplate, iv time.Duration) error {
	fail := func(key, format string, args ...any) error {
		return &TemplateError{Index: i, Name: tp.Name, Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	multiple := func(key string, d time.Duration) error {
		if iv > 0 && d%iv != 0 {
			return fail(key, "%s is not a multiple of the %s interval", fmtDur(d), fmtDur(iv))
		}
		return nil
	}
	if tp.Length <= 0 || tp.Length > 24*time.Hour {
		return fail("length", "%s: want a length in (0, 24h], such as 8h30m", fmtDur(tp.Length))
	}
	if err := multiple("length", tp.Length); err != nil {
		return err
	}
	if tp.Latest < tp.Earliest || tp.Latest-tp.Earliest >= 24*time.Hour {
		return fail("starts", "the window is not one within a day; want a start window such as 07:00-10:00/30m or 22:00-02:00/30m")
	}
	if iv > 0 && tp.Earliest%iv != 0 {
		return fail("starts", "first start %02d:%02d is off the %s interval grid", int(tp.Earliest/time.Hour), int(tp.Earliest%time.Hour/time.Minute), fmtDur(iv))
	}
	if iv > 0 && tp.Step%iv != 0 {
		return fail("starts", "step %s is not a multiple of the %s interval", fmtDur(tp.Step), fmtDur(iv))
	}
	if tp.CostPerHour < 0 || math.IsNaN(tp.CostPerHour) {
		return fail("cost_per_hour", "%g: want a price of 0 or more", tp.CostPerHour)
	}
	paid := tp.Length
	for j, b := range tp.Breaks {
		bk := fmt.Sprintf("breaks[%d]", j)
		if b.Length <= 0 {
			return fail(bk+".length", "%s: want a positive length such as 30m", fmtDur(b.Length))
		}
		if err := multiple(bk+".length", b.Length); err != nil {
			return err
		}
		win := fmtDur(b.From) + "-" + fmtDur(b.To)
		if b.To > tp.Length {
			return fail(bk+".window", "%q ends after the %s shift; want a window inside the shift", win, fmtDur(tp.Length))
		}
		if b.To-b.From < b.Length {
			return fail(bk+".window", "%q is shorter than the %s break", win, fmtDur(b.Length))
		}
		if iv > 0 && (b.From%iv != 0 || b.To%iv != 0) {
			return fail(bk+".window", "%q is off the %s interval grid", win, fmtDur(iv))
		}
		if !b.Paid {
			paid -= b.Length
		}
	}
	if paid <= 0 {
		return fail("breaks", "unpaid breaks fill the whole %s shift", fmtDur(tp.Length))
	}
	return nil
}

func parseClock(s string) (time.Duration, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, errors.New("no colon")
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, errors.New("bad clock")
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// ParseOffsetWindow parses a break window after shift start: "1h30m-3h".
func ParseOffsetWindow(s string) (from, to time.Duration, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if ok {
		from, err = time.ParseDuration(strings.TrimSpace(a))
		if err == nil {
			to, err = time.ParseDuration(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil || from < 0 || to <= from {
		return 0, 0, fmt.Errorf("%q is not a window such as 1h30m-3h", s)
	}
	return from, to, nil
}

// ParseWeekdays parses day names (sun, mon, ... or full names) into a set
// indexed by time.Weekday.
func ParseWeekdays(names []string) ([7]bool, error) {
	var days [7]bool
	for _, n := range names {
		k := strings.ToLower(strings.TrimSpace(n))
		found := false
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			full := strings.ToLower(wd.String())
			if k == full || k == full[:3] {
				days[wd] = true
				found = true
			}
		}
		if !found {
			return days, fmt.Errorf("%q is not a weekday, want sun, mon, tue, wed, thu, fri or sat", n)
		}
	}
	return days, nil
}

// ParseDateRanges parses "2026-12-24;2026-12-28..2026-12-31".
func ParseDateRanges(s string) ([]DateRange, error) {
	var out []DateRange
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, b, isRange := strings.Cut(part, "..")
		if !isRange {
			b = a
		}
		for _, d := range []string{a, b} {
			if _, err := time.Parse("2006-01-02", strings.TrimSpace(d)); err != nil {
				return nil, fmt.Errorf("%q is not a date or range such as 2026-12-24 or 2026-12-28..2026-12-31", part)
			}
		}
		r := DateRange{strings.TrimSpace(a), strings.TrimSpace(b)}
		if r.Last < r.First {
			return nil, fmt.Errorf("%q ends before it starts", part)
		}
		out = append(out, r)
	}
	return out, nil
}

// ParseTimeRange parses a window's start and end: dates (YYYY-MM-DD, the
// end date included whole), RFC 3339 times or local "YYYY-MM-DD HH:MM".
func ParseTimeRange(start, end string, loc *time.Location) (TimeRange, error) {
	parse := func(s string, isEnd bool) (time.Time, error) {
		s = strings.TrimSpace(s)
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, nil
		}
		if t, err := time.ParseInLocation("2006-01-02 15:04", s, loc); err == nil {
			return t, nil
		}
		if t, err := time.ParseInLocation("2006-01-02T15:04", s, loc); err == nil {
			return t, nil
		}
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date or time such as 2026-12-20 or 2026-12-20 08:00", s)
		}
		if isEnd {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	a, err := parse(start, false)
	if err != nil {
		return TimeRange{}, err
	}
	b, err := parse(end, true)
	if err != nil {
		return TimeRange{}, err
	}
	if !b.After(a) {
		return TimeRange{}, fmt.Errorf("%s..%s ends before it starts", start, end)
	}
	return TimeRange{a, b}, nil
}

// Validate reports the first reason p cannot be scheduled at all: a break
// window outside its shift, rules no week can satisfy, a bad vendor. An
// interval that needs staff and that no template covers is not one: it is
// understaffing (Solution.Uncovered). The error names
// the config key and wraps ErrConfig.
func (p Problem) Validate() error {
	_, err := newModel(&p)
	return err
}
