package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/importers/analyze"
)

// outlierRule states the findings' rule, as the report prints it.
const outlierRule = "outliers: |z| > 3.5, z = (x − median) ÷ max(1.4826·MAD, √median) over the same weekday (days) or weekday and time of day (intervals), " +
	"at least 4 of them (Iglewicz and Hoaglin 1993; Poisson floor √median)"

var weekdays = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// fmtInterval is an interval length as 30m or 1h.
func fmtInterval(d time.Duration) string {
	if d <= 0 {
		return "unknown" // a single interval start: nothing to measure it by
	}
	if d > 0 && d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

func secs(d time.Duration) string { return fmtFloat(d.Seconds(), 1) }

func pct(x float64) string { return fmtFloat(100*x, 1) + "%" }

// count prints a contact count: whole, or with two decimals when a
// history holds fractions.
func count(x float64) string {
	if x == float64(int64(x)) {
		return strconv.FormatInt(int64(x), 10)
	}
	return fmtFloat(x, 2)
}

// human is a duration for a sentence, to a tenth of a second.
func human(d time.Duration) string { return d.Round(100 * time.Millisecond).String() }

func (an *analysis) zone() string {
	if an.Location != nil {
		return an.Location.String()
	}
	return "the history's UTC offsets"
}

func (an *analysis) tzName() string {
	if an.Location != nil {
		return an.Location.String()
	}
	return ""
}

func (an *analysis) when(t time.Time) time.Time {
	if an.Location != nil {
		return t.In(an.Location)
	}
	return t
}

func (an *analysis) source() string {
	if an.PerContact {
		return "contacts"
	}
	return "history"
}

// patienceText is one queue's patience as a sentence.
func patienceText(p analyze.PatienceResult) string {
	switch p.Method {
	case analyze.PatienceCensored:
		e := p.Estimate
		return fmt.Sprintf("%s (95%% %s … %s): censored exponential MLE over %d contacts that queued, %d abandoned; %d abandoned with zero wait left out",
			human(e.Mean), human(e.Low), human(e.High), e.Contacts, e.Abandoned, e.ZeroAbands)
	case analyze.PatienceLowerBound:
		return fmt.Sprintf("at least %s: Σ(ASA·answered)/abandoned (Mandelbaum–Zeltyn ratio without the abandoning contacts' waits, which a history lacks): a rough lower bound; per-contact logs give an estimate with its interval", human(p.LowerBound))
	}
	if p.Err != nil {
		return "not estimated: " + p.Err.Error()
	}
	return "not estimated"
}

func serviceText(s *analyze.Service, perContact bool) string {
	switch {
	case s == nil && perContact:
		return "needs per-contact waits: the log has no wait times (map a wait column)"
	case s == nil:
		return "needs per-contact waits (analyse the contact log)"
	}
	verdict := "met"
	if !s.Met {
		verdict = "missed"
	}
	return fmt.Sprintf("%s within %v (%d of %d); target %s/%v %s", pct(s.Level), s.Target.Time, s.Within, s.Contacts, pct(s.Target.Level), s.Target.Time, verdict)
}

// printText writes the report as text tables of at most 120 columns.
func (an *analysis) printText(w io.Writer) error {
	r := an.Report
	seen := map[string]bool{}
	for _, q := range r.Queues {
		for _, d := range q.Days {
			seen[d.Date.Format("2006-01-02")] = true
		}
	}
	days := len(seen)
	fmt.Fprintln(w, termText(wrapWords(fmt.Sprintf("wfm analyze %s: %s to %s (%d days), %s intervals, %s; from %s",
		strings.Join(an.Inputs, " "), an.when(r.First).Format("2006-01-02 15:04"), an.when(r.Last).Format("2006-01-02 15:04"), days, fmtInterval(r.Interval), an.zone(), an.source()), maxTableWidth)))
	for _, q := range r.Queues {
		if err := an.printQueue(w, q); err != nil {
			return err
		}
	}
	return nil
}

func (an *analysis) printQueue(w io.Writer, q analyze.Queue) error {
	name := termText(q.Queue + " (" + q.Channel + ")")
	fmt.Fprintf(w, "\n== %s ==\n", name)
	sum := table{Header: []string{"measure", "value"}, Rows: [][]string{
		{"offered", count(q.Offered)},
		{"answered", count(q.Answered)},
		{"abandoned", fmt.Sprintf("%s (%s)", count(q.Abandoned), pct(q.AbandonRate))},
		{"AHT", human(q.AHT)},
		{"ASA", human(q.ASA)},
		{"service level", serviceText(q.Service, an.PerContact)},
		{"patience", patienceText(q.Patience)},
	}}
	if q.Waits != nil {
		ab := q.Waits.Abandoned
		sum.Rows = append(sum.Rows, []string{"wait before abandoning", fmt.Sprintf("mean %s, median %s, p90 %s (%d abandoned, %d of them at once)",
			human(ab.Mean), human(ab.Median()), human(ab.P90()), ab.N, q.Waits.ZeroAbandoned)})
	}
	if err := sum.print(w, "table"); err != nil {
		return err
	}
	sections := []table{an.dayTable(q), heatTable(q), hourTable(q)}
	if t, ok := durationTable(q); ok {
		sections = append(sections, t)
	}
	sections = append(sections, an.busiestTable(q))
	for _, t := range sections {
		fmt.Fprintln(w)
		if err := t.print(w, "table"); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	if len(q.Findings) == 0 {
		fmt.Fprintln(w, "data quality: no findings")
	} else if err := an.findingTable(q, 30).print(w, "table"); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, wrapWords("rule: "+outlierRule, maxTableWidth))
	return err
}

func (an *analysis) dayTable(q analyze.Queue) table {
	t := table{Title: "volume by day", Header: []string{"date", "day", "offered", "answered", "abandoned", "abandoned_%", "aht_s", "asa_s"}}
	for _, d := range q.Days {
		ab := 0.0
		if d.Offered > 0 {
			ab = d.Abandoned / d.Offered
		}
		t.Rows = append(t.Rows, []string{d.Date.Format("2006-01-02"), d.Date.Format("Mon"), count(d.Offered), count(d.Answered), count(d.Abandoned), pct(ab), secs(d.AHT), secs(d.ASA)})
	}
	return t
}

func heatTable(q analyze.Queue) table {
	t := table{Title: "arrivals: mean offered per weekday and hour (days of each weekday: " + heatDays(q.Heat) + ")", Header: append([]string{"hour"}, weekdays...)}
	for h := 0; h < 24; h++ {
		row := []string{fmt.Sprintf("%02d:00", h)}
		for wd := range weekdays {
			row = append(row, fmtFloat(q.Heat.Mean[wd][h], 1))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func heatDays(h analyze.Heat) string {
	parts := make([]string, 7)
	for wd := range weekdays {
		parts[wd] = fmt.Sprintf("%s %d", weekdays[wd], h.Days[wd])
	}
	return strings.Join(parts, ", ")
}

func hourTable(q analyze.Queue) table {
	t := table{Title: "by hour of day (hours with contacts)", Header: []string{"hour", "offered", "per_day", "abandoned_%", "aht_s"}}
	perContact := q.Handle != nil
	if perContact {
		t.Header = append(t.Header, "handled", "handle_p50_s", "handle_p90_s")
	}
	for _, h := range q.Hours {
		if h.Offered == 0 && h.Answered == 0 {
			continue
		}
		row := []string{fmt.Sprintf("%02d:00", h.Hour), count(h.Offered), fmtFloat(h.PerDay, 1), pct(h.AbandonPct), secs(h.AHT)}
		if perContact {
			row = append(row, itoa(h.HandleN), secs(h.HandleP50), secs(h.HandleP90))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// durationRows are the distributions single contacts give: waits of
// answered and abandoned contacts, handle times.
func durationRows(q analyze.Queue) (names []string, ds []analyze.Distribution) {
	if q.Waits != nil {
		names = append(names, "wait, answered", "wait before abandoning")
		ds = append(ds, q.Waits.Answered, q.Waits.Abandoned)
	}
	if q.Handle != nil {
		names = append(names, "handle time")
		ds = append(ds, *q.Handle)
	}
	return names, ds
}

func quantileNames(suffix string) []string {
	var out []string
	for _, x := range analyze.Quantiles {
		out = append(out, fmt.Sprintf("p%d%s", int(x*100+0.5), suffix))
	}
	return out
}

func durationTable(q analyze.Queue) (table, bool) {
	names, ds := durationRows(q)
	t := table{Title: "durations of single contacts (seconds; quantiles are the ⌈q·n⌉-th smallest)", Header: append([]string{"of", "n", "mean"}, quantileNames("")...)}
	for i, d := range ds {
		row := []string{names[i], itoa(d.N), secs(d.Mean)}
		for _, x := range d.Quantiles {
			row = append(row, secs(x))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, len(ds) > 0
}

func (an *analysis) busiestTable(q analyze.Queue) table {
	t := table{Title: fmt.Sprintf("busiest intervals (top %d by offered)", len(q.Busiest)), Header: []string{"interval_start", "day", "offered", "answered", "abandoned", "aht_s", "asa_s"}}
	for _, r := range q.Busiest {
		t.Rows = append(t.Rows, []string{r.Start.Format("2006-01-02 15:04"), r.Start.Format("Mon"), count(r.Offered), count(r.Answered), count(r.Abandoned), secs(r.AHT), secs(r.ASA)})
	}
	return t
}

// findingText says what a finding is in words.
func findingText(f analyze.Finding) string {
	switch f.Kind {
	case analyze.MissingDay:
		return fmt.Sprintf("no rows for the whole day (%d intervals)", f.Intervals)
	case analyze.MissingIntervals:
		return fmt.Sprintf("%d intervals without rows", f.Intervals)
	case analyze.ZeroDay:
		return fmt.Sprintf("no contacts; the weekday's median day has %s", count(f.Expected))
	case analyze.DayOutlier, analyze.IntervalOutlier:
		word := "high"
		if f.Score < 0 {
			word = "low"
		}
		return fmt.Sprintf("%s: %s against a median %s, z = %s", word, count(f.Value), count(f.Expected), fmtFloat(f.Score, 1))
	}
	return ""
}

func (an *analysis) findingTable(q analyze.Queue, limit int) table {
	t := table{Title: "data quality", Header: []string{"finding", "from", "to", "what"}}
	for i, f := range q.Findings {
		if i == limit {
			t.Rows = append(t.Rows, []string{fmt.Sprintf("… and %d more", len(q.Findings)-limit), "", "", "all of them in --format json and -o FILE.xlsx"})
			break
		}
		t.Rows = append(t.Rows, []string{f.Kind, f.Start.Format("2006-01-02 15:04"), f.End.Format("2006-01-02 15:04"), findingText(f)})
	}
	return t
}

// JSON form: snake_case keys, durations in seconds, times RFC 3339.

type distJSON struct {
	N           int     `json:"n"`
	MeanSeconds float64 `json:"mean_seconds"`
	P10         float64 `json:"p10_seconds"`
	P25         float64 `json:"p25_seconds"`
	P50         float64 `json:"p50_seconds"`
	P75         float64 `json:"p75_seconds"`
	P90         float64 `json:"p90_seconds"`
	P95         float64 `json:"p95_seconds"`
}

func distOf(d analyze.Distribution) *distJSON {
	j := &distJSON{N: d.N, MeanSeconds: d.Mean.Seconds()}
	dst := []*float64{&j.P10, &j.P25, &j.P50, &j.P75, &j.P90, &j.P95}
	for i, x := range d.Quantiles {
		if i < len(dst) {
			*dst[i] = x.Seconds()
		}
	}
	return j
}

type analysisJSON struct {
	Inputs      []string                `json:"inputs"`
	Source      string                  `json:"source"` // history or contacts
	Files       []importers.FileSummary `json:"files,omitempty"`
	Rejects     string                  `json:"rejects,omitempty"`
	Interval    string                  `json:"interval"`
	Timezone    string                  `json:"timezone"` // "" when a history is read in its own UTC offsets
	First       string                  `json:"first"`
	Last        string                  `json:"last"`
	OutlierRule string                  `json:"outlier_rule"`
	Queues      []queueJSON             `json:"queues"`
}

type queueJSON struct {
	Queue        string         `json:"queue"`
	Channel      string         `json:"channel"`
	Offered      float64        `json:"offered"`
	Answered     float64        `json:"answered"`
	Abandoned    float64        `json:"abandoned"`
	AbandonRate  float64        `json:"abandon_rate"`
	AHTSeconds   float64        `json:"aht_seconds"`
	ASASeconds   float64        `json:"asa_seconds"`
	ServiceLevel *serviceJSON   `json:"service_level"`
	Waits        *waitsJSON     `json:"waits"`
	Handle       *distJSON      `json:"handle"`
	Patience     patienceJSON   `json:"patience"`
	Days         []dayJSON      `json:"days"`
	HeatMap      heatJSON       `json:"heat_map"`
	Hours        []hourJSON     `json:"hours"`
	Busiest      []intervalJSON `json:"busiest"`
	Findings     []findingJSON  `json:"findings"`
}

type serviceJSON struct {
	TargetLevel   float64 `json:"target_level"`
	TargetSeconds float64 `json:"target_seconds"`
	Level         float64 `json:"level"`
	Within        int     `json:"within"`
	Contacts      int     `json:"contacts"`
	ASASeconds    float64 `json:"asa_seconds"`
	Met           bool    `json:"met"`
}

type waitsJSON struct {
	Contacts          int       `json:"contacts"`
	Answered          *distJSON `json:"answered"`
	Abandoned         *distJSON `json:"abandoned"`
	ZeroWaitAbandoned int       `json:"zero_wait_abandoned"`
}

type patienceJSON struct {
	Method            string   `json:"method"` // censored_mle, history_lower_bound or none
	MeanSeconds       *float64 `json:"mean_seconds"`
	LowSeconds        *float64 `json:"low_seconds"`
	HighSeconds       *float64 `json:"high_seconds"`
	AtLeastSeconds    *float64 `json:"at_least_seconds"`
	Abandoned         int      `json:"abandoned"`
	Contacts          int      `json:"contacts"`
	ZeroWaitAbandoned int      `json:"zero_wait_abandoned"`
	Note              string   `json:"note"`
}

type dayJSON struct {
	Date       string  `json:"date"`
	Weekday    string  `json:"weekday"`
	Offered    float64 `json:"offered"`
	Answered   float64 `json:"answered"`
	Abandoned  float64 `json:"abandoned"`
	AHTSeconds float64 `json:"aht_seconds"`
	ASASeconds float64 `json:"asa_seconds"`
}

type heatJSON struct {
	Weekdays []string      `json:"weekdays"`
	Days     []int         `json:"days"`
	Mean     [][24]float64 `json:"mean"` // [weekday][hour]
}

type hourJSON struct {
	Hour             int     `json:"hour"`
	Offered          float64 `json:"offered"`
	PerDay           float64 `json:"per_day"`
	Answered         float64 `json:"answered"`
	AbandonRate      float64 `json:"abandon_rate"`
	AHTSeconds       float64 `json:"aht_seconds"`
	Handled          int     `json:"handled"`
	HandleP50Seconds float64 `json:"handle_p50_seconds"`
	HandleP90Seconds float64 `json:"handle_p90_seconds"`
}

type intervalJSON struct {
	IntervalStart string  `json:"interval_start"`
	Offered       float64 `json:"offered"`
	Answered      float64 `json:"answered"`
	Abandoned     float64 `json:"abandoned"`
	AHTSeconds    float64 `json:"aht_seconds"`
	ASASeconds    float64 `json:"asa_seconds"`
}

type findingJSON struct {
	Kind      string  `json:"kind"`
	Start     string  `json:"start"`
	End       string  `json:"end"`
	Value     float64 `json:"value"`
	Expected  float64 `json:"expected"`
	RobustZ   float64 `json:"robust_z"`
	Intervals int     `json:"intervals"`
	Detail    string  `json:"detail"`
}

func ptr(x float64) *float64 { return &x }

func (an *analysis) json() analysisJSON {
	r := an.Report
	j := analysisJSON{Inputs: an.Inputs, Source: an.source(), Files: an.Files, Rejects: an.Rejects, Interval: fmtInterval(r.Interval), Timezone: an.tzName(),
		First: r.First.Format(time.RFC3339), Last: r.Last.Format(time.RFC3339), OutlierRule: outlierRule, Queues: []queueJSON{}}
	for _, q := range r.Queues {
		qj := queueJSON{Queue: q.Queue, Channel: q.Channel, Offered: q.Offered, Answered: q.Answered, Abandoned: q.Abandoned, AbandonRate: q.AbandonRate,
			AHTSeconds: q.AHT.Seconds(), ASASeconds: q.ASA.Seconds(), Days: []dayJSON{}, Busiest: []intervalJSON{}, Findings: []findingJSON{},
			HeatMap: heatJSON{Weekdays: weekdays, Days: q.Heat.Days[:], Mean: q.Heat.Mean[:]}}
		if s := q.Service; s != nil {
			qj.ServiceLevel = &serviceJSON{TargetLevel: s.Target.Level, TargetSeconds: s.Target.Time.Seconds(), Level: s.Level, Within: s.Within, Contacts: s.Contacts, ASASeconds: s.ASA.Seconds(), Met: s.Met}
		}
		if wt := q.Waits; wt != nil {
			qj.Waits = &waitsJSON{Contacts: wt.Contacts, Answered: distOf(wt.Answered), Abandoned: distOf(wt.Abandoned), ZeroWaitAbandoned: wt.ZeroAbandoned}
		}
		if q.Handle != nil {
			qj.Handle = distOf(*q.Handle)
		}
		p := q.Patience
		qj.Patience = patienceJSON{Method: p.Method, Note: patienceText(p)}
		switch p.Method {
		case analyze.PatienceCensored:
			e := p.Estimate
			qj.Patience.MeanSeconds, qj.Patience.LowSeconds, qj.Patience.HighSeconds = ptr(e.Mean.Seconds()), ptr(e.Low.Seconds()), ptr(e.High.Seconds())
			qj.Patience.Abandoned, qj.Patience.Contacts, qj.Patience.ZeroWaitAbandoned = e.Abandoned, e.Contacts, e.ZeroAbands
		case analyze.PatienceLowerBound:
			qj.Patience.AtLeastSeconds = ptr(p.LowerBound.Seconds())
		default:
			qj.Patience.Method = "none"
		}
		for _, d := range q.Days {
			qj.Days = append(qj.Days, dayJSON{Date: d.Date.Format("2006-01-02"), Weekday: d.Date.Format("Mon"), Offered: d.Offered, Answered: d.Answered, Abandoned: d.Abandoned,
				AHTSeconds: d.AHT.Seconds(), ASASeconds: d.ASA.Seconds()})
		}
		for _, h := range q.Hours {
			qj.Hours = append(qj.Hours, hourJSON{Hour: h.Hour, Offered: h.Offered, PerDay: h.PerDay, Answered: h.Answered, AbandonRate: h.AbandonPct, AHTSeconds: h.AHT.Seconds(),
				Handled: h.HandleN, HandleP50Seconds: h.HandleP50.Seconds(), HandleP90Seconds: h.HandleP90.Seconds()})
		}
		for _, b := range q.Busiest {
			qj.Busiest = append(qj.Busiest, intervalJSON{IntervalStart: b.Start.Format(time.RFC3339), Offered: b.Offered, Answered: b.Answered, Abandoned: b.Abandoned,
				AHTSeconds: b.AHT.Seconds(), ASASeconds: b.ASA.Seconds()})
		}
		for _, f := range q.Findings {
			qj.Findings = append(qj.Findings, findingJSON{Kind: f.Kind, Start: f.Start.Format(time.RFC3339), End: f.End.Format(time.RFC3339), Value: f.Value, Expected: f.Expected,
				RobustZ: f.Score, Intervals: f.Intervals, Detail: findingText(f)})
		}
		j.Queues = append(j.Queues, qj)
	}
	return j
}
