package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigDatesAndLongDurations(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wfm.yaml")
	yaml := `
forecast: {horizon: 2w}
events:
  - {start: 2026-12-20, end: 2027-01-05, multiplier: 1.4, label: holiday campaign}
peaks:
  windows: [{start: 2026-12-20, end: "2027-01-05"}]
rules: {min_rest: 11h}
`
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Forecast.Horizon != 14*24*time.Hour {
		t.Errorf("forecast.horizon = %v, want 2w = 336h", cfg.Forecast.Horizon)
	}
	if cfg.Events[0].Start != "2026-12-20" || cfg.Events[0].End != "2027-01-05" {
		t.Errorf("unquoted YAML dates read as %q, %q", cfg.Events[0].Start, cfg.Events[0].End)
	}
	if cfg.Peaks.Windows[0].Start != "2026-12-20" {
		t.Errorf("peaks.windows[0].start = %q", cfg.Peaks.Windows[0].Start)
	}
	if cfg.Rules.MinRest != 11*time.Hour {
		t.Errorf("rules.min_rest = %v", cfg.Rules.MinRest)
	}
	t.Setenv("WFM_RULES_MIN_REST", "12h")
	t.Setenv("WFM_FORECAST_HORIZON", "7d")
	if cfg, err = loadConfig(path, true); err != nil {
		t.Fatal(err)
	}
	if cfg.Rules.MinRest != 12*time.Hour || cfg.Forecast.Horizon != 7*24*time.Hour {
		t.Errorf("environment overrides: min_rest %v, horizon %v; want 12h, 168h", cfg.Rules.MinRest, cfg.Forecast.Horizon)
	}
}

func TestConfigRefusesBadDuration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wfm.yaml")
	os.WriteFile(path, []byte("rules: {min_rest: eleven hours}\n"), 0o644)
	_, err := loadConfig(path, true)
	if err == nil {
		t.Fatal("a bad duration was accepted")
	}
	want := `"eleven hours" is not a duration; want e.g. 30m, 8h30m, 14d or 2w`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

// A contract's skills go to its headcount agents and to agents-file agents
// of that contract without skills of their own; an agent's own win.
func TestContractSkills(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "agents.csv"), []byte("id,contract,skills\nann,chat,voice\nbob,chat,\n"), 0o644)
	path := filepath.Join(dir, "wfm.yaml")
	os.WriteFile(path, []byte(`
queues:
  - {name: phone, channel: voice}
  - {name: web, channel: chat}
agents:
  file: agents.csv
  headcount: {chat: 2}
  contracts:
    - {name: chat, skills: "chat:1;voice:2"}
`), 0o644)
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	a := &app{cfg: cfg}
	ags, err := a.scheduleAgents()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, ag := range ags {
		var s []string
		for _, k := range ag.Skills {
			s = append(s, fmt.Sprintf("%s:%d", k.Queue, k.Priority))
		}
		got[ag.ID] = strings.Join(s, ";")
	}
	want := map[string]string{"ann": "voice:1", "bob": "chat:1;voice:2", "chat-001": "chat:1;voice:2", "chat-002": "chat:1;voice:2"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("agent %s skills %q, want %q", id, got[id], w)
		}
	}
	os.WriteFile(path, []byte("agents:\n  headcount: {chat: 1}\n  contracts:\n    - {name: chat, skills: \"chat:x\"}\n"), 0o644)
	cfg, _ = loadConfig(path, true)
	if _, err := (&app{cfg: cfg}).scheduleAgents(); err == nil || !strings.Contains(err.Error(), "agents.contracts[0].skills") {
		t.Errorf("bad contract skills: err %v, want one naming agents.contracts[0].skills", err)
	}
}
