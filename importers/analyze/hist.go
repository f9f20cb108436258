package analyze

import (
	"math"
	"time"
)

// secondsHist counts durations in whole-second bins: bin s holds the
// durations d with s−1 < d ≤ s seconds (d rounded up to the second), so a
// log's memory stays flat in its number of contacts. For logs in whole
// seconds (the Technion bank's, most ACD exports) every count and quantile
// is exact; otherwise quantiles are at most 1 s high, and "within T" for a
// whole-second T is exact (d ≤ T ⇔ ⌈d⌉ ≤ T).
type secondsHist struct {
	bins []int64
	n    int64
	sum  float64 // exact sum of the durations, in seconds
}

func (h *secondsHist) add(d time.Duration) {
	if d < 0 {
		return
	}
	s := d.Seconds()
	b := int(math.Ceil(s))
	if b >= len(h.bins) {
		nb := make([]int64, max(b+1, 2*len(h.bins), 64))
		copy(nb, h.bins)
		h.bins = nb
	}
	h.bins[b]++
	h.n++
	h.sum += s
}

// mean is the exact mean duration; 0 when empty.
func (h *secondsHist) mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return seconds(h.sum / float64(h.n))
}

// quantile is the q-quantile as the inverse of the empirical distribution
// function, the smallest x with F(x) ≥ q (Hyndman and Fan, "Sample
// Quantiles in Statistical Packages", The American Statistician 50
// (1996), definition 1): the ⌈q·n⌉-th smallest value.
func (h *secondsHist) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(h.n)))
	rank = max(rank, 1)
	var c int64
	for s, k := range h.bins {
		c += k
		if c >= rank {
			return time.Duration(s) * time.Second
		}
	}
	return time.Duration(len(h.bins)-1) * time.Second
}

// atMost is the number of durations of at most t (t taken in whole seconds,
// rounded down).
func (h *secondsHist) atMost(t time.Duration) int64 {
	lim := int(t / time.Second)
	var c int64
	for s := 0; s <= lim && s < len(h.bins); s++ {
		c += h.bins[s]
	}
	return c
}

// merge adds o's counts to h.
func (h *secondsHist) merge(o *secondsHist) {
	if len(o.bins) > len(h.bins) {
		nb := make([]int64, len(o.bins))
		copy(nb, h.bins)
		h.bins = nb
	}
	for s, k := range o.bins {
		h.bins[s] += k
	}
	h.n += o.n
	h.sum += o.sum
}

// Quantiles are the standard quantiles the report gives of a distribution
// of durations.
var Quantiles = []float64{0.10, 0.25, 0.50, 0.75, 0.90, 0.95}

// Distribution summarises durations: how many, their mean and the
// Quantiles (same order).
type Distribution struct {
	N         int
	Mean      time.Duration
	Quantiles []time.Duration // at Quantiles
}

// Median and P90 are the 0.5 and 0.9 quantiles.
func (d Distribution) Median() time.Duration { return d.at(0.5) }
func (d Distribution) P90() time.Duration    { return d.at(0.9) }

func (d Distribution) at(q float64) time.Duration {
	for i, x := range Quantiles {
		if x == q && i < len(d.Quantiles) {
			return d.Quantiles[i]
		}
	}
	return 0
}

func (h *secondsHist) distribution() Distribution {
	d := Distribution{N: int(h.n), Mean: h.mean()}
	if h.n == 0 {
		return d
	}
	for _, q := range Quantiles {
		d.Quantiles = append(d.Quantiles, h.quantile(q))
	}
	return d
}
