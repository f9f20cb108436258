package main

import (
	"fmt"
	"io"
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
	out    string
	search scheduling.Options
}

func (a *app) scheduleCommand() *cobra.Command {
	var (
		o  scheduleOptions
		sf searchFlags
	)
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
			var err error
			if o.search, err = a.searchOptions(cmd, sf); err != nil {
				return err
			}
			return a.runSchedule(args[0], o)
		},
	}
	cmd.Flags().StringVarP(&o.out, "output", "o", "roster.csv", "roster file (.csv, or .xlsx for the scheduler's workbook; - for stdout)")
	sf.register(cmd)
	return cmd
}

func (a *app) runSchedule(path string, o scheduleOptions) error {
	if err := refuseInputAsOutput("-o", o.out, path); err != nil {
		return err
	}
	kind := outputKind(o.out)
	switch kind {
	case "csv", "xlsx":
	default:
		return fmt.Errorf("schedule: -o %s: unknown extension, want .csv, .xlsx or - for stdout", o.out)
	}
	reqs, err := a.readRequirementsFile(path)
	if err != nil {
		return err
	}
	p, err := a.schedulingProblem(reqs)
	if err != nil {
		return err
	}
	opts := o.search
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
			fmt.Fprintf(a.stderr, "wfm: rule broken: %s\n", termText(fmt.Sprint(v)))
		}
		return checkFailedf("schedule: the roster breaks %d rule(s); not written", len(viol))
	}
	if kind == "xlsx" {
		// the scheduler's workbook, shared with wfm plan
		v, err := a.validateSolved(p, reqs, sol.Roster)
		if err != nil {
			return err
		}
		if err := a.writeRosterWorkbook(o.out, p, sol, v, nil, nil); err != nil {
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

// scheduleSummary is the JSON form of the summary.
type scheduleSummary struct {
	Queues                []string       `json:"pooled_queues"`
	Intervals             int            `json:"intervals"`
	Agents                int            `json:"agents"`
	Shifts                int            `json:"shifts"`
	PaidHours             float64        `json:"paid_hours"`
	InhouseCost           float64        `json:"inhouse_cost"`
	OvertimeHours         float64        `json:"overtime_hours"`
	OvertimeCost          float64        `json:"overtime_cost"`
	VendorHours           float64        `json:"vendor_hours"`
	VendorCost            float64        `json:"vendor_cost"`
	ShortAgentHours       float64        `json:"short_agent_hours"`
	UnderstaffCost        float64        `json:"understaffing_cost"`
	OverAgentHours        float64        `json:"over_agent_hours"`
	OverstaffCost         float64        `json:"overstaffing_cost"`
	StartChangeHours      float64        `json:"start_change_hours"`
	StartChangeCost       float64        `json:"start_change_cost"`
	Cost                  float64        `json:"cost"`
	LowerBound            float64        `json:"lower_bound"`
	Gap                   float64        `json:"gap"`
	Coverage              float64        `json:"coverage"`
	UnderstaffedIntervals int            `json:"understaffed_intervals"`
	Seconds               float64        `json:"seconds"`
	TimedOut              bool           `json:"timed_out"`
	Uncovered             []uncoveredRun `json:"uncovered"`
	Days                  []scheduleDay  `json:"days"`
}

// uncoveredRun is the JSON form of a scheduling.Uncovered: local times
// with the site's offset.
type uncoveredRun struct {
	Start       string  `json:"start"`
	End         string  `json:"end"`
	MaxRequired float64 `json:"max_required"`
}

// warnUncovered writes a warning for each run of intervals that requires
// staff and that no shift template covers, in the site's time with its
// offset: the roster leaves them understaffed whatever it does.
func (a *app) warnUncovered(runs []scheduling.Uncovered, loc *time.Location) {
	for _, u := range runs {
		fmt.Fprintf(a.stderr, "wfm: warning: no shift template covers %s, which requires up to %s staff; left understaffed and priced as understaffing\n",
			fmtLocalRange(u.Start, u.End, loc), fmtFloat(u.MaxRequired, 2))
	}
}

// fmtLocalRange writes [start, end) in loc: "Mon 2026-11-16 00:00-06:00
// +00:00", the end's date too when it is another day.
func fmtLocalRange(start, end time.Time, loc *time.Location) string {
	a, b := start.In(loc), end.In(loc)
	s := a.Format("Mon 2006-01-02 15:04 -07:00") + " to "
	if b.Format("2006-01-02") == a.Format("2006-01-02") || b.Equal(time.Date(a.Year(), a.Month(), a.Day()+1, 0, 0, 0, 0, loc)) {
		s += b.Format("15:04")
	} else {
		s += b.Format("Mon 2006-01-02 15:04")
	}
	if ao, bo := a.Format("-07:00"), b.Format("-07:00"); ao != bo {
		s += " " + bo
	}
	return s
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
		PaidHours: sol.PaidHours, InhouseCost: sol.InhouseCost, OvertimeHours: sol.OvertimeHours, OvertimeCost: sol.OvertimeCost, VendorHours: sol.VendorHours, VendorCost: sol.VendorCost,
		ShortAgentHours: sol.ShortHours, UnderstaffCost: sol.UnderstaffCost, OverAgentHours: sol.OverHours, OverstaffCost: sol.OverstaffCost,
		StartChangeHours: sol.StartChangeHours, StartChangeCost: sol.StartChangeCost,
		Cost: sol.Objective, LowerBound: sol.LowerBound, Gap: sol.Gap, Coverage: sol.CoverageRate, UnderstaffedIntervals: sol.Understaffed,
		Seconds: sol.Elapsed.Seconds(), TimedOut: sol.TimedOut}
	loc := p.Location
	s.Uncovered = []uncoveredRun{}
	for _, u := range sol.Uncovered {
		s.Uncovered = append(s.Uncovered, uncoveredRun{Start: u.Start.In(loc).Format(rfc3339Offset), End: u.End.In(loc).Format(rfc3339Offset), MaxRequired: u.MaxRequired})
	}
	a.warnUncovered(sol.Uncovered, loc)
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
			{"start-time changes (hours)", fmtFloat(s.StartChangeHours, 1)},
			{"start-time change cost", fmtFloat(s.StartChangeCost, 0)},
			{"total cost", fmtFloat(s.Cost, 0)},
			{"lower bound", fmtFloat(s.LowerBound, 0)},
			{"gap to bound", gap},
			{"coverage", fmtFloat(100*s.Coverage, 1) + "%"},
			{"understaffed intervals", strconv.Itoa(s.UnderstaffedIntervals)},
		}}
	if p.Overtime.On() { // after the in-house cost, only when overtime is allowed
		sum.Rows = slices.Insert(sum.Rows, 4, []string{"overtime hours", fmtFloat(s.OvertimeHours, 1)}, []string{"overtime cost", fmtFloat(s.OvertimeCost, 0)})
	}
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

// rfc3339Offset is RFC 3339 with the numeric offset always written
// (+00:00, not Z), so that a UK winter time reads as the site's time.
const rfc3339Offset = "2006-01-02T15:04:05-07:00"
