package scheduling

import (
	"math"
	"testing"
	"time"

	"github.com/wfm-project/wfm/erlang"
)

// 100 calls in 30 minutes at 180 s is 10 Erlangs; with 14 agents Erlang C
// gives SL(20 s) = 0.888350 (pyworkforce's test case PWF-C1 in
// ../shared/reference/erlang_published_cases.csv: 0.888 to 3 decimals).
func TestPredictServiceLevelSharesNetStaff(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	voice := QueueTargets{Name: "retail", Channel: "voice", Targets: erlang.Targets{ServiceLevel: 0.8, AnswerTime: 20 * time.Second}, Shrinkage: 0.3}
	mail := QueueTargets{Name: "mail", Channel: "email", RespondWithin: 4 * time.Hour, Shrinkage: 0.3}
	reqs := []Requirement{
		{Start: t0, Queue: "retail", Channel: "voice", Volume: 100, AHT: 180 * time.Second, Traffic: 10, Fractional: 13.0475},
		{Start: t0, Queue: "mail", Channel: "email", Volume: 20, AHT: 300 * time.Second, Traffic: 3.33, Fractional: 13.0475},
	}
	// Both queues need the same staff, so each gets half of 40 staff: 20
	// staff, 14 agents after 30 % shrinkage.
	cov := []Coverage{{Start: t0, Net: 40}}
	got, err := PredictServiceLevel(reqs, cov, []QueueTargets{voice, mail})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got[0].Agents-14) > 1e-9 {
		t.Fatalf("voice agents = %v, want 14", got[0].Agents)
	}
	if math.Abs(got[0].ServiceLevel-0.8883500191794669) > 1e-9 {
		t.Errorf("voice SL = %v, want 0.888350 (PWF-C1)", got[0].ServiceLevel)
	}
	if got[1].ServiceLevel != 1 {
		t.Errorf("email SL = %v, want 1: 14 agents ≥ 13.05 required", got[1].ServiceLevel)
	}
	// Half an agent more interpolates between 14 and 15 agents.
	cov[0].Net = 40 + 1/0.7 // +0.5 agent per queue
	if got, err = PredictServiceLevel(reqs, cov, []QueueTargets{voice, mail}); err != nil {
		t.Fatal(err)
	}
	m14, _ := erlang.Evaluate(erlang.Queue{Traffic: 10, AHT: 180 * time.Second}, 14, 20*time.Second)
	m15, _ := erlang.Evaluate(erlang.Queue{Traffic: 10, AHT: 180 * time.Second}, 15, 20*time.Second)
	want := (m14.ServiceLevel + m15.ServiceLevel) / 2
	if math.Abs(got[0].ServiceLevel-want) > 1e-9 {
		t.Errorf("SL at 14.5 agents = %v, want %v", got[0].ServiceLevel, want)
	}
	// Fewer agents than Erlangs: overloaded, SL 0, not an error.
	cov[0].Net = 10
	if got, err = PredictServiceLevel(reqs, cov, []QueueTargets{voice, mail}); err != nil {
		t.Fatal(err)
	}
	if got[0].ServiceLevel != 0 {
		t.Errorf("SL with 3.5 agents for 10 Erlangs = %v, want 0", got[0].ServiceLevel)
	}
	// No staff: nobody is answered, and email gets no capacity.
	cov[0].Net = 0
	if got, err = PredictServiceLevel(reqs, cov, []QueueTargets{voice, mail}); err != nil {
		t.Fatal(err)
	}
	if got[0].ServiceLevel != 0 || got[1].ServiceLevel != 0 {
		t.Errorf("SL with no staff = %v, %v; want 0, 0", got[0].ServiceLevel, got[1].ServiceLevel)
	}
}

func TestDailyServiceWeightsByVolume(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	svc := []QueueService{
		{Start: t0, Queue: "q", Volume: 300, ServiceLevel: 0.9, Target: 0.8},
		{Start: t0.Add(30 * time.Minute), Queue: "q", Volume: 100, ServiceLevel: 0.5, Target: 0.8},
		{Start: t0.Add(60 * time.Minute), Queue: "q", Volume: 0, ServiceLevel: 1, Target: 0.8},
		{Start: t0.Add(24 * time.Hour), Queue: "q", Volume: 0, ServiceLevel: 1, Target: 0.8},
	}
	days := DailyService(svc, time.UTC)
	if len(days) != 2 {
		t.Fatalf("days = %d, want 2", len(days))
	}
	if math.Abs(days[0].ServiceLevel-0.8) > 1e-12 || days[0].Missed != 1 || days[0].Intervals != 2 {
		t.Errorf("day 1 = %+v, want SL (300×0.9+100×0.5)/400 = 0.8, 1 of 2 intervals missed", days[0])
	}
	if days[1].ServiceLevel != 1 {
		t.Errorf("a day with no volume has SL %v, want 1", days[1].ServiceLevel)
	}
}

func TestDailyCoverageSumsLocalDays(t *testing.T) {
	loc := time.FixedZone("", 2*3600)
	t0 := time.Date(2026, 12, 7, 23, 0, 0, 0, loc)
	cov := []Coverage{
		{Start: t0, Required: 1.5, Target: 2, Net: 1, Vendor: 0},
		{Start: t0.Add(30 * time.Minute), Required: 1, Target: 1, Net: 2, Vendor: 1},
		{Start: t0.Add(time.Hour), Required: 2, Target: 2, Net: 2}, // next local day
	}
	days := DailyCoverage(cov, 30*time.Minute, loc)
	if len(days) != 2 {
		t.Fatalf("days = %d, want 2", len(days))
	}
	d := days[0]
	if d.RequiredHours != 1.25 || d.TargetHours != 1.5 || d.NetHours != 1.5 || d.VendorHours != 0.5 || d.Understaffed != 1 {
		t.Errorf("first day = %+v; want required 1.25 h, target 1.5 h, net 1.5 h, vendor 0.5 h, 1 understaffed", d)
	}
	if days[1].Day.Day() != 8 || days[1].Understaffed != 0 {
		t.Errorf("second day = %+v", days[1])
	}
}
