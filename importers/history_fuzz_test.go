package importers

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

// FuzzReadHistory checks history.csv's reader on arbitrary input: no
// panic; what it accepts lies within the bounds (years minYear to maxYear,
// counts to maxRowCount, seconds to maxDurationSeconds), and writes and
// reads back to the same rows.
func FuzzReadHistory(f *testing.F) {
	f.Add([]byte("interval_start,queue,channel,offered,answered,abandoned,aht_seconds,asa_seconds\n2026-03-02T09:00:00+02:00,retail,voice,10,9,1,180.5,12\n"))
	f.Add([]byte("interval_start,queue,offered\n9999-12-31T23:30:00-05:00,q,1\n"))
	f.Add([]byte("interval_start,queue,offered,aht_seconds\n2026-03-02T09:00:00Z,\"=cmd\",18446744374,1e300\n"))
	f.Add([]byte("\ufeffinterval_start,queue,offered\r\n2026-03-02T09:00:00Z,q,-1\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadHistory(bytes.NewReader(data), "h.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "h.csv") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		for _, r := range rows {
			if y := r.Start.Year(); y < minYear || y > maxYear {
				t.Fatalf("accepted year %d", y)
			}
			for _, n := range []float64{r.Offered, r.Answered, r.Abandoned} {
				if n < 0 || n > maxRowCount || math.IsNaN(n) {
					t.Fatalf("accepted count %v", n)
				}
			}
			for _, d := range []time.Duration{r.AHT, r.ASA} {
				if d < 0 || d.Seconds() > maxDurationSeconds {
					t.Fatalf("accepted duration %v", d)
				}
			}
		}
		var buf bytes.Buffer
		if err := WriteHistory(&buf, rows); err != nil {
			t.Fatal(err)
		}
		again, err := ReadHistory(&buf, "again.csv")
		if err != nil {
			t.Fatalf("written history does not read back: %v\n%s", err, buf.String())
		}
		if len(again) != len(rows) {
			t.Fatalf("%d rows read back, wrote %d", len(again), len(rows))
		}
		for i := range rows {
			a, b := rows[i], again[i]
			if !a.Start.Equal(b.Start) || a.Queue != b.Queue || a.Channel != b.Channel || a.Offered != b.Offered || a.Answered != b.Answered || a.Abandoned != b.Abandoned {
				t.Fatalf("row %d: wrote %+v, read %+v", i+1, a, b)
			}
			if math.Abs(a.AHT.Seconds()-b.AHT.Seconds()) > 1e-3*math.Max(1, a.AHT.Seconds()) {
				t.Fatalf("row %d: AHT %v read back as %v", i+1, a.AHT, b.AHT)
			}
		}
	})
}

// FuzzParseDuration checks the duration parser on every format: no panic,
// and nothing past maxDurationSeconds either way, so no value wraps.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"180", "0:04:00", "3m20s", "0.5", "18446744374", "5124095:39:34", "-1:00", "1e9", "2562047h", "99999999999", "1:60:00", ".nan", "0.0001"} {
		f.Add(s)
	}
	formats := []string{FormatAuto, FormatSeconds, FormatClock, FormatDayFraction, FormatGo}
	f.Fuzz(func(t *testing.T, s string) {
		for _, format := range formats {
			d, err := parseDuration(format, s)
			if err != nil {
				continue
			}
			if sec := math.Abs(d.Seconds()); sec > maxDurationSeconds+1 {
				t.Fatalf("%s %q: %v (%g s), past the bound", format, s, d, sec)
			}
		}
	})
}

// A history row repeating an interval, queue and channel is refused with
// both lines: summed, it would double the interval's volume.
func TestReadHistoryDuplicate(t *testing.T) {
	in := "interval_start,queue,channel,offered\n" +
		"2026-03-02T09:00:00+02:00,q,voice,3\n2026-03-02T09:00:00+02:00,q,chat,1\n2026-03-02T10:00:00+03:00,q,voice,2\n"
	_, err := ReadHistory(strings.NewReader(in), "h.csv")
	if err == nil || !strings.Contains(err.Error(), "h.csv:4:") || !strings.Contains(err.Error(), "first on line 2") {
		t.Fatalf("err = %v, want line 4 repeating line 2", err)
	}
}

// Fractional counts (an imputed or averaged day) are read as they are;
// negative, NaN and infinite ones are refused with line and column.
func TestReadHistoryFractions(t *testing.T) {
	rows, err := ReadHistory(strings.NewReader("interval_start,queue,channel,offered,answered\n2026-03-02T09:00:00Z,q,voice,3.5,3.25\n"), "h.csv")
	if err != nil || len(rows) != 1 || rows[0].Offered != 3.5 || rows[0].Answered != 3.25 {
		t.Fatalf("rows %v, err %v; want offered 3.5, answered 3.25", rows, err)
	}
	for _, v := range []string{"-0.5", "NaN", "Inf", "1e400"} {
		_, err := ReadHistory(strings.NewReader("interval_start,queue,channel,offered\n2026-03-02T09:00:00Z,q,voice,"+v+"\n"), "h.csv")
		if err == nil || !strings.Contains(err.Error(), `h.csv:2: column "offered"`) {
			t.Errorf("offered %s: err %v, want h.csv:2 column offered", v, err)
		}
	}
	var b bytes.Buffer
	if err := WriteHistory(&b, rows); err != nil || !strings.Contains(b.String(), ",3.5,3.25,") {
		t.Fatalf("written %q, err %v", b.String(), err)
	}
}
