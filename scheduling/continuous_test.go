package scheduling

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The longest stretch of work, by hand: an 8h shift with a 10m break at
// 2h and a 30m lunch at 4h works 2h, 1h50m and 3h30m; with a 2h rule the
// last stretch breaks it, and the 5m break does not end a stretch.
func TestLongestStretch(t *testing.T) {
	cw := ContinuousWork{Work: 2 * time.Hour, Break: 10 * time.Minute}
	h := time.Hour
	from, w := cw.longestStretch(8*h, [][2]time.Duration{{2 * h, 2*h + 10*time.Minute}, {4 * h, 4*h + 30*time.Minute}, {6 * h, 6*h + 5*time.Minute}})
	if from != 4*h+30*time.Minute || w != 3*h+30*time.Minute {
		t.Fatalf("longest stretch %v from %v, want 3h30m from 4h30m", w, from)
	}
	if cw.continuousOK(w) || !cw.continuousOK(2*h) {
		t.Fatal("continuousOK")
	}
	// the worst placement: a break in 1h30m-3h can start as late as 2h50m
	tp := ShiftTemplate{Name: "day", Length: 4 * h, Breaks: []Break{{Name: "break", Length: 10 * time.Minute, From: 90 * time.Minute, To: 3 * h}}}
	if got := cw.worstStretch(tp); got != 2*h+50*time.Minute {
		t.Fatalf("worst stretch %v, want 2h50m", got)
	}
	tp.Breaks[0].From, tp.Breaks[0].To = 110*time.Minute, 2*h+10*time.Minute
	if got := cw.worstStretch(tp); got != 2*h {
		t.Fatalf("worst stretch %v, want 2h (the break starting at 2h at the latest, ending at 2h at the earliest)", got)
	}
}

// A template whose break windows can leave too long a stretch is refused
// by name; one that cannot is solved, and its roster passes; a roster
// without the break is caught with agent, day and time.
func TestMaxContinuousWork(t *testing.T) {
	p := tinyProblem(1, 2)
	p.Templates = []ShiftTemplate{{Name: "short", Length: 4 * time.Hour, Earliest: 8 * time.Hour, Latest: 12 * time.Hour,
		Breaks: []Break{{Name: "break", Length: p.Demand.Interval, Paid: true, From: time.Hour, To: 4 * time.Hour}}}}
	p.Rules.MaxContinuousWork = ContinuousWork{Work: 2 * time.Hour, Break: p.Demand.Interval}
	_, err := Solve(p, testOptions(1))
	if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), `template "short"`) || !strings.Contains(err.Error(), "max_continuous_work") {
		t.Fatalf("err = %v, want the template refused", err)
	}
	p.Templates[0].Breaks[0].To = 3 * time.Hour
	sol, err := Solve(p, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := Check(p, sol.Roster)
	if err != nil || len(vs) > 0 {
		t.Fatalf("violations %v, err %v", vs, err)
	}
	var bare []Activity
	for _, a := range sol.Roster {
		if a.Activity == ActivityShift {
			bare = append(bare, a)
		}
	}
	if len(bare) == 0 {
		t.Skip("the roster has no shift")
	}
	vs, _ = Check(p, bare[:1])
	found := false
	for _, v := range vs {
		if v.Rule == RuleContinuousWork && v.Agent == bare[0].Agent && v.At.Equal(bare[0].Start) && strings.Contains(v.Detail, "4h of work") {
			found = true
		}
	}
	if !found {
		t.Fatalf("violations %v, want max_continuous_work for %s at %v", vs, bare[0].Agent, bare[0].Start)
	}
}
