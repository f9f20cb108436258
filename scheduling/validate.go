package scheduling

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Gates are the thresholds a team sets for `wfm validate` beyond each
// queue's own targets. Zero values switch a gate off, except where noted.
type Gates struct {
	// MinIntervalSL fails any interval with volume whose predicted service
	// level is below it (0 = off).
	MinIntervalSL float64
	// MaxUnderstaffedIntervals fails the roster when more intervals than
	// this have fewer net staff than required; negative = off.
	MaxUnderstaffedIntervals int
}

// Check suites of a Verdict.
const (
	SuiteRules    = "rules"
	SuiteCoverage = "coverage"
)

// CheckResult is one named check of a Verdict, grouped by suite (CI systems
// show suites as test suites and checks as test cases).
type CheckResult struct {
	Suite    string   `json:"suite"`
	Name     string   `json:"name"`
	Passed   bool     `json:"passed"`
	Detail   string   `json:"detail"`
	Failures []string `json:"failures,omitempty"` // one line per failing item
}

// Verdict is the outcome of validating a roster.
type Verdict struct {
	Passed       bool           `json:"passed"`
	Checks       []CheckResult  `json:"checks"`
	Intervals    int            `json:"intervals"`
	Understaffed int            `json:"understaffed_intervals"`
	CoverageRate float64        `json:"coverage"`
	Days         []DayService   `json:"-"`
	Service      []QueueService `json:"-"`
	Coverage     []Coverage     `json:"-"`
	Violations   []Violation    `json:"-"`
}

// Failed counts the failed checks.
func (v Verdict) Failed() int {
	n := 0
	for _, c := range v.Checks {
		if !c.Passed {
			n++
		}
	}
	return n
}

// ruleNames are the rules Check enforces, in the order a report lists them.
var ruleNames = []string{RuleUnknownAgent, RuleHorizon, RuleTemplate, RuleBreak, RuleOneShiftPerDay, RuleRest, RuleConsecutive,
	RuleDaysOff, RuleMaxHours, RuleMinHours, RuleAvailability, RuleVendorCap, RuleVendorBlock, RuleVendorWindow}

// Validate checks a roster against the problem's rules (Check), each
// queue's service-level target per day (volume-weighted, from
// PredictServiceLevel) and the gates. It is what `wfm validate` runs. With
// no queues, only rules and coverage are checked.
func Validate(p Problem, reqs []Requirement, queues []QueueTargets, roster []Activity, g Gates) (Verdict, error) {
	var v Verdict
	viol, err := Check(p, roster)
	if err != nil {
		return v, err
	}
	v.Violations = viol
	loc := p.Location
	if loc == nil {
		loc = p.Demand.Start.Location()
	}
	byRule := map[string][]Violation{}
	for _, x := range viol {
		byRule[x.Rule] = append(byRule[x.Rule], x)
	}
	names := append([]string(nil), ruleNames...)
	if p.Rules.MaxContinuousWork.Work > 0 { // a rule only when it is set
		names = slices.Insert(names, slices.Index(names, RuleDaysOff), RuleContinuousWork)
	}
	if p.Overtime.On() { // listed only when overtime is allowed
		names = slices.Insert(names, slices.Index(names, RuleVendorCap), RuleOvertime)
	}
	if slices.ContainsFunc(p.Vendors, func(v Vendor) bool { return v.Ramp > 0 }) {
		names = append(names, RuleVendorRamp)
	}
	for r := range byRule {
		if !slices.Contains(names, r) {
			names = append(names, r)
		}
	}
	for _, r := range names {
		c := CheckResult{Suite: SuiteRules, Name: r, Passed: len(byRule[r]) == 0}
		if c.Passed {
			c.Detail = "no violation"
		} else {
			c.Detail = fmt.Sprintf("%d violation(s)", len(byRule[r]))
			for _, x := range byRule[r] {
				c.Failures = append(c.Failures, x.String())
			}
		}
		v.Checks = append(v.Checks, c)
	}

	v.Coverage = Cover(p, roster)
	var need, met float64
	var worst []string
	for _, c := range v.Coverage {
		v.Intervals++
		need += float64(c.Target)
		met += min(c.Net, float64(c.Target))
		if c.Net < float64(c.Target)-1e-9 {
			v.Understaffed++
			worst = append(worst, fmt.Sprintf("%s: %.1f net staff, %d required", c.Start.In(loc).Format("2006-01-02 15:04"), c.Net, c.Target))
		}
	}
	v.CoverageRate = 1
	if need > 0 {
		v.CoverageRate = met / need
	}
	uc := CheckResult{Suite: SuiteCoverage, Name: "understaffed intervals", Passed: true,
		Detail: fmt.Sprintf("%d of %d intervals have fewer net staff than required; coverage %.1f%%", v.Understaffed, v.Intervals, 100*v.CoverageRate)}
	if g.MaxUnderstaffedIntervals >= 0 {
		uc.Detail += fmt.Sprintf(" (gate: at most %d)", g.MaxUnderstaffedIntervals)
		if v.Understaffed > g.MaxUnderstaffedIntervals {
			uc.Passed = false
			uc.Failures = worst
		}
	}
	v.Checks = append(v.Checks, uc)

	if len(queues) == 0 {
		v.Passed = v.Failed() == 0
		return v, nil
	}
	v.Service, err = PredictServiceLevel(reqs, v.Coverage, queues)
	if err != nil {
		return v, err
	}
	v.Days = DailyService(v.Service, loc)
	for _, q := range sortedQueues(v.Service) {
		suite := "queue " + q
		for _, d := range v.Days {
			if d.Queue != q || d.Volume == 0 {
				continue
			}
			c := CheckResult{Suite: suite, Name: d.Day.Format("2006-01-02 Mon") + " service level",
				Passed: d.ServiceLevel >= d.Target-1e-9,
				Detail: fmt.Sprintf("%.1f%% (target %.1f%%), %d of %d intervals under target", 100*d.ServiceLevel, 100*d.Target, d.Missed, d.Intervals)}
			v.Checks = append(v.Checks, c)
		}
		if g.MinIntervalSL > 0 {
			c := CheckResult{Suite: suite, Name: "interval service level", Passed: true}
			n := 0
			for _, s := range v.Service {
				if s.Queue != q || s.Volume == 0 {
					continue
				}
				n++
				if s.ServiceLevel < g.MinIntervalSL-1e-9 {
					c.Passed = false
					c.Failures = append(c.Failures, fmt.Sprintf("%s: %.1f%%", s.Start.In(loc).Format("2006-01-02 15:04"), 100*s.ServiceLevel))
				}
			}
			c.Detail = fmt.Sprintf("%d of %d intervals under %.1f%% (gate)", len(c.Failures), n, 100*g.MinIntervalSL)
			v.Checks = append(v.Checks, c)
		}
	}
	v.Passed = v.Failed() == 0
	return v, nil
}

func sortedQueues(svc []QueueService) []string {
	seen := map[string]bool{}
	var qs []string
	for _, s := range svc {
		if !seen[s.Queue] {
			seen[s.Queue] = true
			qs = append(qs, s.Queue)
		}
	}
	sort.Strings(qs)
	return qs
}

// String formats a check on one line.
func (c CheckResult) String() string {
	status := "pass"
	if !c.Passed {
		status = "FAIL"
	}
	return strings.TrimSpace(fmt.Sprintf("%s %s / %s: %s", status, c.Suite, c.Name, c.Detail))
}
