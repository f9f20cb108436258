package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/erlang/simulate"
	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/importers/csvcell"
	"github.com/wfm-project/wfm/scheduling"
)

func init() { registerCommand((*app).simulateCommand) }

type simulateOptions struct {
	forecast     string
	arrivals     string
	shift        string
	replications int
	seed         uint64
	out          string
}

// maxReplications bounds --replications: far more than any interval needs.
const maxReplications = 10000

func (a *app) simulateCommand() *cobra.Command {
	var o simulateOptions
	cmd := &cobra.Command{
		Use:   "simulate ROSTER",
		Short: "Simulate a roster contact by contact: service level, ASA, abandonment with 95 % intervals",
		Long: `Run a discrete-event simulation of the contact center over the roster's
agents (breaks and lunches removed, shrinkage taking agents off the phones
for whole intervals), with Poisson arrivals at the forecast's rate (or the
arrivals recorded in --arrivals), handle times with the forecast's AHT
(exponential, or lognormal with a queue's handle_cv), exponential patience
where a queue has one, chat concurrency, and skill-based routing: a contact
goes to the longest-idle agent holding its queue (best skill priority first);
an agent who comes free takes his skills in priority order, then the queues'
priority, then the contact that waited longest. Queues carry over from one
interval to the next.

Each replication is an independent run; every measure comes with a 95 %
interval over the replications. The report gives, per day and week and
queue, offered, answered, abandoned, service level, ASA, abandon rate and
occupancy, and the service level the Erlang formula predicts for the same
roster (what wfm validate checks) with the gap between the two. -o writes
the same per interval (.csv), or per interval, day and week (.xlsx).

ROSTER is roster.csv or a workbook written by wfm schedule or wfm plan.
Agents' skills come from the agents file's skills column (voice;chat, or
voice:1;chat:2 with priorities); without it every agent takes every queue.
--arrivals replays a history.csv (its counts, at random times inside each
interval) or a per-contact log read with the config's import settings (its
arrival times); --arrivals-shift moves them, e.g. 4w onto next month.`,
		Example: `  wfm simulate roster.csv --forecast forecast.csv --config wfm.yaml
  wfm simulate roster.csv --forecast forecast.csv --replications 50 --seed 7 -o sim.xlsx
  wfm simulate roster.csv --forecast forecast.csv --arrivals calls.tsv.gz --arrivals-shift 4w`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("replications") {
				o.replications = a.cfg.Simulate.Replications
				if err := checkReplications("simulate.replications", o.replications); err != nil {
					return fmt.Errorf("config %s: %w", a.cfg.displayPath(), err)
				}
			}
			if !cmd.Flags().Changed("seed") {
				o.seed = a.cfg.Simulate.Seed
			}
			return a.runSimulate(args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.forecast, "forecast", "", "forecast.csv giving each interval's volume and AHT (required)")
	f.StringVar(&o.arrivals, "arrivals", "", "replay recorded arrivals: a history.csv or a per-contact log")
	f.StringVar(&o.shift, "arrivals-shift", "", "move the replayed arrivals by this long, e.g. 4w or -7d")
	f.IntVar(&o.replications, "replications", 20, "independent runs (default simulate.replications)")
	f.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same result (default simulate.seed)")
	f.StringVarP(&o.out, "output", "o", "", "write every interval to FILE (.csv; .xlsx adds the days and weeks)")
	return cmd
}

func (a *app) runSimulate(rosterPath string, o simulateOptions) error {
	if err := refuseInputAsOutput("-o", o.out, rosterPath, o.forecast, o.arrivals); err != nil {
		return err
	}
	if o.forecast == "" {
		return withHint(errors.New("simulate: --forecast is required"), "give the forecast.csv the roster was planned for, e.g. --forecast forecast.csv")
	}
	if k := outputKind(o.out); o.out != "" && k != "csv" && k != "xlsx" {
		return fmt.Errorf("simulate: -o %s: unknown extension, want .csv, .xlsx or - for stdout", o.out)
	}
	if err := checkReplications("--replications", o.replications); err != nil {
		return err
	}
	var shift time.Duration
	if o.shift != "" {
		if o.arrivals == "" {
			return errors.New("simulate: --arrivals-shift needs --arrivals")
		}
		var err error
		if shift, err = parseLongDuration(o.shift); err != nil {
			return fmt.Errorf("simulate: --arrivals-shift: %w", err)
		}
	}
	roster, err := readRosterFile(rosterPath)
	if err != nil {
		return err
	}
	rows, err := a.readForecastFile(o.forecast)
	if err != nil {
		return err
	}
	reqs, err := a.requirements(rows)
	if err != nil {
		return err
	}
	setup, err := a.simulation(reqs, roster, o.replications, o.seed)
	if err != nil {
		return err
	}
	if o.arrivals != "" {
		if err := a.replayArrivals(&setup, o.arrivals, shift, o.out); err != nil {
			return err
		}
	}
	res, err := a.runSimulation(setup)
	if err != nil {
		return err
	}
	for i, n := range res.Outside {
		if n > 0 {
			fmt.Fprintf(a.stderr, "wfm: note: %s: %d recorded arrivals of queue %s fall outside %s..%s and were not simulated\n",
				termText(o.arrivals), n, termText(res.Queues[i].Name), setup.in.Start.In(setup.loc).Format(time.RFC3339),
				setup.in.Start.Add(time.Duration(setup.in.Intervals)*setup.in.Interval).In(setup.loc).Format(time.RFC3339))
		}
	}
	if o.out != "" {
		err := writeFileAtomic(o.out, a.stdout, func(w io.Writer) error {
			if outputKind(o.out) == "xlsx" {
				return writeSimWorkbook(w, res, setup.loc)
			}
			return writeSimCSV(w, res, setup.loc)
		})
		if err != nil {
			return err
		}
	}
	w := a.stdout
	if o.out == "-" {
		w = a.stderr
	}
	return a.printSimSummary(w, res, setup, o)
}

func checkReplications(flag string, n int) error {
	if n < 1 || n > maxReplications {
		return fmt.Errorf("%s %d: want a whole number from 1 to %d (2 or more for 95 %% intervals)", flag, n, maxReplications)
	}
	return nil
}

// simSetup is a simulation ready to run, with what reporting needs.
type simSetup struct {
	in      simulate.Input
	loc     *time.Location
	targets map[string]float64 // service-level target per queue (deferred: 1)
	agents  int
}

// simulation builds the simulator's input from requirements (each
// interval's volume and AHT per queue), the roster, and the config's
// queues and agents. Each queue's Erlang prediction is the one wfm
// validate makes (scheduling.PredictServiceLevel on the roster's
// coverage).
func (a *app) simulation(reqs []scheduling.Requirement, roster []scheduling.Activity, replications int, seed uint64) (simSetup, error) {
	var st simSetup
	c := a.cfg
	queues, err := c.queueTargets()
	if err != nil {
		return st, err
	}
	if len(reqs) == 0 {
		return st, errors.New("simulate: the forecast has no rows")
	}
	if st.loc, err = c.location(reqs[0].Start); err != nil {
		return st, err
	}
	shrink := map[string]float64{}
	for _, q := range queues {
		shrink[q.Name] = q.Shrinkage
	}
	demand, err := scheduling.PoolRequirements(reqs, shrink, c.Shrinkage)
	if err != nil {
		return st, err
	}
	T := demand.Len()
	in := simulate.Input{Start: demand.Start, Interval: demand.Interval, Intervals: T, Replications: replications, Seed: seed}
	cov := scheduling.Cover(scheduling.Problem{Demand: demand, Location: st.loc}, roster)
	svc, err := scheduling.PredictServiceLevel(reqs, cov, queues)
	if err != nil {
		return st, withHint(err, "add the queue under queues: in the config, with its channel and targets")
	}
	index := func(t time.Time) int { return int(t.Sub(demand.Start) / demand.Interval) }
	st.targets = map[string]float64{}
	byName := map[string]int{}
	for i, q := range queues {
		cq := c.Queues[i]
		sq := simulate.Queue{Name: q.Name, Channel: q.Channel, AnswerTime: q.Targets.AnswerTime, Patience: q.Patience,
			Concurrency: q.Concurrency, HandleCV: cq.HandleCV,
			Volume: make([]float64, T), AHT: make([]time.Duration, T), Predicted: make([]float64, T)}
		if cq.HandleCV < 0 {
			return st, fmt.Errorf("config %s: queues[%d].handle_cv: %v must be positive (or unset for exponential handle times)", c.displayPath(), i, cq.HandleCV)
		}
		st.targets[q.Name] = q.Targets.ServiceLevel
		if q.Deferred() {
			sq.AnswerTime = q.RespondWithin
			sq.Priority = 1
			st.targets[q.Name] = 1
		}
		if cq.Priority != nil {
			sq.Priority = *cq.Priority
		}
		for t := range sq.Predicted {
			sq.Predicted[t] = math.NaN()
		}
		byName[q.Name] = len(in.Queues)
		in.Queues = append(in.Queues, sq)
	}
	for _, r := range reqs {
		q := &in.Queues[byName[r.Queue]]
		t := index(r.Start)
		q.Volume[t] += r.Volume
		q.AHT[t] = r.AHT
	}
	for _, s := range svc {
		in.Queues[byName[s.Queue]].Predicted[index(s.Start)] = s.ServiceLevel
	}
	if in.Agents, err = a.simAgents(roster, queues); err != nil {
		return st, err
	}
	st.agents = len(in.Agents)
	st.in = in
	return st, nil
}

// simAgents turns the roster into agents on duty (shifts less breaks and
// lunches) with the skills of the agents file; vendor staff and agents
// the file does not name take every queue. An agent's shrinkage is the
// largest of his queues'.
func (a *app) simAgents(roster []scheduling.Activity, queues []scheduling.QueueTargets) ([]simulate.Agent, error) {
	skills := map[string][]scheduling.Skill{}
	c := a.cfg
	if c.Agents.File != "" || len(c.Agents.Headcount) > 0 {
		ags, err := a.scheduleAgents()
		if err != nil {
			return nil, err
		}
		for _, ag := range ags {
			skills[ag.ID] = ag.Skills
		}
	}
	shrink := map[string]float64{}
	for _, q := range queues {
		shrink[q.Name] = q.Shrinkage
	}
	var out []simulate.Agent
	for _, d := range onDuty(roster) {
		ag := simulate.Agent{ID: d.agent, OnDuty: d.spans}
		if d.vendor == "" && len(skills[d.agent]) > 0 {
			var err error
			if ag.Skills, err = resolveSkills(d.agent, skills[d.agent], queues); err != nil {
				return nil, fmt.Errorf("%s: %w", c.resolvePath(c.Agents.File), err)
			}
			for _, s := range ag.Skills {
				ag.Shrinkage = math.Max(ag.Shrinkage, shrink[s.Queue])
			}
		} else {
			for _, q := range queues {
				ag.Shrinkage = math.Max(ag.Shrinkage, q.Shrinkage)
			}
		}
		out = append(out, ag)
	}
	return out, nil
}

// resolveSkills maps an agent's skills to queues: a skill names a queue,
// or a channel and with it every queue of that channel. A queue named
// twice keeps its best priority.
func resolveSkills(id string, skills []scheduling.Skill, queues []scheduling.QueueTargets) ([]simulate.Skill, error) {
	var out []simulate.Skill
	add := func(q string, p int) {
		if i := slices.IndexFunc(out, func(s simulate.Skill) bool { return s.Queue == q }); i >= 0 {
			out[i].Priority = min(out[i].Priority, p)
			return
		}
		out = append(out, simulate.Skill{Queue: q, Priority: p})
	}
	for _, s := range skills {
		found := false
		for _, q := range queues {
			if q.Name == s.Queue {
				add(q.Name, s.Priority)
				found = true
			}
		}
		if found {
			continue
		}
		for _, q := range queues {
			if q.Channel == s.Queue {
				add(q.Name, s.Priority)
				found = true
			}
		}
		if !found {
			var names []string
			for _, q := range queues {
				names = append(names, q.Name+" ("+q.Channel+")")
			}
			return nil, fmt.Errorf("agent %q: skill %q is neither a queue nor a channel of the config's queues: %s", id, s.Queue, strings.Join(names, ", "))
		}
	}
	return out, nil
}

type dutyOf struct {
	agent, vendor string
	spans         []simulate.Span
}

// onDuty returns each agent's time on duty, in order of first appearance:
// his shifts with their overtime (one span: a shift and the overtime that
// extends it are worked without a pause) less his breaks and lunches.
func onDuty(roster []scheduling.Activity) []dutyOf {
	idx := map[string]int{}
	var out []dutyOf
	var off [][]scheduling.Activity
	for _, act := range roster {
		i, ok := idx[act.Agent]
		if !ok {
			i = len(out)
			idx[act.Agent] = i
			out = append(out, dutyOf{agent: act.Agent, vendor: act.Vendor()})
			off = append(off, nil)
		}
		switch act.Activity {
		case scheduling.ActivityShift, scheduling.ActivityOvertime:
			out[i].spans = append(out[i].spans, simulate.Span{Start: act.Start, End: act.End})
		default:
			off[i] = append(off[i], act)
		}
	}
	for i := range out {
		out[i].spans = joinSpans(out[i].spans)
		sort.Slice(off[i], func(x, y int) bool { return off[i][x].Start.Before(off[i][y].Start) })
		var spans []simulate.Span
		for _, s := range out[i].spans {
			cur := s.Start
			for _, b := range off[i] {
				if !b.End.After(cur) || !b.Start.Before(s.End) {
					continue
				}
				if b.Start.After(cur) {
					spans = append(spans, simulate.Span{Start: cur, End: b.Start})
				}
				if b.End.After(cur) {
					cur = b.End
				}
			}
			if s.End.After(cur) {
				spans = append(spans, simulate.Span{Start: cur, End: s.End})
			}
		}
		out[i].spans = spans
	}
	return out
}

// joinSpans sorts spans by start and joins those that touch or overlap.
func joinSpans(spans []simulate.Span) []simulate.Span {
	sort.Slice(spans, func(x, y int) bool { return spans[x].Start.Before(spans[y].Start) })
	var out []simulate.Span
	for _, s := range spans {
		if k := len(out) - 1; k >= 0 && !s.Start.After(out[k].End) {
			if s.End.After(out[k].End) {
				out[k].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// runSimulation runs it, with a progress bar on a terminal.
func (a *app) runSimulation(st simSetup) (*simulate.Result, error) {
	in := st.in
	var bar *progressbar.ProgressBar
	if a.showProgress() {
		reps := in.Replications
		bar = progressbar.NewOptions(reps, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription("simulating"),
			progressbar.OptionClearOnFinish())
		in.Progress = func(done, _ int) { _ = bar.Set(done) }
	}
	res, err := simulate.Run(in)
	if bar != nil {
		_ = bar.Finish()
	}
	return res, err
}

// replayArrivals replaces the Poisson arrivals with recorded ones: the
// counts of a history.csv, or the arrival times of a per-contact log
// (read with the config's import settings; its rejected rows are written
// beside the output, as wfm import does).
func (a *app) replayArrivals(st *simSetup, path string, shift time.Duration, out string) error {
	in := &st.in
	byName := map[string]int{}
	for i, q := range in.Queues {
		byName[q.Name] = i
	}
	unknown := func(q string) error {
		return withHint(fmt.Errorf("%s: queue %q is not in the config's queues", path, q), "add it under queues: in the config, or set import.queue to a configured queue")
	}
	isHistory, err := looksLikeHistory(path)
	if err != nil {
		return fmt.Errorf("simulate: --arrivals: %w", err)
	}
	if isHistory {
		f, err := openCSV(path, "history.csv")
		if err != nil {
			return err
		}
		defer f.Close()
		rows, err := importers.ReadHistory(f, path)
		if err != nil {
			return err
		}
		return replayCounts(in, path, rows, shift, byName, unknown)
	}
	plan, err := a.importSettings(&importOptions{}, []string{path})
	if err != nil {
		return err
	}
	plan.opts.Interval = in.Interval
	if plan.opts.Location == nil {
		plan.opts.Location = st.loc
	}
	times := map[string][]time.Time{}
	plan.opts.OnContact = func(c importers.Contact) { times[c.Queue] = append(times[c.Queue], c.Arrival.Add(shift)) }
	rejects := "arrivals.rejects.csv"
	if out != "" && out != "-" {
		rejects = strings.TrimSuffix(out, filepath.Ext(out)) + ".rejects.csv"
	}
	res, rejected, err := a.importLogs(context.Background(), plan, rejects)
	if err != nil {
		return withHint(err, "--arrivals reads a log with the config's import settings (preset, map, queue); check them with wfm import")
	}
	var rows, imported int
	for _, f := range res.Files {
		rows += f.Rows
		imported += f.Imported
	}
	fmt.Fprintf(a.stderr, "arrivals: %s: %d rows read: %d imported, %d excluded, %d rejected (see %s)\n", path, rows, imported, rows-imported-rejected, rejected, rejects)
	if len(times) == 0 && len(res.History) > 0 {
		return replayCounts(in, path, res.History, shift, byName, unknown) // an interval report, not contacts
	}
	if imported == 0 {
		return fmt.Errorf("%s: no contacts imported to replay", path)
	}
	for q, ts := range times {
		i, ok := byName[q]
		if !ok {
			return unknown(q)
		}
		in.Queues[i].Arrivals = append(in.Queues[i].Arrivals, ts...)
	}
	for i := range in.Queues {
		if in.Queues[i].Arrivals == nil {
			in.Queues[i].Arrivals = []time.Time{} // replayed: none recorded
		}
	}
	return nil
}

// replayCounts sets each queue's recorded counts per interval from
// history rows on the simulation's interval grid.
func replayCounts(in *simulate.Input, path string, rows []importers.HistoryRow, shift time.Duration, byName map[string]int, unknown func(string) error) error {
	starts := make([]time.Time, len(rows))
	for i, r := range rows {
		starts[i] = r.Start
	}
	if iv := scheduling.InferInterval(starts, in.Interval); iv != in.Interval {
		return fmt.Errorf("%s: intervals of %v, the forecast's are %v; replay a history of the same interval, or the per-contact log", path, iv, in.Interval)
	}
	for i := range in.Queues {
		in.Queues[i].Counts = make([]int, in.Intervals)
	}
	inside := 0
	for _, r := range rows {
		i, ok := byName[r.Queue]
		if !ok {
			return unknown(r.Queue)
		}
		off := r.Start.Add(shift).Sub(in.Start)
		if off < 0 || off%in.Interval != 0 || int(off/in.Interval) >= in.Intervals {
			continue
		}
		if r.Offered != math.Trunc(r.Offered) {
			return fmt.Errorf("%s: interval %s of queue %q offered %v: a replay needs whole contacts; simulate Poisson arrivals from the forecast instead (no --arrivals)", path, r.Start.Format(time.RFC3339), r.Queue, r.Offered)
		}
		in.Queues[i].Counts[int(off/in.Interval)] += int(r.Offered)
		inside += int(r.Offered)
	}
	if inside == 0 {
		return withHint(fmt.Errorf("%s: no recorded interval falls inside the forecast's %s..%s", path,
			in.Start.Format(time.RFC3339), in.Start.Add(time.Duration(in.Intervals)*in.Interval).Format(time.RFC3339)),
			"move the history onto the roster's days with --arrivals-shift, e.g. 4w")
	}
	return nil
}

// looksLikeHistory reports whether the file's header is history.csv's.
func looksLikeHistory(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && err != io.EOF {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	hdr := strings.Split(strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")), ",")
	return slices.Contains(hdr, "interval_start") && slices.Contains(hdr, "offered"), nil
}

// The report's columns after the row's key (interval, day or week; queue;
// channel).
var simColumns = []string{"agents", "offered", "offered_lo", "offered_hi", "answered", "answered_lo", "answered_hi",
	"abandoned", "abandoned_lo", "abandoned_hi", "unserved", "service_level", "service_level_lo", "service_level_hi",
	"asa_seconds", "asa_seconds_lo", "asa_seconds_hi", "abandon_rate", "abandon_rate_lo", "abandon_rate_hi",
	"occupancy", "occupancy_lo", "occupancy_hi", "erlang_service_level", "service_level_gap"}

func simValues(s simulate.Summary) []float64 {
	e := func(x simulate.Estimate) []float64 { return []float64{x.Mean, x.Lo, x.Hi} }
	v := []float64{s.Agents.Mean}
	v = append(v, e(s.Offered)...)
	v = append(v, e(s.Answered)...)
	v = append(v, e(s.Abandoned)...)
	v = append(v, s.Unserved.Mean)
	v = append(v, e(s.ServiceLevel)...)
	v = append(v, e(s.ASA)...)
	v = append(v, e(s.AbandonRate)...)
	v = append(v, e(s.Occupancy)...)
	return append(v, s.Predicted, s.Gap())
}

func csvNum(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return fmtFull(x)
}

// writeSimCSV writes one row per interval and queue.
func writeSimCSV(w io.Writer, res *simulate.Result, loc *time.Location) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"interval_start", "queue", "channel"}, simColumns...)); err != nil {
		return err
	}
	for _, s := range res.ByInterval() {
		rec := []string{s.Start.In(loc).Format(time.RFC3339), csvcell.Escape(s.Queue), csvcell.Escape(s.Channel)}
		for _, x := range simValues(s) {
			rec = append(rec, csvNum(x))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeSimWorkbook writes the intervals, days and weeks as three sheets.
func writeSimWorkbook(w io.Writer, res *simulate.Result, loc *time.Location) error {
	sheet := func(name, key string, rows []simulate.Summary, label func(simulate.Summary) xlsxCell) xlsxSheet {
		sh := xlsxSheet{Name: name, Header: append([]string{key, "queue", "channel"}, simColumns...), Widths: map[int]float64{1: 18}}
		for _, s := range rows {
			row := []xlsxCell{label(s), s.Queue, s.Channel}
			for _, x := range simValues(s) {
				if math.IsNaN(x) {
					row = append(row, "")
				} else {
					row = append(row, x)
				}
			}
			sh.Rows = append(sh.Rows, row)
		}
		return sh
	}
	return writeXLSXSheets(w, []xlsxSheet{
		sheet("Days", "day", res.ByDay(loc), func(s simulate.Summary) xlsxCell { return s.Start.In(loc).Format("2006-01-02 Mon") }),
		sheet("Weeks", "week", res.ByWeek(loc), func(s simulate.Summary) xlsxCell { return "week of " + s.Start.In(loc).Format("2006-01-02") }),
		sheet("Intervals", "interval_start", res.ByInterval(), func(s simulate.Summary) xlsxCell { return s.Start.In(loc) }),
	})
}

// printSimSummary prints the days and weeks: a table on a terminal, the
// days as CSV, or both as JSON.
func (a *app) printSimSummary(w io.Writer, res *simulate.Result, st simSetup, o simulateOptions) error {
	format := a.outFormat()
	days, weeks := res.ByDay(st.loc), res.ByWeek(st.loc)
	if format == "json" {
		rows := func(key string, ss []simulate.Summary, label func(simulate.Summary) string) []map[string]any {
			var out []map[string]any
			for _, s := range ss {
				m := map[string]any{key: label(s), "queue": s.Queue, "channel": s.Channel}
				for i, x := range simValues(s) {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						m[simColumns[i]] = nil
					} else {
						m[simColumns[i]] = x
					}
				}
				out = append(out, m)
			}
			return out
		}
		return printJSON(w, map[string]any{
			"replications": res.Replications, "seed": st.in.Seed, "intervals": res.Intervals, "agents": st.agents,
			"days":  rows("day", days, func(s simulate.Summary) string { return s.Start.In(st.loc).Format("2006-01-02") }),
			"weeks": rows("week", weeks, func(s simulate.Summary) string { return s.Start.In(st.loc).Format("2006-01-02") }),
		})
	}
	if format == "csv" {
		cw := csv.NewWriter(w)
		if err := cw.Write(append([]string{"day", "queue", "channel"}, simColumns...)); err != nil {
			return err
		}
		for _, s := range days {
			rec := []string{s.Start.In(st.loc).Format("2006-01-02"), csvcell.Escape(s.Queue), csvcell.Escape(s.Channel)}
			for _, x := range simValues(s) {
				rec = append(rec, csvNum(x))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	var contacts float64
	for _, s := range res.Total() {
		contacts += s.Offered.Mean
	}
	names := make([]string, len(res.Queues))
	for i, q := range res.Queues {
		names[i] = q.Name
	}
	queues := "queues"
	if len(names) == 1 {
		queues = "queue"
	}
	fmt.Fprintf(w, "Simulated %d replications of %d intervals of %s (seed %d): %d %s (%s), %d agents, %s contacts a replication\n",
		res.Replications, res.Intervals, fmtDuration(res.Interval), st.in.Seed, len(names), queues, strings.Join(names, " "), st.agents, fmtFloat(contacts, 0))
	pct := func(x float64) string {
		if math.IsNaN(x) {
			return "—"
		}
		return fmtFloat(100*x, 1) + "%"
	}
	ci := func(e simulate.Estimate) string {
		if math.IsNaN(e.Lo) {
			return "—"
		}
		return fmtFloat(100*e.Lo, 1) + "–" + fmtFloat(100*e.Hi, 1)
	}
	num := func(x float64, prec int) string {
		if math.IsNaN(x) {
			return "—"
		}
		return fmtFloat(x, prec)
	}
	gap := func(s simulate.Summary) string {
		g := s.Gap()
		if math.IsNaN(g) {
			return "—"
		}
		return strconv.FormatFloat(100*g, 'f', 1, 64)
	}
	tbl := func(title, key string, ss []simulate.Summary, label func(simulate.Summary) string) table {
		t := table{Title: title, Header: []string{key, "queue", "offered", "answered", "abandoned", "SL", "SL 95%", "Erlang SL", "gap pt", "ASA s", "abandon", "occupancy"}}
		for _, s := range ss {
			t.Rows = append(t.Rows, []string{label(s), s.Queue, num(s.Offered.Mean, 1), num(s.Answered.Mean, 1), num(s.Abandoned.Mean, 1),
				pct(s.ServiceLevel.Mean), ci(s.ServiceLevel), pct(s.Predicted), gap(s), num(s.ASA.Mean, 1), pct(s.AbandonRate.Mean), pct(s.Occupancy.Mean)})
		}
		return t
	}
	if err := tbl("Per day (means over the replications; SL 95%: the interval)", "day", days, func(s simulate.Summary) string { return s.Start.In(st.loc).Format("2006-01-02 Mon") }).print(w, format); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return tbl("Per week", "week", weeks, func(s simulate.Summary) string { return "week of " + s.Start.In(st.loc).Format("2006-01-02") }).print(w, format)
}

// fmtDuration writes 15m, 1h or 1h30m.
func fmtDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// simulatedVerdict replaces the Erlang formula's service-level checks of a
// validate verdict with the simulation's: each queue's day passes when its
// simulated service level (the mean over the replications) meets the
// target, and the --min-interval-sl gate looks at simulated intervals.
func (a *app) simulatedVerdict(v scheduling.Verdict, reqs []scheduling.Requirement, roster []scheduling.Activity, replications int, g scheduling.Gates) (scheduling.Verdict, error) {
	if err := checkReplications("--simulate", replications); err != nil {
		return v, err
	}
	st, err := a.simulation(reqs, roster, replications, a.cfg.Simulate.Seed)
	if err != nil {
		return v, err
	}
	res, err := a.runSimulation(st)
	if err != nil {
		return v, err
	}
	checks := slices.DeleteFunc(slices.Clone(v.Checks), func(c scheduling.CheckResult) bool { return strings.HasPrefix(c.Suite, "queue ") })
	inReqs := map[string]bool{}
	for _, r := range reqs {
		inReqs[r.Queue] = true
	}
	targets := map[string]float64{}
	for q, t := range st.targets {
		if inReqs[q] {
			targets[q] = t
		}
	}
	days := res.CheckDays(st.loc, targets)
	sim := fmt.Sprintf("simulated, %d replications, seed %d", res.Replications, st.in.Seed)
	for _, q := range res.Queues {
		if _, ok := targets[q.Name]; !ok {
			continue
		}
		suite := "queue " + q.Name
		for _, d := range days {
			if d.Queue != q.Name {
				continue
			}
			c := scheduling.CheckResult{Suite: suite, Name: d.Start.In(st.loc).Format("2006-01-02 Mon") + " service level", Passed: d.Passed}
			if math.IsNaN(d.ServiceLevel.Mean) {
				c.Passed = true
				c.Detail = fmt.Sprintf("not judged: every contact's answer time runs past the simulated intervals (%s)", sim)
			} else {
				interval := ""
				if !math.IsNaN(d.ServiceLevel.Lo) {
					interval = fmt.Sprintf("95%% %.1f–%.1f%%, ", 100*d.ServiceLevel.Lo, 100*d.ServiceLevel.Hi)
				}
				erl := ""
				if !math.IsNaN(d.Predicted) {
					erl = fmt.Sprintf("; Erlang %.1f%%", 100*d.Predicted)
				}
				c.Detail = fmt.Sprintf("%.1f%% (%starget %.1f%%), %d of %d intervals under target; %s%s",
					100*d.ServiceLevel.Mean, interval, 100*d.Target, d.Missed, d.Intervals, sim, erl)
			}
			checks = append(checks, c)
		}
		if g.MinIntervalSL > 0 {
			c := scheduling.CheckResult{Suite: suite, Name: "interval service level", Passed: true}
			n := 0
			for _, s := range res.ByInterval() {
				if s.Queue == q.Name && s.Intervals > 0 {
					n++
				}
			}
			for _, s := range res.Below(map[string]bool{q.Name: true}, g.MinIntervalSL) {
				c.Passed = false
				c.Failures = append(c.Failures, fmt.Sprintf("%s: %.1f%% simulated", s.Start.In(st.loc).Format("2006-01-02 15:04"), 100*s.ServiceLevel.Mean))
			}
			c.Detail = fmt.Sprintf("%d of %d intervals under %.1f%% (gate; %s)", len(c.Failures), n, 100*g.MinIntervalSL, sim)
			checks = append(checks, c)
		}
	}
	v.Checks = checks
	v.Passed = v.Failed() == 0
	return v, nil
}

// writeXLSXSheets writes tables as the sheets of one workbook, in order.
func writeXLSXSheets(w io.Writer, sheets []xlsxSheet) error {
	f := newWorkbook()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return err
			}
		}
		if err := streamSheet(f, st, sh, nil); err != nil {
			return err
		}
	}
	return writeWorkbook(f, w)
}
