// Package erlang is the queueing math of wfm: Erlang B, Erlang C and
// Erlang A (M/M/N+M), staffing for service-level, ASA, occupancy and
// abandonment targets, chat concurrency, and deferred work (email,
// tickets) with response targets in hours.
//
// Definitions follow DESIGN.md: offered traffic A = arrival rate × AHT in
// [Erlangs]; service level SL(T) = P(an offered contact is answered within
// T), abandoned contacts counting against it; ASA is the mean wait of
// answered contacts; average wait is over all offered contacts;
// occupancy is carried traffic per agent.
//
// # Erlang B and C
//
// Erlang B, B(N, A) = (A^N/N!) / Σ_{k≤N} A^k/k!, is computed by the stable
// recursion 1/B(n) = 1 + (n/A)/B(n−1) (A. K. Erlang, "Solution of some
// problems in the theory of probabilities of significance in automatic
// telephone exchanges", 1917; D. L. Jagerman, BSTJ 53, 1974), started
// exactly a little below min(N, A) so one evaluation costs
// O(√(A log A) + N − A) steps — no factorials, no overflow: B simply
// underflows to 0 when N ≫ A. Erlang C follows as
// C(N, A) = N·B/(N − A(1 − B)) (R. B. Cooper, "Introduction to Queueing
// Theory", 2nd ed., 1981), and for M/M/N without abandonment
//
//	SL(T) = 1 − C·e^{−(N−A)T/AHT},   ASA = average wait = C·AHT/(N − A),
//	occupancy = A/N.
//
// N ≤ A is overloaded: [ErrOverloaded].
//
// # Erlang A
//
// With Queue.Patience > 0 callers abandon after an exponential patience
// (Palm 1943; O. Garnett, A. Mandelbaum & M. Reiman, "Designing a call
// center with impatient customers", M&SOM 4(3), 2002). The metrics are
// exact: they come from the law of the virtual waiting time (Mandelbaum &
// Zeltyn, "The M/M/n+G queue: summary of performance measures", Technion),
// which reduces every measure to one-dimensional integrals of a
// log-concave function — equivalently, incomplete gamma functions —
// computed by Gauss–Legendre quadrature in scaled form. The derivation of
// SL(T) = P(no wait) + P(wait, answered before abandoning, within T) is in
// erlanga.go. Koole's "Call Center Optimization" (2013) is a good general
// source for all three models.
//
// # Staffing
//
// [Required] finds the smallest N meeting any combination of [Targets],
// a fractional requirement interpolated on the binding target, and the
// metrics at N; [Staff] adds shrinkage. Chat is modelled as Concurrency
// servers per agent (see [Required]); deferred work by the taut-string
// schedule of [DeferredStaffing].
//
// The package never prints and imports nothing else of wfm's.
package erlang
