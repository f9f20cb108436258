// Package scheduling turns a requirement curve into a roster: named
// in-house shifts with their breaks and lunches, and vendor surge blocks,
// that follow the curve at the least cost under the labour rules, and it
// checks rosters against those rules.
//
// The pieces:
//
//   - PoolRequirements sums the queues' fractional staff per interval
//     (agents_fractional / (1 − shrinkage)); the target of an interval is
//     the sum rounded up, and understaffing and overstaffing are counted
//     in whole agents against it.
//   - Problem holds the demand, the shift templates (length, start window
//     and step, weekdays, breaks with windows after the start), the rules
//     (rest, consecutive days, days off, weekly hours), the agents, the
//     vendors, the peak windows and the costs. Problem.Validate refuses
//     what no roster can satisfy, naming the config key.
//   - Solve builds the roster: greedy and LP-rounded starts, simulated
//     annealing and a best-response local search over single shifts and
//     over whole agent rosters (a dynamic program per agent), ruin and
//     recreate of three agents' rosters at a time with their days' breaks
//     moved along ejection chains (breakPaths), then vendor blocks
//     where they save more understaffing than they cost, placed exactly
//     as a min-cost flow, and ruin and recreate again with a vendor
//     block added or dropped in the move.
//     The objective is pay + understaffing + vendors + overstaffing.
//   - LowerBound proves a lower bound on every roster's objective from a
//     certified dual of the shift-covering LP, with breaks in the implicit
//     model of Bechtold & Jacobs (1990), solved by the primal-dual hybrid
//     gradient method (Chambolle & Pock 2011; Applegate et al. 2021,
//     "Practical large-scale linear programming using primal-dual hybrid
//     gradient"), then a Lagrangian relaxation of the coverage rows whose
//     subproblem is each agent's best roster under its own rules, found by
//     dynamic programming over days and shifts. Solution.Gap is measured
//     against it.
//   - Check is the rule checker, separate from the optimiser: `wfm
//     schedule` writes no roster that fails it and `wfm validate` reuses
//     it. Cover gives a roster's coverage per interval.
//
// Local days, weekdays and weeks are those of Problem.Location; weeks are
// 7-day blocks from the horizon's first day. A shift belongs to the local
// day it starts on, an agent works at most one shift a day, and shifts lie
// inside the horizon of the requirements (a night shift that would run
// past the last interval is not offered). Breaks, windows, lengths and
// start steps are whole intervals.
package scheduling
