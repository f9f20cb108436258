package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/wfm-project/wfm/importers/analyze"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/samples"
	"github.com/wfm-project/wfm/scheduling"
)

func init() { registerCommand((*app).planCommand) }

type planOptions struct {
	out    string
	keep   string // directory for the intermediate CSV files
	search scheduling.Options
}

func (a *app) planCommand() *cobra.Command {
	var (
		o  planOptions
		sf searchFlags
	)
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Run the whole pipeline: import, forecast, staff, schedule, validate, export",
		Long: `Run import -> forecast -> staff -> schedule -> validate -> export from one config
and write one workbook. With no config (no --config and no ./wfm.yaml) it runs
on the sample bundled in the binary: the Technion SEE Center's February 1999
call log of an Israeli bank, planning the first week of March 1999.

Exit 0 when the roster passes validation, 1 when a target or rule fails (the
workbook is still written, with the failures on its Rules sheet), 2 on bad
input.`,
		Example: `  wfm plan                              # the bundled sample, writes plan.xlsx
  wfm plan --config wfm.yaml -o plan.xlsx --keep out/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.search, err = a.searchOptions(cmd, sf); err != nil {
				return err
			}
			return a.runPlan(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "plan.xlsx", "the workbook to write (.xlsx)")
	f.StringVar(&o.keep, "keep", "", "also write history.csv, forecast.csv, requirements.csv, roster.csv and the rejects in this directory")
	sf.register(cmd)
	return cmd
}

// useSample writes the embedded sample to a temporary directory and loads
// its config, so every path in it resolves as for a user's own files.
func (a *app) useSample() (cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "wfm-sample-")
	if err != nil {
		return nil, err
	}
	inFlight.add(dir) // removed by a signal too
	cleanup = func() { os.RemoveAll(dir); inFlight.remove(dir) }
	err = fs.WalkDir(samples.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := samples.FS.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, path), b, 0o644)
	})
	if err == nil {
		a.cfg, err = loadConfig(filepath.Join(dir, samples.ConfigName), true)
	}
	if err != nil {
		cleanup()
		return nil, err
	}
	return cleanup, nil
}

func (a *app) runPlan(ctx context.Context, o planOptions) error {
	if outputKind(o.out) != "xlsx" {
		return fmt.Errorf("-o %s: wfm plan writes a workbook; want a .xlsx file", o.out)
	}
	if o.keep != "" {
		if err := os.MkdirAll(o.keep, 0o755); err != nil {
			return err
		}
	}
	if w := a.cfg.Plan.Weeks; w < 0 || w > maxPlanWeeks {
		return fmt.Errorf("config %s: plan.weeks: %d: want 1 to %d", a.cfg.displayPath(), w, maxPlanWeeks)
	}
	source := a.cfg.path
	if source == "" {
		cleanup, err := a.useSample()
		if err != nil {
			return err
		}
		defer cleanup()
		source = "bundled sample (Technion SEE Center, Israeli bank call log, February 1999)"
		fmt.Fprintf(a.stderr, "No config given: planning the %s.\n", source)
	}
	// Progress goes to stderr, so that stdout holds the plan's table, CSV
	// or JSON alone.
	say := func(format string, args ...any) {
		if !a.quiet {
			fmt.Fprintf(a.stderr, format+"\n", args...)
		}
	}
	start := time.Now()

	// import
	hist, imported, err := a.planImport(ctx, o)
	if err != nil {
		return err
	}
	say("import    %s", imported)

	// forecast
	series, err := a.historySeries("history", hist)
	if err != nil {
		return err
	}
	fopt, err := a.forecastRunOptions(forecastOptions{}, false)
	if err != nil {
		return err
	}
	if a.cfg.Plan.Start != "" && a.cfg.Forecast.Start == "" {
		if fopt.Start, err = parseDay(a.cfg.Plan.Start); err != nil {
			return fmt.Errorf("config %s: plan.start: %q is not a date YYYY-MM-DD", a.cfg.path, a.cfg.Plan.Start)
		}
	}
	if a.cfg.Plan.Weeks > 0 {
		fopt.Horizon = time.Duration(a.cfg.Plan.Weeks) * 7 * 24 * time.Hour
	}
	fc, err := forecast.Run(series, fopt)
	if err != nil {
		return withHint(fmt.Errorf("forecast: %w", err), "check forecast: and plan: in the config, or the history's length")
	}
	var models []string
	for q, m := range fc.Chosen {
		models = append(models, q+": "+m)
	}
	sort.Strings(models) // a map: its order would change from run to run
	say("forecast  %d intervals, models %s, backtest band coverage %.0f%%", len(fc.Rows), strings.Join(models, ", "), 100*fc.Coverage)
	for _, line := range specialDayLines(fc.SpecialDays, len(series) > 1) {
		say("forecast  %s", line)
	}
	if note := originsNote(fc.Backtest, fopt.BacktestOrigins, "forecast.backtest_origins"); note != "" {
		say("forecast  %s", note)
	}

	// staff
	reqs, err := a.requirements(fc.Rows)
	if err != nil {
		return err
	}
	var peak int
	for _, r := range reqs {
		peak = max(peak, r.Staff)
	}
	say("staff     %d requirement rows, peak %d staff in one interval", len(reqs), peak)

	// schedule
	p, err := a.schedulingProblem(reqs)
	if err != nil {
		return err
	}
	sol, err := scheduling.Solve(p, o.search)
	if err != nil {
		return err
	}
	ot := ""
	if p.Overtime.On() {
		ot = fmt.Sprintf(", %.1f overtime hours", sol.OvertimeHours)
	}
	say("schedule  %d shifts, %.0f paid hours%s, %.0f vendor hours, coverage %.1f%%, gap to lower bound %.2f%%%s",
		sol.Shifts, sol.PaidHours, ot, sol.VendorHours, 100*sol.CoverageRate, 100*sol.Gap, timeLimitNote(sol.TimedOut))
	a.warnUncovered(sol.Uncovered, p.Location)

	// export
	span := ""
	if len(hist) > 0 {
		span = hist[0].Start.Format("2006-01-02") + " to " + hist[len(hist)-1].Start.Format("2006-01-02")
	}
	head := []summaryLine{{"config", source}, {"history", span}, {"planned", p.Demand.Start.Format("2006-01-02") + " to " + p.Demand.End().Add(-time.Nanosecond).Format("2006-01-02")}, {"forecast models", strings.Join(models, ", ")}}
	// validate and export
	v, err := a.validateSolved(p, reqs, sol.Roster)
	if err != nil {
		return err
	}
	targets, err := a.cfg.analyzeTargets()
	if err != nil {
		return err
	}
	history, err := analyze.Analyze(hist, a.patience, analyze.Options{Location: p.Location, Targets: targets})
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	wb := newPlanWorkbook(p, sol, v, fc.Rows, head)
	wb.History = history
	if err := writeFileAtomic(o.out, a.stdout, wb.write); err != nil {
		return err
	}
	verdict := "pass"
	if !v.Passed {
		verdict = fmt.Sprintf("FAIL (%d of %d checks)", v.Failed(), len(v.Checks))
	}
	say("validate  %s", verdict)
	if o.keep != "" {
		if err := a.keepPlanFiles(o.keep, hist, fc.Rows, reqs, sol.Roster); err != nil {
			return err
		}
	}
	say("export    %s (%s)", o.out, time.Since(start).Round(100*time.Millisecond))
	if err := a.printPlanDays(planDays(p, sol, v)); err != nil {
		return err
	}
	if !v.Passed {
		return checkFailedf("the plan's roster fails %d of %d checks; see the Rules sheet of %s", v.Failed(), len(v.Checks), o.out)
	}
	return nil
}

// planImport imports the config's contact logs (import.files), writing
// rejected rows beside the workbook (or into --keep).
func (a *app) planImport(ctx context.Context, o planOptions) ([]importers.HistoryRow, string, error) {
	plan, err := a.importSettings(&importOptions{}, nil)
	if err != nil {
		return nil, "", err
	}
	// The logs' per-contact waits feed the History sheet and patience: auto.
	loc := plan.opts.Location
	if loc == nil {
		loc = time.UTC
	}
	contacts := analyze.NewContactStats(loc)
	plan.opts.OnContact = contacts.Add
	rejectsPath := strings.TrimSuffix(o.out, filepath.Ext(o.out)) + ".rejects.csv"
	if o.keep != "" {
		rejectsPath = filepath.Join(o.keep, "rejects.csv")
	}
	res, rejected, err := a.importLogs(ctx, plan, rejectsPath)
	if err != nil {
		return nil, "", err
	}
	if rejected == 0 {
		os.Remove(rejectsPath)
	}
	rows, imported, excluded := 0, 0, 0
	for _, f := range res.Files {
		rows += f.Rows
		imported += f.Imported
		excluded += f.ExcludedRows()
	}
	msg := fmt.Sprintf("%d rows read: %d imported, %d excluded, %d rejected", rows, imported, excluded, rejected)
	if rejected > 0 {
		msg += " (see " + rejectsPath + ")"
	}
	if plan.maxReject.exceeded(rows, rejected) {
		return nil, "", checkFailedf("import: %d of %d rows rejected, more than import.max_rejects %s; see %s", rejected, rows, plan.maxReject.text, rejectsPath)
	}
	if len(res.History) == 0 {
		return nil, "", errors.New("import: no contacts in the logs")
	}
	a.patience, a.patienceFiles = contacts, strings.Join(plan.files, ", ")
	return res.History, msg, nil
}

// keepPlanFiles writes the pipeline's intermediate files into dir.
func (a *app) keepPlanFiles(dir string, hist []importers.HistoryRow, fc []forecast.Row, reqs []scheduling.Requirement, roster []scheduling.Activity) error {
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"history.csv", func(w io.Writer) error { return importers.WriteHistory(w, hist) }},
		{"forecast.csv", func(w io.Writer) error { return forecast.WriteCSV(w, fc) }},
		{"requirements.csv", func(w io.Writer) error { return scheduling.WriteRequirements(w, reqs) }},
		{"roster.csv", func(w io.Writer) error { return scheduling.WriteRoster(w, roster) }},
	}
	for _, f := range files {
		if err := writeFileAtomic(filepath.Join(dir, f.name), a.stdout, f.write); err != nil {
			return err
		}
	}
	return nil
}

// printPlanDays prints the plan's days: volume, hours and predicted SL.
func (a *app) printPlanDays(days []dailyLine) error {
	t := table{Title: "Plan by day", Header: []string{"day", "volume", "required_staff_hours", "net_staff_hours", "vendor_hours", "understaffed_intervals", "service_level"}}
	for _, d := range days {
		t.Rows = append(t.Rows, []string{d.Day.Format("2006-01-02 Mon"), fmtFloat(d.Volume, 0), fmtFloat(d.RequiredHours, 1), fmtFloat(d.ScheduledHours, 1),
			fmtFloat(d.VendorHours, 1), strconv.Itoa(d.Understaffed), fmtFloat(100*d.ServiceLevel, 1) + "%"})
	}
	format := a.outFormat()
	if format == "json" {
		type dayJSON struct {
			Day                   string  `json:"day"`
			Volume                float64 `json:"volume"`
			RequiredStaffHours    float64 `json:"required_staff_hours"`
			NetStaffHours         float64 `json:"net_staff_hours"`
			VendorHours           float64 `json:"vendor_hours"`
			UnderstaffedIntervals int     `json:"understaffed_intervals"`
			ServiceLevel          float64 `json:"service_level"`
		}
		out := make([]dayJSON, len(days))
		for i, d := range days {
			out[i] = dayJSON{d.Day.Format("2006-01-02"), d.Volume, d.RequiredHours, d.ScheduledHours, d.VendorHours, d.Understaffed, d.ServiceLevel}
		}
		return printJSON(a.stdout, out)
	}
	return t.print(a.stdout, format)
}
