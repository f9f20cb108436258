package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/erlang"
	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/scheduling"
)

func init() { registerCommand((*app).staffCommand) }

type staffOptions struct {
	out string
}

func (a *app) staffCommand() *cobra.Command {
	var o staffOptions
	cmd := &cobra.Command{
		Use:   "staff FORECAST",
		Short: "Agents per interval from a forecast and each queue's targets",
		Long: `Read forecast.csv and write requirements.csv: for every interval of every
queue, the agents its targets in the config need. Voice uses Erlang C, or
Erlang A when the queue has a patience; chat uses the queue's concurrency;
email is deferred work staffed so every contact is answered within
respond_within, carrying backlog between intervals.`,
		Example: `  wfm staff forecast.csv --config wfm.yaml -o requirements.csv`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runStaff(args[0], o)
		},
	}
	cmd.Flags().StringVarP(&o.out, "output", "o", "requirements.csv", "requirements file (.csv or .xlsx; - for stdout)")
	return cmd
}

func (a *app) runStaff(path string, o staffOptions) error {
	if err := refuseInputAsOutput("-o", o.out, path); err != nil {
		return err
	}
	rows, err := a.readForecastFile(path)
	if err != nil {
		return err
	}
	reqs, err := a.requirements(rows)
	if err != nil {
		return err
	}
	if err := a.writeRequirements(o.out, reqs); err != nil {
		return err
	}
	w := a.stdout
	if o.out == "-" {
		w = a.stderr // the requirements themselves go to stdout
	}
	return a.printStaffSummary(w, reqs)
}

// readForecastFile reads forecast.csv, refusing rows no staffing can be
// computed from and, with site.timezone set, rows written in another zone.
func (a *app) readForecastFile(path string) ([]forecast.Row, error) {
	f, err := openCSV(path, "forecast.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := forecast.ReadCSV(f, path)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no forecast rows", path)
	}
	if err := checkForecastRows(path, rows); err != nil {
		return nil, err
	}
	starts := make([]time.Time, len(rows))
	for i, r := range rows {
		starts[i] = r.Start
	}
	return rows, a.checkSiteOffsets(path, starts)
}

// noteSelfService says, for each queue a bot serves, the contacts forecast
// and the part of them agents are staffed for.
func (a *app) noteSelfService(rows []forecast.Row, queues []scheduling.QueueTargets) {
	for _, q := range queues {
		if q.SelfService == 0 {
			continue
		}
		offered, agents := 0.0, 0.0
		for _, r := range rows {
			if r.Queue == q.Name {
				offered += r.Volume
				agents += q.AgentLoad(r).Volume
			}
		}
		fmt.Fprintf(a.stderr, "staff: queue %s: %s contacts forecast; self-service takes %s %% and passes %s %% of those on: agents handle %s\n",
			termText(q.Name), fmtFloat(offered, 1), fmtFloat(100*q.SelfService, 1), fmtFloat(100*q.Escalation, 1), fmtFloat(agents, 1))
	}
}

// requirements applies the config's queue targets to forecast rows.
func (a *app) requirements(rows []forecast.Row) ([]scheduling.Requirement, error) {
	if len(rows) == 0 {
		return nil, errors.New("the forecast has no rows")
	}
	queues, err := a.cfg.queueTargets()
	if err != nil {
		return nil, err
	}
	starts := make([]time.Time, len(rows))
	for i, r := range rows {
		starts[i] = r.Start
	}
	interval := scheduling.InferInterval(starts, a.cfg.Site.Interval)
	a.noteSelfService(rows, queues)
	reqs, err := scheduling.ComputeRequirements(rows, queues, interval)
	if errors.Is(err, scheduling.ErrNoQueue) {
		return nil, withHint(err, "add the queue under queues: in the config, with its channel and targets")
	}
	if errors.Is(err, erlang.ErrUnreachable) || errors.Is(err, erlang.ErrOverloaded) {
		return nil, withHint(err, "loosen the queue's targets, or set a patience for Erlang A")
	}
	return reqs, err
}

// writeRequirements writes requirements.csv, or a workbook for .xlsx.
func (a *app) writeRequirements(path string, reqs []scheduling.Requirement) error {
	if outputKind(path) == "xlsx" {
		sh := xlsxSheet{Name: "Requirements", Header: scheduling.RequirementsHeader, Widths: map[int]float64{1: 18}}
		for _, r := range reqs {
			sh.Rows = append(sh.Rows, []xlsxCell{r.Start, r.Queue, r.Channel, r.Volume, r.AHT.Seconds(), r.Traffic, r.Agents, r.Fractional, r.Staff, r.ServiceLevel, r.ASA.Seconds(), r.Occupancy, r.PAbandon})
		}
		return writeFileAtomic(path, a.stdout, func(w io.Writer) error { return writeXLSXTable(w, sh) })
	}
	return writeFileAtomic(path, a.stdout, func(w io.Writer) error { return scheduling.WriteRequirements(w, reqs) })
}

func (a *app) printStaffSummary(w io.Writer, reqs []scheduling.Requirement) error {
	if len(reqs) == 0 {
		return nil
	}
	loc, err := a.cfg.location(reqs[0].Start)
	if err != nil {
		return err
	}
	starts := make([]time.Time, len(reqs))
	for i, r := range reqs {
		starts[i] = r.Start
	}
	interval := scheduling.InferInterval(starts, a.cfg.Site.Interval)
	t := table{Title: "Daily requirements", Header: []string{"day", "queue", "peak_interval", "peak_agents", "peak_staff", "agent_hours", "staff_hours"}}
	for _, d := range scheduling.DailyPeaks(reqs, interval, loc) {
		t.Rows = append(t.Rows, []string{d.Day.Format("2006-01-02 Mon"), d.Queue, d.PeakStart.In(loc).Format("15:04"),
			strconv.Itoa(d.PeakAgents), strconv.Itoa(d.PeakStaff), fmtFloat(d.AgentHours, 1), fmtFloat(d.StaffHours, 1)})
	}
	if a.outFormat() == "json" {
		type peakJSON struct {
			Day          string  `json:"day"`
			Queue        string  `json:"queue"`
			PeakInterval string  `json:"peak_interval"`
			PeakAgents   int     `json:"peak_agents"`
			PeakStaff    int     `json:"peak_staff"`
			AgentHours   float64 `json:"agent_hours"`
			StaffHours   float64 `json:"staff_hours"`
		}
		var out []peakJSON
		for _, d := range scheduling.DailyPeaks(reqs, interval, loc) {
			out = append(out, peakJSON{d.Day.Format("2006-01-02"), d.Queue, d.PeakStart.In(loc).Format(time.RFC3339), d.PeakAgents, d.PeakStaff, d.AgentHours, d.StaffHours})
		}
		return printJSON(w, out)
	}
	return t.print(w, a.outFormat())
}
