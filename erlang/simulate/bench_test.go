package simulate_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/wfm-project/wfm/erlang/simulate"
)

// week is a week at 15 minutes of a three-queue center: voice (Erlang A),
// chat two at a time and email within 24 hours, about 100,000 contacts in
// all, and 200 agents on five 8-hour shifts each with a lunch and two
// breaks, a mix of skill sets, 10 % shrinkage.
func week() simulate.Input {
	const T = 7 * 96
	iv := 15 * time.Minute
	// intraday shape: open 07:00-22:00, a morning and an afternoon peak
	shape := make([]float64, T)
	var total float64
	for t := range shape {
		h := float64(t%96) / 4
		if h < 7 || h >= 22 {
			continue
		}
		shape[t] = 1 + 0.8*math.Exp(-(h-10.5)*(h-10.5)/4) + 0.6*math.Exp(-(h-15.5)*(h-15.5)/5)
		if d := t / 96; d >= 5 {
			shape[t] *= 0.5 // weekend
		}
		total += shape[t]
	}
	queue := func(name, channel string, contacts float64, aht time.Duration) simulate.Queue {
		q := simulate.Queue{Name: name, Channel: channel, AnswerTime: 20 * time.Second, Volume: make([]float64, T), AHT: make([]time.Duration, T)}
		for t := range q.Volume {
			q.Volume[t] = contacts * shape[t] / total
			q.AHT[t] = aht
		}
		return q
	}
	voice := queue("voice", "voice", 70000, 210*time.Second)
	voice.Patience, voice.HandleCV = 3*time.Minute, 1.1
	chat := queue("chat", "chat", 20000, 6*time.Minute)
	chat.Concurrency, chat.AnswerTime = 2, time.Minute
	mail := queue("mail", "email", 10000, 7*time.Minute)
	mail.AnswerTime, mail.Priority = 24*time.Hour, 1
	in := simulate.Input{Start: t0, Interval: iv, Intervals: T, Queues: []simulate.Queue{voice, chat, mail}, Replications: 20, Seed: 1}
	skillSets := [][]simulate.Skill{
		{{Queue: "voice", Priority: 1}},
		{{Queue: "voice", Priority: 1}},
		{{Queue: "voice", Priority: 1}, {Queue: "chat", Priority: 2}},
		{{Queue: "chat", Priority: 1}, {Queue: "mail", Priority: 2}},
		nil, // every queue
	}
	for i := range 200 {
		a := simulate.Agent{ID: fmt.Sprintf("a%03d", i), Skills: skillSets[i%len(skillSets)], Shrinkage: 0.1}
		start := 7*time.Hour + time.Duration(i%22)*30*time.Minute // 07:00 to 17:30
		for d := range 7 {
			if (d+i)%7 >= 5 { // two days off, staggered
				continue
			}
			s := t0.Add(time.Duration(d)*24*time.Hour + start)
			// 8h shift: break at 2h (15m), lunch at 4h (30m), break at 6h (15m)
			for _, p := range [][2]time.Duration{{0, 2 * time.Hour}, {2*time.Hour + 15*time.Minute, 4 * time.Hour},
				{4*time.Hour + 30*time.Minute, 6 * time.Hour}, {6*time.Hour + 15*time.Minute, 8 * time.Hour}} {
				a.OnDuty = append(a.OnDuty, simulate.Span{Start: s.Add(p[0]), End: s.Add(p[1])})
			}
		}
		in.Agents = append(in.Agents, a)
	}
	return in
}

// BenchmarkWeek200Agents is issue 17's target: a week at 15 minutes, 200
// agents, about 100,000 contacts, 20 replications, ≤ 10 s on 2 cores.
func BenchmarkWeek200Agents(b *testing.B) {
	in := week()
	var offered float64
	for b.Loop() {
		res, err := simulate.Run(in)
		if err != nil {
			b.Fatal(err)
		}
		offered = 0
		for _, s := range res.Total() {
			offered += s.Offered.Mean
		}
	}
	b.ReportMetric(offered, "contacts/replication")
}
