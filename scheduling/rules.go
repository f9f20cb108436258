package scheduling

import (
	"fmt"
	"math"
	"time"
)

// Each labour rule is written here once. newModel works out every agent's
// limits (agentInfo); the incremental check of the search (state.fits),
// the rule checker (Check), the agent-roster DP (agentClass, lagrangeDP)
// and the bound's capacity rows (capacityRows) read them and the
// predicates below.

// agentInfo is one agent's rules, from its own contract and Problem.Rules.
type agentInfo struct {
	minH, maxH float64 // paid hours per week; 0 = no limit
	allowed    []bool  // per template
	unavail    []bool  // per day
	fullAvail  []bool  // per week: a full week the agent is available every day of
	workDays   []int   // per week: most working days, 7 − days_off in a full week, else 7
	contract   string
	overtime   bool // the contract takes overtime (Overtime.Contracts)
}

// agentRules is agent a's agentInfo; names maps template names to their
// index.
func (m *model) agentRules(a Agent, names map[string]int) (agentInfo, error) {
	p := m.p
	ai := agentInfo{minH: a.MinHours, maxH: a.MaxHours, allowed: make([]bool, len(p.Templates)), unavail: make([]bool, len(m.days)),
		contract: a.Contract, overtime: p.Overtime.allows(a.Contract)}
	if ai.minH == 0 {
		ai.minH = p.Rules.MinHoursPerWeek
	}
	if ai.maxH == 0 {
		ai.maxH = p.Rules.MaxHoursPerWeek
	}
	if ai.minH < 0 || ai.maxH < 0 || math.IsNaN(ai.minH) || math.IsNaN(ai.maxH) || math.IsInf(ai.minH, 0) || math.IsInf(ai.maxH, 0) {
		return ai, configErrorf("agents: agent %q: weekly hours %g..%g are not finite and non-negative", a.ID, ai.minH, ai.maxH)
	}
	if ai.maxH > 0 && ai.minH > ai.maxH {
		return ai, configErrorf("agents: agent %q: min hours %g above max hours %g", a.ID, ai.minH, ai.maxH)
	}
	if len(a.Shifts) == 0 {
		for k := range ai.allowed {
			ai.allowed[k] = true
		}
	}
	for _, s := range a.Shifts {
		k, ok := names[s]
		if !ok {
			return ai, configErrorf("agents: agent %q: no shift template named %q", a.ID, s)
		}
		ai.allowed[k] = true
	}
	for di, dd := range m.days {
		for _, r := range a.Unavailable {
			if r.Contains(dd.date) {
				ai.unavail[di] = true
			}
		}
	}
	ai.fullAvail = make([]bool, m.weeks)
	ai.workDays = make([]int, m.weeks)
	for w := range ai.fullAvail {
		ai.fullAvail[w] = m.fullWeek[w]
		for di := 7 * w; di < 7*w+7 && di < len(m.days); di++ {
			if ai.unavail[di] {
				ai.fullAvail[w] = false
			}
		}
		ai.workDays[w] = 7
		if m.fullWeek[w] && p.Rules.DaysOffPerWeek > 0 {
			ai.workDays[w] = 7 - p.Rules.DaysOffPerWeek
		}
	}
	return ai, nil
}

// minHours is the weekly minimum that binds the agent in week w: only in
// full weeks it is available all of (0: none).
func (ai *agentInfo) minHours(w int) float64 {
	if ai.minH > 0 && ai.fullAvail[w] {
		return ai.minH
	}
	return 0
}

// overMax reports whether h paid hours in a week break the agent's weekly
// maximum.
func (ai *agentInfo) overMax(h float64) bool { return ai.maxH > 0 && h > ai.maxH+1e-9 }

// underMin reports whether h paid hours in week w break the agent's weekly
// minimum.
func (ai *agentInfo) underMin(w int, h float64) bool {
	mh := ai.minHours(w)
	return mh > 0 && h < mh-1e-9
}

// restOK reports whether gap, from the end of one shift to the start of
// the agent's next, is a rest the rules allow: not negative (no overlap)
// and at least min_rest.
func (r Rules) restOK(gap time.Duration) bool { return gap >= 0 && gap >= r.MinRest }

// runOK reports whether run working days in a row are allowed.
func (r Rules) runOK(run int) bool { return r.MaxConsecutiveDays <= 0 || run <= r.MaxConsecutiveDays }

// daysOffOK reports whether a full week with off days off, the longest run
// of them longest, meets days_off_per_week (and consecutive_days_off).
func (r Rules) daysOffOK(off, longest int) bool {
	k := r.DaysOffPerWeek
	return k <= 0 || (off >= k && (!r.ConsecutiveDaysOff || longest >= k))
}

// daysOff counts the days off in week w, and their longest run, of an
// agent who works day x when worked(x).
func (m *model) daysOff(w int, worked func(x int) bool) (off, longest int) {
	cur := 0
	for x := 7 * w; x < 7*w+7 && x < len(m.days); x++ {
		if worked(x) {
			cur = 0
		} else {
			off++
			cur++
			longest = max(longest, cur)
		}
	}
	return off, longest
}

// daysOffBind reports whether days_off_per_week applies to week w: only
// to full weeks.
func (m *model) daysOffBind(w int) bool { return m.p.Rules.DaysOffPerWeek > 0 && m.fullWeek[w] }

// ContinuousWork is rules.max_continuous_work: no stretch of work longer
// than Work without a break of at least Break. {2h, 10m} is the pause
// every two hours of screen work that EU directive 90/270/EEC (art. 7)
// left to national law to size; {6h, 30m} is the German Arbeitszeitgesetz
// §4 rule for a working day of six to nine hours.
type ContinuousWork struct{ Work, Break time.Duration }

// longestStretch is the longest time in a shift of the given length
// between its start, the breaks of at least cw.Break (brks: offsets
// after the start, in order) and its end. Shorter breaks do not end a
// stretch.
func (cw ContinuousWork) longestStretch(length time.Duration, brks [][2]time.Duration) (from, longest time.Duration) {
	last := time.Duration(0)
	for _, b := range brks {
		if b[1]-b[0] < cw.Break {
			continue
		}
		if b[0]-last > longest {
			from, longest = last, b[0]-last
		}
		last = b[1]
	}
	if length-last > longest {
		from, longest = last, length-last
	}
	return from, longest
}

// continuousOK reports whether a stretch of work is allowed.
func (cw ContinuousWork) continuousOK(stretch time.Duration) bool {
	return cw.Work <= 0 || stretch <= cw.Work
}

// worstStretch is the longest stretch of work any placement of the
// template's breaks inside their windows can leave: each qualifying break
// as late as it may start after the one before it as early as it may end.
func (cw ContinuousWork) worstStretch(tp ShiftTemplate) time.Duration {
	last, worst := time.Duration(0), time.Duration(0)
	for _, b := range tp.Breaks {
		if b.Length < cw.Break {
			continue
		}
		worst = max(worst, b.To-b.Length-last)
		last = b.From + b.Length
	}
	return max(worst, tp.Length-last)
}

// checkRules refuses rules that no week can satisfy.
func (m *model) checkRules() error {
	r := m.p.Rules
	if r.DaysOffPerWeek < 0 || r.DaysOffPerWeek > 7 {
		return configErrorf("rules.days_off_per_week: %d is not in 0..7", r.DaysOffPerWeek)
	}
	if r.StartTimeChangeCost < 0 || math.IsNaN(r.StartTimeChangeCost) || math.IsInf(r.StartTimeChangeCost, 0) {
		return configErrorf("rules.start_time_change_cost: %g: want a cost of 0 or more per hour of start-time change", r.StartTimeChangeCost)
	}
	if r.MaxConsecutiveDays < 0 {
		return configErrorf("rules.max_consecutive_days: negative")
	}
	if r.MinRest < 0 || r.MinRest >= 7*24*time.Hour {
		return configErrorf("rules.min_rest: %s is not in [0, 168h)", fmtDur(r.MinRest))
	}
	if cw := r.MaxContinuousWork; cw != (ContinuousWork{}) {
		if cw.Work <= 0 || cw.Break <= 0 || cw.Break >= cw.Work {
			return configErrorf("rules.max_continuous_work: {work: %s, break: %s}: want a work stretch and a shorter break, both positive, e.g. {work: 2h, break: 10m}", fmtDur(cw.Work), fmtDur(cw.Break))
		}
		for i, tp := range m.p.Templates {
			if w := cw.worstStretch(tp); !cw.continuousOK(w) {
				return configErrorf("shifts[%d]: template %q: its breaks may leave %s of work without a break of %s, and rules.max_continuous_work allows %s; add a break or narrow the break windows",
					i, tp.Name, fmtDur(w), fmtDur(cw.Break), fmtDur(cw.Work))
			}
		}
	}
	if r.MaxHoursPerWeek > 0 && r.MinHoursPerWeek > r.MaxHoursPerWeek {
		return configErrorf("rules.min_hours_per_week: %g is above max_hours_per_week %g", r.MinHoursPerWeek, r.MaxHoursPerWeek)
	}
	days := 7 - r.DaysOffPerWeek
	if c := r.MaxConsecutiveDays; c > 0 {
		days = min(days, 7-7/(c+1))
	}
	// Can any two shifts on consecutive days leave min_rest between them?
	back2back := false
	maxPaid := 0.0
	for _, a := range m.p.Templates {
		maxPaid = math.Max(maxPaid, a.PaidHours())
		for _, b := range m.p.Templates {
			if 24*time.Hour+b.Latest-a.Earliest-a.Length >= r.MinRest {
				back2back = true
			}
		}
	}
	why := ""
	if !back2back {
		days = min(days, 4)
		why = fmt.Sprintf(" (min_rest %s rules out shifts on consecutive days)", fmtDur(r.MinRest))
	}
	if r.MinHoursPerWeek > 0 && float64(days)*maxPaid < r.MinHoursPerWeek-1e-9 {
		return configErrorf("rules.min_hours_per_week: %gh cannot be met: at most %d days a week%s of at most %gh paid", r.MinHoursPerWeek, days, why, maxPaid)
	}
	return nil
}
