// Package simulate is a discrete-event simulation of a contact center, run
// over a roster interval by interval: it checks by experiment what the
// Erlang formulas of package erlang predict, and it handles what they
// cannot: several queues served by agents with different skills, breaks,
// arrival rates that change from one interval to the next, queues carried
// over between intervals, handle times that are not exponential.
//
// # The model
//
// Time runs continuously from Input.Start over Input.Intervals intervals.
// Each queue's contacts arrive as a Poisson process whose rate is constant
// inside an interval, Volume[t] / interval length; the process is drawn
// interval by interval with exponential gaps, restarted at each boundary,
// which is exact for a piecewise-constant rate because the exponential is
// memoryless (A. M. Law, "Simulation Modeling and Analysis", 5th ed., 2015,
// ch. 8, nonstationary Poisson processes). Recorded arrivals replace the
// Poisson draws in two ways: Counts gives the number of arrivals of each
// interval, placed at independent uniform times inside it (a Poisson process
// conditioned on its count is exactly that: S. M. Ross, "Introduction to
// Probability Models", ch. 5, order statistics of arrival times), and
// Arrivals gives the instants themselves, replayed as they were.
//
// Every contact brings its handle time, drawn when it arrives with the mean
// AHT[t] of its arrival interval: exponential by default, or lognormal with
// coefficient of variation HandleCV (σ² = ln(1 + cv²), μ = ln AHT − σ²/2),
// the shape Brown et al. found in the Israeli bank's call log that wfm
// bundles ("Statistical analysis of a telephone call center", JASA 100,
// 2005). Where a queue has a Patience, each contact also brings an
// exponential patience of that mean and abandons when its wait reaches it
// (the Erlang A caller: Palm 1943; Garnett, Mandelbaum & Reiman 2002).
// Contacts of a queue without patience wait as long as it takes.
//
// Agents work their OnDuty spans (shifts with breaks and lunches removed).
// Shrinkage — the time a roster does not show, lost to absence, coaching or
// meetings — takes an agent off the phones for whole intervals: in every
// interval he is on duty, independently, with probability Shrinkage. An
// agent whose span ends during a contact finishes it and takes no more.
//
// # Routing
//
// Skill-based routing as contact centers run it (G. Koole, "Call Center
// Optimization", 2013, ch. on multi-skill routing; N. Gans, G. Koole & A.
// Mandelbaum, "Telephone call centers: tutorial, review, and research
// prospects", M&SOM 5, 2003):
//
//   - A contact that arrives goes to an available agent holding its queue's
//     skill, preferring agents for whom the skill has the best (lowest)
//     priority, then — longest-idle-agent routing — the agent idle the
//     longest. A chat goes to an agent with a free chat slot, fewest chats
//     first; an agent works at most Concurrency chats at once and nothing
//     else while he has one.
//   - Otherwise it waits in its queue, first come first served.
//   - An agent who comes free (a contact ends, or his span begins) takes
//     the next contact from his skills in the order of his priority for
//     them, then the queues' Priority (lower first), then the contact that
//     has waited longest.
//
// With every agent holding every skill at one priority and every queue at
// one Priority, this is first come first served over all queues: the pooled
// model, one queue with the sum of the arrivals, contact for contact (the
// tests check both this and the agreement with Erlang C and Erlang A).
//
// # Measures and their intervals
//
// Contacts are counted in the interval they arrive in, whenever they are
// answered or abandon. Service level is the share of offered contacts
// answered within the queue's AnswerTime; abandoned contacts count against
// it (DESIGN.md). A contact still waiting when the simulation ends (no agent
// left to answer it) is unserved, and counts against the service level. A
// contact whose answer time runs past the end of the last interval (the
// last 20 seconds of a voice queue, the last day of a 24-hour email
// target) is left out of the service level whatever becomes of it
// (censored): whether it is answered in time depends on staff beyond the
// roster. ASA is the mean wait of answered contacts. Occupancy is the
// busy share of the time the agents holding the queue's skill were
// available (an agent on k of c chats is k/c busy).
//
// Replications are independent runs with their own random numbers, derived
// from Input.Seed and the replication's number, so a seed gives the same
// result on one core or many. Every measure comes with a 95 % confidence
// interval over the replications: for counts, the t interval
// x̄ ± t(n−1, 0.975)·s/√n (Law 2015, ch. 9, the fixed-sample-size procedure
// for terminating simulations); for ratios (service level, ASA, abandon
// rate, occupancy), the ratio estimator r = ΣY/ΣX with the interval
// r ± t(n−1, 0.975)·s/(X̄√n), s² the sample variance of Y − rX, as the
// regenerative method estimates a ratio of means (M. A. Crane & A. J.
// Lemoine, "An Introduction to the Regenerative Method for Simulation
// Analysis", 1977, sec. 3), which stays sound in intervals where some
// replications have no contacts at all.
//
// Random numbers are common across inputs: a queue's stream depends only on
// the seed, the replication and the queue's name, and an agent's shrinkage
// draws on his ID, so two rosters run with one seed meet the same contacts,
// and their difference is measured with far less noise than either.
package simulate
