// Package scheduling turns a requirement curve into a roster: named
// in-house shifts with their breaks and lunches, and vendor surge blocks,
// that follow the curve at the least cost under the labour rules, and it
// checks rosters against those rules.
//
// Where each question is answered:
//
//   - What is asked. Problem (problem.go) holds the demand, the shift
//     templates, the rules, the agents, the vendors, the peak windows and
//     the costs; PoolRequirements sums the queues' fractional staff per
//     interval (agents_fractional / (1 − shrinkage)) into the demand, whose
//     target per interval is the sum rounded up. The staff step that makes
//     requirements from a forecast is in staff.go (ComputeRequirements) and
//     the service level a roster gives in servicelevel.go.
//   - Whether it can be scheduled. newModel (model.go) checks the Problem
//     once, naming the config key of whatever no roster can satisfy, and
//     lays it on its interval grid; Solve, LowerBound, Check and
//     Problem.Validate all start from it, and the model is read-only after.
//   - What a roster costs. objective.go: pay + vendor hours +
//     understaffing + overstaffing against the target, and the prices the
//     search phases steer by instead (pricing) without changing what
//     counts.
//   - What the rules are. rules.go: each agent's limits and each rule's
//     predicate, read by the search's incremental check (state.fits), the
//     rule checker (check.go: Check, which `wfm schedule` and `wfm
//     validate` run on every roster), the agent-roster DP (lagrange.go) and
//     the bound.
//   - What overtime is. overtime.go: Problem.Overtime extends a shift by
//     whole intervals at its allowed ends, as extra patterns of the same
//     template and day (withOvertime) that every phase, the DP and the
//     bound see like any other; their price is part of the shift's pay
//     (objective.go, shiftPay), the weekly cap is checked in state.fits,
//     and Check names each overtime row that breaks a limit.
//   - How the roster is found. Solve (solve.go) proves the bound, then runs
//     solvePhases, a table of phases in order, each in its own file with
//     its method, source and constants: starts (start.go, with the local
//     search of localsearch.go and anneal.go), transplant days
//     (transplant.go), ruin and recreate (lns.go), the vendor reserves
//     (reserve.go), the vendor search (vendorsearch.go, vendor placement as
//     a min-cost flow in vendorflow.go) and break chains (breaks.go).
//   - How good it is. LowerBound (bound.go) proves a lower bound on every
//     roster's objective: a certified dual of the shift-covering LP with
//     breaks in the implicit model of Bechtold & Jacobs (1990), solved by
//     the primal-dual hybrid gradient method (pdhg.go), then a Lagrangian
//     relaxation that keeps each agent's own rules (lagrange.go).
//     Solution.Gap is measured against it.
//
// Local days, weekdays and weeks are those of Problem.Location; weeks are
// 7-day blocks from the horizon's first day. A shift belongs to the local
// day it starts on, an agent works at most one shift a day, and shifts lie
// inside the horizon of the requirements (a night shift that would run
// past the last interval is not offered). Breaks, windows, lengths and
// start steps are whole intervals.
package scheduling
