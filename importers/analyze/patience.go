package analyze

import (
	"errors"
	"math"
	"time"
)

// ErrNoAbandons is returned when no contact abandoned: the data bound the
// mean patience from below but do not estimate it.
var ErrNoAbandons = errors.New("no abandoned contact with a known wait: patience cannot be estimated")

// Wait is one contact's time in queue and whether it abandoned.
type Wait struct {
	Wait      time.Duration
	Abandoned bool
}

// Patience is an estimate of the mean of exponential patience.
type Patience struct {
	Mean       time.Duration // T / A
	Low, High  time.Duration // 95 % confidence interval of the mean
	Abandoned  int           // A: contacts that abandoned
	Contacts   int           // contacts counted, answered and abandoned
	TotalWait  time.Duration // T: time in queue of all contacts counted
	ZeroAbands int           // abandoned with zero wait (left before queueing), not counted
}

// z95 is the standard normal quantile for a two-sided 95 % interval.
const z95 = 1.959963984540054

// EstimatePatience is the censored exponential maximum-likelihood estimate
// of mean patience (see the package doc): T / A with a 95 % interval
// (T/A)·exp(∓z/√A). Abandoned contacts with zero wait never queued
// (Brown et al. 2005 study callers who reached the queue) and are left
// out and counted in ZeroAbands; answered contacts with zero wait add no
// exposure and change nothing.
func EstimatePatience(waits []Wait) (Patience, error) {
	var p Patience
	var total float64 // seconds
	for _, w := range waits {
		if w.Wait < 0 {
			continue
		}
		if w.Abandoned && w.Wait == 0 {
			p.ZeroAbands++
			continue
		}
		p.Contacts++
		total += w.Wait.Seconds()
		if w.Abandoned {
			p.Abandoned++
		}
	}
	return patienceFrom(p.Abandoned, p.ZeroAbands, p.Contacts, total)
}

// patienceFrom is the estimate from its sums: abandoned contacts that
// queued, zero-wait abandons (reported, not counted), contacts counted and
// their total wait in seconds.
func patienceFrom(abandoned, zeroAbands, contacts int, total float64) (Patience, error) {
	p := Patience{Abandoned: abandoned, ZeroAbands: zeroAbands, Contacts: contacts, TotalWait: seconds(total)}
	if p.Abandoned == 0 {
		return p, ErrNoAbandons
	}
	mean := total / float64(p.Abandoned)
	k := math.Exp(z95 / math.Sqrt(float64(p.Abandoned)))
	p.Mean, p.Low, p.High = seconds(mean), seconds(mean/k), seconds(mean*k)
	return p, nil
}

func seconds(s float64) time.Duration {
	return time.Duration(math.Round(s*1e3)) * time.Millisecond
}
