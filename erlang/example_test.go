package erlang_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/wfm-project/wfm/erlang"
)

// How many agents for 80/20s at 360 calls per half hour with a 4-minute
// handle time? (Westbay Engineers' Erlang-C example.)
func ExampleRequired() {
	q := erlang.Queue{
		Traffic: erlang.Traffic(360, 4*time.Minute, 30*time.Minute),
		AHT:     4 * time.Minute,
	}
	sl, within, _ := erlang.ParseServiceLevel("80/20s")
	req, err := erlang.Required(q, erlang.Targets{ServiceLevel: sl, AnswerTime: within})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.0f Erlangs: %d agents (%.2f), SL %.3f, ASA %.1fs, occupancy %.3f\n",
		float64(q.Traffic), req.Agents, req.Fractional, req.Metrics.ServiceLevel,
		req.Metrics.ASA.Seconds(), req.Metrics.Occupancy)
	_, staff, _ := erlang.Staff(float64(req.Agents), 0.30)
	fmt.Println("staff at 30% shrinkage:", staff)
	// Output:
	// 48 Erlangs: 54 agents (53.74), SL 0.817, ASA 12.1s, occupancy 0.889
	// staff at 30% shrinkage: 78
}

// Erlang A: callers abandon after 5 minutes on average (pyworkforce's case).
func ExampleEvaluate() {
	q := erlang.Queue{Traffic: 10, AHT: 3 * time.Minute, Patience: 5 * time.Minute}
	m, err := erlang.Evaluate(q, 14, 20*time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(wait) %.5f, SL %.4f, P(abandon) %.6f, ASA %.2fs, avg wait %.2fs, occupancy %.4f\n",
		m.PWait, m.ServiceLevel, m.PAbandon, m.ASA.Seconds(), m.AvgWait.Seconds(), m.Occupancy)
	// Output:
	// P(wait) 0.14526, SL 0.9168, P(abandon) 0.013984, ASA 3.88s, avg wait 4.20s, occupancy 0.7043
}

func ExampleParseServiceLevel() {
	fmt.Println(erlang.ParseServiceLevel("80/20s"))
	_, _, err := erlang.ParseServiceLevel("80/20")
	fmt.Println(err)
	// Output:
	// 0.8 20s <nil>
	// erlang: invalid input: service level "80/20": answer time "20" needs a unit; the form is 80/20s
}

func ExampleRequirement_Report() {
	q := erlang.Queue{Traffic: 10, AHT: 3 * time.Minute}
	req, _ := erlang.Required(q, erlang.Targets{ServiceLevel: 0.8, AnswerTime: 20 * time.Second, MaxOccupancy: 0.85})
	r, _ := req.Report(0.3)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(r)
	// Output:
	// {
	//  "traffic": 10,
	//  "agents": 14,
	//  "agents_fractional": 13.047492864241104,
	//  "staff": 20,
	//  "service_level": 0.8883500191794669,
	//  "answer_target_seconds": 20,
	//  "p_wait": 0.17413193359504986,
	//  "asa_seconds": 7.8359370117772436,
	//  "avg_wait_seconds": 7.8359370117772436,
	//  "p_abandon": 0,
	//  "occupancy": 0.7142857142857143
	// }
}

// Email with a 16-hour response target, handled in 8-hour intervals.
func ExampleDeferredStaffing() {
	volumes := []float64{90, 30, 0, 120, 0, 0}
	plan, err := erlang.DeferredStaffing(volumes, 8*time.Minute, 8*time.Hour, 16*time.Hour)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range volumes {
		fmt.Printf("%3.0f arrive: %.2f agents (%d), backlog %.0f\n", volumes[i], plan.Agents[i], plan.Whole[i], plan.Backlog[i])
	}
	// Output:
	//  90 arrive: 0.75 agents (1), backlog 45
	//  30 arrive: 0.75 agents (1), backlog 30
	//   0 arrive: 0.50 agents (1), backlog 0
	// 120 arrive: 1.00 agents (1), backlog 60
	//   0 arrive: 1.00 agents (1), backlog 0
	//   0 arrive: 0.00 agents (0), backlog 0
}
