package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/erlang"
	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/importers/analyze"
)

func init() { registerCommand((*app).analyzeCommand) }

type analyzeOptions struct {
	imp importOptions // how to read contact logs, as wfm import does
	out string
	top int
	sl  erlang.ServiceLevelTarget
}

func (a *app) analyzeCommand() *cobra.Command {
	o := &analyzeOptions{sl: erlang.ServiceLevelTarget{Fraction: 0.8, Within: 20 * time.Second}}
	cmd := &cobra.Command{
		Use:   "analyze [HISTORY | LOGS...]",
		Short: "Report what happened: volume, heat map, service level, abandonment, AHT, patience, data quality",
		Long: `Analyze reads a history.csv (as wfm import writes it) or contact logs (with
the same flags and config as wfm import) and reports, per queue and channel:
volume by day; a weekday × hour heat map of mean arrivals; abandonment;
AHT by hour of day; the busiest intervals; data-quality findings (missing
days and intervals, zero days, outlying days and intervals by a robust z
over the same weekday, |z| > 3.5 with z = (x − median) / max(1.4826·MAD,
√median)); and each queue's mean patience for Erlang A. With no file named, the config's
import.files are analysed.

From logs, single contacts also give the service level achieved against
each queue's target (config queues[].service_level, else --service-level),
ASA, the waits before abandoning, handle-time quantiles, and the censored
maximum-likelihood patience with its 95 % interval. From a history, which
has no single waits, patience is only bounded from below.

The report is text on stdout, or JSON with --format json; -o FILE.xlsx also
writes it as a workbook, one sheet a section, the heat map colour-scaled,
with charts.`,
		Example: `  wfm analyze history.csv
  wfm analyze --preset technion data_anonymous_bank_february.txt --format json
  wfm analyze history.csv -o analysis.xlsx`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runAnalyze(cmd.Context(), o, args, cmd.Flags().Changed("preset") || cmd.Flags().Changed("map"))
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "", "also write the report as a workbook (.xlsx)")
	f.IntVar(&o.top, "top", 10, "busiest intervals listed per queue")
	f.Var(&o.sl, "service-level", "target of queues the config does not name, e.g. 80/20s")
	o.imp.addLogFlags(f)
	f.Lookup("rejects").Usage = "rejected rows of the logs (default analysis.rejects.csv, or NAME.rejects.csv beside -o NAME.xlsx)"
	return cmd
}

// analysis is a report with where it came from, for rendering.
type analysis struct {
	*analyze.Report
	Inputs   []string
	Location *time.Location // nil: the history's own offsets
	Files    []importers.FileSummary
	Rejects  string // the rejects file, from logs
}

func (a *app) runAnalyze(ctx context.Context, o *analyzeOptions, args []string, mapped bool) error {
	format := a.format
	if format == "csv" {
		return withHint(errors.New("analyze: --format csv: the report has many tables; want table or json"), "-o analysis.xlsx writes every table as a sheet")
	}
	if o.out != "" && outputKind(o.out) != "xlsx" {
		return fmt.Errorf("analyze: -o %s: want a .xlsx file", o.out)
	}
	if o.top < 1 {
		return fmt.Errorf("analyze: --top %d: want 1 or more", o.top)
	}
	if err := refuseInputAsOutput("-o", o.out, args...); err != nil {
		return err
	}
	opts := analyze.Options{Top: o.top, DefaultTarget: analyze.Target{Level: o.sl.Fraction, Time: o.sl.Within}}
	var err error
	if opts.Targets, err = a.cfg.analyzeTargets(); err != nil {
		return err
	}
	if len(args) == 0 && len(a.cfg.Import.Files) == 0 {
		return withHint(errors.New("analyze: no input"), "name a history or contact logs: wfm analyze HISTORY | LOGS... (or set import.files in the config)")
	}
	an := &analysis{Inputs: args}
	isHistory := false
	if !mapped && len(args) == 1 && args[0] != "-" {
		if isHistory, err = looksLikeHistory(args[0]); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
	}
	var rows []importers.HistoryRow
	var contacts *analyze.ContactStats
	if isHistory {
		if tz := firstOf(o.imp.tz, a.cfg.Site.Timezone); tz != "" {
			if an.Location, err = time.LoadLocation(tz); err != nil {
				return fmt.Errorf("--tz %q: not an IANA time zone such as Europe/London", tz)
			}
		}
		if rows, err = readHistoryFile(args[0]); err != nil {
			return err
		}
	} else {
		if len(args) > 0 && !mapped && a.cfg.Import.Preset == "" && len(a.cfg.Import.Map) == 0 {
			return withHint(fmt.Errorf("analyze: %s: not a history.csv (its header lacks interval_start and offered), and no column mapping to read it as a contact log", args[0]),
				"give a history as wfm import writes it, or a log with --preset NAME or --map arrival=COLUMN,... (wfm import --list-presets)")
		}
		plan, err := a.importSettings(&o.imp, args)
		if err != nil {
			return err
		}
		an.Inputs = plan.files // the config's import.files when no file is named
		if plan.opts.Location == nil {
			plan.opts.Location = time.UTC
			if p := plan.opts.Preset.Timezone; p != "" {
				plan.opts.Location, _ = time.LoadLocation(p)
			}
		}
		an.Location = plan.opts.Location
		opts.Interval = plan.opts.Interval
		contacts = analyze.NewContactStats(plan.opts.Location)
		plan.opts.OnContact = contacts.Add
		an.Rejects = o.imp.rejects
		if an.Rejects == "" {
			an.Rejects = "analysis.rejects.csv"
			if o.out != "" {
				an.Rejects = strings.TrimSuffix(o.out, filepath.Ext(o.out)) + ".rejects.csv"
			}
		}
		if err := refuseInputAsOutput("--rejects", an.Rejects, args...); err != nil {
			return err
		}
		res, rejected, err := a.importLogs(ctx, plan, an.Rejects)
		if err != nil {
			return withHint(err, "analyze reads logs as wfm import does: check --preset, --map and --layout with wfm import first")
		}
		an.Files = res.Files
		read, imported := 0, 0
		for _, f := range res.Files {
			read += f.Rows
			imported += f.Imported
			fmt.Fprintf(a.stderr, "analyze: %s: %d rows read: %d imported, %d excluded, %d rejected (see %s)\n",
				f.Name, f.Rows, f.Imported, f.ExcludedRows(), f.RejectedRows(), an.Rejects)
		}
		switch {
		case imported == 0:
			return fmt.Errorf("analyze: no contacts imported: %d rows read, %d rejected, see %s", read, rejected, an.Rejects)
		case plan.maxReject.exceeded(read, rejected):
			return checkFailedf("analyze: %d of %d rows rejected, more than --max-rejects %s; see %s", rejected, read, plan.maxReject.text, an.Rejects)
		case plan.maxReject.misread(read, rejected):
			return withHint(fmt.Errorf("analyze: %d of %d rows rejected, more than half: the file is likely misread; see %s", rejected, read, an.Rejects),
				"check --layout, --map or --preset with wfm import; --max-rejects 100% analyses what can be read")
		}
		rows = res.History
	}
	opts.Location = an.Location
	if an.Report, err = analyze.Analyze(rows, contacts, opts); err != nil {
		err = fmt.Errorf("analyze: %s: %w", strings.Join(args, ", "), err)
		if errors.Is(err, importers.ErrSpan) {
			return withHint(err, "the first and last rows are far apart on a fine grid: check their dates")
		}
		return err
	}
	if o.out != "" {
		if err := writeFileAtomic(o.out, a.stdout, an.writeWorkbook); err != nil {
			return err
		}
	}
	if format == "json" {
		return printJSON(a.stdout, an.json())
	}
	return an.printText(a.stdout)
}

// analyzeTargets are the configured queues' service-level targets.
func (c *Config) analyzeTargets() (map[analyze.Key]analyze.Target, error) {
	out := map[analyze.Key]analyze.Target{}
	for i, q := range c.Queues {
		if q.ServiceLevel == "" {
			continue
		}
		f, d, err := erlang.ParseServiceLevel(q.ServiceLevel)
		if err != nil {
			return nil, fmt.Errorf("config %s: queues[%d].service_level: %w", c.displayPath(), i, err)
		}
		ch := q.Channel
		if ch == "" {
			ch = "voice"
		}
		out[analyze.Key{Queue: q.Name, Channel: ch}] = analyze.Target{Level: f, Time: d}
	}
	return out, nil
}
