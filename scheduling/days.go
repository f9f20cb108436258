package scheduling

import "time"

// DayCoverage is one local day of a roster's coverage, in staff-hours.
type DayCoverage struct {
	Day           time.Time // local midnight
	RequiredHours float64   // Σ pooled fractional staff × interval length
	TargetHours   float64   // Σ whole-staff target × interval length
	NetHours      float64   // Σ net staff (breaks removed, vendors in) × interval length
	VendorHours   float64   // Σ vendor staff × interval length
	Understaffed  int       // intervals whose net staff is below the target
}

// DailyCoverage sums a roster's coverage (as Cover or Solve return it)
// into local days in loc, in order of day.
func DailyCoverage(cov []Coverage, interval time.Duration, loc *time.Location) []DayCoverage {
	h := interval.Hours()
	return groupByDayQueue(cov, loc,
		func(c Coverage) (time.Time, string) { return c.Start, "" },
		func(day time.Time, _ Coverage) DayCoverage { return DayCoverage{Day: day} },
		func(d *DayCoverage, c Coverage) {
			d.RequiredHours += c.Required * h
			d.TargetHours += float64(c.Target) * h
			d.NetHours += c.Net * h
			d.VendorHours += c.Vendor * h
			if c.Short() > 1e-9 {
				d.Understaffed++
			}
		},
		func(d DayCoverage) (time.Time, string) { return d.Day, "" })
}
