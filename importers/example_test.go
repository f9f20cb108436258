package importers_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/wfm-project/wfm/importers"
)

// Import a small per-call log in the Technion shape with the built-in
// preset: PHANTOM is excluded, the negative vru_time is kept and reported.
func ExampleImport() {
	log := "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n" +
		"AA0101\t1\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166\tDORIT\n" +
		"AA0101\t2\t0\t2\tPS\t990201\t7:09:16\t7:09:22\t-6\t7:09:22\t7:09:27\t5\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n" +
		"AA0101\t3\t0\t0\tPS\t990201\t7:20:00\t7:20:01\t1\t0:00:00\t0:00:00\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER\n" +
		"AA0101\t4\t0\t0\tPS\t990201\t7:31:45\t7:31:55\t10\t7:31:55\t7:32:15\t20\tAGENT\t7:32:15\t7:35:15\t180\tTOVA\n"
	preset, _ := importers.LookupPreset("technion")
	res, err := importers.Import(context.Background(),
		[]importers.Source{{Name: "feb.txt", R: strings.NewReader(log)}},
		importers.Options{Preset: preset, Interval: 30 * time.Minute})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Files[0]
	fmt.Printf("rows %d = imported %d + excluded %v + rejected %d; warnings %v\n",
		s.Rows, s.Imported, s.Excluded, s.RejectedRows(), s.Warnings)
	var busy []importers.HistoryRow
	for _, r := range res.History {
		if r.Offered > 0 {
			busy = append(busy, r)
		}
	}
	importers.WriteHistory(os.Stdout, busy)
	fmt.Println(len(res.History), "intervals in all")
	// Output:
	// rows 4 = imported 3 + excluded map[phantom:1] + rejected 0; warnings map[negative vru_time (kept):1]
	// interval_start,queue,channel,offered,answered,abandoned,aht_seconds,asa_seconds
	// 1999-02-01T07:00:00+02:00,main,voice,2,1,1,166,0
	// 1999-02-01T07:30:00+02:00,main,voice,1,1,0,180,20
	// 48 intervals in all
}

// A mapping of one's own: aggregated rows (an interval start and a count)
// with abandoned calls and AHT, queues from a column.
func ExampleImport_aggregated() {
	data := "start,queue,calls,lost,aht\n" +
		"2026-01-05T08:00:00+01:00,sales,12,2,3m\n" +
		"2026-01-05T08:15:00+01:00,sales,8,0,4m\n"
	p := importers.Preset{Map: map[string]string{
		importers.FieldArrival: "start", importers.FieldQueue: "queue",
		importers.FieldCount: "calls", importers.FieldAbandoned: "lost", importers.FieldAHT: "aht",
	}}
	paris, _ := time.LoadLocation("Europe/Paris")
	res, err := importers.Import(context.Background(), []importers.Source{{Name: "agg.csv", R: strings.NewReader(data)}},
		importers.Options{Preset: p, Interval: time.Hour, Location: paris})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.History[8]
	fmt.Println(r.Start.Format(time.RFC3339), r.Queue, r.Offered, r.Answered, r.Abandoned, r.AHT)
	// Output:
	// 2026-01-05T08:00:00+01:00 sales 20 18 2 3m26.667s
}
