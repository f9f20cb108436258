package main

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzLoadConfig checks config loading on arbitrary YAML: no panic, errors
// name the file, and an accepted config has no NaN or infinite number and
// gives queue targets or an error.
func FuzzLoadConfig(f *testing.F) {
	if b, err := os.ReadFile("../../samples/wfm.yaml"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		"site: {timezone: Asia/Jerusalem, interval: 30m}\nqueues:\n  - {name: retail, channel: voice, service_level: 80/20s}\n",
		"site: {interval: 7}\n",
		"costs: {inhouse_per_hour: .nan}\n",
		"a: &a [*a]\n",
		"queues: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n",
		"vendors:\n  - {name: big, max_agents: 10000000}\nevents:\n  - {start: 2026-12-24, multiplier: 1e300}\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "wfm.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(path, true)
		if err != nil {
			if !strings.Contains(err.Error(), "config") {
				t.Fatalf("error without the config named: %v", err)
			}
			return
		}
		if err := checkFinite(reflect.ValueOf(*cfg), ""); err != nil {
			t.Fatalf("accepted a config with %v", err)
		}
		_, _ = cfg.queueTargets()
	})
}

// FuzzReadEvents checks the events CSV reader: no panic, errors name the
// file, and accepted events have a multiplier in (0, maxMultiplier] or are
// closed, and end on or after their start.
func FuzzReadEvents(f *testing.F) {
	f.Add([]byte("start,end,multiplier,label\n2026-12-24,2026-12-26,1.5,holiday\n2026-12-31,,closed,new year\n"))
	f.Add([]byte("2026-12-24,2026-12-20,1e300\n"))
	f.Add([]byte("start,end\n\"unclosed\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "events.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		evs, err := readEvents(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		for _, e := range evs {
			if !e.Closed && (math.IsNaN(e.Multiplier) || e.Multiplier <= 0 || e.Multiplier > maxMultiplier) {
				t.Fatalf("accepted multiplier %v", e.Multiplier)
			}
			if e.End.Before(e.Start) {
				t.Fatalf("accepted an event ending %v before it starts %v", e.End, e.Start)
			}
		}
	})
}

// FuzzOpenWorkbook checks the workbook limits on arbitrary bytes: no
// panic, and a workbook that opens yields its first sheet's rows within
// maxSheetRows and xlsxMaxColumns.
func FuzzOpenWorkbook(f *testing.F) {
	var small bytes.Buffer
	if err := writeXLSXTable(&small, xlsxSheet{Name: "Activities", Header: []string{"agent", "source", "activity", "start", "end"},
		Rows: [][]xlsxCell{{"a1", "inhouse", "shift", "2026-12-07T08:00:00+02:00", "2026-12-07T16:00:00+02:00"}}}); err != nil {
		f.Fatal(err)
	}
	f.Add(small.Bytes())
	var bomb bytes.Buffer
	if err := bombWorkbook(&bomb, "Activities", []byte("<row>"), []byte("<c/>"), 5000, []byte("</row>")); err != nil {
		f.Fatal(err)
	}
	f.Add(bomb.Bytes())
	f.Add([]byte("PK\x03\x04not a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := openWorkbook(bytes.NewReader(data), true)
		if err != nil {
			return
		}
		defer x.Close()
		sheets := x.GetSheetList()
		if len(sheets) == 0 {
			return
		}
		rows, err := x.Rows(sheets[0])
		if err != nil {
			return
		}
		defer rows.Close()
		n := 0
		for {
			r, err := nextSheetRow(rows, sheets[0], &n)
			if err != nil {
				if err != io.EOF && n > maxSheetRows+1 {
					t.Fatalf("read %d rows before refusing", n)
				}
				return
			}
			if len(r) > xlsxMaxColumns {
				t.Fatalf("row of %d cells", len(r))
			}
		}
	})
}
