package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/scheduling"
)

// This file is the one translation from the config and the command line to
// the scheduling package: the roster search's options (shared by schedule
// and plan), the requirements file, and the Problem (shared by schedule,
// plan, validate and simulate).

// searchFlags are the roster search's flags, registered the same way on
// every command that searches, with the same config fallbacks.
type searchFlags struct {
	seed      int64
	timeLimit time.Duration
	effort    int
}

// defaultTimeLimit is the roster search's safety net when neither
// --time-limit nor schedule.time_limit is given. The search's length is set
// by --effort; the limit only cuts a search the machine cannot finish.
const defaultTimeLimit = 60 * time.Second

func (s *searchFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Int64Var(&s.seed, "seed", 1, "random seed: the same seed gives the same roster (default schedule.seed, else 1)")
	f.DurationVar(&s.timeLimit, "time-limit", defaultTimeLimit, "stop the search after this long, reported when it cuts (default schedule.time_limit, else 60s)")
	f.IntVar(&s.effort, "effort", 1, "search this many times longer for a cheaper roster, still one roster per seed (default schedule.effort, else 1)")
}

// options resolves the flags against the config: a flag given on the
// command line wins, then the schedule: key, then the built-in default.
func (a *app) searchOptions(cmd *cobra.Command, s searchFlags) (scheduling.Options, error) {
	c := a.cfg
	fl := cmd.Flags()
	o := scheduling.Options{Seed: s.seed, TimeLimit: s.timeLimit, Effort: s.effort}
	if !fl.Changed("seed") {
		o.Seed = c.Schedule.Seed
	}
	if fl.Changed("time-limit") {
		if o.TimeLimit <= 0 {
			return o, fmt.Errorf("%s: --time-limit %s: want a positive duration such as 60s", cmd.Name(), o.TimeLimit)
		}
	} else {
		switch t := c.Schedule.TimeLimit; {
		case t < 0:
			return o, fmt.Errorf("config %s: schedule.time_limit: %s: want a positive duration such as 60s", c.displayPath(), t)
		case t > 0:
			o.TimeLimit = t
		}
	}
	if fl.Changed("effort") {
		if o.Effort < 1 {
			return o, fmt.Errorf("%s: --effort %d: want a whole number from 1 up, such as 4", cmd.Name(), o.Effort)
		}
	} else {
		switch e := c.Schedule.Effort; {
		case e < 0:
			return o, fmt.Errorf("config %s: schedule.effort: %d: want a whole number from 1 up, such as 4", c.displayPath(), e)
		case e > 0:
			o.Effort = e
		}
	}
	return o, nil
}

// timeLimitNote follows a roster's gap when the time limit cut its
// search: the roster is then not the seed's one roster.
func timeLimitNote(timedOut bool) string {
	if timedOut {
		return " (time limit reached)"
	}
	return ""
}

// readRequirementsFile reads requirements.csv; a file without rows is an
// error, as no roster can be planned or checked against it, and so are
// rows written in another zone than site.timezone.
func (a *app) readRequirementsFile(path string) ([]scheduling.Requirement, error) {
	f, err := openCSV(path, "requirements.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reqs, err := scheduling.ReadRequirements(f, path)
	if err != nil {
		return nil, err
	}
	if len(reqs) == 0 {
		return nil, fmt.Errorf("%s: no requirement rows", path)
	}
	if err := checkRequirementRows(path, reqs); err != nil {
		return nil, err
	}
	starts := make([]time.Time, len(reqs))
	for i, r := range reqs {
		starts[i] = r.Start
	}
	if err := a.checkSiteOffsets(path, starts); err != nil {
		return nil, err
	}
	return reqs, nil
}

// scheduleConfigError puts the config file's name before a domain error
// about the config.
func (a *app) scheduleConfigError(err error) error {
	if errors.Is(err, scheduling.ErrConfig) {
		return fmt.Errorf("config %s: %w", a.cfg.displayPath(), err)
	}
	return err
}

func (c *Config) displayPath() string {
	if c.path == "" {
		return "(no config file)"
	}
	return c.path
}

// schedulingProblem converts the config and the requirements into the
// scheduling package's Problem, naming the config key of any bad value.
// `wfm schedule`, `wfm validate` and `wfm plan` share it.
func (a *app) schedulingProblem(reqs []scheduling.Requirement) (scheduling.Problem, error) {
	c := a.cfg
	where := "config " + c.displayPath()
	keyErr := func(key string, err error) error { return fmt.Errorf("%s: %s: %w", where, key, err) }
	var p scheduling.Problem
	if len(reqs) == 0 {
		return p, errors.New("schedule: the requirements file has no rows")
	}
	loc, err := c.location(reqs[0].Start)
	if err != nil {
		return p, err
	}
	p.Location = loc
	if c.Shrinkage < 0 || c.Shrinkage >= 1 {
		return p, fmt.Errorf("%s: shrinkage: %v is not a fraction in [0, 1)", where, c.Shrinkage)
	}
	shrink := map[string]float64{}
	for i, q := range c.Queues {
		if q.Shrinkage != nil {
			if *q.Shrinkage < 0 || *q.Shrinkage >= 1 {
				return p, fmt.Errorf("%s: queues[%d].shrinkage: %v is not a fraction in [0, 1)", where, i, *q.Shrinkage)
			}
			shrink[q.Name] = *q.Shrinkage
		}
	}
	if p.Demand, err = scheduling.PoolRequirements(reqs, shrink, c.Shrinkage); err != nil {
		return p, err
	}
	if len(c.Shifts) == 0 {
		return p, withHint(fmt.Errorf("%s: shifts: no shift templates", where), `add e.g. shifts: [{name: day, length: 8h30m, starts: "07:00-10:00/30m"}]`)
	}
	if p.Templates, err = c.shiftTemplates(0); err != nil {
		return p, fmt.Errorf("%s: %w", where, err)
	}
	r := c.Rules
	p.Rules = scheduling.Rules{MinRest: r.MinRest, MaxConsecutiveDays: r.MaxConsecutiveDays, DaysOffPerWeek: r.DaysOffPerWeek,
		ConsecutiveDaysOff: r.ConsecutiveDaysOff, MinHoursPerWeek: r.MinHoursPerWeek, MaxHoursPerWeek: r.MaxHoursPerWeek,
		StartTimeChangeCost: r.StartTimeChangeCost,
		MaxContinuousWork:   scheduling.ContinuousWork{Work: r.MaxContinuousWork.Work, Break: r.MaxContinuousWork.Break},
		RestAfterPeak:       scheduling.RestAfterPeak{Worked: r.RestAfterPeak.Worked, Rest: r.RestAfterPeak.Rest, Within: r.RestAfterPeak.Within}}
	if p.Agents, err = a.scheduleAgents(); err != nil {
		return p, err
	}
	for i, v := range c.Vendors {
		key := fmt.Sprintf("vendors[%d]", i)
		vd := scheduling.Vendor{Name: v.Name, MaxAgents: v.MaxAgents, CostPerHour: v.CostPerHour, MinBlock: v.MinBlock, Notice: v.Notice, Ramp: v.Ramp}
		if vd.MaxAgents > maxRosterAgents {
			return p, keyErr(key+".max_agents", fmt.Errorf("%d: at most %d", vd.MaxAgents, maxRosterAgents))
		}
		if vd.Name == "" {
			return p, keyErr(key+".name", errors.New("empty; every vendor needs a name"))
		}
		switch w := v.Windows.(type) {
		case string:
			if w != "peak" {
				return p, keyErr(key+".windows", fmt.Errorf("%q: want \"peak\" or a list of {start, end}", w))
			}
			vd.Peak = true
		case []any:
			for j, x := range w {
				m, ok := x.(map[string]any)
				if !ok {
					return p, keyErr(fmt.Sprintf("%s.windows[%d]", key, j), errors.New("want {start, end}"))
				}
				start, okS := configText(m["start"])
				end, okE := configText(m["end"])
				if !okS || !okE {
					return p, keyErr(fmt.Sprintf("%s.windows[%d]", key, j), errors.New("want {start, end}, both given"))
				}
				tr, err := scheduling.ParseTimeRange(start, end, loc)
				if err != nil {
					return p, keyErr(fmt.Sprintf("%s.windows[%d]", key, j), err)
				}
				vd.Windows = append(vd.Windows, tr)
			}
		case nil:
			return p, keyErr(key+".windows", errors.New(`missing; want "peak" or a list of {start, end}`))
		default:
			return p, keyErr(key+".windows", errors.New(`want "peak" or a list of {start, end}`))
		}
		p.Vendors = append(p.Vendors, vd)
	}
	p.Peaks.Auto = c.Peaks.Auto
	for i, w := range c.Peaks.Windows {
		tr, err := scheduling.ParseTimeRange(w.Start, w.End, loc)
		if err != nil {
			return p, keyErr(fmt.Sprintf("peaks.windows[%d]", i), err)
		}
		p.Peaks.Windows = append(p.Peaks.Windows, tr)
	}
	p.Costs = scheduling.Costs{InhousePerHour: c.Costs.InhousePerHour, UnderstaffedPerAgentHour: c.Costs.UnderstaffedPerAgentHour, OverstaffedPerAgentHour: c.Costs.OverstaffedPerAgentHour}
	if p.Costs.InhousePerHour == 0 {
		p.Costs.InhousePerHour = scheduling.DefaultCosts.InhousePerHour
	}
	if p.Costs.UnderstaffedPerAgentHour == 0 {
		p.Costs.UnderstaffedPerAgentHour = scheduling.DefaultCosts.UnderstaffedPerAgentHour
	}
	if p.Costs.OverstaffedPerAgentHour == 0 {
		p.Costs.OverstaffedPerAgentHour = scheduling.DefaultCosts.OverstaffedPerAgentHour
	}
	p.Overtime = c.overtime()
	// Let the domain refuse what no roster can satisfy, naming the key.
	if err := p.Validate(); err != nil {
		if strings.HasPrefix(err.Error(), "overtime.") {
			return p, c.overtimeError(readConfigFile(c.path), c.path, err)
		}
		return p, a.scheduleConfigError(err)
	}
	return p, nil
}

// overtime is the config's overtime as the scheduling package's.
func (c *Config) overtime() scheduling.Overtime {
	o := c.Overtime
	return scheduling.Overtime{Contracts: o.Contracts, MaxPerDay: o.MaxPerDay, MaxPerWeek: o.MaxPerWeek, CostPerHour: o.CostPerHour, Extend: o.Extend}
}

// shiftTemplates converts the config's shifts into the scheduling
// package's templates and checks each (scheduling.CheckTemplate) on the
// interval grid iv (0: the checks that need the grid are skipped). A
// refusal is a *scheduling.TemplateError: it names the template, its key
// and what is expected.
func (c *Config) shiftTemplates(iv time.Duration) ([]scheduling.ShiftTemplate, error) {
	var out []scheduling.ShiftTemplate
	for i, s := range c.Shifts {
		t := scheduling.ShiftTemplate{Name: s.Name, Length: s.Length, CostPerHour: s.Cost}
		if t.Name == "" {
			t.Name = fmt.Sprintf("shift%d", i+1)
		}
		fail := func(key string, err error) error {
			return &scheduling.TemplateError{Index: i, Name: t.Name, Key: key, Msg: err.Error()}
		}
		if s.Starts == "" {
			return nil, fail("starts", errors.New(`missing; want a start window such as "07:00-10:00/30m" or "22:00-02:00/30m"`))
		}
		var err error
		if t.Earliest, t.Latest, t.Step, err = scheduling.ParseStartWindow(s.Starts); err != nil {
			return nil, fail("starts", err)
		}
		if t.Days, err = scheduling.ParseWeekdays(s.Days); err != nil {
			return nil, fail("days", err)
		}
		for j, b := range s.Breaks {
			br := scheduling.Break{Name: scheduling.ActivityBreak, Length: b.Length, Paid: b.Paid}
			if strings.EqualFold(b.Name, "lunch") {
				br.Name = scheduling.ActivityLunch
			}
			if br.From, br.To, err = scheduling.ParseOffsetWindow(b.Window); err != nil {
				return nil, fail(fmt.Sprintf("breaks[%d].window", j), err)
			}
			t.Breaks = append(t.Breaks, br)
		}
		if err := scheduling.CheckTemplate(i, t, iv); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// scheduleAgents reads agents.file and adds agents.headcount, with each
// contract's hours and templates from agents.contracts.
func (a *app) scheduleAgents() ([]scheduling.Agent, error) {
	c := a.cfg
	where := "config " + c.displayPath()
	contracts := map[string]ContractConfig{}
	skills := map[string][]scheduling.Skill{}
	for i, k := range c.Agents.Contracts {
		contracts[k.Name] = k
		sk, err := scheduling.ParseSkills(k.Skills)
		if err != nil {
			return nil, fmt.Errorf("%s: agents.contracts[%d].skills: %w", where, i, err)
		}
		skills[k.Name] = sk
	}
	apply := func(ag *scheduling.Agent) error {
		k, ok := contracts[ag.Contract]
		if !ok {
			if ag.Contract != "" && len(contracts) > 0 {
				return fmt.Errorf("agent %q: contract %q is not in agents.contracts", ag.ID, ag.Contract)
			}
			return nil
		}
		if ag.MinHours == 0 {
			ag.MinHours = k.MinHours
		}
		if ag.MaxHours == 0 {
			ag.MaxHours = k.MaxHours
		}
		ag.Shifts = k.Shifts
		if len(ag.Skills) == 0 {
			ag.Skills = skills[ag.Contract]
		}
		return nil
	}
	var out []scheduling.Agent
	if c.Agents.File != "" {
		path := c.resolvePath(c.Agents.File)
		f, err := openCSV(path, "agents.csv")
		if err != nil {
			return nil, fmt.Errorf("%s: agents.file: %w", where, err)
		}
		defer f.Close()
		ags, err := scheduling.ReadAgents(f, path)
		if err != nil {
			return nil, err
		}
		for i := range ags {
			if err := apply(&ags[i]); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			for _, r := range ags[i].Unavailable {
				for _, d := range []string{r.First, r.Last} {
					day, _ := time.Parse("2006-01-02", d)
					if err := checkYear(fmt.Sprintf("%s: agent %q: unavailable %s", path, ags[i].ID, d), day); err != nil {
						return nil, err
					}
				}
			}
		}
		out = append(out, ags...)
		if len(out) > maxRosterAgents {
			return nil, fmt.Errorf("%s: %d agents, more than %d", path, len(out), maxRosterAgents)
		}
	}
	names := make([]string, 0, len(c.Agents.Headcount))
	for k := range c.Agents.Headcount {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		n := c.Agents.Headcount[k]
		if n < 0 {
			return nil, fmt.Errorf("%s: agents.headcount.%s: %d is negative", where, k, n)
		}
		if len(out)+n > maxRosterAgents {
			return nil, fmt.Errorf("%s: agents.headcount.%s: %d makes %d agents, more than %d", where, k, n, len(out)+n, maxRosterAgents)
		}
		for i := 1; i <= n; i++ {
			ag := scheduling.Agent{ID: fmt.Sprintf("%s-%03d", k, i), Contract: k}
			if err := apply(&ag); err != nil {
				return nil, fmt.Errorf("%s: agents.headcount: %w", where, err)
			}
			out = append(out, ag)
		}
	}
	if len(out) == 0 {
		return nil, withHint(fmt.Errorf("%s: agents: no agents", where), "set agents.file (id,name,contract,min_hours,max_hours,unavailable) or agents.headcount, e.g. {full: 40}")
	}
	return out, nil
}
