// Package analyze describes what happened in a contact center's history.
//
// Analyze takes interval history (importers.HistoryRow, as wfm import
// writes it) and, when the history was imported from a log, the single
// contacts gathered by a ContactStats (its Add is an
// importers.Options.OnContact). Per queue and channel it reports volume by
// day, a weekday × hour heat map of mean arrivals, abandonment, AHT by
// hour of day, the busiest intervals and data-quality findings (missing
// days and intervals, zero days, and outlying days and intervals by
// RobustZ); single contacts add the service level achieved against a
// target, ASA, the waits before abandoning, quantiles of waits and handle
// times (Hyndman and Fan's definition 1, over whole-second bins) and the
// censored estimate of patience below. From a history alone, patience is
// bounded from below (HistoryPatience).
//
// # Patience
//
// A caller's patience τ is the wait they would accept before abandoning;
// the wait observed is min(V, τ), V the wait they were offered. An
// abandoned contact's wait is its patience; an answered contact's wait is a
// lower bound on it (right-censored). Brown et al., "Statistical Analysis
// of a Telephone Call Center: A Queueing-Science Perspective", JASA 100
// (2005), §5, analyse the Technion bank's patience in these terms.
//
// With exponential patience of rate θ (Erlang A's assumption; Palm 1943,
// Mandelbaum and Zeltyn 2007), the maximum-likelihood estimate from
// censored data is θ̂ = A / T, where A is the number of abandoned contacts
// and T the total time in queue of every contact, answered or abandoned
// (Lawless, Statistical Models and Methods for Lifetime Data, 2nd ed.,
// 2003, §2.4.1). The mean patience is 1/θ̂ = T / A. Its large-sample
// interval uses var(log θ̂) ≈ 1/A (Lawless §2.4.1): the 95 % interval of
// the mean is (T/A)·exp(∓1.96/√A).
package analyze
