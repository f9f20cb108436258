package main

import (
	"fmt"
	"math"
	"time"

	"github.com/wfm-project/wfm/erlang"
	"github.com/wfm-project/wfm/scheduling"
)

// queueTargets converts config's queues into the domain's targets, naming
// the key of any bad value.
func (c *Config) queueTargets() ([]scheduling.QueueTargets, error) {
	where := c.path
	if where == "" {
		where = "(no config file)"
	}
	if len(c.Queues) == 0 {
		return nil, fmt.Errorf("config %s: queues: no queue configured; add e.g. queues: [{name: retail, channel: voice, service_level: 80/20s}]", where)
	}
	if c.Shrinkage < 0 || c.Shrinkage >= 1 {
		return nil, fmt.Errorf("config %s: shrinkage: %v is not a fraction in [0, 1)", where, c.Shrinkage)
	}
	seen := map[string]bool{}
	var out []scheduling.QueueTargets
	for i, q := range c.Queues {
		key := fmt.Sprintf("config %s: queues[%d]", where, i)
		if q.Name == "" {
			return nil, fmt.Errorf("%s.name: empty; every queue needs a name", key)
		}
		if seen[q.Name] {
			return nil, fmt.Errorf("%s.name: %q appears twice", key, q.Name)
		}
		seen[q.Name] = true
		qt := scheduling.QueueTargets{Name: q.Name, Channel: q.Channel, Patience: time.Duration(q.Patience), Concurrency: q.Concurrency, RespondWithin: q.RespondWithin, Shrinkage: c.Shrinkage}
		if qt.Channel == "" {
			qt.Channel = "voice"
		}
		if q.Patience == PatienceAuto {
			if c.patienceFor == nil {
				return nil, fmt.Errorf("%s.patience: auto: no contact logs to estimate it from", key)
			}
			d, err := c.patienceFor(q.Name, qt.Channel)
			if err != nil {
				return nil, fmt.Errorf("%s.patience: auto: %w", key, err)
			}
			qt.Patience = d
		}
		if q.Shrinkage != nil {
			if *q.Shrinkage < 0 || *q.Shrinkage >= 1 {
				return nil, fmt.Errorf("%s.shrinkage: %v is not a fraction in [0, 1)", key, *q.Shrinkage)
			}
			qt.Shrinkage = *q.Shrinkage
		}
		if q.ServiceLevel != "" {
			f, d, err := erlang.ParseServiceLevel(q.ServiceLevel)
			if err != nil {
				return nil, fmt.Errorf("%s.service_level: %w", key, err)
			}
			qt.Targets.ServiceLevel, qt.Targets.AnswerTime = f, d
		}
		qt.Targets.MaxASA = q.MaxASA
		if q.MaxOccupancy < 0 || q.MaxOccupancy > 1 {
			return nil, fmt.Errorf("%s.max_occupancy: %v is not a fraction in (0, 1]", key, q.MaxOccupancy)
		}
		qt.Targets.MaxOccupancy = q.MaxOccupancy
		if q.MaxAbandon < 0 || q.MaxAbandon >= 1 {
			return nil, fmt.Errorf("%s.max_abandon: %v is not a fraction in (0, 1)", key, q.MaxAbandon)
		}
		if q.MaxAbandon > 0 && qt.Patience == 0 {
			return nil, fmt.Errorf("%s.max_abandon: needs patience (Erlang A); Erlang C has no abandonment", key)
		}
		qt.Targets.MaxAbandon = q.MaxAbandon
		if qt.Patience < 0 {
			return nil, fmt.Errorf("%s.patience: %v must be positive", key, q.Patience)
		}
		if q.SelfService < 0 || q.SelfService > 1 || math.IsNaN(q.SelfService) {
			return nil, fmt.Errorf("%s.self_service: %v is not a share in [0, 1]", key, q.SelfService)
		}
		if q.Escalation < 0 || q.Escalation > 1 || math.IsNaN(q.Escalation) {
			return nil, fmt.Errorf("%s.escalation: %v is not a share in [0, 1]", key, q.Escalation)
		}
		if (q.Escalation > 0 || q.EscalationAHT != 0) && q.SelfService == 0 {
			return nil, fmt.Errorf("%s.escalation: needs self_service, the share of contacts the bot takes", key)
		}
		if q.EscalationAHT < 0 || q.EscalationAHT > maxAHT {
			return nil, fmt.Errorf("%s.escalation_aht: %v: want 0 to %v", key, q.EscalationAHT, maxAHT)
		}
		qt.SelfService, qt.Escalation, qt.EscalationAHT = q.SelfService, q.Escalation, q.EscalationAHT
		if q.Concurrency < 0 {
			return nil, fmt.Errorf("%s.concurrency: %d must be 1 or more", key, q.Concurrency)
		}
		switch {
		case qt.Deferred():
			if q.RespondWithin <= 0 {
				return nil, fmt.Errorf("%s.respond_within: %s work needs a response target, e.g. respond_within: 24h", key, qt.Channel)
			}
		case qt.Targets == (erlang.Targets{}):
			return nil, fmt.Errorf("%s: no target; set service_level (e.g. 80/20s), max_asa, max_occupancy or max_abandon", key)
		}
		out = append(out, qt)
	}
	return out, nil
}

// location is the site's time zone: config site.timezone, else the zone of
// the given sample time (the offset written in the file).
func (c *Config) location(sample time.Time) (*time.Location, error) {
	if c.Site.Timezone != "" {
		loc, err := time.LoadLocation(c.Site.Timezone)
		if err != nil {
			return nil, fmt.Errorf("config %s: site.timezone: %q is not an IANA time zone such as Asia/Jerusalem", c.path, c.Site.Timezone)
		}
		return loc, nil
	}
	return sample.Location(), nil
}
