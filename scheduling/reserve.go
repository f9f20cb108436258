package scheduling

// reservePhase runs when vendors are cheaper than understaffing. Where the
// best roster's shortfall, counted as if the vendors might work at every
// interval with a target, makes a block worth its cost, the vendors' blocks
// are reserved on top (reservedPricing) and the best roster is polished
// again knowing it: in-house coverage that reaches the target under a
// reserved auto-peak vendor is penalised (an auto peak needs the in-house
// roster short), and under an explicit window the vendor staff it makes
// unneeded are released instead, as an in-house hour costs less. The
// vendors are then placed afresh on the result, under the true windows, and
// it counts only if it is better. It repeats from its result while that
// improves, at most reserveRounds times.
func (x *search) reservePhase() {
	if !x.vendorsPay {
		return
	}
	m := x.m
	for round := 0; round < reserveRounds && !x.timedOut; round++ {
		blocks := x.bestState.vendors(droppedRule)
		if len(blocks) == 0 {
			return // nothing to reserve: the polish would repeat the last one
		}
		c := x.bestState.clone()
		c.pr = m.reservedPricing(blocks, exactRule)
		x.timedOut = c.polish(x.rng, x.deadline, x.progress) || x.timedOut
		c.pr = &m.plain
		if !x.better(c) {
			return
		}
	}
}

// replanPhase fixes the best roster's own vendor blocks and re-plans each
// agent's whole roster around them (reoptimise, then the local search),
// without annealing; the vendors are placed afresh on the result, which
// counts only if better. It repeats while that improves, at most
// reserveRounds times.
func (x *search) replanPhase() {
	m := x.m
	for round := 0; round < reserveRounds && !x.timedOut; round++ {
		blocks := x.bestState.vendors(exactRule)
		if len(blocks) == 0 {
			return
		}
		c := x.bestState.clone()
		c.pr = m.reservedPricing(blocks, exactRule)
		changed := c.reoptimise(x.rng, reoptPasses, x.deadline)
		if changed && !x.timedOut {
			x.timedOut = c.settle(x.rng, x.deadline)
		}
		c.pr = &m.plain
		if !changed || !x.better(c) {
			return
		}
	}
}

// reserveRounds is how many times each reserve phase repeats at most.
const reserveRounds = 3
