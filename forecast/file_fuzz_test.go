package forecast

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// FuzzReadCSV checks forecast.csv's reader on arbitrary input: no panic,
// errors name the file, what it accepts is finite and non-negative with a
// handle time within maxAHTSeconds, and it writes and reads back to the
// same rows.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("interval_start,queue,channel,volume,volume_p10,volume_p90,aht_seconds,model\n2026-12-07T08:00:00+02:00,retail,voice,10,8,12,180,hand\n"))
	f.Add([]byte("interval_start,queue,volume,aht_seconds\n2026-12-07T08:00:00Z,q,1e20,1e300\n"))
	f.Add([]byte("aht_seconds,volume,queue,interval_start\n-1,NaN,q,x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadCSV(bytes.NewReader(data), "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		for _, r := range rows {
			for _, x := range []float64{r.Volume, r.P10, r.P90} {
				if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
					t.Fatalf("accepted volume %v", x)
				}
			}
			if r.AHT < 0 || r.AHT.Seconds() > maxAHTSeconds {
				t.Fatalf("accepted AHT %v", r.AHT)
			}
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, rows); err != nil {
			t.Fatal(err)
		}
		again, err := ReadCSV(&buf, "again.csv")
		if err != nil {
			t.Fatalf("written forecast does not read back: %v\n%s", err, buf.String())
		}
		if len(again) != len(rows) {
			t.Fatalf("%d rows read back, wrote %d", len(again), len(rows))
		}
		for i := range rows {
			if !rows[i].Start.Equal(again[i].Start) || rows[i].Queue != again[i].Queue || rows[i].Model != again[i].Model {
				t.Fatalf("row %d: wrote %+v, read %+v", i+1, rows[i], again[i])
			}
		}
	})
}
