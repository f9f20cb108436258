package scheduling

import (
	"testing"
	"time"
)

// autoVendorsWork decides whether Solve loosens the auto-peak rule: only
// for an auto-peak vendor cheaper than understaffing that would place a
// block on the roster with the rule dropped.
func TestAutoVendorsWork(t *testing.T) {
	cases := []struct {
		name string
		edit func(p *Problem)
		want bool
	}{
		{"auto-peak vendor, empty roster", func(p *Problem) {}, true},
		{"dearer than understaffing", func(p *Problem) { p.Vendors[0].CostPerHour = 150 }, false},
		{"no auto peaks", func(p *Problem) {
			st := p.Demand.Start
			p.Peaks = Peaks{}
			p.Vendors[0].Peak = false
			p.Vendors[0].Windows = []TimeRange{{st, st.AddDate(0, 0, 7)}}
		}, false},
		{"no block pays", func(p *Problem) { p.Vendors[0].MinBlock = 24 * time.Hour }, false},
	}
	for _, c := range cases {
		p := twoPeakProblem(8, 1, 15*time.Minute, 14)
		c.edit(&p)
		m, err := newModel(&p)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.autoVendorsWork(newState(m, newWorkspace(m))); got != c.want {
			t.Errorf("%s: autoVendorsWork %v, want %v", c.name, got, c.want)
		}
	}
}
