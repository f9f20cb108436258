package importers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func detectFile(t *testing.T, path string) *Detection {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := Detect(context.Background(), Source{Name: filepath.Base(path), R: f}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Every bundled sample is detected as the preset written for it, with
// every required column found and the rows read imported as the preset
// tests count them (platform_test.go). The Technion head is the first MiB
// of the log: `zcat technion_bank_feb1999.tsv.gz | head -c 1048576` has
// 10,225 whole lines, the header and 10,224 rows, of which awk counts 88
// PHANTOM (excluded) and 8,325 + 1,811 AGENT and HANG (imported).
func TestDetectBundledSamples(t *testing.T) {
	for _, tc := range []struct {
		path, preset, format string
		rows, imported       int
		mapped               map[string]string
	}{
		{filepath.Join("testdata", "platforms", "five9-call-log.csv"), "five9", KindCSV, 4, 3,
			map[string]string{FieldArrival: "TIMESTAMP", FieldHandle: "HANDLE TIME", FieldWait: "QUEUE WAIT TIME", FieldOutcome: "ABANDONED", FieldQueue: "SKILL"}},
		{filepath.Join("testdata", "platforms", "connect-ctr-firehose.json"), "amazon-connect", KindJSONL, 4, 3,
			map[string]string{FieldArrival: "Queue.EnqueueTimestamp", FieldQueue: "Queue.Name", FieldChannel: "Channel",
				FieldHandle: "Agent.AgentInteractionDuration+Agent.CustomerHoldDuration+Agent.AfterContactWorkDuration"}},
		{filepath.Join("testdata", "platforms", "genesys-conversations.json"), "genesys-cloud", KindJSON, 25, 20,
			map[string]string{FieldArrival: "acd.start", FieldHandle: "agent.handle"}},
		{filepath.Join("testdata", "platforms", "avaya-cms-hsplit.txt"), "avaya-cms", KindText, 10, 10,
			map[string]string{FieldDate: "row_date", FieldArrival: "starttime", FieldCount: "acdcalls+abncalls", FieldAHT: "acdtime+acwtime", FieldASA: "anstime"}},
		{filepath.Join("testdata", "platforms", "cisco-ucce-call-type-interval.csv"), "cisco-ucce", KindCSV, 8, 8,
			map[string]string{FieldArrival: "DateTime", FieldQueue: "CallTypeID", FieldCount: "CallsHandled+TotalCallsAband"}},
		{filepath.Join("testdata", "platforms", "twilio-taskrouter-tasks.json"), "twilio-taskrouter", KindJSON, 6, 5,
			map[string]string{FieldArrival: "date_created", FieldOutcome: "assignment_status", FieldQueue: "task_queue_friendly_name"}},
		{filepath.Join("testdata", "platforms", "zendesk-tickets.json"), "zendesk", KindJSON, 6, 5,
			map[string]string{FieldArrival: "created_at", FieldChannel: "via.channel", FieldWait: "metric_set.reply_time_in_minutes.calendar"}},
		{filepath.Join("testdata", "platforms", "freshdesk-tickets.json"), "freshdesk", KindJSON, 5, 4,
			map[string]string{FieldArrival: "created_at", FieldWaitEnd: "stats.first_responded_at", FieldChannel: "source"}},
		{filepath.Join("..", "samples", "technion_bank_feb1999.tsv.gz"), "technion", KindTSV + ".gz", 10224, 10136,
			map[string]string{FieldDate: "date", FieldArrival: "vru_entry", FieldOutcome: "outcome", FieldHandle: "ser_time", FieldWait: "q_time"}},
	} {
		d := detectFile(t, tc.path)
		if d.Best != tc.preset || d.Format != tc.format {
			t.Errorf("%s: detected %q (%s), want %q (%s); matches %+v", tc.path, d.Best, d.Format, tc.preset, tc.format, d.Matches)
			continue
		}
		m := d.Matches[0]
		if m.Preset != tc.preset || m.Found != m.Required || len(m.Missing) != 0 {
			t.Errorf("%s: first match %+v: want %s with every required column", tc.path, m, tc.preset)
		}
		for f, c := range tc.mapped {
			if m.Mapped[f] != c {
				t.Errorf("%s: %s mapped to %q, want %q", tc.path, f, m.Mapped[f], c)
			}
		}
		if m.Trial.Rows != tc.rows || m.Trial.Imported != tc.imported {
			t.Errorf("%s: trial read %d rows, imported %d; want %d, %d", tc.path, m.Trial.Rows, m.Trial.Imported, tc.rows, tc.imported)
		}
		if gz := strings.HasSuffix(tc.path, ".gz"); d.Truncated != gz || m.Trial.Rows != m.Trial.Imported+m.Trial.ExcludedRows()+m.Trial.RejectedRows() {
			t.Errorf("%s: truncated %v, trial %+v: want truncated %v, rows = imported + excluded + rejected", tc.path, d.Truncated, m.Trial, gz)
		}
		if d.Suggest != "" {
			t.Errorf("%s: a preset fits, yet suggest %q", tc.path, d.Suggest)
		}
	}
}

// A file no preset fits: the columns are listed, the closest preset says
// what it misses, and a mapping is suggested from the names.
func TestDetectNoneFits(t *testing.T) {
	in := "Call Start,Skill,Talk Time,Wait Time,Status\n2026-03-02 09:00:05,billing,120,15,answered\n"
	d, err := Detect(context.Background(), Source{Name: "calls.csv", R: strings.NewReader(in)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Best != "" {
		t.Fatalf("best %q: want none", d.Best)
	}
	if got := strings.Join(d.Columns, "|"); got != "Call Start|Skill|Talk Time|Wait Time|Status" {
		t.Errorf("columns %q", got)
	}
	// five9 maps SKILL; found case-insensitively, the one column in common.
	if len(d.Matches) == 0 || d.Matches[0].Preset != "five9" || d.Matches[0].Found != 1 || d.Matches[0].Required != 5 {
		t.Errorf("matches %+v: want five9 first with 1 of 5", d.Matches)
	}
	want := "arrival=Call Start,handle=Talk Time,wait=Wait Time,queue=Skill,outcome=Status"
	if got := d.Suggest; !sameParts(got, want) {
		t.Errorf("suggest %q, want %q", got, want)
	}
	// The suggestion is a working mapping: importing with it reads the row.
	p := Preset{Map: map[string]string{}}
	for _, kv := range strings.Split(d.Suggest, ",") {
		f, c, _ := strings.Cut(kv, "=")
		p.Map[f] = c
	}
	res, err := Import(context.Background(), []Source{{Name: "calls.csv", R: strings.NewReader(in)}}, Options{Preset: p})
	if err != nil || res.Files[0].Imported != 1 || res.Files[0].Answered != 1 {
		t.Errorf("import with the suggestion: %v, %+v", err, res)
	}
}

func sameParts(a, b string) bool {
	x, y := strings.Split(a, ","), strings.Split(b, ",")
	if len(x) != len(y) {
		return false
	}
	seen := map[string]bool{}
	for _, s := range x {
		seen[s] = true
	}
	for _, s := range y {
		if !seen[s] {
			return false
		}
	}
	return true
}

// Aggregated columns make an aggregated suggestion; no time-like column
// makes none.
func TestSuggestMapping(t *testing.T) {
	if got := SuggestMapping([]string{"Interval Start", "Queue", "Calls Offered", "Abandoned", "AHT", "ASA"}); got != "arrival=Interval Start,queue=Queue,count=Calls Offered,abandoned=Abandoned,aht=AHT,asa=ASA" {
		t.Errorf("aggregated: %q", got)
	}
	if got := SuggestMapping([]string{"name", "phone"}); got != "" {
		t.Errorf("no arrival: %q, want empty", got)
	}
}

// Bad input: an empty file and a broken gzip stream name the file.
func TestDetectBadInput(t *testing.T) {
	_, err := Detect(context.Background(), Source{Name: "empty.csv", R: strings.NewReader("")}, Options{})
	if err == nil || !strings.Contains(err.Error(), "empty.csv") || !strings.Contains(err.Error(), "no header row") {
		t.Errorf("empty: %v", err)
	}
	_, err = Detect(context.Background(), Source{Name: "bad.gz", R: strings.NewReader("\x1f\x8bxx")}, Options{})
	if err == nil || !strings.Contains(err.Error(), "bad.gz: gzip") {
		t.Errorf("bad gzip: %v", err)
	}
}

// wfm's own history.csv is recognised as history, not as a log to map.
func TestDetectHistory(t *testing.T) {
	in := "\ufeffinterval_start,queue,channel,offered,answered,abandoned,aht_seconds,asa_seconds\n2026-03-02T09:00:00Z,q,voice,10,9,1,180,20\n"
	d, err := Detect(context.Background(), Source{Name: "history.csv", R: strings.NewReader(in)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.History {
		t.Errorf("history.csv not recognised: %+v", d)
	}
	d, err = Detect(context.Background(), Source{Name: "calls.csv", R: strings.NewReader("interval_start,queue,offered\n2026-03-02T09:00:00Z,q,3\n")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.History {
		t.Error("a file with some of history's columns taken for a history")
	}
}
