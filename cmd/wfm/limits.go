package main

import (
	"fmt"
	"github.com/wfm-project/wfm/importers"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/scheduling"
)

// Upper bounds on every size a user controls. Each is far above any
// contact center's need, and low enough that a run at the bound finishes
// in bounded time and memory; a value past one is refused with the bound in
// the message instead of running for hours.
const (
	// maxHorizonDays bounds a forecast's horizon: two years.
	maxHorizonDays = 732
	// maxPlanWeeks bounds plan.weeks and the span of the requirements a
	// roster is planned or checked against: a year and a week.
	maxPlanWeeks = 53
	// maxRosterAgents bounds the agents of a roster (agents.file plus
	// agents.headcount) and a vendor's max_agents.
	maxRosterAgents = 10000
	// maxErlangAgents bounds wfm erlang's --agents and the agents one
	// interval's requirement may ask for.
	maxErlangAgents = scheduling.MaxIntervalAgents
	// maxTraffic bounds offered traffic in one interval, in Erlangs.
	maxTraffic = 100000.0
	// maxIntervalVolume bounds a forecast's contacts in one interval.
	maxIntervalVolume = 1e6
	// maxAHT bounds a forecast's handle time.
	maxAHT = 24 * time.Hour
	// maxMultiplier bounds an event's volume multiplier.
	maxMultiplier = 100.0
)

// checkHorizon refuses a forecast horizon past maxHorizonDays.
func checkHorizon(what string, d time.Duration) error {
	if d > maxHorizonDays*24*time.Hour {
		return fmt.Errorf("%s %s: at most %dd (two years)", what, fmtHorizon(d), maxHorizonDays)
	}
	return nil
}

// checkSpan refuses requirements spanning more than maxPlanWeeks.
func checkSpan(path string, start, end time.Time) error {
	if end.Sub(start) > maxPlanWeeks*7*24*time.Hour {
		return fmt.Errorf("%s: the rows span %s to %s, more than %d weeks; plan or check at most %d weeks at a time",
			path, start.Format("2006-01-02"), end.Format("2006-01-02"), maxPlanWeeks, maxPlanWeeks)
	}
	return nil
}

// Interval starts are taken in years minYear to maxYear: RFC 3339 writes
// four-digit years, and every interval's end, day and a forecast two years
// past the last must still have one (the importers' bound, too).
const (
	minYear = 1900
	maxYear = 9997
)

// checkSiteOffsets refuses, when the config names site.timezone, interval
// starts whose UTC offset is not the zone's at that instant.
func (a *app) checkSiteOffsets(path string, starts []time.Time) error {
	if a.cfg.Site.Timezone == "" {
		return nil
	}
	loc, err := a.cfg.location(time.Time{})
	if err != nil {
		return err
	}
	if err := importers.CheckStartOffsets(starts, loc); err != nil {
		return withHint(fmt.Errorf("%s: %w", path, err), "write the file in the site's time zone ("+loc.String()+"), as wfm's own steps do")
	}
	return nil
}

// checkYear refuses an interval start outside minYear to maxYear.
func checkYear(row string, t time.Time) error {
	if y := t.Year(); y < minYear || y > maxYear {
		return fmt.Errorf("%s: year %d: want years %d to %d", row, y, minYear, maxYear)
	}
	return nil
}

// checkForecastRows refuses forecast rows no staffing can be computed from:
// a number that is not finite, a volume or handle time past the bounds,
// p10 above p90, a volume without a handle time, and two rows for one
// interval and queue (which would otherwise be staffed twice).
func checkForecastRows(path string, rows []forecast.Row) error {
	seen := make(map[string]int, len(rows))
	for i, r := range rows {
		row := fmt.Sprintf("%s: row %d (%s, queue %q)", path, i+1, r.Start.Format(time.RFC3339), r.Queue)
		if err := checkYear(row, r.Start); err != nil {
			return err
		}
		for _, x := range []struct {
			name string
			v    float64
		}{{"volume", r.Volume}, {"volume_p10", r.P10}, {"volume_p90", r.P90}} {
			if math.IsNaN(x.v) || math.IsInf(x.v, 0) || x.v < 0 {
				return fmt.Errorf("%s: %s %v: want a finite number ≥ 0", row, x.name, x.v)
			}
			if x.v > maxIntervalVolume {
				return fmt.Errorf("%s: %s %v: at most %g contacts in one interval", row, x.name, x.v, maxIntervalVolume)
			}
		}
		if r.P10 > r.P90 {
			return fmt.Errorf("%s: volume_p10 %v is above volume_p90 %v", row, r.P10, r.P90)
		}
		if r.AHT < 0 || r.AHT > maxAHT {
			return fmt.Errorf("%s: aht_seconds %v: want 0 to %v", row, r.AHT.Seconds(), maxAHT.Seconds())
		}
		if r.Volume > 0 && r.AHT == 0 {
			return fmt.Errorf("%s: volume %v with aht_seconds 0: contacts need a handle time", row, r.Volume)
		}
		key := r.Start.UTC().Format(time.RFC3339Nano) + "\x00" + r.Queue
		if j, dup := seen[key]; dup {
			return fmt.Errorf("%s: row %d repeats interval %s of queue %q (row %d); want one row per interval and queue", path, i+1, r.Start.Format(time.RFC3339), r.Queue, j)
		}
		seen[key] = i + 1
	}
	return nil
}

// checkRequirementRows refuses requirements no roster can be planned
// against: agents past maxErlangAgents or not finite, and two rows for one
// interval and queue.
func checkRequirementRows(path string, reqs []scheduling.Requirement) error {
	seen := make(map[string]int, len(reqs))
	for i, r := range reqs {
		row := fmt.Sprintf("%s: row %d (%s, queue %q)", path, i+1, r.Start.Format(time.RFC3339), r.Queue)
		if err := checkYear(row, r.Start); err != nil {
			return err
		}
		if math.IsNaN(r.Fractional) || math.IsInf(r.Fractional, 0) || r.Fractional > maxErlangAgents || r.Agents > maxErlangAgents || r.Staff > maxErlangAgents {
			return fmt.Errorf("%s: agents_fractional %v, agents %d, staff %d: at most %d agents in one interval", row, r.Fractional, r.Agents, r.Staff, maxErlangAgents)
		}
		key := r.Start.UTC().Format(time.RFC3339Nano) + "\x00" + r.Queue
		if j, dup := seen[key]; dup {
			return fmt.Errorf("%s: row %d repeats interval %s of queue %q (row %d); want one row per interval and queue", path, i+1, r.Start.Format(time.RFC3339), r.Queue, j)
		}
		seen[key] = i + 1
	}
	if len(reqs) > 0 {
		start, end := reqs[0].Start, reqs[0].Start
		for _, r := range reqs {
			if r.Start.Before(start) {
				start = r.Start
			}
			if r.Start.After(end) {
				end = r.Start
			}
		}
		if err := checkSpan(path, start, end); err != nil {
			return err
		}
	}
	return nil
}

// checkFinite refuses a config value that is NaN or ±Inf (YAML's .nan and
// .inf), naming its key: no cost, fraction or target is infinite.
func checkFinite(v reflect.Value, key string) error {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		if x := v.Float(); math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: %v: want a finite number", key, x)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkFinite(v.Elem(), key)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.Split(f.Tag.Get("mapstructure"), ",")[0]
			if name == "" {
				name = f.Name
			}
			k := name
			if key != "" {
				k = key + "." + name
			}
			if err := checkFinite(v.Field(i), k); err != nil {
				return err
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if err := checkFinite(v.Index(i), fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if err := checkFinite(iter.Value(), fmt.Sprintf("%s.%v", key, iter.Key())); err != nil {
				return err
			}
		}
	}
	return nil
}
