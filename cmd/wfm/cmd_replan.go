package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/scheduling"
)

func init() { registerCommand((*app).replanCommand) }

type replanOptions struct {
	forecast, actuals, at, out string
	noBreaks, noVTO, noVendor  bool
	noOvertime                 bool
}

func (a *app) replanCommand() *cobra.Command {
	var o replanOptions
	cmd := &cobra.Command{
		Use:   "replan ROSTER",
		Short: "Re-plan the rest of today from the actuals so far: re-forecast, then propose changes",
		Long: `Rescale the rest of today's forecast by how the day has run so far, recompute
the requirements, and propose the cheapest changes to today's roster: move
breaks that have not started, offer voluntary time off where overstaffed,
offer overtime where the config's overtime allows it, call a vendor (after
its notice). Prints the changes, writes the new roster,
and exits 1 when the rest of the day still misses a queue's service-level
target.

--actuals is a history.csv (as wfm import writes it) holding today's
intervals up to --at. When it also holds earlier days (importing all the
logs at hand does that), the rescaling is measured on them: how far a
morning's excess predicted that day's afternoon (credibility); otherwise it
is read from the forecast's p10-p90 band. --at is a clock time on the last
day of the actuals (11:30) or an RFC 3339 time.`,
		Example: `  wfm replan roster.csv --forecast forecast.csv --actuals today.csv --at 11:30
  wfm replan roster.csv --forecast forecast.csv --actuals history.csv --at 1999-02-24T11:30:00+02:00 -o roster-noon.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runReplan(args[0], o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.forecast, "forecast", "", "forecast.csv the roster was planned from (required)")
	f.StringVar(&o.actuals, "actuals", "", "history.csv with today's intervals so far (required)")
	f.StringVar(&o.at, "at", "", "re-plan time: HH:MM on the actuals' last day, or RFC 3339 (required)")
	f.StringVarP(&o.out, "output", "o", "roster-replan.csv", "the new roster (.csv; - for stdout)")
	f.BoolVar(&o.noBreaks, "no-break-moves", false, "do not move breaks")
	f.BoolVar(&o.noVTO, "no-vto", false, "do not offer voluntary time off")
	f.BoolVar(&o.noVendor, "no-vendor", false, "do not call vendors")
	f.BoolVar(&o.noOvertime, "no-overtime", false, "do not offer overtime (offered only where config overtime allows it)")
	return cmd
}

// replanReport is what `wfm replan --format json` prints.
type replanReport struct {
	At       time.Time          `json:"at"`
	Start    time.Time          `json:"window_start"`
	End      time.Time          `json:"window_end"`
	Update   []replanUpdateJSON `json:"update"`
	Changes  []replanChangeJSON `json:"changes"`
	Before   replanCostJSON     `json:"before"`
	After    replanCostJSON     `json:"after"`
	Service  []replanSLJSON     `json:"service"`
	Roster   string             `json:"roster"`
	Misses   bool               `json:"misses_target"`
	Warnings []string           `json:"warnings,omitempty"`
}

type replanUpdateJSON struct {
	Queue           string  `json:"queue"`
	Channel         string  `json:"channel"`
	Elapsed         int     `json:"elapsed_intervals"`
	Forecast        float64 `json:"forecast_so_far"`
	Actual          float64 `json:"actual_so_far"`
	Ratio           float64 `json:"ratio"`
	Method          string  `json:"method"`
	Beta            float64 `json:"beta,omitempty"`
	CredibilityDays int     `json:"credibility_days,omitempty"`
	Dispersion      float64 `json:"dispersion,omitempty"`
	Factor          float64 `json:"factor"`
	RestBefore      float64 `json:"rest_of_day_before"`
	RestAfter       float64 `json:"rest_of_day_after"`
}

type replanChangeJSON struct {
	Kind   string    `json:"kind"`
	Agent  string    `json:"agent"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	From   time.Time `json:"from,omitzero"`
	Hours  float64   `json:"paid_hours"`
	Pay    float64   `json:"pay"`
	Gain   float64   `json:"gain"`
	Detail string    `json:"detail"`
}

type replanCostJSON struct {
	ShortHours   float64 `json:"short_agent_hours"`
	OverHours    float64 `json:"over_agent_hours"`
	StaffCost    float64 `json:"staffing_cost"`
	Pay          float64 `json:"pay_change"`
	Objective    float64 `json:"objective"`
	Understaffed int     `json:"understaffed_intervals"`
}

type replanSLJSON struct {
	Queue  string  `json:"queue"`
	Before float64 `json:"service_level_before"`
	After  float64 `json:"service_level_after"`
	Target float64 `json:"target"`
	Missed bool    `json:"missed"`
}

func costJSON(c scheduling.ReplanCost) replanCostJSON {
	return replanCostJSON{c.ShortHours, c.OverHours, c.StaffCost, c.Pay, c.Objective, c.Understaffed}
}

func (a *app) runReplan(rosterPath string, o replanOptions) error {
	for _, req := range []struct{ flag, val, hint string }{
		{"--forecast", o.forecast, "give the forecast.csv the roster was planned from"},
		{"--actuals", o.actuals, "give today's history so far, e.g. wfm import today.tsv -o today.csv, then --actuals today.csv"},
		{"--at", o.at, "give the time the actuals run to, e.g. --at 11:30"},
	} {
		if req.val == "" {
			return withHint(fmt.Errorf("%s is required", req.flag), req.hint)
		}
	}
	if k := outputKind(o.out); k != "csv" {
		return fmt.Errorf("-o %s: want a .csv roster, or - for stdout", o.out)
	}
	if err := refuseInputAsOutput("-o", o.out, rosterPath, o.forecast, o.actuals); err != nil {
		return err
	}
	roster, err := readRosterFile(rosterPath)
	if err != nil {
		return err
	}
	rows, err := a.readForecastFile(o.forecast)
	if err != nil {
		return err
	}
	hist, err := readHistoryFile(o.actuals)
	if err != nil {
		return err
	}
	loc, err := a.cfg.location(rows[0].Start)
	if err != nil {
		return err
	}
	at, err := replanTime(o.at, hist, loc)
	if err != nil {
		return err
	}

	// The morning's actuals, and credibility from the days before today.
	dayStart := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc)
	var acts []forecast.Actual
	var before []importers.HistoryRow
	for _, h := range hist {
		switch {
		case h.Start.Before(dayStart):
			before = append(before, h)
		case h.Start.Before(at):
			acts = append(acts, forecast.Actual{Start: h.Start, Queue: h.Queue, Channel: h.Channel, Offered: h.Offered})
		}
	}
	var warnings []string
	cred := map[forecast.QueueChannel]forecast.Credibility{}
	if len(before) > 0 {
		series, err := a.historySeries(o.actuals, before)
		if err != nil {
			return err
		}
		clock := at.Sub(dayStart)
		for _, s := range series {
			cred[forecast.QueueChannel{Queue: s.Queue, Channel: s.Channel}] = forecast.IntradayCredibility(s.Input, clock)
		}
	}
	updated, upd, err := forecast.IntradayUpdate(rows, acts, forecast.IntradayOptions{At: at, Location: loc, Credibility: cred})
	if errors.Is(err, forecast.ErrNoActuals) {
		return withHint(fmt.Errorf("%s: %w", o.actuals, err), "the actuals must hold today's intervals before --at")
	}
	if errors.Is(err, forecast.ErrUnforecastQueue) {
		return withHint(fmt.Errorf("%s: %w", o.actuals, err), "import today's log with the queue names the forecast was made with (import.queue, --queue)")
	}
	if errors.Is(err, forecast.ErrNoForecastDay) {
		return withHint(fmt.Errorf("%s: %w", o.forecast, err), fmt.Sprintf("--at %s is %s; the forecast runs %s to %s", o.at, at.Format(time.RFC3339),
			rows[0].Start.Format("2006-01-02"), rows[len(rows)-1].Start.Format("2006-01-02")))
	}
	if err != nil {
		return err
	}
	for _, u := range upd {
		if u.Method != "credibility" {
			warnings = append(warnings, fmt.Sprintf("queue %s: the actuals hold fewer than 10 earlier days to measure how a morning predicts its afternoon; the forecast's band sets the rescaling", u.Queue))
		}
		if u.Missing > 0 {
			warnings = append(warnings, fmt.Sprintf("queue %s: %d interval(s) before %s have a forecast and no actual; left out", u.Queue, u.Missing, at.Format("15:04")))
		}
	}

	reqs, err := a.requirements(updated)
	if err != nil {
		return err
	}
	p, err := a.schedulingProblem(reqs)
	if err != nil {
		return err
	}
	res, err := scheduling.Replan(p, roster, scheduling.ReplanOptions{At: at, MoveBreaks: !o.noBreaks, VTO: !o.noVTO, CallVendors: !o.noVendor, Overtime: !o.noOvertime})
	if errors.Is(err, scheduling.ErrReplanWindow) {
		return withHint(err, "--at must fall inside the roster's horizon, before the day's end")
	}
	if err != nil {
		return err
	}

	// Service over the rest of the day, before and after.
	queues, err := a.cfg.queueTargets()
	if err != nil {
		return err
	}
	service, err := res.Service(p, reqs, queues, roster)
	if err != nil {
		return err
	}

	rep := replanReport{At: at, Start: res.Start, End: res.End, Before: costJSON(res.Before), After: costJSON(res.After), Roster: o.out, Warnings: warnings}
	for _, u := range upd {
		rep.Update = append(rep.Update, replanUpdateJSON{u.Queue, u.Channel, u.Elapsed, u.Forecast, u.Actual, u.Ratio, u.Method, u.Beta, u.CredibilityDays, u.Dispersion, u.Factor, u.RestBefore, u.RestAfter})
	}
	for _, c := range res.Changes {
		rep.Changes = append(rep.Changes, replanChangeJSON{c.Kind, c.Agent, c.Start, c.End, c.From, c.Hours, c.Pay, c.Gain, c.Describe(loc)})
	}
	for _, sv := range service {
		rep.Misses = rep.Misses || sv.Missed
		rep.Service = append(rep.Service, replanSLJSON{sv.Queue, sv.Before, sv.After, sv.Target, sv.Missed})
	}

	if err := writeFileAtomic(o.out, a.stdout, func(w io.Writer) error { return scheduling.WriteRoster(w, res.Roster) }); err != nil {
		return err
	}
	if a.outFormat() == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if err := a.printReplan(rep, loc); err != nil {
		return err
	}
	if rep.Misses {
		return checkFailedf("the rest of %s still misses a service-level target after %d change(s)", at.Format("2006-01-02"), len(rep.Changes))
	}
	return nil
}

// replanTime reads --at: RFC 3339, or HH:MM on the local date of the
// latest actual.
func replanTime(s string, hist []importers.HistoryRow, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	c, err := time.Parse("15:04", s)
	if err != nil {
		return time.Time{}, withHint(fmt.Errorf("--at %q: want HH:MM or an RFC 3339 time", s), "e.g. --at 11:30 or --at 1999-02-24T11:30:00+02:00")
	}
	last := hist[0].Start
	for _, h := range hist {
		if h.Start.After(last) {
			last = h.Start
		}
	}
	l := last.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), c.Hour(), c.Minute(), 0, 0, loc), nil
}

func (a *app) printReplan(r replanReport, loc *time.Location) error {
	format := a.outFormat()
	w := a.stdout
	up := table{Title: fmt.Sprintf("Re-forecast of %s from %s", r.At.Format("Mon 2006-01-02"), r.At.Format("15:04")),
		Header: []string{"queue", "intervals", "forecast", "actual", "ratio", "method", "factor", "rest_before", "rest_after"}}
	for _, u := range r.Update {
		method := u.Method
		if u.Method == "credibility" {
			method = fmt.Sprintf("credibility β %.2f (%d days)", u.Beta, u.CredibilityDays)
		} else if u.Dispersion > 0 {
			method = fmt.Sprintf("band φ %.3f", u.Dispersion)
		}
		up.Rows = append(up.Rows, []string{u.Queue, fmt.Sprint(u.Elapsed), fmtFloat(u.Forecast, 1), fmtFloat(u.Actual, 0), fmtFloat(u.Ratio, 3), method, fmtFloat(u.Factor, 3), fmtFloat(u.RestBefore, 1), fmtFloat(u.RestAfter, 1)})
	}
	if err := up.print(w, format); err != nil {
		return err
	}
	fmt.Fprintln(w)
	ch := table{Title: fmt.Sprintf("Changes for %s-%s", r.Start.Format("15:04"), r.End.In(loc).Format("15:04")), Header: []string{"change", "paid_hours", "pay", "gain"}}
	for _, c := range r.Changes {
		ch.Rows = append(ch.Rows, []string{c.Detail, fmtFloat(c.Hours, 2), fmtFloat(c.Pay, 2), fmtFloat(c.Gain, 2)})
	}
	if len(ch.Rows) == 0 {
		ch.Rows = append(ch.Rows, []string{"none lowers the cost", "", "", ""})
	}
	if err := ch.print(w, format); err != nil {
		return err
	}
	fmt.Fprintln(w)
	sum := table{Title: "Rest of the day", Header: []string{"", "short_agent_hours", "over_agent_hours", "understaffed_intervals", "cost"}}
	sum.Rows = append(sum.Rows,
		[]string{"before", fmtFloat(r.Before.ShortHours, 2), fmtFloat(r.Before.OverHours, 2), fmt.Sprint(r.Before.Understaffed), fmtFloat(r.Before.Objective, 2)},
		[]string{"after", fmtFloat(r.After.ShortHours, 2), fmtFloat(r.After.OverHours, 2), fmt.Sprint(r.After.Understaffed), fmtFloat(r.After.Objective, 2)})
	for _, s := range r.Service {
		verdict := "meets"
		if s.Missed {
			verdict = "MISSES"
		}
		sum.Rows = append(sum.Rows, []string{"queue " + s.Queue, "", "", "", fmt.Sprintf("SL %.1f%% → %.1f%%, target %.1f%%: %s", 100*s.Before, 100*s.After, 100*s.Target, verdict)})
	}
	if err := sum.print(w, format); err != nil {
		return err
	}
	for _, x := range r.Warnings {
		fmt.Fprintln(a.stderr, "replan: note: "+x)
	}
	if r.Roster != "-" {
		fmt.Fprintf(a.stderr, "replan: new roster written to %s (%d change(s))\n", r.Roster, len(r.Changes))
	}
	return nil
}
