package scheduling

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sampleProblem is the bundled sample's schedule step (samples/wfm.yaml):
// testdata/sample_requirements.csv is the requirements.csv `wfm plan
// --keep` writes for it (1-7 March 1999, Israeli week, 15-minute
// intervals) and testdata/sample_agents.csv a copy of samples/agents.csv.
func sampleProblem(t testing.TB) Problem {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jerusalem")
	if err != nil {
		t.Skip("no tzdata for Asia/Jerusalem:", err)
	}
	f, err := os.Open(filepath.Join("testdata", "sample_requirements.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reqs, err := ReadRequirements(f, "sample_requirements.csv")
	if err != nil {
		t.Fatal(err)
	}
	d, err := PoolRequirements(reqs, nil, 0.30)
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(filepath.Join("testdata", "sample_agents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	agents, err := ReadAgents(g, "sample_agents.csv")
	if err != nil {
		t.Fatal(err)
	}
	h, m := time.Hour, time.Minute
	weekdays, _ := ParseWeekdays([]string{"sun", "mon", "tue", "wed", "thu"})
	three := []Break{
		{Name: ActivityBreak, Length: 15 * m, Paid: true, From: 90 * m, To: 3 * h},
		{Name: ActivityLunch, Length: 30 * m, From: 3*h + 30*m, To: 5 * h},
		{Name: ActivityBreak, Length: 15 * m, Paid: true, From: 5*h + 30*m, To: 7*h + 30*m},
	}
	return Problem{
		Demand:   d,
		Location: loc,
		Templates: []ShiftTemplate{
			{Name: "early", Length: 8*h + 30*m, Earliest: 6*h + 30*m, Latest: 10 * h, Step: 30 * m, Days: weekdays, Breaks: three},
			{Name: "late", Length: 8*h + 30*m, Earliest: 12 * h, Latest: 15*h + 30*m, Step: 30 * m, Days: weekdays, Breaks: three},
			{Name: "short", Length: 5 * h, Earliest: 7 * h, Latest: 19 * h, Step: 30 * m,
				Breaks: []Break{{Name: ActivityBreak, Length: 15 * m, Paid: true, From: 2 * h, To: 3*h + 30*m}}},
			{Name: "night", Length: 8 * h, Earliest: 0, Latest: 0, Step: 30 * m,
				Breaks: []Break{{Name: ActivityLunch, Length: 30 * m, From: 3 * h, To: 5 * h}}},
		},
		Rules:   Rules{MinRest: 11 * h, MaxConsecutiveDays: 6, DaysOffPerWeek: 1, MaxHoursPerWeek: 42},
		Agents:  agents,
		Vendors: []Vendor{{Name: "surgeco", MaxAgents: 6, CostPerHour: 38, MinBlock: 4 * h, Peak: true}},
		Peaks:   Peaks{Auto: true},
		Costs:   Costs{InhousePerHour: 25, UnderstaffedPerAgentHour: 100, OverstaffedPerAgentHour: 1},
	}
}
