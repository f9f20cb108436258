package importers

import (
	"context"
	"os"
	"path/filepath"
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
