package scheduling

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// ActivityVTO is voluntary time off: the end of a shift an agent takes
// unpaid when the center is overstaffed. A vto row lies inside its shift,
// ends with it and after the shift's last break; the shift row keeps its
// contracted span, the vto hours are off the phones and unpaid.
const ActivityVTO = "vto"

// Kinds of Change.
const (
	ChangeBreak    = "move break"
	ChangeVTO      = "vto"
	ChangeVendor   = "call vendor"
	ChangeOvertime = "overtime"
)

// ReplanOptions steer Replan.
type ReplanOptions struct {
	// At is the time of the re-plan: only what starts at or after it can
	// change, until the end of At's local day.
	At time.Time
	// The levers: moving breaks that have not started, offering voluntary
	// time off, calling a vendor (within its notice, Vendor.Notice),
	// offering overtime at the ends Problem.Overtime allows.
	MoveBreaks, VTO, CallVendors, Overtime bool
}

// Change is one proposed change to the roster.
type Change struct {
	Kind       string
	Agent      string
	Vendor     string    // ChangeVendor: the vendor called
	Start, End time.Time // the new break, the time off, the vendor block
	From       time.Time // ChangeBreak: where the break started before
	Hours      float64   // paid hours: − for time off, + for a vendor block or overtime
	Pay        float64   // pay change: − a saving
	Gain       float64   // objective over the rest of the day, before − after
}

// ReplanCost is the objective over the re-planned window: understaffing
// and overstaffing priced as in the objective (objective.go), and the pay
// the changes add or save.
type ReplanCost struct {
	ShortHours, OverHours float64 // agent-hours against the target
	StaffCost             float64 // their price
	Pay                   float64 // pay change (0 before)
	Objective             float64 // StaffCost + Pay
	Understaffed          int     // intervals with net staff under target
}

// ReplanResult is the result of an intraday re-plan.
type ReplanResult struct {
	Start, End    time.Time // the window: from At (on the grid) to the day's end
	Changes       []Change
	Roster        []Activity // the whole roster with the changes made
	Before, After ReplanCost
	Intervals     []Coverage // the new roster's coverage of the window
}

// ErrReplanWindow is wrapped when nothing of At's day is left to re-plan.
var ErrReplanWindow = errors.New("nothing left of the day to re-plan")

// Replan proposes the cheapest changes to a roster for the rest of At's
// local day against p's requirements (typically updated from the
// morning's actuals, forecast.IntradayUpdate): moving breaks that have not
// started to where an agent fewer costs least, voluntary time off at the
// end of shifts where the center is overstaffed, overtime at the ends of
// shifts (Problem.Overtime: its price as shiftPay has it, its caps and
// contracts as Check enforces them), and vendor blocks that start after
// the vendor's notice. It is a steepest-descent local search
// (Aarts & Lenstra 1997, Local Search in Combinatorial Optimization, ch. 1)
// over those single changes, priced by the roster objective's own
// interval term (staffCost) plus the pay a change adds or saves: each round
// applies the change that lowers the objective most and that Check finds
// no new violation in (every rule is Check's), until none lowers it.
func Replan(p Problem, roster []Activity, opt ReplanOptions) (ReplanResult, error) {
	var r ReplanResult
	m, err := newModel(&p)
	if err != nil {
		return r, err
	}
	d := p.Demand
	iv := d.Interval
	loc := p.loc()
	at := opt.At.In(loc)
	t0 := int(math.Ceil(float64(at.Sub(d.Start)) / float64(iv)))
	midnight := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1)
	t1 := min(m.T, int(math.Ceil(float64(midnight.Sub(d.Start))/float64(iv))))
	if t0 < 0 || t0 >= t1 {
		return r, fmt.Errorf("scheduling: %w: %s is outside the requirements' %s..%s or at the day's end", ErrReplanWindow,
			at.Format(time.RFC3339), d.Start.In(loc).Format(time.RFC3339), d.End().In(loc).Format(time.RFC3339))
	}
	stamp := func(t int) time.Time { return d.Start.Add(time.Duration(t) * iv).In(loc) }
	index := func(x time.Time) (int, bool) {
		k := x.Sub(d.Start)
		return int(k / iv), k%iv == 0
	}
	r.Start, r.End = stamp(t0), stamp(t1)
	for _, a := range roster {
		if a.End.After(r.Start) && a.Start.Before(r.End) {
			if _, ok := index(a.Start); !ok {
				return r, fmt.Errorf("scheduling: roster row %s %s %s starts off the %s grid: the re-plan moves whole intervals", a.Agent, a.Activity, span(a, loc), fmtDur(iv))
			}
			if _, ok := index(a.End); !ok {
				return r, fmt.Errorf("scheduling: roster row %s %s %s ends off the %s grid: the re-plan moves whole intervals", a.Agent, a.Activity, span(a, loc), fmtDur(iv))
			}
		}
	}

	acts := slices.Clone(roster)
	net := make([]int, m.T)
	vendorStaff := make([][]int, len(p.Vendors))
	for vi := range vendorStaff {
		vendorStaff[vi] = make([]int, m.T)
	}
	vendorIdx := map[string]int{}
	for vi, v := range p.Vendors {
		vendorIdx[v.Name] = vi
	}
	for t, c := range Cover(p, acts) {
		net[t] = int(math.Round(c.Net))
	}
	for _, a := range acts {
		vi, ok := vendorIdx[a.Vendor()]
		if !ok || a.Activity != ActivityShift {
			continue
		}
		lo, _ := index(a.Start)
		hi, _ := index(a.End)
		for t := max(lo, 0); t < min(hi, m.T); t++ {
			vendorStaff[vi][t]++
		}
	}
	cost := func() ReplanCost {
		var c ReplanCost
		for t := t0; t < t1; t++ {
			c.StaffCost += m.staffCost(t, net[t])
			if s := m.target[t] - net[t]; s > 0 {
				c.ShortHours += float64(s) * m.dh
				c.Understaffed++
			} else {
				c.OverHours += float64(-s) * m.dh
			}
		}
		return c
	}
	r.Before = cost()
	r.Before.Objective = r.Before.StaffCost

	// delta is the change of the interval term when net staff of [lo, hi)
	// change by dn.
	delta := func(lo, hi, dn int) float64 {
		var s float64
		for t := max(lo, t0); t < min(hi, t1); t++ {
			s += m.staffCost(t, net[t]+dn) - m.staffCost(t, net[t])
		}
		return s
	}
	bump := func(lo, hi, dn int) {
		for t := max(lo, 0); t < min(hi, m.T); t++ {
			net[t] += dn
		}
	}
	baseViol := violationCounts(m.check(acts))

	// A candidate is one change and how to make it in acts.
	type candidate struct {
		key   string
		ch    Change
		apply func() // changes acts and net
		undo  func()
	}
	banned := map[string]bool{}
	for round := 0; ; round++ {
		var cands []candidate
		shifts := m.replanShifts(acts, stamp(t0), stamp(t1))
		for _, s := range shifts {
			sh := acts[s.shift]
			lo, _ := index(sh.Start)
			hi, _ := index(sh.End)
			if opt.MoveBreaks && s.tmpl >= 0 {
				tp := p.Templates[s.tmpl]
				for k, bi := range s.brks {
					b := acts[bi]
					blo, _ := index(b.Start)
					n := int(b.End.Sub(b.Start) / iv)
					if blo < t0 {
						continue // started: it stays
					}
					for o := lo + int(tp.Breaks[k].From/iv); o+n <= lo+int(tp.Breaks[k].To/iv); o++ {
						if o == blo || o < t0 || o+n > hi {
							continue
						}
						if overlapsOther(acts, s.brks, k, stamp(o), stamp(o+n)) {
							continue
						}
						bi, o, blo, n := bi, o, blo, n
						gain := -delta(blo, blo+n, +1)
						bump(blo, blo+n, +1)
						gain -= delta(o, o+n, -1)
						bump(blo, blo+n, -1)
						old := acts[bi]
						moved := old
						moved.Start, moved.End = stamp(o), stamp(o+n)
						cands = append(cands, candidate{
							key: fmt.Sprintf("break %s %s %d", old.Agent, old.Start, o),
							ch:  Change{Kind: ChangeBreak, Agent: old.Agent, Start: moved.Start, End: moved.End, From: old.Start, Gain: gain},
							apply: func() {
								acts[bi] = moved
								bump(blo, blo+n, +1)
								bump(o, o+n, -1)
							},
							undo: func() {
								acts[bi] = old
								bump(o, o+n, +1)
								bump(blo, blo+n, -1)
							},
						})
					}
				}
			}
			if opt.VTO && !s.hasVTO {
				rate := p.Costs.InhousePerHour
				if s.tmpl >= 0 {
					rate = p.Templates[s.tmpl].hourlyCost(p.Costs)
				}
				from := max(t0, lo+1) // a whole shift off is an absence, not time off
				for _, bi := range s.brks {
					e, _ := index(acts[bi].End)
					from = max(from, e)
				}
				for c := from; c < hi; c++ {
					c := c
					pay := -float64(hi-c) * m.dh * rate
					gain := -delta(c, hi, -1) - pay
					row := Activity{Agent: sh.Agent, Source: sh.Source, Activity: ActivityVTO, Start: stamp(c), End: stamp(hi)}
					cands = append(cands, candidate{
						key: fmt.Sprintf("vto %s %s %d", sh.Agent, sh.Start, c),
						ch:  Change{Kind: ChangeVTO, Agent: sh.Agent, Start: row.Start, End: row.End, Hours: -float64(hi-c) * m.dh, Pay: pay, Gain: gain},
						apply: func() {
							acts = append(acts, row)
							bump(c, hi, -1)
						},
						undo: func() {
							acts = acts[:len(acts)-1]
							bump(c, hi, +1)
						},
					})
				}
			}
			if opt.Overtime && p.Overtime.On() {
				tp := ShiftTemplate{}
				if s.tmpl >= 0 {
					tp = p.Templates[s.tmpl]
				}
				maxK := int(p.Overtime.MaxPerDay / iv)
				ext := p.Overtime.extend()
				type side struct {
					ok      bool
					at      int // the shift's end (after) or start (before)
					dir     int
					touched bool
				}
				for _, sd := range []side{{ext != ExtendBefore, hi, 1, s.otAfter}, {ext != ExtendAfter, lo, -1, s.otBefore}} {
					if !sd.ok || sd.touched {
						continue
					}
					for k := 1; k <= maxK; k++ {
						a, b := sd.at, sd.at+k
						if sd.dir < 0 {
							a, b = sd.at-k, sd.at
						}
						if a < t0 || b > t1 {
							break
						}
						_, pay := m.shiftPay(tp, float64(k)*m.dh)
						gain := -delta(a, b, +1) - pay
						row := Activity{Agent: sh.Agent, Source: sh.Source, Activity: ActivityOvertime, Start: stamp(a), End: stamp(b)}
						cands = append(cands, candidate{
							key: fmt.Sprintf("overtime %s %s %d %d", sh.Agent, sh.Start, a, b),
							ch:  Change{Kind: ChangeOvertime, Agent: sh.Agent, Start: row.Start, End: row.End, Hours: float64(k) * m.dh, Pay: pay, Gain: gain},
							apply: func() {
								acts = append(acts, row)
								bump(a, b, +1)
							},
							undo: func() {
								acts = acts[:len(acts)-1]
								bump(a, b, -1)
							},
						})
					}
				}
			}
		}
		if opt.CallVendors {
			for vi, v := range p.Vendors {
				name := nextVendorName(acts, v.Name)
				first := int(math.Ceil(float64(at.Add(v.Notice).Sub(d.Start)) / float64(iv)))
				minLen := max(1, int(math.Ceil(float64(v.MinBlock)/float64(iv))))
				for s := max(t0, first); s+minLen <= t1; s++ {
					var gain float64
					for e := s; e < t1; e++ {
						if vendorStaff[vi][e] >= v.MaxAgents || !m.vendorMayWork(vi, e, net[e]-staffAt(vendorStaff, e)) {
							break
						}
						gain -= m.staffCost(e, net[e]+1) - m.staffCost(e, net[e])
						if e+1-s < minLen {
							continue
						}
						s, e, vi := s, e+1, vi
						pay := float64(e-s) * m.dh * v.CostPerHour
						row := Activity{Agent: name, Source: "vendor:" + v.Name, Activity: ActivityShift, Start: stamp(s), End: stamp(e)}
						cands = append(cands, candidate{
							key: fmt.Sprintf("vendor %s %d %d", v.Name, s, e),
							ch:  Change{Kind: ChangeVendor, Agent: name, Vendor: v.Name, Start: row.Start, End: row.End, Hours: float64(e-s) * m.dh, Pay: pay, Gain: gain - pay},
							apply: func() {
								acts = append(acts, row)
								bump(s, e, +1)
								for t := s; t < e; t++ {
									vendorStaff[vi][t]++
								}
							},
							undo: func() {
								acts = acts[:len(acts)-1]
								bump(s, e, -1)
								for t := s; t < e; t++ {
									vendorStaff[vi][t]--
								}
							},
						})
					}
				}
			}
		}
		// The best change Check accepts; ties go to the one found first,
		// so a roster gives one re-plan.
		slices.SortStableFunc(cands, func(a, b candidate) int {
			switch {
			case a.ch.Gain > b.ch.Gain:
				return -1
			case a.ch.Gain < b.ch.Gain:
				return 1
			}
			return 0
		})
		applied := false
		for _, c := range cands {
			if c.ch.Gain <= 1e-9 {
				break
			}
			if banned[c.key] {
				continue
			}
			c.apply()
			if newViolations(baseViol, violationCounts(m.check(acts))) {
				c.undo()
				banned[c.key] = true
				continue
			}
			r.Changes = append(r.Changes, c.ch)
			applied = true
			break
		}
		if !applied {
			break
		}
	}
	r.Roster = acts
	r.After = cost()
	for _, c := range r.Changes {
		r.After.Pay += c.Pay
	}
	r.After.Objective = r.After.StaffCost + r.After.Pay
	cov := Cover(p, acts)
	r.Intervals = cov[t0:t1]
	return r, nil
}

// replanShift is an in-house shift that overlaps the re-plan window, with
// its break rows and its template (−1 when none matches).
type replanShift struct {
	shift  int   // index in the roster
	brks   []int // its break and lunch rows, in time order
	tmpl   int
	hasVTO bool
	// otBefore, otAfter: an overtime row already touches the shift's start
	// or end.
	otBefore, otAfter bool
}

// replanShifts finds the in-house shifts of acts overlapping [from, to)
// and the template each was cut from (as Check matches them).
func (m *model) replanShifts(acts []Activity, from, to time.Time) []replanShift {
	loc := m.p.loc()
	// Each agent's in-house rows other than shifts, found once.
	others := map[string][]int{}
	for j, b := range acts {
		if b.Vendor() == "" && b.Activity != ActivityShift {
			others[b.Agent] = append(others[b.Agent], j)
		}
	}
	var out []replanShift
	for i, a := range acts {
		if a.Vendor() != "" || a.Activity != ActivityShift || !a.End.After(from) || !a.Start.Before(to) {
			continue
		}
		s := replanShift{shift: i, tmpl: -1}
		var brk []Activity
		for _, j := range others[a.Agent] {
			b := acts[j]
			if b.Activity == ActivityOvertime {
				s.otBefore = s.otBefore || b.End.Equal(a.Start)
				s.otAfter = s.otAfter || b.Start.Equal(a.End)
			}
			if b.Start.Before(a.Start) || b.End.After(a.End) {
				continue
			}
			if b.Activity == ActivityVTO {
				s.hasVTO = true
				continue
			}
			s.brks = append(s.brks, j)
		}
		slices.SortFunc(s.brks, func(x, y int) int { return acts[x].Start.Compare(acts[y].Start) })
		for _, j := range s.brks {
			brk = append(brk, acts[j])
		}
		st := a.Start.In(loc)
		date := st.Format("2006-01-02")
		clock := time.Duration(st.Hour())*time.Hour + time.Duration(st.Minute())*time.Minute
		for d, dd := range m.days {
			if dd.date != date {
				continue
			}
			for _, cand := range []struct {
				d int
				c time.Duration
			}{{d, clock}, {d - 1, clock + 24*time.Hour}} {
				if cand.d < 0 || s.tmpl >= 0 {
					continue
				}
				for k, tp := range m.p.Templates {
					if m.templateStarts(tp, cand.d, cand.c, a.End.Sub(a.Start)) && matchBreaks(tp, a, brk) == "" {
						s.tmpl = k
						break
					}
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// overlapsOther reports whether [s, e) overlaps a break of brks other
// than the k-th.
func overlapsOther(acts []Activity, brks []int, k int, s, e time.Time) bool {
	for j, bi := range brks {
		if j != k && acts[bi].Start.Before(e) && s.Before(acts[bi].End) {
			return true
		}
	}
	return false
}

// vendorMayWork reports whether vendor vi may staff interval t, the
// in-house roster leaving inhouse net staff there: inside its windows, or
// for a peak vendor with auto peaks where the in-house roster leaves the
// target unmet (as checkVendorRows reads the rule).
func (m *model) vendorMayWork(vi, t, inhouse int) bool {
	if m.vwin[vi][t] {
		return true
	}
	return m.p.Vendors[vi].Peak && m.p.Peaks.Auto && inhouse < m.target[t]
}

func staffAt(staff [][]int, t int) int {
	n := 0
	for _, s := range staff {
		n += s[t]
	}
	return n
}

// nextVendorName is the first NAME-NNN not yet in acts.
func nextVendorName(acts []Activity, vendor string) string {
	used := map[string]bool{}
	for _, a := range acts {
		if a.Vendor() == vendor {
			used[a.Agent] = true
		}
	}
	for k := 1; ; k++ {
		if n := fmt.Sprintf("%s-%03d", vendor, k); !used[n] {
			return n
		}
	}
}

// violationCounts counts violations per rule and agent.
func violationCounts(vs []Violation) map[string]int {
	out := map[string]int{}
	for _, v := range vs {
		out[v.Rule+"\x00"+v.Agent]++
	}
	return out
}

// newViolations reports whether after has a rule and agent with more
// violations than before.
func newViolations(before, after map[string]int) bool {
	for k, n := range after {
		if n > before[k] {
			return true
		}
	}
	return false
}

// Describe is a change in words, as `wfm replan` prints it.
func (c Change) Describe(loc *time.Location) string {
	hm := func(t time.Time) string { return t.In(loc).Format("15:04") }
	switch c.Kind {
	case ChangeBreak:
		return fmt.Sprintf("move %s's break from %s to %s-%s", c.Agent, hm(c.From), hm(c.Start), hm(c.End))
	case ChangeVTO:
		return fmt.Sprintf("offer %s voluntary time off %s-%s", c.Agent, hm(c.Start), hm(c.End))
	case ChangeOvertime:
		return fmt.Sprintf("offer %s overtime %s-%s", c.Agent, hm(c.Start), hm(c.End))
	case ChangeVendor:
		return fmt.Sprintf("call %s for one agent %s-%s (%s)", c.Vendor, hm(c.Start), hm(c.End), c.Agent)
	}
	return c.Kind
}

// ReplanService is one queue's predicted service level over a re-plan's
// window, with the roster as it was and as re-planned.
type ReplanService struct {
	Queue                 string
	Before, After, Target float64
	Missed                bool // After is under a target the queue has
}

// Service predicts each queue's service level over r's window
// (PredictServiceLevel, weighted by volume as DailyService weighs a day)
// with roster, the roster before the changes, and with r.Roster; reqs are
// the requirements p was built from. Queues without volume in the window
// are left out; the rest come in queues' order.
func (r ReplanResult) Service(p Problem, reqs []Requirement, queues []QueueTargets, roster []Activity) ([]ReplanService, error) {
	var window []Requirement
	for _, q := range reqs {
		if !q.Start.Before(r.Start) && q.Start.Before(r.End) {
			window = append(window, q)
		}
	}
	t0 := int(r.Start.Sub(p.Demand.Start) / p.Demand.Interval)
	byQueue := func(cov []Coverage) (map[string]DayService, error) {
		svc, err := PredictServiceLevel(window, cov, queues)
		if err != nil {
			return nil, err
		}
		out := map[string]DayService{}
		for _, d := range DailyService(svc, p.loc()) {
			out[d.Queue] = d
		}
		return out, nil
	}
	before, err := byQueue(Cover(p, roster)[t0 : t0+len(r.Intervals)])
	if err != nil {
		return nil, err
	}
	after, err := byQueue(r.Intervals)
	if err != nil {
		return nil, err
	}
	var out []ReplanService
	for _, q := range queues {
		d, ok := after[q.Name]
		if !ok || d.Volume == 0 {
			continue
		}
		out = append(out, ReplanService{Queue: q.Name, Before: before[q.Name].ServiceLevel, After: d.ServiceLevel, Target: d.Target,
			Missed: d.Target > 0 && d.ServiceLevel < d.Target-1e-9})
	}
	return out, nil
}
