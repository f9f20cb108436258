package importers

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wfm-project/wfm/importers/csvcell"
)

// HistoryHeader is the header of history.csv, as DESIGN.md fixes it.
var HistoryHeader = []string{"interval_start", "queue", "channel", "offered", "answered", "abandoned", "aht_seconds", "asa_seconds"}

// HistoryRow is one interval of one queue in history.csv.
type HistoryRow struct {
	Start   time.Time // interval start, in the site's time zone
	Queue   string
	Channel string // voice, chat, email, ...
	// Counts are whole numbers when wfm import writes them, except where
	// it split an aggregated row longer than the interval (interval.go);
	// a history from elsewhere may hold fractions (an imputed or averaged
	// day).
	Offered   float64       // answered + abandoned
	Answered  float64       // contacts an agent handled
	Abandoned float64       // contacts that left before an agent answered
	AHT       time.Duration // mean handle time of answered contacts; 0 when none
	ASA       time.Duration // mean wait of answered contacts; 0 when none
}

// WriteHistory writes rows as history.csv. Rows are written in the order
// given; callers sort by interval start, then queue.
func WriteHistory(w io.Writer, rows []HistoryRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(HistoryHeader); err != nil {
		return err
	}
	rec := make([]string, len(HistoryHeader))
	for _, r := range rows {
		rec[0] = r.Start.Format(time.RFC3339)
		rec[1] = csvcell.Escape(r.Queue)
		rec[2] = csvcell.Escape(r.Channel)
		rec[3] = strconv.FormatFloat(r.Offered, 'f', -1, 64)
		rec[4] = strconv.FormatFloat(r.Answered, 'f', -1, 64)
		rec[5] = strconv.FormatFloat(r.Abandoned, 'f', -1, 64)
		rec[6] = formatSeconds(r.AHT)
		rec[7] = formatSeconds(r.ASA)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatSeconds writes d as seconds with at most three decimals.
func formatSeconds(d time.Duration) string {
	s := math.Round(d.Seconds()*1000) / 1000
	return strconv.FormatFloat(s, 'f', -1, 64)
}

// ErrFormat is wrapped by every error about a malformed history file.
var ErrFormat = errors.New("malformed file")

// ReadHistory reads history.csv from r; name is used in error messages as
// "name:line: column "x": ...". Columns may come in any order; extra columns
// are ignored; aht_seconds and asa_seconds may be empty (no answered calls).
// Times keep the UTC offset written in the file.
func ReadHistory(r io.Reader, name string) ([]HistoryRow, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w: empty file, want header %v", name, ErrFormat, HistoryHeader)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrFormat, err)
	}
	if len(header) > 0 {
		header[0] = trimBOM(header[0])
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[h] = i
	}
	for _, c := range []string{"interval_start", "queue", "offered"} {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("%s:1: %w: missing column %q; found %s, want %s", name, ErrFormat, c, strings.Join(header, ","), strings.Join(HistoryHeader, ","))
		}
	}
	var rows []HistoryRow
	seen := map[historyKey]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// a *csv.ParseError carries its line and column
			return nil, fmt.Errorf("%s: %w: %v", name, ErrFormat, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(col string) string {
			if i, ok := idx[col]; ok && i < len(rec) {
				return csvcell.Unescape(rec[i])
			}
			return ""
		}
		fail := func(col, val, want string) error {
			return fmt.Errorf("%s:%d: column %q: %w: %q is not %s", name, line, col, ErrFormat, val, want)
		}
		var row HistoryRow
		if row.Start, err = time.Parse(time.RFC3339, get("interval_start")); err != nil {
			return nil, fail("interval_start", get("interval_start"), "an RFC 3339 time such as 1999-02-01T07:30:00+02:00")
		}
		if y := row.Start.Year(); y < minYear || y > maxYear {
			return nil, fmt.Errorf("%s:%d: column %q: %w: %q is in year %d; want years %d to %d", name, line, "interval_start", ErrFormat, get("interval_start"), y, minYear, maxYear)
		}
		row.Queue = get("queue")
		row.Channel = get("channel")
		if row.Channel == "" {
			row.Channel = "voice"
		}
		for _, c := range []struct {
			col string
			dst *float64
		}{{"offered", &row.Offered}, {"answered", &row.Answered}, {"abandoned", &row.Abandoned}} {
			s := get(c.col)
			if s == "" && c.col != "offered" {
				continue
			}
			n, err := strconv.ParseFloat(s, 64)
			if err != nil || n < 0 || math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, fail(c.col, s, "a count (a number ≥ 0; fractions are kept)")
			}
			if n > maxRowCount {
				return nil, fmt.Errorf("%s:%d: column %q: %w: %q is out of range: at most %d contacts in one interval", name, line, c.col, ErrFormat, s, maxRowCount)
			}
			*c.dst = n
		}
		for _, c := range []struct {
			col string
			dst *time.Duration
		}{{"aht_seconds", &row.AHT}, {"asa_seconds", &row.ASA}} {
			s := get(c.col)
			if s == "" {
				continue
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fail(c.col, s, "seconds (a number ≥ 0)")
			}
			if x > maxDurationSeconds {
				return nil, fmt.Errorf("%s:%d: column %q: %w: %q is out of range: at most %g seconds (about 31 years)", name, line, c.col, ErrFormat, s, float64(maxDurationSeconds))
			}
			*c.dst = time.Duration(x * float64(time.Second))
		}
		k := historyKey{row.Start.UnixNano(), row.Queue, row.Channel}
		if first, dup := seen[k]; dup {
			return nil, fmt.Errorf("%s:%d: %w: interval %s of queue %q, channel %q again (first on line %d); want one row per interval, queue and channel",
				name, line, ErrFormat, row.Start.Format(time.RFC3339), row.Queue, row.Channel, first)
		}
		seen[k] = line
		rows = append(rows, row)
	}
	return rows, nil
}

// historyKey is what a history row must not repeat: its interval's
// instant, queue and channel.
type historyKey struct {
	start          int64
	queue, channel string
}

func trimBOM(s string) string {
	if len(s) >= 3 && s[:3] == "\ufeff" {
		return s[3:]
	}
	return s
}

// CheckOffsets refuses a history row whose UTC offset is not the one loc
// has at that instant: rows from another zone (or converted to UTC) would
// otherwise land on the wrong wall-clock intervals.
func CheckOffsets(hist []HistoryRow, loc *time.Location) error {
	starts := make([]time.Time, len(hist))
	for i, h := range hist {
		starts[i] = h.Start
	}
	return CheckStartOffsets(starts, loc)
}

// CheckStartOffsets refuses an interval start whose UTC offset is not the
// one loc has at that instant, naming its row (1 = the first after the
// header): a row written in another zone lands hours away from where its
// clock time says, on the same grid, and nothing else would notice.
func CheckStartOffsets(starts []time.Time, loc *time.Location) error {
	for i, t := range starts {
		_, got := t.Zone()
		_, want := t.In(loc).Zone()
		if got != want {
			return fmt.Errorf("row %d: interval_start %s has UTC offset %s, but site.timezone %s is at %s then",
				i+1, t.Format(time.RFC3339), fmtOffset(got), loc, fmtOffset(want))
		}
	}
	return nil
}

// OffsetsSeen lists the distinct UTC offsets of the rows, each with the
// first row that has it ("+05:30 from row 50").
func OffsetsSeen(hist []HistoryRow) []string {
	seen := map[int]bool{}
	var out []string
	for i, h := range hist {
		if _, off := h.Start.Zone(); !seen[off] {
			seen[off] = true
			out = append(out, fmt.Sprintf("%s from row %d", fmtOffset(off), i+1))
		}
	}
	return out
}

// fmtOffset writes a UTC offset in seconds as RFC 3339 does: +05:30.
func fmtOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d:%02d", sign, sec/3600, sec/60%60)
}
