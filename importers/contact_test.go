package importers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wfm-project/wfm/importers"
)

// OnContact sees every imported contact once, with its arrival instant,
// queue, outcome and times, and none of the excluded or rejected rows.
func TestOnContact(t *testing.T) {
	log := "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n" +
		"AA0101\t1\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166\tDORIT\n" +
		"AA0101\t2\t0\t2\tPS\t990201\t7:09:16\t7:09:22\t-6\t7:09:22\t7:09:27\t5\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n" +
		"AA0101\t3\t0\t0\tPS\t990201\t7:20:00\t7:20:01\t1\t0:00:00\t0:00:00\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER\n" +
		"AA0101\t4\t0\t0\tPS\t990201\tbad\t7:31:55\t10\t7:31:55\t7:32:15\t20\tAGENT\t7:32:15\t7:35:15\t180\tTOVA\n" +
		"AA0101\t5\t0\t0\tPS\t990201\t7:31:45\t7:31:55\t10\t7:31:55\t7:32:15\t20\tAGENT\t7:32:15\t7:35:15\t180\tTOVA\n"
	preset, _ := importers.LookupPreset("technion")
	preset.Queue = "bank"
	jer, _ := time.LoadLocation("Asia/Jerusalem")
	var got []importers.Contact
	res, err := importers.Import(context.Background(),
		[]importers.Source{{Name: "feb.txt", R: strings.NewReader(log)}},
		importers.Options{Preset: preset, Interval: 30 * time.Minute, Location: jer, OnContact: func(c importers.Contact) { got = append(got, c) }})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Files[0]; s.Imported != len(got) || s.RejectedRows() != 1 || s.ExcludedRows() != 1 {
		t.Fatalf("summary %+v, %d contacts passed", s, len(got))
	}
	want := []struct {
		at      string
		outcome importers.Outcome
		handle  time.Duration
	}{
		{"1999-02-01T07:02:47+02:00", importers.Answered, 166 * time.Second},
		{"1999-02-01T07:09:16+02:00", importers.Abandoned, 0},
		{"1999-02-01T07:31:45+02:00", importers.Answered, 180 * time.Second},
	}
	for i, w := range want {
		c := got[i]
		if c.Arrival.Format(time.RFC3339) != w.at || c.Outcome != w.outcome || c.Queue != "bank" || c.Channel != "voice" {
			t.Errorf("contact %d: %+v, want arrival %s outcome %v in bank/voice", i, c, w.at, w.outcome)
		}
		if w.outcome == importers.Answered && (!c.HandleKnown || c.Handle != w.handle) {
			t.Errorf("contact %d: handle %v (known %v), want %v", i, c.Handle, c.HandleKnown, w.handle)
		}
	}
}
