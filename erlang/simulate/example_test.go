package simulate_test

import (
	"fmt"
	"time"

	"github.com/wfm-project/wfm/erlang/simulate"
)

// Simulate an hour of a voice queue and a chat queue: 100 calls and 30
// chats per half hour, ten voice agents, two chat agents and two who take
// both (chat first), one of them on a break.
func ExampleRun() {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	queue := func(name string, volume float64, aht time.Duration) simulate.Queue {
		return simulate.Queue{Name: name, AnswerTime: 20 * time.Second, Volume: []float64{volume, volume}, AHT: []time.Duration{aht, aht}}
	}
	voice := queue("voice", 100, 3*time.Minute)
	voice.Patience = 2 * time.Minute
	chat := queue("chat", 30, 5*time.Minute)
	chat.Concurrency = 2
	in := simulate.Input{Start: start, Interval: 30 * time.Minute, Intervals: 2, Queues: []simulate.Queue{voice, chat}, Seed: 1}
	hour := []simulate.Span{{Start: start, End: start.Add(time.Hour)}}
	for i := range 10 {
		in.Agents = append(in.Agents, simulate.Agent{ID: fmt.Sprint("v", i), Skills: []simulate.Skill{{Queue: "voice", Priority: 1}}, OnDuty: hour})
	}
	for i := range 2 {
		in.Agents = append(in.Agents, simulate.Agent{ID: fmt.Sprint("c", i), Skills: []simulate.Skill{{Queue: "chat", Priority: 1}}, OnDuty: hour})
	}
	both := []simulate.Skill{{Queue: "chat", Priority: 1}, {Queue: "voice", Priority: 2}}
	in.Agents = append(in.Agents,
		simulate.Agent{ID: "b0", Skills: both, OnDuty: hour},
		simulate.Agent{ID: "b1", Skills: both, OnDuty: []simulate.Span{{Start: start, End: start.Add(15 * time.Minute)}, {Start: start.Add(30 * time.Minute), End: start.Add(time.Hour)}}})
	res, err := simulate.Run(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Total() {
		fmt.Printf("%-5s offered %5.1f  SL %.3f (95%% %.3f–%.3f)  ASA %4.1f s  abandoned %4.1f%%  occupancy %.2f\n", s.Queue, s.Offered.Mean,
			s.ServiceLevel.Mean, s.ServiceLevel.Lo, s.ServiceLevel.Hi, s.ASA.Mean, 100*s.AbandonRate.Mean, s.Occupancy.Mean)
	}
	// Output:
	// chat  offered  58.2  SL 0.770 (95% 0.680–0.860)  ASA 26.6 s  abandoned  0.0%  occupancy 0.67
	// voice offered 203.1  SL 0.759 (95% 0.720–0.798)  ASA  9.3 s  abandoned  9.5%  occupancy 0.80
}
