package scheduling

import (
	"math"
	"time"
)

// pdhgBound solves the covering LP of LowerBound, with breaks in the
// implicit formulation of Bechtold & Jacobs (1990): shift j has x_j ≥ 0
// and each of its breaks k a split w_jkb ≥ 0 over its placements b with
// Σ_b w_jkb = x_j, so an LP shift may spread its break over the window.
// It runs the primal-dual hybrid gradient method (Chambolle & Pock 2011,
// with the diagonal preconditioning of Pock & Chambolle 2011 and restarts
// to the average as in PDLP, Applegate et al. 2021) on
//
//	min_{x,w ≥ 0} max_{−O ≤ y ≤ U', z} c·x + y·(r − A x + B w) + z·(W w − x),
//
// less the vendors' cap term Σ_t Σ_v K_v (y_t − w_v)⁺, whose proximal step
// is proxVendors.
// Products with A and B cost O(T + columns) through prefix sums and a
// difference array. Every restart's y is certified (made feasible, see
// certify) and the best bound is returned.
func (m *model) pdhgBound(deadline time.Time, vat [][]vcap, vds []vendorDual, maxIter int, blocks bool) lpRun {
	T, J := m.T, len(m.pats)
	// With blocks, the vendors enter as columns: a block of vendor v from
	// s for ℓ intervals (minLen ≤ ℓ < 2·minLen: longer blocks split into
	// such), priced w_v·ℓ, covering [s, s+ℓ), under the cap rows
	// Σ_{blocks of v over t} q ≤ K_v, whose prices μ_vt are what
	// blockPenalty recovers when certifying.
	type vblk struct{ v, s, n int }
	var vbs []vblk
	if blocks {
		for vi, vd := range vds {
			for st := 0; st < T; st++ {
				for n := vd.minLen; n < 2*vd.minLen && st+n <= T; n++ {
					if !vd.allowed[st+n-1] {
						break
					}
					ok := true
					for t := st; t < st+n && ok; t++ {
						ok = vd.allowed[t]
					}
					if ok {
						vbs = append(vbs, vblk{vi, st, n})
					}
				}
			}
		}
	}
	nv := len(vds)
	vload := make([][]float64, nv) // blocks over t per vendor (for σ)
	for vi := range vload {
		vload[vi] = make([]float64, T)
	}
	for _, b := range vbs {
		for t := b.s; t < b.s+b.n; t++ {
			vload[b.v][t]++
		}
	}
	r := make([]float64, T)
	for t := range r {
		r[t] = float64(m.target[t])
	}
	// link rows (j, k) and their placement variables
	type link struct {
		j, k   int
		w0, nw int // first w index and count
		first  int // interval of placement 0
		n      int // break length
	}
	var links []link
	linksOf := make([][2]int, J) // first link index and count per pattern
	nw := 0
	for j := range m.pats {
		pt := &m.pats[j]
		linksOf[j] = [2]int{len(links), len(pt.brk)}
		for k, b := range pt.brk {
			links = append(links, link{j: j, k: k, w0: nw, nw: b.hi - b.lo + 1, first: pt.start + b.lo, n: b.n})
			nw += b.hi - b.lo + 1
		}
	}
	L := len(links)
	caps, capOf := m.capacityRows()
	// preconditioners
	rowN := make([]float64, T)
	for j := range m.pats {
		pt := &m.pats[j]
		for t := pt.start; t < pt.start+pt.n; t++ {
			rowN[t]++
		}
	}
	for _, l := range links {
		for b := 0; b < l.nw; b++ {
			for t := l.first + b; t < l.first+b+l.n; t++ {
				rowN[t]++
			}
		}
	}
	cn, rn := 0.0, 0.0
	for j := range m.pats {
		cn += m.pats[j].cost * m.pats[j].cost
	}
	for t := range r {
		rn += r[t] * r[t]
	}
	omega := 1.0
	if cn > 0 && rn > 0 {
		omega = math.Sqrt(cn / rn)
	}
	tauX := make([]float64, J)
	for j := range tauX {
		a := float64(m.pats[j].n + linksOf[j][1])
		for _, rc := range capOf[j] {
			a += rc.coef
		}
		tauX[j] = 1 / (omega * a)
	}
	sigU := make([]float64, len(caps))
	for i, c := range caps {
		sigU[i] = omega / math.Max(1, c.abs)
	}
	u, us := make([]float64, len(caps)), make([]float64, len(caps))
	load := make([]float64, len(caps))
	tauW := make([]float64, L) // per link: each w has |column| = n + 1
	sigZ := make([]float64, L)
	for i, l := range links {
		tauW[i] = 1 / (omega * float64(l.n+1))
		sigZ[i] = omega / float64(l.nw+1)
	}
	for _, b := range vbs {
		for t := b.s; t < b.s+b.n; t++ {
			rowN[t]++
		}
	}
	tauQ := make([]float64, len(vbs))
	for i, b := range vbs {
		tauQ[i] = 1 / (omega * float64(2*b.n))
	}
	sigM := make([][]float64, nv)
	mu, mus := make([][]float64, nv), make([][]float64, nv)
	for vi := range sigM {
		sigM[vi], mu[vi], mus[vi] = make([]float64, T), make([]float64, T), make([]float64, T)
		for t := range sigM[vi] {
			sigM[vi][t] = omega / math.Max(1, vload[vi][t])
		}
	}
	q, qe, qs := make([]float64, len(vbs)), make([]float64, len(vbs)), make([]float64, len(vbs))
	vdiff := make([][]float64, nv)
	for vi := range vdiff {
		vdiff[vi] = make([]float64, T+1)
	}
	mpre := make([]float64, T+1)
	sigY := make([]float64, T)
	for t := range sigY {
		sigY[t] = omega / math.Max(1, rowN[t])
	}

	x, xe, xs := make([]float64, J), make([]float64, J), make([]float64, J)
	w, we, ws := make([]float64, nw), make([]float64, nw), make([]float64, nw)
	y, ys := make([]float64, T), make([]float64, T)
	z, zs := make([]float64, L), make([]float64, L)
	diff := make([]float64, T+1)
	cov := make([]float64, T)
	pre := make([]float64, T+1)
	coverage := func(x, w []float64) {
		clear(diff)
		for j := range m.pats {
			if x[j] != 0 {
				pt := &m.pats[j]
				diff[pt.start] += x[j]
				diff[pt.start+pt.n] -= x[j]
			}
		}
		for _, l := range links {
			for b := 0; b < l.nw; b++ {
				if v := w[l.w0+b]; v != 0 {
					diff[l.first+b] -= v
					diff[l.first+b+l.n] += v
				}
			}
		}
		s := 0.0
		for t := 0; t < T; t++ {
			s += diff[t]
			cov[t] = s
		}
	}
	// blockCover adds the vendor blocks' coverage to cov and leaves each
	// vendor's load per interval in vload.
	blockCover := func(q []float64) {
		if len(vbs) == 0 {
			return
		}
		for vi := range vdiff {
			clear(vdiff[vi])
		}
		for i, b := range vbs {
			if q[i] != 0 {
				vdiff[b.v][b.s] += q[i]
				vdiff[b.v][b.s+b.n] -= q[i]
			}
		}
		for vi := range vdiff {
			l := 0.0
			for t := 0; t < T; t++ {
				l += vdiff[vi][t]
				vload[vi][t] = l
				cov[t] += l
			}
		}
	}
	var run lpRun
	best := math.Inf(-1)
	cand := make([]float64, T)
	extra := make([]float64, J)
	tryBound := func(v, u []float64) {
		copy(cand, v)
		if b := m.certify(cand, nil, 0, vds); b > best {
			best = b
			run.keepY(cand, b)
		}
		if len(u) == 0 {
			return
		}
		// with the capacity rows' prices: shifts cost more, the caps are
		// paid for
		capTerm := 0.0
		for i, c := range caps {
			capTerm += c.cap * u[i]
		}
		for j := range extra {
			extra[j] = 0
			for _, rc := range capOf[j] {
				extra[j] += rc.coef * u[rc.row]
			}
		}
		copy(cand, v)
		if b := m.certify(cand, extra, capTerm, vds); b > best {
			best = b
			run.keepY(cand, b)
		}
	}
	const restart = 200
	lastBest, stall := math.Inf(-1), 0
	count := 0
	for it := 1; it <= maxIter; it++ {
		for t := 0; t < T; t++ {
			pre[t+1] = pre[t] + y[t]
		}
		for j := range m.pats {
			pt := &m.pats[j]
			g := pt.cost - (pre[pt.start+pt.n] - pre[pt.start])
			lf, ln := linksOf[j][0], linksOf[j][1]
			for i := lf; i < lf+ln; i++ {
				g -= z[i]
			}
			for _, rc := range capOf[j] {
				g += rc.coef * u[rc.row]
			}
			v := math.Max(0, x[j]-tauX[j]*g)
			xe[j] = 2*v - x[j]
			x[j] = v
		}
		for i, l := range links {
			for b := 0; b < l.nw; b++ {
				s := l.first + b
				g := pre[s+l.n] - pre[s] + z[i]
				v := math.Max(0, w[l.w0+b]-tauW[i]*g)
				we[l.w0+b] = 2*v - w[l.w0+b]
				w[l.w0+b] = v
			}
		}
		for vi := range vds {
			if len(vbs) == 0 {
				break
			}
			for t := 0; t < T; t++ {
				mpre[t+1] = mpre[t] + mu[vi][t]
			}
			for i, b := range vbs {
				if b.v != vi {
					continue
				}
				g := vds[vi].w*float64(b.n) - (pre[b.s+b.n] - pre[b.s]) + (mpre[b.s+b.n] - mpre[b.s])
				v := math.Max(0, q[i]-tauQ[i]*g)
				qe[i] = 2*v - q[i]
				q[i] = v
			}
		}
		coverage(xe, we)
		blockCover(qe)
		for vi, vd := range vds {
			if len(vbs) == 0 {
				break
			}
			for t := 0; t < T; t++ {
				mu[vi][t] = math.Max(0, mu[vi][t]+sigM[vi][t]*(vload[vi][t]-vd.k))
				mus[vi][t] += mu[vi][t]
			}
		}
		for i := range q {
			qs[i] += q[i]
		}
		for t := range y {
			y[t] = math.Max(-m.over, math.Min(m.under, proxVendors(y[t]+sigY[t]*(r[t]-cov[t]), sigY[t], vat[t])))
		}
		clear(load)
		for j := range xe {
			for _, rc := range capOf[j] {
				load[rc.row] += rc.coef * xe[j]
			}
		}
		for i, c := range caps {
			u[i] = math.Max(0, u[i]+sigU[i]*(load[i]-c.cap))
			us[i] += u[i]
		}
		for i, l := range links {
			s := -xe[l.j]
			for b := 0; b < l.nw; b++ {
				s += we[l.w0+b]
			}
			z[i] += sigZ[i] * s
		}
		accumulate(xs, x)
		accumulate(ws, w)
		accumulate(ys, y)
		accumulate(zs, z)
		count++
		if it%restart == 0 || it == maxIter {
			f := 1 / float64(count)
			restartAt(x, xs, f)
			restartAt(w, ws, f)
			restartAt(y, ys, f)
			restartAt(z, zs, f)
			restartAt(u, us, f)
			restartAt(q, qs, f)
			for vi := range mu {
				restartAt(mu[vi], mus[vi], f)
			}
			count = 0
			tryBound(y, u)
			// stop when the primal value is within 0.01 % of the bound
			coverage(x, w)
			blockCover(q)
			pv := 0.0
			for j := range x {
				pv += x[j] * m.pats[j].cost
			}
			for i, b := range vbs {
				pv += q[i] * vds[b.v].w * float64(b.n)
			}
			for t := range cov {
				pv += math.Max(m.shortCost(r[t]-cov[t], vat[t]), m.over*(cov[t]-r[t]))
			}
			// (the primal value is an upper bound on the LP only when x
			// meets the capacity rows: when it does not, it proves nothing
			// and stopping on it would leave their prices unlearnt)
			clear(load)
			for j := range x {
				for _, rc := range capOf[j] {
					load[rc.row] += rc.coef * x[j]
				}
			}
			capsMet := true
			for i, c := range caps {
				if load[i] > c.cap*(1+1e-4)+1e-6 {
					capsMet = false
				}
			}
			if len(vbs) > 0 {
				for vi, vd := range vds {
					for t := 0; t < T; t++ {
						if vload[vi][t] > vd.k*(1+1e-4)+1e-6 {
							capsMet = false
						}
					}
				}
			}
			// or when the bound has stalled for 25 restarts
			if best > lastBest+1e-5*math.Abs(best) {
				lastBest, stall = best, 0
			} else {
				stall++
			}
			run.converged = capsMet && pv-best <= 1e-4*math.Abs(pv)
			if run.converged || stall >= 25 || time.Now().After(deadline) {
				break
			}
		}
	}
	run.bound, run.x = best, x
	return run
}

// proxVendors is the proximal step of σ·Σ_v k_v (y − w_v)⁺ at v0: the y
// with y = v0 − σ Σ_{w_v < y} k_v, found segment by segment between the
// prices (vs sorted by w).
func proxVendors(v0, sigma float64, vs []vcap) float64 {
	slope := 0.0
	for i := 0; i <= len(vs); i++ {
		y := v0 - sigma*slope
		lo := math.Inf(-1)
		if i > 0 {
			lo = vs[i-1].w
		}
		hi := math.Inf(1)
		if i < len(vs) {
			hi = vs[i].w
		}
		if y <= hi && y >= lo {
			return y
		}
		if i < len(vs) && y > hi && v0-sigma*(slope+vs[i].k) <= hi {
			return hi
		}
		if i < len(vs) {
			slope += vs[i].k
		}
	}
	return v0 - sigma*slope
}

// accumulate adds v into the running sum s.
func accumulate(s, v []float64) {
	for i := range v {
		s[i] += v[i]
	}
}

// restartAt restarts an iterate at its average: v = s·f (f = 1/count) and
// the running sum s starts again from zero.
func restartAt(v, s []float64, f float64) {
	for i := range v {
		v[i], s[i] = s[i]*f, 0
	}
}
