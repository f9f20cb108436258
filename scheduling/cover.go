package scheduling

import (
	"math"
	"time"
)

// Cover computes a roster's coverage per interval of p.Demand: in-house
// agents on shift (overtime included), on a break or lunch, vendor staff, and the net agents
// on the phones. Activities that cover part of an interval count by the
// share of the interval they cover.
func Cover(p Problem, roster []Activity) []Coverage {
	d := p.Demand
	loc := p.loc()
	out := make([]Coverage, d.Len())
	for t := range out {
		out[t] = Coverage{Start: d.Start.Add(time.Duration(t) * d.Interval).In(loc), Required: d.Required[t], Target: d.Target(t)}
	}
	for _, a := range roster {
		lo := int(math.Floor(float64(a.Start.Sub(d.Start)) / float64(d.Interval)))
		hi := int(math.Ceil(float64(a.End.Sub(d.Start)) / float64(d.Interval)))
		for t := max(lo, 0); t < min(hi, len(out)); t++ {
			s := d.Start.Add(time.Duration(t) * d.Interval)
			e := s.Add(d.Interval)
			if a.Start.After(s) {
				s = a.Start
			}
			if a.End.Before(e) {
				e = a.End
			}
			share := float64(e.Sub(s)) / float64(d.Interval)
			if share <= 0 {
				continue
			}
			switch {
			case a.Vendor() != "":
				if a.Activity == ActivityShift {
					out[t].Vendor += share
				} else {
					out[t].Vendor -= share
				}
			case a.Activity == ActivityShift || a.Activity == ActivityOvertime:
				out[t].Scheduled += share
			default:
				out[t].OnBreak += share
			}
		}
	}
	for t := range out {
		out[t].Net = out[t].Scheduled - out[t].OnBreak + out[t].Vendor
	}
	return out
}
