package analyze

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/wfm-project/wfm/importers"
)

// The North American bank's 5-minute counts of 2003 (../shared/data,
// Weinberg, Brown and Stroud 2007): weekdays only, and the data README
// lists the six weekdays missing entirely: 2003-04-04, 04-07, 05-26
// (Memorial Day), 07-04, 09-01 (Labor Day) and 10-14. wfm import writes
// them, and the weekends, as zero days; the findings must name exactly
// those six as zero days, and no weekend (Saturdays and Sundays are always
// closed).
func TestUSBankZeroDays(t *testing.T) {
	const path = "../../../shared/data/us_bank_2003_5min/bank_calls.csv"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s not found (a fresh clone has no ../shared): %v", path, err)
	}
	defer f.Close()
	p, err := importers.LookupPreset("usbank")
	if err != nil {
		t.Fatal(err)
	}
	res, err := importers.Import(context.Background(), []importers.Source{{Name: "bank_calls.csv", R: f}}, importers.Options{Preset: p, Interval: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(res.History, nil, Options{Location: res.Location})
	if err != nil {
		t.Fatal(err)
	}
	var zero []string
	kinds := map[string]int{}
	for _, f := range rep.Queues[0].Findings {
		kinds[f.Kind]++
		if f.Kind == ZeroDay {
			zero = append(zero, f.Start.Format("2006-01-02"))
		}
	}
	want := []string{"2003-04-04", "2003-04-07", "2003-05-26", "2003-07-04", "2003-09-01", "2003-10-14"}
	if !slices.Equal(zero, want) {
		t.Errorf("zero days %v, want the data README's %v", zero, want)
	}
	if kinds[MissingDay]+kinds[MissingIntervals] != 0 {
		t.Errorf("gaps found in wfm import's dense history: %v", kinds)
	}
	t.Logf("findings by kind: %v", kinds)
}
