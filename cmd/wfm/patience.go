package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wfm-project/wfm/importers"
	"github.com/wfm-project/wfm/importers/analyze"
)

// autoPatience is `patience: auto`: the queue's mean patience estimated
// from the contact logs of import.files, read once per run with the
// config's import settings, by the censored exponential maximum-likelihood
// estimate (analyze.EstimatePatience: abandoned contacts' waits are their
// patience, answered contacts' waits a lower bound of it; Mandelbaum &
// Zeltyn 2013, "Data-stories about (im)patient customers in tele-queues",
// Queueing Systems 75). It says what it found on stderr.
func (a *app) autoPatience(queue, channel string) (time.Duration, error) {
	if a.patience == nil {
		if len(a.cfg.Import.Files) == 0 {
			return 0, withHint(errors.New("the config's import.files names no contact logs to estimate it from"),
				"set import.files (and import.preset) to the per-contact logs, or give a duration; wfm analyze LOGS prints the estimate")
		}
		plan, err := a.importSettings(&importOptions{}, nil)
		if err != nil {
			return 0, err
		}
		loc := plan.opts.Location
		if loc == nil {
			loc = time.UTC
		}
		stats := analyze.NewContactStats(loc)
		plan.opts.OnContact = stats.Add
		// Rejected rows are wfm import's to count; only waits matter here.
		if _, err := a.importPlanned(context.Background(), plan, func(importers.Reject) error { return nil }); err != nil {
			return 0, err
		}
		a.patience = stats
		a.patienceFiles = strings.Join(plan.files, ", ")
	}
	p, err := a.patience.Patience(analyze.Key{Queue: queue, Channel: channel})
	if errors.Is(err, analyze.ErrNoContacts) {
		var seen []string
		for _, k := range a.patience.Keys() {
			seen = append(seen, k.Queue+"/"+k.Channel)
		}
		slices.Sort(seen)
		return 0, withHint(fmt.Errorf("no %s contacts of queue %q in %s (found %s)", channel, queue, a.patienceFiles, strings.Join(seen, ", ")),
			"name the queue as the logs do (import.queue sets it), or give a duration")
	}
	if err != nil {
		return 0, withHint(fmt.Errorf("%s: %w", a.patienceFiles, err), "give the patience as a duration")
	}
	fmt.Fprintf(a.stderr, "patience: queue %s: auto = %s (95 %% %s–%s) from %d abandoned of %d contacts that queued, in %s\n",
		queue, p.Mean.Round(100*time.Millisecond), p.Low.Round(100*time.Millisecond), p.High.Round(100*time.Millisecond), p.Abandoned, p.Contacts, a.patienceFiles)
	return p.Mean, nil
}
