package scheduling

import (
	"math"
	"testing"
	"time"

	"github.com/wfm-project/wfm/forecast"
)

// Worked by hand: 100 contacts, a bot takes 30 and passes 20 % of them on:
// agents get 70 + 6 = 76, at (70·300 s + 6·420 s)/76 = 283.158 s.
func TestAgentLoad(t *testing.T) {
	q := QueueTargets{Name: "web", SelfService: 0.3, Escalation: 0.2, EscalationAHT: 420 * time.Second}
	r := q.AgentLoad(forecast.Row{Volume: 100, P10: 80, P90: 120, AHT: 300 * time.Second})
	if math.Abs(r.Volume-76) > 1e-9 || math.Abs(r.P10-60.8) > 1e-9 || math.Abs(r.P90-91.2) > 1e-9 {
		t.Fatalf("volume %v (p10 %v, p90 %v), want 76 (60.8, 91.2)", r.Volume, r.P10, r.P90)
	}
	if got := r.AHT.Seconds(); math.Abs(got-23520.0/76) > 1e-6 {
		t.Fatalf("AHT %v s, want %v", got, 23520.0/76)
	}
	// without escalation_aht the queue's AHT stays
	q.EscalationAHT = 0
	if r := q.AgentLoad(forecast.Row{Volume: 100, AHT: 300 * time.Second}); r.AHT != 300*time.Second {
		t.Fatalf("AHT %v, want 300s", r.AHT)
	}
	// staffing follows the agent volume: the same as a forecast of 76
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	voice := QueueTargets{Name: "q", Channel: "voice", SelfService: 0.3, Escalation: 0.2}
	voice.Targets.ServiceLevel, voice.Targets.AnswerTime = 0.8, 20*time.Second
	plain := voice
	plain.SelfService, plain.Escalation = 0, 0
	got, err := ComputeRequirements([]forecast.Row{{Start: start, Queue: "q", Channel: "voice", Volume: 100, AHT: 300 * time.Second}}, []QueueTargets{voice}, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ComputeRequirements([]forecast.Row{{Start: start, Queue: "q", Channel: "voice", Volume: 76, AHT: 300 * time.Second}}, []QueueTargets{plain}, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Agents != want[0].Agents || math.Abs(got[0].Volume-76) > 1e-9 {
		t.Fatalf("with self-service: %d agents for volume %v; a forecast of 76: %d agents", got[0].Agents, got[0].Volume, want[0].Agents)
	}
}
