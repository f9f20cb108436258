package scheduling

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

var updateRecord = flag.Bool("update-record", false, "rewrite testdata/recorded.txt from the solver's current results")

// recordedInstance is a problem whose seed-1 roster is kept in
// testdata/recorded.txt: the sample, Miller's example and every instance
// with a gap target.
type recordedInstance struct {
	name    string
	problem func(t testing.TB) Problem
	effort  int
}

func recordedInstances() []recordedInstance {
	two := func(agents int, peak float64, edit func(p *Problem)) func(testing.TB) Problem {
		return func(testing.TB) Problem {
			p := twoPeakProblem(agents, 1, 15*time.Minute, peak)
			if edit != nil {
				edit(&p)
			}
			return p
		}
	}
	noVendor := func(p *Problem) { p.Vendors = nil }
	return []recordedInstance{
		{"sample", sampleProblem, 1},
		{"plan_vendor", planVendorProblem, 1},
		{"miller", func(t testing.TB) Problem { return millerProblem(t.(*testing.T)) }, 1},
		{"two_peak_small", two(40, 22, nil), 1},
		{"headcount_binds", two(20, 14, noVendor), 1},
		{"headcount_binds_effort2", two(20, 14, noVendor), 2},
		{"steady_weekdays", two(30, 14, noVendor), 1},
		{"vendor_carries", two(8, 14, nil), 1},
		{"auto_peak_holes", two(16, 14, func(p *Problem) { p.Vendors[0].MaxAgents = 4 }), 1},
		{"vendor_window_gives_way", two(14, 12, func(p *Problem) {
			st := p.Demand.Start
			p.Vendors = []Vendor{{Name: "surgeco", MaxAgents: 4, CostPerHour: 38, MinBlock: 4 * time.Hour,
				Windows: []TimeRange{{st, st.AddDate(0, 0, 7)}}}}
			p.Peaks = Peaks{}
		}), 1},
		{"days_off_bind", two(30, 18, noVendor), 1},
	}
}

// planVendorProblem is cmd/wfm/testdata/script/plan_vendor.txtar's
// schedule step: the bundled sample with only its first 24 agents
// (testdata/plan_vendor_agents.csv), too few for the peaks.
func planVendorProblem(t testing.TB) Problem {
	p := sampleProblem(t)
	f, err := os.Open(filepath.Join("testdata", "plan_vendor_agents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p.Agents, err = ReadAgents(f, "plan_vendor_agents.csv"); err != nil {
		t.Fatal(err)
	}
	return p
}

// recordLine is one instance's result as testdata/recorded.txt keeps it.
func recordLine(name string, sol Solution) string {
	return fmt.Sprintf("%s\tobjective=%.4f\tbound=%.4f\tgap=%.5f\tshifts=%d\tvendor_hours=%.2f\troster=%s",
		name, sol.Objective, sol.LowerBound, sol.Gap, sol.Shifts, sol.VendorHours, rosterDigest(sol.Roster))
}

// rosterDigest is a SHA-256 over the roster's rows, sorted.
func rosterDigest(roster []Activity) string {
	lines := make([]string, len(roster))
	for i, a := range roster {
		lines[i] = strings.Join([]string{a.Agent, a.Source, a.Activity, a.Start.UTC().Format(time.RFC3339), a.End.UTC().Format(time.RFC3339)}, ",")
	}
	sort.Strings(lines)
	return fmt.Sprintf("%x", sha256.Sum256([]byte(strings.Join(lines, "\n"))))[:16]
}

func readRecord(t *testing.T) map[string]string {
	f, err := os.Open(filepath.Join("testdata", "recorded.txt"))
	if err != nil {
		t.Fatalf("%v (run go test ./scheduling -run TestRecorded -update-record)", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, "\t")
		out[name] = line
	}
	return out
}

// TestRecordedRosters solves every recorded instance at seed 1 and
// compares the result with testdata/recorded.txt: the same roster, the
// same objective and the same bound. A change to the search that changes
// a roster must be deliberate: rerun with -update-record and say why in
// the commit.
func TestRecordedRosters(t *testing.T) {
	if testing.Short() {
		t.Skip("solves every recorded instance; skipped with -short")
	}
	var want map[string]string
	if !*updateRecord {
		want = readRecord(t)
	}
	var mu sync.Mutex
	got := map[string]string{}
	t.Run("each", func(t *testing.T) {
		for _, in := range recordedInstances() {
			t.Run(in.name, func(t *testing.T) {
				t.Parallel()
				p := in.problem(t)
				o := testOptions(1)
				o.Effort = in.effort
				sol, err := Solve(p, o)
				if err != nil {
					t.Fatal(err)
				}
				line := recordLine(in.name, sol)
				mu.Lock()
				got[in.name] = line
				mu.Unlock()
				if want != nil && want[in.name] != line {
					t.Errorf("result changed:\n got %s\nwant %s", line, want[in.name])
				}
			})
		}
	})
	if *updateRecord {
		var b strings.Builder
		b.WriteString("# seed-1 results of the recorded instances (record_test.go); rewrite with -update-record\n")
		for _, in := range recordedInstances() {
			if l, ok := got[in.name]; ok {
				b.WriteString(l + "\n")
			}
		}
		if err := os.WriteFile(filepath.Join("testdata", "recorded.txt"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
