package forecast

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

// Header is the header of forecast.csv, as DESIGN.md fixes it.
var Header = []string{"interval_start", "queue", "channel", "volume", "volume_p10", "volume_p90", "aht_seconds", "model"}

// Row is one interval of one queue in forecast.csv.
type Row struct {
	Start   time.Time // interval start, in the site's time zone
	Queue   string
	Channel string
	Volume  float64       // expected offered contacts
	P10     float64       // 10th percentile of volume
	P90     float64       // 90th percentile of volume
	AHT     time.Duration // expected mean handle time
	Model   string        // the model that produced the row
}

// ErrFormat is wrapped by every error about a malformed forecast file.
var ErrFormat = errors.New("malformed file")

// WriteCSV writes rows as forecast.csv, at full precision.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	rec := make([]string, len(Header))
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for _, r := range rows {
		rec[0] = r.Start.Format(time.RFC3339)
		rec[1] = csvcell.Escape(r.Queue)
		rec[2] = csvcell.Escape(r.Channel)
		rec[3] = f(round6(r.Volume))
		rec[4] = f(round6(r.P10))
		rec[5] = f(round6(r.P90))
		rec[6] = f(round6(r.AHT.Seconds()))
		rec[7] = csvcell.Escape(r.Model)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// maxAHTSeconds bounds a handle time read from a forecast: about 31 years,
// inside time.Duration's ±292, so that it converts without wrapping.
const maxAHTSeconds = 1e9

// ReadCSV reads forecast.csv; name is used in errors ("name:line: column
// "x": ..."). Columns may come in any order; volume_p10, volume_p90 and
// model are optional, so a hand-written forecast of volume and AHT works.
func ReadCSV(r io.Reader, name string) ([]Row, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w: empty file, want header %v", name, ErrFormat, Header)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrFormat, err)
	}
	if len(header) > 0 && len(header[0]) >= 3 && header[0][:3] == "\ufeff" {
		header[0] = header[0][3:]
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[h] = i
	}
	for _, c := range []string{"interval_start", "queue", "volume", "aht_seconds"} {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("%s:1: %w: missing column %q; found %s, want %s", name, ErrFormat, c, strings.Join(header, ","), strings.Join(Header, ","))
		}
	}
	var rows []Row
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
		num := func(col string, optional bool) (float64, error) {
			s := get(col)
			if s == "" && optional {
				return math.NaN(), nil
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("%s:%d: column %q: %w: %q is not a number ≥ 0", name, line, col, ErrFormat, s)
			}
			if col == "aht_seconds" && x > maxAHTSeconds {
				_, c := cr.FieldPos(idx[col])
				return 0, fmt.Errorf("%s:%d:%d: column %q: %w: %q is over the limit of %g seconds (about 31 years)", name, line, c, col, ErrFormat, s, float64(maxAHTSeconds))
			}
			return x, nil
		}
		var row Row
		if row.Start, err = time.Parse(time.RFC3339, get("interval_start")); err != nil {
			return nil, fmt.Errorf("%s:%d: column %q: %w: %q is not an RFC 3339 time such as 1999-02-01T07:30:00+02:00", name, line, "interval_start", ErrFormat, get("interval_start"))
		}
		row.Queue, row.Channel, row.Model = get("queue"), get("channel"), get("model")
		if row.Channel == "" {
			row.Channel = "voice"
		}
		if row.Volume, err = num("volume", false); err != nil {
			return nil, err
		}
		if row.P10, err = num("volume_p10", true); err != nil {
			return nil, err
		}
		if row.P90, err = num("volume_p90", true); err != nil {
			return nil, err
		}
		if math.IsNaN(row.P10) {
			row.P10 = row.Volume
		}
		if math.IsNaN(row.P90) {
			row.P90 = row.Volume
		}
		aht, err := num("aht_seconds", false)
		if err != nil {
			return nil, err
		}
		row.AHT = time.Duration(aht * float64(time.Second))
		rows = append(rows, row)
	}
	return rows, nil
}
