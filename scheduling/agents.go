package scheduling

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// AgentsHeader is the header of an agents file.
var AgentsHeader = []string{"id", "name", "contract", "min_hours", "max_hours", "unavailable", "skills"}

// ReadAgents reads an agents file: id,name,contract,min_hours,max_hours,
// unavailable,skills, where only id is required, unavailable is a
// ;-separated list of dates or ranges (2026-12-24;2026-12-28..2026-12-31)
// and skills a ;-separated list of queues or channels the agent takes,
// each with an optional priority (see ParseSkills). An unknown column is
// an error naming it.
func ReadAgents(r io.Reader, name string) ([]Agent, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w: empty file, want header %s", name, ErrFormat, strings.Join(AgentsHeader, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrFormat, err)
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		known := false
		for _, k := range AgentsHeader {
			known = known || h == k
		}
		if !known {
			return nil, fmt.Errorf("%s:1: column %q: %w: unknown column, want %s", name, h, ErrFormat, strings.Join(AgentsHeader, ","))
		}
		idx[h] = i
	}
	if _, ok := idx["id"]; !ok {
		return nil, fmt.Errorf("%s:1: %w: missing column \"id\", want %s", name, ErrFormat, strings.Join(AgentsHeader, ","))
	}
	var out []Agent
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w: %v", name, ErrFormat, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			if i, ok := idx[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		hours := func(c string) (float64, error) {
			s := get(c)
			if s == "" {
				return 0, nil
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x < 0 || x > 168 || math.IsNaN(x) {
				return 0, fmt.Errorf("%s:%d: column %q: %w: %q is not hours per week in [0, 168]", name, line, c, ErrFormat, s)
			}
			return x, nil
		}
		a := Agent{ID: get("id"), Name: get("name"), Contract: get("contract")}
		if a.ID == "" {
			return nil, fmt.Errorf("%s:%d: column \"id\": %w: empty", name, line, ErrFormat)
		}
		if prev, dup := seen[a.ID]; dup {
			return nil, fmt.Errorf("%s:%d: column \"id\": %w: %q already on line %d", name, line, ErrFormat, a.ID, prev)
		}
		seen[a.ID] = line
		if a.MinHours, err = hours("min_hours"); err != nil {
			return nil, err
		}
		if a.MaxHours, err = hours("max_hours"); err != nil {
			return nil, err
		}
		if a.MaxHours > 0 && a.MinHours > a.MaxHours {
			return nil, fmt.Errorf("%s:%d: column \"min_hours\": %w: %g is above max_hours %g", name, line, ErrFormat, a.MinHours, a.MaxHours)
		}
		if a.Unavailable, err = ParseDateRanges(get("unavailable")); err != nil {
			return nil, fmt.Errorf("%s:%d: column \"unavailable\": %w: %v", name, line, ErrFormat, err)
		}
		if a.Skills, err = ParseSkills(get("skills")); err != nil {
			return nil, fmt.Errorf("%s:%d: column \"skills\": %w: %v", name, line, ErrFormat, err)
		}
		out = append(out, a)
	}
}

// Skill is a queue an agent takes. Queue names a queue of the config, or
// a channel (voice, chat, email) standing for every queue of that channel.
// Priority orders an agent's skills: 1 is the first choice, and an agent
// who comes free takes work of a lower number before a higher one.
type Skill struct {
	Queue    string
	Priority int // 1 = first choice; higher = later
}

// ParseSkills reads an agents file's skills column: queue or channel names
// separated by ";", each optionally followed by ":PRIORITY", a whole number
// from 1 (the first choice) up, e.g. "voice;chat" or "voice:1;chat:2". A
// name without a priority has priority 1. Empty means no column value: the
// agent takes every queue.
func ParseSkills(s string) ([]Skill, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []Skill
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k := Skill{Queue: part, Priority: 1}
		if q, p, ok := strings.Cut(part, ":"); ok {
			k.Queue = strings.TrimSpace(q)
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n < 1 {
				return nil, fmt.Errorf("skill %q: priority %q is not a whole number from 1 up; the form is voice:1;chat:2", part, strings.TrimSpace(p))
			}
			k.Priority = n
		}
		if k.Queue == "" {
			return nil, fmt.Errorf("skill %q: no queue name; the form is voice:1;chat:2", part)
		}
		if seen[k.Queue] {
			return nil, fmt.Errorf("skill %q appears twice", k.Queue)
		}
		seen[k.Queue] = true
		out = append(out, k)
	}
	return out, nil
}
