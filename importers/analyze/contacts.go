package analyze

import (
	"errors"
	"fmt"
	"time"

	"github.com/wfm-project/wfm/importers"
)

// Key names one queue of one channel.
type Key struct {
	Queue, Channel string
}

// ContactStats gathers what only single contacts tell, per queue and
// channel: waits (answered and abandoned), handle times by hour of day,
// and the sums the patience estimate needs. Add is
// importers.Options.OnContact's shape; memory grows with the longest wait
// and handle time, not with the number of contacts (see secondsHist).
// The zero value is not usable: call NewContactStats.
type ContactStats struct {
	loc  *time.Location
	accs map[Key]*contactAcc
}

// NewContactStats returns an empty ContactStats reading hours of day in
// loc (nil: each arrival's own zone).
func NewContactStats(loc *time.Location) *ContactStats {
	return &ContactStats{loc: loc, accs: map[Key]*contactAcc{}}
}

type contactAcc struct {
	offered, answered, abandoned int
	ansWait, abWait              secondsHist // waits of answered and of abandoned contacts
	handle                       secondsHist
	hourHandle                   [24]secondsHist
}

// Add counts one contact (answered or abandoned; others are ignored).
func (s *ContactStats) Add(c importers.Contact) {
	if c.Outcome != importers.Answered && c.Outcome != importers.Abandoned {
		return
	}
	k := Key{c.Queue, c.Channel}
	a := s.accs[k]
	if a == nil {
		a = &contactAcc{}
		s.accs[k] = a
	}
	a.offered++
	if c.Outcome == importers.Answered {
		a.answered++
		if c.WaitKnown {
			a.ansWait.add(c.Wait)
		}
		if c.HandleKnown {
			t := c.Arrival
			if s.loc != nil {
				t = t.In(s.loc)
			}
			a.handle.add(c.Handle)
			a.hourHandle[t.Hour()].add(c.Handle)
		}
		return
	}
	a.abandoned++
	if c.WaitKnown {
		a.abWait.add(c.Wait)
	}
}

// ErrNoContacts is returned by Patience for a queue without contacts.
var ErrNoContacts = errors.New("no contacts")

// Patience is the censored estimate of queue k's mean patience over its
// contacts with a known wait (EstimatePatience on their waits).
func (s *ContactStats) Patience(k Key) (Patience, error) {
	a := s.accs[k]
	if a == nil {
		return Patience{}, fmt.Errorf("%s/%s: %w", k.Queue, k.Channel, ErrNoContacts)
	}
	return a.patience()
}

// Keys are the queues and channels seen.
func (s *ContactStats) Keys() []Key {
	out := make([]Key, 0, len(s.accs))
	for k := range s.accs {
		out = append(out, k)
	}
	return out
}

// Waits of one queue: what a log with per-contact waits tells.
type Waits struct {
	Contacts  int // offered contacts with a known wait
	Answered  Distribution
	Abandoned Distribution // waits before abandoning, zero waits included
	// ZeroAbandoned are the abandoned contacts with zero wait: they left
	// before queueing (the Technion log's HANG with q_time 0).
	ZeroAbandoned int
}

// Service is the achieved service level: SL(T) = answered within T over
// offered contacts with a known wait, abandoned ones counting against it
// whenever they abandon (DESIGN.md's definition); ASA is the mean wait of
// answered contacts.
type Service struct {
	Target   Target
	Level    float64 // SL(T), 0..1
	Within   int     // answered within T
	Contacts int     // offered contacts with a known wait
	ASA      time.Duration
	Met      bool // Level ≥ Target.Level (when Target.Level > 0)
}

// Target is a queue's service-level goal: Level of contacts answered
// within Time (80/20s is {0.8, 20s}).
type Target struct {
	Level float64
	Time  time.Duration
}

// waitKnown is the number of contacts, answered or abandoned, with a
// known (non-negative) wait.
func (a *contactAcc) waitKnown() int { return int(a.ansWait.n + a.abWait.n) }

// zeroAbandoned is the number of abandoned contacts with zero wait.
func (a *contactAcc) zeroAbandoned() int {
	if len(a.abWait.bins) == 0 {
		return 0
	}
	return int(a.abWait.bins[0])
}

func (a *contactAcc) service(t Target) *Service {
	if a.waitKnown() == 0 {
		return nil
	}
	s := &Service{Target: t, Within: int(a.ansWait.atMost(t.Time)), Contacts: a.waitKnown(), ASA: a.ansWait.mean()}
	s.Level = float64(s.Within) / float64(s.Contacts)
	s.Met = t.Level > 0 && s.Level >= t.Level
	return s
}

func (a *contactAcc) waits() *Waits {
	if a.waitKnown() == 0 {
		return nil
	}
	zero := 0
	if len(a.abWait.bins) > 0 {
		zero = int(a.abWait.bins[0])
	}
	return &Waits{Contacts: a.waitKnown(), Answered: a.ansWait.distribution(), Abandoned: a.abWait.distribution(), ZeroAbandoned: zero}
}

// patience is the censored estimate over the contacts with a known wait,
// the same as EstimatePatience on their waits.
func (a *contactAcc) patience() (Patience, error) {
	zero := a.zeroAbandoned()
	return patienceFrom(int(a.abWait.n)-zero, zero, a.waitKnown()-zero, a.ansWait.sum+a.abWait.sum)
}
