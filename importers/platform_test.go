package importers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// importSample imports one file of testdata/platforms with a built-in preset.
func importSample(t *testing.T, preset, file string, iv time.Duration) (*Result, []Reject) {
	t.Helper()
	p, err := LookupPreset(preset)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join("testdata", "platforms", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rejects []Reject
	res, err := Import(context.Background(), []Source{{Name: file, R: f}}, Options{Preset: p, Interval: iv, Location: time.UTC,
		OnReject: func(r Reject) error { rejects = append(rejects, r); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return res, rejects
}

func checkSummary(t *testing.T, s FileSummary, format string, rows, imported, excluded, rejected, answered, abandoned int) {
	t.Helper()
	if s.Format != format || s.Rows != rows || s.Imported != imported || s.ExcludedRows() != excluded ||
		s.Answered != answered || s.Abandoned != abandoned || s.RejectedRows() != rejected {
		t.Errorf("%s: got format %s, rows %d, imported %d, excluded %v, answered %d, abandoned %d, rejected %v; want %s, %d, %d, %d, %d, %d, %d",
			s.Name, s.Format, s.Rows, s.Imported, s.Excluded, s.Answered, s.Abandoned, s.Rejected, format, rows, imported, excluded, answered, abandoned, rejected)
	}
}

// The Amazon Connect sample holds 4 concatenated contact records (written
// by hand from the contact records data model; see testdata/platforms/
// README.md): c-0001 and c-0004 have an Agent, c-0002 has a Queue and no
// Agent (abandoned), c-0003 has Queue null (never queued: excluded).
func TestPresetAmazonConnect(t *testing.T) {
	res, _ := importSample(t, "amazon-connect", "connect-ctr-firehose.json", 15*time.Minute)
	checkSummary(t, res.Files[0], KindJSONL, 4, 3, 1, 0, 2, 1)
	found := 0
	for _, r := range res.History {
		switch {
		case r.Queue == "BasicQueue" && r.Channel == "voice" && r.Offered > 0:
			// c-0001: 33 s talk + 0 hold + 32 s ACW; 7 s in queue
			if r.Start.Format("15:04") != "15:00" || r.AHT != 65*time.Second || r.ASA != 7*time.Second {
				t.Errorf("voice row %+v: want 15:00, AHT 65s, ASA 7s", r)
			}
			found++
		case r.Queue == "BasicQueue" && r.Channel == "task" && r.Offered > 0:
			// c-0004: 240 + 20 + 60 s
			if r.AHT != 320*time.Second || r.ASA != 95*time.Second {
				t.Errorf("task row %+v: want AHT 320s, ASA 95s", r)
			}
			found++
		case r.Queue == "ChatQueue" && r.Channel == "chat" && r.Offered > 0:
			if r.Abandoned != 1 || r.Start.Format("15:04") != "15:00" {
				t.Errorf("chat row %+v: want 1 abandoned at 15:00", r)
			}
			found++
		}
	}
	if found != 3 {
		t.Errorf("found %d of the 3 queued contacts' intervals", found)
	}
}

// The Genesys Cloud sample is the detail query result of 25 conversations
// from MyPureCloud/developer-tools; counted with a script over the JSON
// (see the README): 21 have an acd participant, and in each of those an
// agent participant has an interact segment; 4 are excluded as never
// queued. The first conversation's agent interact segment runs from
// 2016-09-05T11:50:51.651Z to 2016-09-06T00:12:12.347Z, over 12 hours: it
// is rejected (handle time over 12h), so 20 are imported, all answered.
func TestPresetGenesysCloud(t *testing.T) {
	res, rejects := importSample(t, "genesys-cloud", "genesys-conversations.json", 30*time.Minute)
	checkSummary(t, res.Files[0], KindJSON, 25, 20, 4, 1, 20, 0)
	if len(rejects) != 1 || rejects[0].Line != 2 || rejects[0].Reason != "handle time over 12h" {
		t.Errorf("rejects %+v: want the first conversation, line 2, handle time over 12h", rejects)
	}
	// Five conversations start in 2016-09-06 00:00-00:30 (conversationStart
	// 00:12:22.359, 00:12:31.693, 00:12:35.704, 00:12:39.151, 00:15:01.955),
	// all callbacks to one queue.
	for _, r := range res.History {
		if r.Start.Equal(time.Date(2016, 9, 6, 0, 0, 0, 0, time.UTC)) && r.Offered > 0 {
			if r.Offered != 5 || r.Channel != "callback" {
				t.Errorf("00:00 interval %+v: want the 5 callbacks that start from 00:12:22 to 00:15:01", r)
			}
			return
		}
	}
	t.Error("no interval at 2016-09-06 00:00")
}

// The Five9 sample has 4 calls: 3 inbound (one with ABANDONED 1) and one
// outbound, excluded.
func TestPresetFive9(t *testing.T) {
	res, _ := importSample(t, "five9", "five9-call-log.csv", 30*time.Minute)
	checkSummary(t, res.Files[0], KindCSV, 4, 3, 1, 0, 2, 1)
	for _, r := range res.History {
		if r.Queue == "Support" && r.Offered > 0 && (r.AHT != 340*time.Second || r.ASA != 25*time.Second || r.Abandoned != 1) {
			t.Errorf("Support row %+v: want AHT 5:40, ASA 25s, 1 abandoned", r)
		}
	}
}

// The Twilio TaskRouter sample (written by hand from the Task resource;
// see testdata/platforms/README.md): 6 tasks, 3 completed or wrapping
// (answered), 2 canceled (abandoned), 1 pending (excluded).
func TestPresetTwilioTaskRouter(t *testing.T) {
	res, _ := importSample(t, "twilio-taskrouter", "twilio-taskrouter-tasks.json", 30*time.Minute)
	checkSummary(t, res.Files[0], KindJSON, 6, 5, 1, 0, 3, 2)
	if res.Files[0].Excluded["pending"] != 1 {
		t.Errorf("excluded %v: want 1 pending", res.Files[0].Excluded)
	}
	// 09:00-09:30 Support voice: task 1 completed (09:01:10), task 2
	// canceled (09:04:00)
	checkRow(t, historyAt(t, res, "Support", utc(2026, 3, 2, 9, 0)), 2, 1, 1, 0, 0)
	// 09:30 Sales chat: task 6 canceled at 09:44
	r := historyAt(t, res, "Sales", utc(2026, 3, 2, 9, 30))
	if r.Channel != "chat" || r.Abandoned != 1 || r.Offered != 1 {
		t.Errorf("Sales 09:30 %+v: want 1 chat abandoned", r)
	}
}

// The Zendesk sample (written by hand from the Tickets and Ticket
// Metrics APIs): 6 tickets, one deleted (excluded); every other one is
// answered, its first reply time (metric_set.reply_time_in_minutes
// .calendar) its wait: 2391 min for the 2026-03-01 22:00 ticket (over 12h,
// within the preset's 30 days), 95 min at 08:10, 30 at 08:40, none yet at
// 09:05, 2 at 09:15.
func TestPresetZendesk(t *testing.T) {
	res, rejects := importSample(t, "zendesk", "zendesk-tickets.json", 30*time.Minute)
	if len(rejects) != 0 {
		t.Fatalf("rejects %+v", rejects)
	}
	checkSummary(t, res.Files[0], KindJSON, 6, 5, 1, 0, 5, 0)
	checkRow(t, historyAt(t, res, "98738", utc(2026, 3, 1, 22, 0)), 1, 1, 0, 0, 2391*time.Minute)
	checkRow(t, historyAt(t, res, "98738", utc(2026, 3, 2, 8, 0)), 1, 1, 0, 0, 95*time.Minute)
	for _, r := range res.History {
		if r.Start.Equal(utc(2026, 3, 2, 8, 30)) && r.Offered > 0 && (r.Channel != "web" || r.ASA != 30*time.Minute) {
			t.Errorf("08:30 %+v: want the web ticket, first reply 30 min", r)
		}
		if r.Start.Equal(utc(2026, 3, 2, 9, 0)) && r.Channel == "email" && (r.Offered != 1 || r.ASA != 0) {
			t.Errorf("09:00 email %+v: want 1 ticket not yet replied to (the deleted one excluded)", r)
		}
	}
}

// The Freshdesk sample (written by hand from the Tickets API with
// include=stats): 5 tickets, one outbound email (source 10, excluded);
// first replies 30 min (08:05 → 08:35), 2 h (08:25 → 10:25), none, 90 s.
func TestPresetFreshdesk(t *testing.T) {
	res, rejects := importSample(t, "freshdesk", "freshdesk-tickets.json", 30*time.Minute)
	if len(rejects) != 0 {
		t.Fatalf("rejects %+v", rejects)
	}
	checkSummary(t, res.Files[0], KindJSON, 5, 4, 1, 0, 4, 0)
	if res.Files[0].Excluded["outbound email"] != 1 {
		t.Errorf("excluded %v", res.Files[0].Excluded)
	}
	got := map[string]time.Duration{}
	for _, r := range res.History {
		if r.Offered > 0 {
			got[r.Start.Format("15:04")+" "+r.Channel] = r.ASA
		}
	}
	want := map[string]time.Duration{"08:00 email": 30 * time.Minute, "08:00 web": 2 * time.Hour, "08:30 voice": 0, "09:00 chat": 90 * time.Second}
	if len(got) != len(want) {
		t.Errorf("intervals %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: ASA %v, want %v", k, got[k], v)
		}
	}
}

// Bad input in platform exports: the record's line, the column and what
// was expected.
func TestPlatformBadInput(t *testing.T) {
	in := `{"date_created":"2026-03-02T09:01:10Z","assignment_status":"completed","task_queue_friendly_name":"Support"}
{"date_created":"yesterday","assignment_status":"completed","task_queue_friendly_name":"Support"}
{"date_created":"2026-03-02T09:05:00Z","assignment_status":"transferred","task_queue_friendly_name":"Support"}
`
	res, rejects := importString(t, in, Options{Preset: mustPreset(t, "twilio-taskrouter")})
	checkSummary(t, res.Files[0], KindJSONL, 3, 1, 0, 2, 1, 0)
	if len(rejects) != 2 || rejects[0].Line != 2 || rejects[0].Reason != "bad arrival time" || !strings.Contains(rejects[0].Detail, `column "date_created": parsing time "yesterday"`) ||
		rejects[1].Line != 3 || rejects[1].Reason != "unknown outcome" || !strings.Contains(rejects[1].Detail, `column "assignment_status": "transferred" is not one of`) {
		t.Errorf("rejects %+v", rejects)
	}
	// a reply time that is not a number of minutes
	in = `{"created_at":"2026-03-02T08:10:00Z","via":{"channel":"email"},"status":"open","metric_set":{"reply_time_in_minutes":{"calendar":"soon"}}}` + "\n"
	_, rejects = importString(t, in, Options{Preset: mustPreset(t, "zendesk")})
	if len(rejects) != 1 || rejects[0].Line != 1 || rejects[0].Reason != "bad wait time" || !strings.Contains(rejects[0].Detail, `column "metric_set.reply_time_in_minutes.calendar": "soon" is not a number of minutes`) {
		t.Errorf("rejects %+v", rejects)
	}
}
