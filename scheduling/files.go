package scheduling

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-project/wfm/importers/csvcell"
)

// ErrFormat is wrapped by every error about a malformed requirements or
// roster file.
var ErrFormat = errors.New("malformed file")

// RequirementsHeader is the header of requirements.csv (DESIGN.md).
var RequirementsHeader = []string{"interval_start", "queue", "channel", "volume", "aht_seconds", "traffic", "agents", "agents_fractional", "staff", "service_level", "asa_seconds", "occupancy", "p_abandon"}

// Requirement is one interval of one queue in requirements.csv: the agents
// the queue's targets need, from Erlang math.
type Requirement struct {
	Start        time.Time
	Queue        string
	Channel      string
	Volume       float64
	AHT          time.Duration
	Traffic      float64 // Erlangs
	Agents       int     // smallest N meeting every target
	Fractional   float64 // fractional requirement, summable across queues
	Staff        int     // agents after shrinkage, rounded up
	ServiceLevel float64 // at Agents
	ASA          time.Duration
	Occupancy    float64
	PAbandon     float64
}

// WriteRequirements writes rows as requirements.csv at full precision.
func WriteRequirements(w io.Writer, rows []Requirement) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RequirementsHeader); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	rec := make([]string, len(RequirementsHeader))
	for _, r := range rows {
		rec[0] = r.Start.Format(time.RFC3339)
		rec[1] = csvcell.Escape(r.Queue)
		rec[2] = csvcell.Escape(r.Channel)
		rec[3] = f(r.Volume)
		rec[4] = f(r.AHT.Seconds())
		rec[5] = f(r.Traffic)
		rec[6] = strconv.Itoa(r.Agents)
		rec[7] = f(r.Fractional)
		rec[8] = strconv.Itoa(r.Staff)
		rec[9] = f(r.ServiceLevel)
		rec[10] = f(r.ASA.Seconds())
		rec[11] = f(r.Occupancy)
		rec[12] = f(r.PAbandon)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvTable reads a CSV with a header and hands each record to fn with a
// getter by column name, the record's line number, and where a column's
// field is ("name:line:column", 1-based, for errors).
func csvTable(r io.Reader, name string, required []string, want []string, fn func(get func(string) string, line int, at func(string) string) error) error {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: %w: empty file, want header %s", name, ErrFormat, strings.Join(want, ","))
	}
	if err != nil {
		return fmt.Errorf("%s: %w: %v", name, ErrFormat, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(h)] = i
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			return fmt.Errorf("%s:1: %w: missing column %q; found %s, want %s", name, ErrFormat, c, strings.Join(header, ","), strings.Join(want, ","))
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w: %v", name, ErrFormat, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(col string) string {
			if i, ok := idx[col]; ok && i < len(rec) {
				return csvcell.Unescape(strings.TrimSpace(rec[i]))
			}
			return ""
		}
		at := func(col string) string {
			if i, ok := idx[col]; ok && i < len(rec) {
				l, c := cr.FieldPos(i)
				return fmt.Sprintf("%s:%d:%d", name, l, c)
			}
			return fmt.Sprintf("%s:%d", name, line)
		}
		if err := fn(get, line, at); err != nil {
			return err
		}
	}
}

// MaxIntervalAgents bounds the agents (and staff) one interval of one queue
// may require: a hundred thousand, past any contact center, and low enough
// that staffing and rostering against it finish.
const MaxIntervalAgents = 100000

// requirementBound is the largest value read in a requirements column:
// MaxIntervalAgents for agents and staff, a million contacts and Erlangs,
// 1e9 seconds (about 31 years, inside time.Duration) for durations, and 1
// for the fractions.
func requirementBound(col string) float64 {
	switch col {
	case "agents", "agents_fractional", "staff":
		return MaxIntervalAgents
	case "aht_seconds", "asa_seconds":
		return 1e9
	case "service_level", "occupancy", "p_abandon":
		return 1
	}
	return 1e6
}

// ReadRequirements reads requirements.csv. Only interval_start, queue and
// agents_fractional (or agents) are required; the other columns are read
// when present.
func ReadRequirements(r io.Reader, name string) ([]Requirement, error) {
	var rows []Requirement
	err := csvTable(r, name, []string{"interval_start", "queue"}, RequirementsHeader, func(get func(string) string, line int, at func(string) string) error {
		bad := func(col, want string) error {
			return fmt.Errorf("%s: column %q: %w: %q is not %s", at(col), col, ErrFormat, get(col), want)
		}
		num := func(col string) (float64, error) {
			s := get(col)
			if s == "" {
				return 0, nil
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, bad(col, "a number ≥ 0")
			}
			if max := requirementBound(col); x > max {
				return 0, fmt.Errorf("%s: column %q: %w: %q is over the limit of %g", at(col), col, ErrFormat, s, max)
			}
			return x, nil
		}
		var q Requirement
		var err error
		if q.Start, err = time.Parse(time.RFC3339, get("interval_start")); err != nil {
			return bad("interval_start", "an RFC 3339 time such as 1999-02-01T07:30:00+02:00")
		}
		q.Queue, q.Channel = get("queue"), get("channel")
		if get("agents_fractional") == "" && get("agents") == "" {
			return fmt.Errorf("%s:%d: %w: neither agents_fractional nor agents is set", name, line, ErrFormat)
		}
		var x float64
		if q.Volume, err = num("volume"); err != nil {
			return err
		}
		if x, err = num("aht_seconds"); err != nil {
			return err
		}
		q.AHT = time.Duration(x * float64(time.Second))
		if q.Traffic, err = num("traffic"); err != nil {
			return err
		}
		if x, err = num("agents"); err != nil {
			return err
		}
		if x != math.Trunc(x) {
			return bad("agents", "a whole number")
		}
		q.Agents = int(x)
		if q.Fractional, err = num("agents_fractional"); err != nil {
			return err
		}
		if get("agents_fractional") == "" {
			q.Fractional = float64(q.Agents)
		}
		if get("agents") == "" {
			q.Agents = int(math.Ceil(q.Fractional - 1e-9))
		}
		if x, err = num("staff"); err != nil {
			return err
		}
		q.Staff = int(x)
		if q.ServiceLevel, err = num("service_level"); err != nil {
			return err
		}
		if x, err = num("asa_seconds"); err != nil {
			return err
		}
		q.ASA = time.Duration(x * float64(time.Second))
		if q.Occupancy, err = num("occupancy"); err != nil {
			return err
		}
		if q.PAbandon, err = num("p_abandon"); err != nil {
			return err
		}
		rows = append(rows, q)
		return nil
	})
	return rows, err
}

// RosterHeader is the header of roster.csv (DESIGN.md).
var RosterHeader = []string{"agent", "source", "activity", "start", "end"}

// Activity kinds in roster.csv. A shift row spans the whole contracted
// shift; break and lunch rows lie inside it, and so does a vto row
// (ActivityVTO); an overtime row (ActivityOvertime) extends it before its
// start or after its end.
const (
	ActivityShift = "shift"
	ActivityBreak = "break"
	ActivityLunch = "lunch"
)

// SourceInhouse is the source of in-house agents; vendor staff have source
// "vendor:NAME".
const SourceInhouse = "inhouse"

// Activity is one row of roster.csv.
type Activity struct {
	Agent    string
	Source   string // "inhouse" or "vendor:NAME"
	Activity string // shift, break, lunch, vto, overtime
	Start    time.Time
	End      time.Time
}

// Vendor returns the vendor's name for a vendor row, "" for in-house.
func (a Activity) Vendor() string {
	if v, ok := strings.CutPrefix(a.Source, "vendor:"); ok {
		return v
	}
	return ""
}

// WriteRoster writes activities as roster.csv, in the order given.
func WriteRoster(w io.Writer, acts []Activity) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RosterHeader); err != nil {
		return err
	}
	for _, a := range acts {
		if err := cw.Write([]string{csvcell.Escape(a.Agent), csvcell.Escape(a.Source), a.Activity, a.Start.Format(time.RFC3339), a.End.Format(time.RFC3339)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadRoster reads roster.csv.
func ReadRoster(r io.Reader, name string) ([]Activity, error) {
	var acts []Activity
	err := csvTable(r, name, RosterHeader, RosterHeader, func(get func(string) string, line int, _ func(string) string) error {
		a := Activity{Agent: get("agent"), Source: get("source"), Activity: get("activity")}
		bad := func(col, want string) error {
			return fmt.Errorf("%s:%d: column %q: %w: %q is not %s", name, line, col, ErrFormat, get(col), want)
		}
		if a.Agent == "" {
			return bad("agent", "an agent name")
		}
		if a.Source != SourceInhouse && !strings.HasPrefix(a.Source, "vendor:") {
			return bad("source", `"inhouse" or "vendor:NAME"`)
		}
		switch a.Activity {
		case ActivityShift, ActivityBreak, ActivityLunch, ActivityVTO:
		case ActivityOvertime:
			if a.Source != SourceInhouse {
				return fmt.Errorf("%s:%d: column %q: %w: overtime is for in-house agents, not %q", name, line, "activity", ErrFormat, a.Source)
			}
		default:
			return bad("activity", "shift, break, lunch, vto or overtime")
		}
		var err error
		if a.Start, err = time.Parse(time.RFC3339, get("start")); err != nil {
			return bad("start", "an RFC 3339 time")
		}
		if a.End, err = time.Parse(time.RFC3339, get("end")); err != nil {
			return bad("end", "an RFC 3339 time")
		}
		if !a.End.After(a.Start) {
			return fmt.Errorf("%s:%d: column %q: %w: end %s is not after start %s", name, line, "end", ErrFormat, get("end"), get("start"))
		}
		acts = append(acts, a)
		return nil
	})
	return acts, err
}
