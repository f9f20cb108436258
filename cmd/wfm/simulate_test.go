package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wfm-project/wfm/erlang/simulate"
	"github.com/wfm-project/wfm/scheduling"
	"github.com/xuri/excelize/v2"
)

func TestParseSkills(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "[]"},
		{"voice;chat", "[{voice 1} {chat 1}]"},
		{" voice:1 ; chat:2 ;", "[{voice 1} {chat 2}]"},
		{"retail:3", "[{retail 3}]"},
	} {
		got, err := scheduling.ParseSkills(c.in)
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("ParseSkills(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"voice:0", `skill "voice:0": priority "0" is not a whole number from 1 up; the form is voice:1;chat:2`},
		{"voice:x", `skill "voice:x": priority "x" is not a whole number from 1 up`},
		{":2", `skill ":2": no queue name`},
		{"voice;voice:2", `skill "voice" appears twice`},
	} {
		if _, err := scheduling.ParseSkills(c.in); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("ParseSkills(%q): error %v, want %s", c.in, err, c.want)
		}
	}
	ags, err := scheduling.ReadAgents(strings.NewReader("id,skills\nA1,voice:1;chat:2\nA2,\n"), "agents.csv")
	if err != nil || fmt.Sprint(ags[0].Skills) != "[{voice 1} {chat 2}]" || ags[1].Skills != nil {
		t.Errorf("ReadAgents: %+v, %v", ags, err)
	}
	_, err = scheduling.ReadAgents(strings.NewReader("id,skills\nA1,voice\nA2,chat:-1\n"), "agents.csv")
	if err == nil || !strings.HasPrefix(err.Error(), `agents.csv:3: column "skills": malformed file: skill "chat:-1"`) {
		t.Errorf("ReadAgents with a bad priority: %v", err)
	}
}

// A skill names a queue, or a channel standing for each of its queues; a
// queue named twice keeps its best priority.
func TestResolveSkills(t *testing.T) {
	queues := []scheduling.QueueTargets{{Name: "retail", Channel: "voice"}, {Name: "vip", Channel: "voice"}, {Name: "web", Channel: "chat"}}
	got, err := resolveSkills("a1", []scheduling.Skill{{Queue: "voice", Priority: 2}, {Queue: "vip", Priority: 1}, {Queue: "chat", Priority: 3}}, queues)
	if err != nil || fmt.Sprint(got) != "[{retail 2} {vip 1} {web 3}]" {
		t.Errorf("got %v, %v", got, err)
	}
	_, err = resolveSkills("a1", []scheduling.Skill{{Queue: "email", Priority: 1}}, queues)
	if err == nil || err.Error() != `agent "a1": skill "email" is neither a queue nor a channel of the config's queues: retail (voice), vip (voice), web (chat)` {
		t.Errorf("unknown skill: %v", err)
	}
}

// An agent is on duty through his shifts, less his breaks and lunches.
func TestOnDuty(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 12, 7, h, m, 0, 0, time.UTC) }
	roster := []scheduling.Activity{
		{Agent: "a", Source: "inhouse", Activity: "shift", Start: at(8, 0), End: at(16, 0)},
		{Agent: "a", Source: "inhouse", Activity: "lunch", Start: at(12, 0), End: at(12, 30)},
		{Agent: "b", Source: "vendor:surge", Activity: "shift", Start: at(9, 0), End: at(13, 0)},
		{Agent: "a", Source: "inhouse", Activity: "break", Start: at(10, 0), End: at(10, 15)},
	}
	got := onDuty(roster)
	var s []string
	for _, d := range got {
		for _, sp := range d.spans {
			s = append(s, fmt.Sprintf("%s%s %s-%s", d.agent, d.vendor, sp.Start.Format("15:04"), sp.End.Format("15:04")))
		}
	}
	if want := "[a 08:00-10:00 a 10:15-12:00 a 12:30-16:00 bsurge 09:00-13:00]"; fmt.Sprint(s) != want {
		t.Errorf("got %v, want %s", s, want)
	}
}

// The workbook has the days, weeks and intervals, with the same columns
// as the CSV.
func TestSimWorkbook(t *testing.T) {
	start := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	q := simulate.Queue{Name: "retail", Channel: "voice", AnswerTime: 20 * time.Second, Volume: []float64{20, 20}, AHT: []time.Duration{3 * time.Minute, 3 * time.Minute}}
	in := simulate.Input{Start: start, Interval: 30 * time.Minute, Intervals: 2, Queues: []simulate.Queue{q}, Replications: 4,
		Agents: []simulate.Agent{{ID: "a", OnDuty: []simulate.Span{{Start: start, End: start.Add(time.Hour)}}}}}
	res, err := simulate.Run(in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeSimWorkbook(&buf, res, time.UTC); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := fmt.Sprint(x.GetSheetList()); got != "[Days Weeks Intervals]" {
		t.Errorf("sheets %s", got)
	}
	rows, err := x.GetRows("Intervals")
	if err != nil || len(rows) != 3 || strings.Join(rows[0][3:], ",") != strings.Join(simColumns, ",") || rows[1][1] != "retail" {
		t.Errorf("Intervals sheet %v, %v", rows, err)
	}
	days, _ := x.GetRows("Days")
	if len(days) != 2 || days[1][0] != "2026-12-07 Mon" {
		t.Errorf("Days sheet %v", days)
	}
}
