package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/scheduling"
)

// simulateWeekFiles writes issue 17's benchmark center as files: a week at
// 15 minutes of voice (Erlang A, lognormal handle times), chat two at a
// time and email within 24 hours, about 100,000 contacts, and 200 agents
// with a mix of skills on five 8-hour shifts each with two breaks and a
// lunch.
func simulateWeekFiles(b *testing.B) string {
	dir := b.TempDir()
	loc, err := time.LoadLocation("Asia/Jerusalem")
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	const T = 7 * 96
	shape := make([]float64, T)
	var total float64
	for t := range shape {
		h := float64(t%96) / 4
		if h >= 7 && h < 22 {
			shape[t] = 1 + 0.8*math.Exp(-(h-10.5)*(h-10.5)/4) + 0.6*math.Exp(-(h-15.5)*(h-15.5)/5)
			if t/96 >= 5 {
				shape[t] *= 0.5
			}
		}
		total += shape[t]
	}
	var rows []forecast.Row
	for t := range T {
		at := start.Add(time.Duration(t) * 15 * time.Minute)
		for _, q := range []struct {
			name, channel string
			contacts      float64
			aht           time.Duration
		}{{"calls", "voice", 70000, 210 * time.Second}, {"web", "chat", 20000, 6 * time.Minute}, {"mail", "email", 10000, 7 * time.Minute}} {
			v := q.contacts * shape[t] / total
			rows = append(rows, forecast.Row{Start: at, Queue: q.name, Channel: q.channel, Volume: v, P10: v, P90: v, AHT: q.aht, Model: "bench"})
		}
	}
	write := func(name string, fn func(io.Writer) error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		if err := fn(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	write("forecast.csv", func(w io.Writer) error { return forecast.WriteCSV(w, rows) })
	var roster []scheduling.Activity
	var agents strings.Builder
	agents.WriteString("id,skills\n")
	skills := []string{"voice", "voice", "voice;chat:2", "chat;email:2", ""}
	for i := range 200 {
		id := fmt.Sprintf("a%03d", i)
		fmt.Fprintf(&agents, "%s,%s\n", id, skills[i%len(skills)])
		for d := range 7 {
			if (d+i)%7 >= 5 {
				continue
			}
			s := start.AddDate(0, 0, d).Add(7*time.Hour + time.Duration(i%22)*30*time.Minute)
			act := func(kind string, from, to time.Duration) {
				roster = append(roster, scheduling.Activity{Agent: id, Source: scheduling.SourceInhouse, Activity: kind, Start: s.Add(from), End: s.Add(to)})
			}
			act(scheduling.ActivityShift, 0, 8*time.Hour)
			act(scheduling.ActivityBreak, 2*time.Hour, 2*time.Hour+15*time.Minute)
			act(scheduling.ActivityLunch, 4*time.Hour, 4*time.Hour+30*time.Minute)
			act(scheduling.ActivityBreak, 6*time.Hour, 6*time.Hour+15*time.Minute)
		}
	}
	write("roster.csv", func(w io.Writer) error { return scheduling.WriteRoster(w, roster) })
	write("agents.csv", func(w io.Writer) error { _, err := io.WriteString(w, agents.String()); return err })
	write("wfm.yaml", func(w io.Writer) error {
		_, err := io.WriteString(w, `site: {timezone: Asia/Jerusalem, interval: 15m}
queues:
  - {name: calls, channel: voice, service_level: 80/20s, patience: 3m, handle_cv: 1.1}
  - {name: web, channel: chat, concurrency: 2, service_level: 80/60s}
  - {name: mail, channel: email, respond_within: 24h}
shrinkage: 0.1
agents: {file: agents.csv}
`)
		return err
	})
	return dir
}

// BenchmarkSimulateWeek is `wfm simulate` end to end on issue 17's center:
// read the files, compute the requirements and the Erlang prediction, 20
// replications, write every interval to sim.csv. The target is ≤ 10 s on
// 2 cores: go test ./cmd/wfm -run '^$' -bench SimulateWeek -count 5
func BenchmarkSimulateWeek(b *testing.B) {
	dir := simulateWeekFiles(b)
	args := []string{"simulate", filepath.Join(dir, "roster.csv"), "--forecast", filepath.Join(dir, "forecast.csv"),
		"--config", filepath.Join(dir, "wfm.yaml"), "--replications", "20", "-o", filepath.Join(dir, "sim.csv"), "--format", "csv", "-q"}
	for b.Loop() {
		var stderr strings.Builder
		if code := run(args, nil, io.Discard, &stderr); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}
