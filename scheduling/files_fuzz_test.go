package scheduling

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// FuzzReadRequirements checks requirements.csv's reader on arbitrary
// input: no panic, errors name the file, and what it accepts is finite,
// non-negative and within requirementBound (no agents count that wrapped).
func FuzzReadRequirements(f *testing.F) {
	f.Add([]byte("interval_start,queue,channel,volume,aht_seconds,traffic,agents,agents_fractional,staff,service_level,asa_seconds,occupancy,p_abandon\n2026-12-07T08:00:00+02:00,retail,voice,10,180,1,2,1.7,3,0.9,8.3,0.27,0\n"))
	f.Add([]byte("interval_start,queue,agents\n2026-12-07T08:00:00Z,q,1e300\n"))
	f.Add([]byte("interval_start,queue,agents_fractional\n2026-12-07T08:00:00Z,q,NaN\n2026-12-07T08:00:00Z,q,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, err := ReadRequirements(bytes.NewReader(data), "r.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "r.csv") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		for _, r := range reqs {
			if math.IsNaN(r.Fractional) || r.Fractional < 0 || r.Fractional > MaxIntervalAgents {
				t.Fatalf("accepted agents_fractional %v", r.Fractional)
			}
			if r.Agents < 0 || r.Agents > MaxIntervalAgents+1 || r.Staff < 0 || r.Staff > MaxIntervalAgents {
				t.Fatalf("accepted agents %d, staff %d", r.Agents, r.Staff)
			}
			if r.AHT < 0 || r.ASA < 0 {
				t.Fatalf("accepted a negative duration: %v, %v", r.AHT, r.ASA)
			}
		}
		var buf bytes.Buffer
		if err := WriteRequirements(&buf, reqs); err != nil {
			t.Fatal(err)
		}
		again, err := ReadRequirements(&buf, "again.csv")
		if err != nil {
			t.Fatalf("written requirements do not read back: %v\n%s", err, buf.String())
		}
		if len(again) != len(reqs) {
			t.Fatalf("%d rows read back, wrote %d", len(again), len(reqs))
		}
	})
}

// FuzzReadRoster checks roster.csv's reader on arbitrary input: no panic,
// errors name the file, and an accepted roster writes and reads back.
func FuzzReadRoster(f *testing.F) {
	f.Add([]byte("agent,source,activity,start,end\na1,inhouse,shift,2026-12-07T08:00:00+02:00,2026-12-07T16:00:00+02:00\na1,inhouse,break,2026-12-07T10:00:00+02:00,2026-12-07T10:15:00+02:00\n"))
	f.Add([]byte("agent,source,activity,start,end\n\"'=cmd\",vendor:x,lunch,2026-12-07T12:00:00Z,2026-12-07T11:00:00Z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := ReadRoster(bytes.NewReader(data), "roster.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "roster.csv") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteRoster(&buf, acts); err != nil {
			t.Fatal(err)
		}
		again, err := ReadRoster(&buf, "again.csv")
		if err != nil {
			t.Fatalf("written roster does not read back: %v\n%s", err, buf.String())
		}
		if len(again) != len(acts) {
			t.Fatalf("%d rows read back, wrote %d", len(again), len(acts))
		}
		for i := range acts {
			if acts[i].Agent != again[i].Agent || !acts[i].Start.Equal(again[i].Start) || !acts[i].End.Equal(again[i].End) {
				t.Fatalf("row %d: wrote %+v, read %+v", i+1, acts[i], again[i])
			}
		}
	})
}
