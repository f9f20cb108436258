package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/scheduling"
)

func init() { registerCommand((*app).scheduleCommand) }

type scheduleOptions struct {
	out       string
	seed      int64
	timeLimit time.Duration
	effort    int
}

func (a *app) scheduleCommand() *cobra.Command {
	var o scheduleOptions
	cmd := &cobra.Command{
		Use:   "schedule REQUIREMENTS",
		Short: "A rule-abiding roster at least cost from requirements.csv",
		Long: `Read requirements.csv and write roster.csv: named in-house shifts with their
breaks and lunches, and vendor surge blocks, that follow the requirement curve
at the least cost (pay + understaffing + vendors + a little overstaffing)
under the labour rules of the config (shifts, rules, agents, vendors, peaks,
costs). The queues of the file are pooled: their staff per interval
(agents_fractional / (1 - shrinkage)) are summed, then rounded up.

The summary gives paid hours, cost, coverage, understaffed intervals, vendor
hours, a proven lower bound on the cost and the roster's gap to it, and each
queue's predicted service level per day. The roster is checked against every
rule before it is written; a roster that fails is not written (exit 1).`,
		Example: `  wfm schedule requirements.csv --config wfm.yaml -o roster.csv
  wfm schedule requirements.csv --config wfm.yaml -o roster.xlsx
  wfm schedule requirements.csv --seed 7 --time-limit 2m --format json
  wfm schedule requirements.csv --effort 4 --time-limit 5m   # search longer for a cheaper roster`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("seed") {
				o.seed = a.cfg.Schedule.Seed
			}
			if !cmd.Flags().Changed("time-limit") && a.cfg.Schedule.TimeLimit > 0 {
				o.timeLimit = a.cfg.Schedule.TimeLimit
			}
			var err error
			if o.effort, err = a.scheduleEffort(cmd, o.effort); err != nil {
				return err
			}
			return a.runSchedule(args[0], o)
		},
	}
	cmd.Flags().StringVarP(&o.out, "output", "o", "roster.csv", "roster file (.csv, or .xlsx for the scheduler's workbook; - for stdout)")
	cmd.Flags().Int64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same roster (default schedule.seed)")
	cmd.Flags().DurationVar(&o.timeLimit, "time-limit", 60*time.Second, "stop the search after this long (default schedule.time_limit, else 60s)")
	cmd.Flags().IntVar(&o.effort, "effort", 1, effortUsage)
	return cmd
}

// timeLimitNote follows a roster's gap when the time limit cut its
// search: the roster is then not the seed's one roster.
func timeLimitNote(timedOut bool) string {
	if timedOut {
		return " (time limit reached)"
	}
	return ""
}

const effortUsage = "search this many times longer for a cheaper roster, still one roster per seed (default schedule.effort)"

// scheduleEffort is the roster search's effort: --effort when given, else
// schedule.effort, else 1; less than 1 is a usage error.
func (a *app) scheduleEffort(cmd *cobra.Command, flag int) (int, error) {
	if cmd.Flags().Changed("effort") {
		if flag < 1 {
			return 0, fmt.Errorf("%s: --effort %d: want a whole number from 1 up, such as 4", cmd.Name(), flag)
		}
		return flag, nil
	}
	switch e := a.cfg.Schedule.Effort; {
	case e < 0:
		return 0, fmt.Errorf("config %s: schedule.effort: %d: want a whole number from 1 up, such as 4", a.cfg.displayPath(), e)
	case e > 0:
		return e, nil
	}
	return 1, nil
}

func (a *app) runSchedule(path string, o scheduleOptions) error {
	kind := outputKind(o.out)
	switch kind {
	case "csv", "xlsx":
	default:
		return fmt.Errorf("schedule: -o %s: unknown extension, want .csv, .xlsx or - for stdout", o.out)
	}
	if o.timeLimit <= 0 {
		return fmt.Errorf("schedule: --time-limit %s: want a positive duration such as 60s", o.timeLimit)
	}
	reqs, err := scheduleRequirements(path)
	if err != nil {
		return err
	}
	p, err := a.schedulingProblem(reqs)
	if err != nil {
		return err
	}
	opts := scheduling.Options{Seed: o.seed, TimeLimit: o.timeLimit, Effort: o.effort}
	var bar *progressbar.ProgressBar
	if a.showProgress() {
		bar = progressbar.NewOptions(1000, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription("scheduling"),
			progressbar.OptionClearOnFinish())
		opts.Progress = func(used, objective float64) {
			bar.Describe(fmt.Sprintf("scheduling, cost %.0f", objective))
			_ = bar.Set(int(1000 * used))
		}
	}
	sol, err := scheduling.Solve(p, opts)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return a.scheduleConfigError(err)
	}
	viol, err := scheduling.Check(p, sol.Roster)
	if err != nil {
		return a.scheduleConfigError(err)
	}
	if len(viol) > 0 {
		for _, v := range viol {
			fmt.Fprintf(a.stderr, "wfm: rule broken: %s\n", v)
		}
		return checkFailedf("schedule: the roster breaks %d rule(s); not written", len(viol))
	}
	if kind == "xlsx" {
		// the scheduler's workbook, shared with wfm plan
		if _, err := a.writeRosterWorkbook(o.out, p, reqs, sol, nil, nil); err != nil {
			return err
		}
	} else if err := writeFileAtomic(o.out, a.stdout, func(w io.Writer) error { return scheduling.WriteRoster(w, sol.Roster) }); err != nil {
		return err
	}
	w := a.stdout
	if o.out == "-" {
		w = a.stderr
	}
	return a.printScheduleSummary(w, p, reqs, sol)
}

// scheduleRequirements reads requirements.csv.
func scheduleRequirements(path string) ([]scheduling.Requirement, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scheduling.ReadRequirements(f, path)
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

// scheduleSummary is the JSON form of the summary.
type scheduleSummary struct {
	Queues                []string      `json:"pooled_queues"`
	Intervals             int           `json:"intervals"`
	Agents                int           `json:"agents"`
	Shifts                int           `json:"shifts"`
	PaidHours             float64       `json:"paid_hours"`
	InhouseCost           float64       `json:"inhouse_cost"`
	VendorHours           float64       `json:"vendor_hours"`
	VendorCost            float64       `json:"vendor_cost"`
	ShortAgentHours       float64       `json:"short_agent_hours"`
	UnderstaffCost        float64       `json:"understaffing_cost"`
	OverAgentHours        float64       `json:"over_agent_hours"`
	OverstaffCost         float64       `json:"overstaffing_cost"`
	Cost                  float64       `json:"cost"`
	LowerBound            float64       `json:"lower_bound"`
	Gap                   float64       `json:"gap"`
	Coverage              float64       `json:"coverage"`
	UnderstaffedIntervals int           `json:"understaffed_intervals"`
	Seconds               float64       `json:"seconds"`
	TimedOut              bool          `json:"timed_out"`
	Days                  []scheduleDay `json:"days"`
}

type scheduleDay struct {
	Date         string             `json:"date"`
	Required     float64            `json:"required_agent_hours"`
	Net          float64            `json:"net_agent_hours"`
	Understaffed int                `json:"understaffed_intervals"`
	ServiceLevel map[string]float64 `json:"service_level,omitempty"`
}

func (a *app) printScheduleSummary(w io.Writer, p scheduling.Problem, reqs []scheduling.Requirement, sol scheduling.Solution) error {
	s := scheduleSummary{Queues: sol.Queues, Intervals: len(sol.Intervals), Agents: len(p.Agents), Shifts: sol.Shifts,
		PaidHours: sol.PaidHours, InhouseCost: sol.InhouseCost, VendorHours: sol.VendorHours, VendorCost: sol.VendorCost,
		ShortAgentHours: sol.ShortHours, UnderstaffCost: sol.UnderstaffCost, OverAgentHours: sol.OverHours, OverstaffCost: sol.OverstaffCost,
		Cost: sol.Objective, LowerBound: sol.LowerBound, Gap: sol.Gap, Coverage: sol.CoverageRate, UnderstaffedIntervals: sol.Understaffed,
		Seconds: sol.Elapsed.Seconds(), TimedOut: sol.TimedOut}
	loc := p.Location
	dayIdx := map[string]int{}
	for _, c := range scheduling.DailyCoverage(sol.Intervals, p.Demand.Interval, loc) {
		key := c.Day.Format("2006-01-02 Mon")
		dayIdx[key] = len(s.Days)
		s.Days = append(s.Days, scheduleDay{Date: key, Required: c.TargetHours, Net: c.NetHours, Understaffed: c.Understaffed})
	}
	// Predicted service level per day: only when the config has the
	// queues' targets.
	var slQueues []string
	if queues, err := a.cfg.queueTargets(); err == nil {
		if svc, err := scheduling.PredictServiceLevel(reqs, sol.Intervals, queues); err == nil {
			for _, d := range scheduling.DailyService(svc, loc) {
				key := d.Day.Format("2006-01-02 Mon")
				i, ok := dayIdx[key]
				if !ok || d.Volume == 0 {
					continue
				}
				if s.Days[i].ServiceLevel == nil {
					s.Days[i].ServiceLevel = map[string]float64{}
				}
				s.Days[i].ServiceLevel[d.Queue] = d.ServiceLevel
				if !slices.Contains(slQueues, d.Queue) {
					slQueues = append(slQueues, d.Queue)
				}
			}
		}
	}
	sort.Strings(slQueues)
	format := a.outFormat()
	if format == "json" {
		return printJSON(w, s)
	}
	gap := fmtFloat(100*s.Gap, 1) + "%" + timeLimitNote(s.TimedOut)
	sum := table{Title: fmt.Sprintf("Roster: %d intervals, %d agents", s.Intervals, s.Agents),
		Header: []string{"measure", "value"},
		Rows: [][]string{
			{"pooled queues", fmt.Sprintf("%d (%s)", len(s.Queues), strings.Join(s.Queues, " "))},
			{"shifts", strconv.Itoa(s.Shifts)},
			{"paid hours", fmtFloat(s.PaidHours, 1)},
			{"in-house cost", fmtFloat(s.InhouseCost, 0)},
			{"vendor hours", fmtFloat(s.VendorHours, 1)},
			{"vendor cost", fmtFloat(s.VendorCost, 0)},
			{"understaffing (agent-hours)", fmtFloat(s.ShortAgentHours, 1)},
			{"understaffing cost", fmtFloat(s.UnderstaffCost, 0)},
			{"overstaffing (agent-hours)", fmtFloat(s.OverAgentHours, 1)},
			{"overstaffing cost", fmtFloat(s.OverstaffCost, 0)},
			{"total cost", fmtFloat(s.Cost, 0)},
			{"lower bound", fmtFloat(s.LowerBound, 0)},
			{"gap to bound", gap},
			{"coverage", fmtFloat(100*s.Coverage, 1) + "%"},
			{"understaffed intervals", strconv.Itoa(s.UnderstaffedIntervals)},
		}}
	if err := sum.print(w, format); err != nil {
		return err
	}
	if format == "table" {
		fmt.Fprintln(w)
	}
	days := table{Title: "Per day", Header: []string{"day", "required agent-hours", "net agent-hours", "understaffed intervals"}}
	for _, q := range slQueues {
		days.Header = append(days.Header, "SL "+q)
	}
	for _, d := range s.Days {
		row := []string{d.Date, fmtFloat(d.Required, 1), fmtFloat(d.Net, 1), strconv.Itoa(d.Understaffed)}
		for _, q := range slQueues {
			if v, ok := d.ServiceLevel[q]; ok {
				row = append(row, fmtFloat(100*v, 1)+"%")
			} else {
				row = append(row, "")
			}
		}
		days.Rows = append(days.Rows, row)
	}
	if format == "csv" {
		return nil // one table per CSV stream: the summary
	}
	return days.print(w, format)
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
	for i, s := range c.Shifts {
		key := fmt.Sprintf("shifts[%d]", i)
		t := scheduling.ShiftTemplate{Name: s.Name, Length: s.Length, CostPerHour: s.Cost}
		if t.Name == "" {
			t.Name = fmt.Sprintf("shift%d", i+1)
		}
		if s.Starts == "" {
			return p, keyErr(key+".starts", errors.New(`missing; want a start window such as "07:00-10:00/30m"`))
		}
		if t.Earliest, t.Latest, t.Step, err = scheduling.ParseStartWindow(s.Starts); err != nil {
			return p, keyErr(key+".starts", err)
		}
		if t.Days, err = scheduling.ParseWeekdays(s.Days); err != nil {
			return p, keyErr(key+".days", err)
		}
		for j, b := range s.Breaks {
			bk := fmt.Sprintf("%s.breaks[%d]", key, j)
			br := scheduling.Break{Name: scheduling.ActivityBreak, Length: b.Length, Paid: b.Paid}
			if strings.EqualFold(b.Name, "lunch") {
				br.Name = scheduling.ActivityLunch
			}
			if br.From, br.To, err = scheduling.ParseOffsetWindow(b.Window); err != nil {
				return p, keyErr(bk+".window", err)
			}
			t.Breaks = append(t.Breaks, br)
		}
		p.Templates = append(p.Templates, t)
	}
	r := c.Rules
	p.Rules = scheduling.Rules{MinRest: r.MinRest, MaxConsecutiveDays: r.MaxConsecutiveDays, DaysOffPerWeek: r.DaysOffPerWeek,
		ConsecutiveDaysOff: r.ConsecutiveDaysOff, MinHoursPerWeek: r.MinHoursPerWeek, MaxHoursPerWeek: r.MaxHoursPerWeek}
	if p.Agents, err = a.scheduleAgents(); err != nil {
		return p, err
	}
	for i, v := range c.Vendors {
		key := fmt.Sprintf("vendors[%d]", i)
		vd := scheduling.Vendor{Name: v.Name, MaxAgents: v.MaxAgents, CostPerHour: v.CostPerHour, MinBlock: v.MinBlock}
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
	// Let the domain refuse what no roster can satisfy, naming the key.
	if err := p.Validate(); err != nil {
		return p, a.scheduleConfigError(err)
	}
	return p, nil
}

// scheduleAgents reads agents.file and adds agents.headcount, with each
// contract's hours and templates from agents.contracts.
func (a *app) scheduleAgents() ([]scheduling.Agent, error) {
	c := a.cfg
	where := "config " + c.displayPath()
	contracts := map[string]ContractConfig{}
	for _, k := range c.Agents.Contracts {
		contracts[k.Name] = k
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
		return nil
	}
	var out []scheduling.Agent
	if c.Agents.File != "" {
		path := c.resolvePath(c.Agents.File)
		f, err := os.Open(path)
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
		}
		out = append(out, ags...)
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
