package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-project/wfm/erlang"
)

func init() { registerCommand((*app).erlangCommand) }

// erlangOptions are the flags of `wfm erlang`.
type erlangOptions struct {
	volume       float64
	interval     time.Duration
	aht          positiveDuration
	traffic      float64
	sl           erlang.ServiceLevelTarget
	asa          positiveDuration
	maxOcc       float64
	maxAbandon   float64
	patience     time.Duration
	concurrency  int
	shrinkage    float64
	agents       agentRange
	changedFlags map[string]bool
}

// positiveDuration is a duration flag that refuses zero and negative values
// while parsing.
type positiveDuration time.Duration

func (d *positiveDuration) Set(s string) error {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return fmt.Errorf("%q needs a unit, e.g. %ss or 3m", s, s)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration; want e.g. 180s or 3m", s)
	}
	if v <= 0 {
		return fmt.Errorf("%q must be positive", s)
	}
	*d = positiveDuration(v)
	return nil
}
func (d positiveDuration) String() string {
	if d == 0 {
		return ""
	}
	return time.Duration(d).String()
}
func (d positiveDuration) Type() string { return "duration" }

// agentRange is --agents N or --agents LO..HI.
type agentRange struct{ lo, hi int }

func (r *agentRange) Set(s string) error {
	lo, hi, isRange := strings.Cut(s, "..")
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b := a
	var err2 error
	if isRange {
		b, err2 = strconv.Atoi(strings.TrimSpace(hi))
	}
	if err1 != nil || err2 != nil || a < 0 || b < 0 {
		return fmt.Errorf("%q: want a number of agents (14) or a range (10..20)", s)
	}
	if b < a {
		return fmt.Errorf("%q: the range runs backwards; write %d..%d", s, b, a)
	}
	if b > maxErlangAgents {
		return fmt.Errorf("%q: at most %d agents", s, maxErlangAgents)
	}
	r.lo, r.hi = a, b
	return nil
}
func (r agentRange) String() string {
	if r.lo == r.hi {
		return strconv.Itoa(r.lo)
	}
	return fmt.Sprintf("%d..%d", r.lo, r.hi)
}
func (r agentRange) Type() string { return "N|LO..HI" }

func (a *app) erlangCommand() *cobra.Command {
	var o erlangOptions
	cmd := &cobra.Command{
		Use:   "erlang",
		Short: "Agents for a staffing target, or metrics for given agents (Erlang C, Erlang A, chat)",
		Long: `Solve for the smallest number of agents meeting every target given, or evaluate
one number of agents (--agents 14) or a range (--agents 10..20).

Voice uses Erlang C; with --patience, Erlang A (callers abandon after an
exponential patience of that mean). With --concurrency, chat agents work that
many chats at once. Targets combine: --sl 80/20s --asa 30s --max-occupancy 0.85
--max-abandon 0.05.`,
		Example: `  wfm erlang --volume 100 --interval 30m --aht 180s --sl 80/20s
  wfm erlang --traffic 10 --aht 180s --sl 80/20s --patience 3m --max-abandon 0.05
  wfm erlang --volume 100 --aht 180s --sl 80/20s --agents 10..20 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.changedFlags = map[string]bool{}
			cmd.Flags().Visit(func(f *pflag.Flag) { o.changedFlags[f.Name] = true })
			return a.runErlang(&o)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&o.volume, "volume", 0, "contacts offered in the interval")
	f.DurationVar(&o.interval, "interval", 0, "interval length (default site.interval, 30m)")
	f.Var(&o.aht, "aht", "average handle time, e.g. 180s")
	f.Float64Var(&o.traffic, "traffic", 0, "offered traffic in Erlangs (instead of --volume and --interval)")
	f.Var(&o.sl, "sl", "service-level target PERCENT/TIME, e.g. 80/20s")
	f.Var(&o.asa, "asa", "maximum average speed of answer, e.g. 30s")
	f.Float64Var(&o.maxOcc, "max-occupancy", 0, "maximum occupancy, e.g. 0.85")
	f.Float64Var(&o.maxAbandon, "max-abandon", 0, "maximum abandon rate, e.g. 0.05 (needs --patience)")
	f.DurationVar(&o.patience, "patience", 0, "mean caller patience: Erlang A (0 = callers never abandon: Erlang C)")
	f.IntVar(&o.concurrency, "concurrency", 0, "chats an agent works at once")
	f.Float64Var(&o.shrinkage, "shrinkage", 0, "shrinkage for staff = agents/(1-s) (default config shrinkage)")
	f.Var(&o.agents, "agents", "evaluate N agents, or a range LO..HI, instead of solving")
	return cmd
}

func (a *app) runErlang(o *erlangOptions) error {
	q, err := a.erlangQueue(o)
	if err != nil {
		return err
	}
	shrinkage := o.shrinkage
	if !o.changedFlags["shrinkage"] {
		shrinkage = a.cfg.Shrinkage
	}
	if shrinkage < 0 || shrinkage >= 1 {
		return fmt.Errorf("--shrinkage %v: want a fraction in [0, 1), e.g. 0.3", shrinkage)
	}
	answer := o.sl.Within
	if o.sl.Fraction == 0 {
		answer = 20 * time.Second
	}
	var reports []erlang.Report
	if o.changedFlags["agents"] {
		ms, err := erlang.EvaluateRange(q, o.agents.lo, o.agents.hi, answer)
		if err != nil {
			return err
		}
		for _, m := range ms {
			r, err := m.Report(shrinkage)
			if err != nil {
				return err
			}
			reports = append(reports, r)
		}
	} else {
		t := erlang.Targets{ServiceLevel: o.sl.Fraction, AnswerTime: o.sl.Within, MaxASA: time.Duration(o.asa), MaxOccupancy: o.maxOcc, MaxAbandon: o.maxAbandon}
		if t == (erlang.Targets{}) {
			return withHint(errors.New("no target to solve for"), "give --sl 80/20s, --asa, --max-occupancy or --max-abandon, or --agents N to evaluate")
		}
		if o.maxOcc < 0 || o.maxOcc > 1 {
			return fmt.Errorf("--max-occupancy %v: want a fraction in (0, 1], e.g. 0.85", o.maxOcc)
		}
		if o.maxAbandon < 0 || o.maxAbandon >= 1 {
			return fmt.Errorf("--max-abandon %v: want a fraction in (0, 1), e.g. 0.05", o.maxAbandon)
		}
		req, err := erlang.Required(q, t)
		if errors.Is(err, erlang.ErrOverloaded) || errors.Is(err, erlang.ErrUnreachable) {
			return withHint(err, "loosen a target, or set --patience for Erlang A when callers abandon")
		}
		if err != nil {
			return err
		}
		r, err := req.Report(shrinkage)
		if err != nil {
			return err
		}
		reports = append(reports, r)
	}
	return a.printErlang(reports, o.changedFlags["agents"] && o.agents.lo != o.agents.hi)
}

// erlangQueue builds the queue from --volume/--interval or --traffic.
func (a *app) erlangQueue(o *erlangOptions) (erlang.Queue, error) {
	q := erlang.Queue{AHT: time.Duration(o.aht), Patience: o.patience, Concurrency: o.concurrency}
	hasVol, hasTraffic := o.changedFlags["volume"], o.changedFlags["traffic"]
	switch {
	case hasVol && hasTraffic:
		return q, errors.New("give --volume (with --interval) or --traffic, not both")
	case !hasVol && !hasTraffic:
		return q, withHint(errors.New("no load given"), "give --volume 100 --interval 30m, or --traffic 10")
	case o.aht == 0:
		return q, withHint(errors.New("--aht is required"), "give the average handle time, e.g. --aht 180s")
	case o.patience < 0:
		return q, fmt.Errorf("--patience %v: want a positive duration, e.g. 3m (0 = no abandonment)", o.patience)
	case o.concurrency < 0:
		return q, fmt.Errorf("--concurrency %d: want 1 or more chats per agent", o.concurrency)
	case o.maxAbandon > 0 && o.patience == 0:
		return q, withHint(errors.New("--max-abandon needs --patience"), "Erlang C has no abandonment; give the callers' mean patience, e.g. --patience 3m")
	}
	if hasTraffic {
		if o.traffic <= 0 || math.IsInf(o.traffic, 0) || math.IsNaN(o.traffic) {
			return q, fmt.Errorf("--traffic %v: want a positive number of Erlangs", o.traffic)
		}
		if o.traffic > maxTraffic {
			return q, fmt.Errorf("--traffic %v: at most %g Erlangs", o.traffic, maxTraffic)
		}
		q.Traffic = erlang.Erlangs(o.traffic)
		return q, nil
	}
	if o.volume <= 0 || math.IsInf(o.volume, 0) || math.IsNaN(o.volume) {
		return q, fmt.Errorf("--volume %v: want a positive number of contacts", o.volume)
	}
	interval := o.interval
	if !o.changedFlags["interval"] {
		interval = a.cfg.Site.Interval
	}
	if interval <= 0 {
		return q, fmt.Errorf("--interval %v: want a positive duration, e.g. 30m", interval)
	}
	q.Traffic = erlang.Traffic(o.volume, q.AHT, interval)
	if float64(q.Traffic) > maxTraffic {
		return q, fmt.Errorf("--volume %v at --aht %v per %v: %.4g Erlangs, at most %g", o.volume, q.AHT, interval, float64(q.Traffic), maxTraffic)
	}
	return q, nil
}

// printErlang prints one answer, or a table over a range of agents.
func (a *app) printErlang(rs []erlang.Report, isRange bool) error {
	format := a.outFormat()
	if format == "json" {
		if isRange {
			return printJSON(a.stdout, rs)
		}
		return printJSON(a.stdout, rs[0])
	}
	secs := func(s erlang.Seconds, prec int) string {
		if math.IsInf(float64(s), 0) {
			return "inf"
		}
		if format == "csv" {
			return fmtFull(float64(s))
		}
		return fmtFloat(float64(s), prec)
	}
	num := func(x float64, prec int) string {
		if format == "csv" {
			return fmtFull(x)
		}
		return fmtFloat(x, prec)
	}
	header := []string{"traffic", "agents", "agents_fractional", "staff", "service_level", "answer_target_seconds", "p_wait", "asa_seconds", "avg_wait_seconds", "p_abandon", "occupancy"}
	var t table
	for _, r := range rs {
		t.Rows = append(t.Rows, []string{num(r.Traffic, 3), strconv.Itoa(r.Agents), num(r.AgentsFractional, 3), strconv.Itoa(r.Staff),
			num(r.ServiceLevel, 4), num(r.AnswerTargetSeconds, 0), num(r.PWait, 4), secs(r.ASASeconds, 2), secs(r.AvgWaitSeconds, 2),
			num(r.PAbandon, 4), num(r.Occupancy, 4)})
	}
	if isRange || format == "csv" {
		t.Header = header
		return t.print(a.stdout, format)
	}
	// One answer: a two-column table reads better on a terminal.
	kv := table{Header: []string{"metric", "value"}}
	for i, h := range header {
		kv.Rows = append(kv.Rows, []string{h, t.Rows[0][i]})
	}
	return kv.print(a.stdout, format)
}
