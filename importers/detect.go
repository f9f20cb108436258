package importers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// DetectBytes bounds what Detect reads of a source: its first MiB (after
// gzip is unwrapped), cut after the last whole line. A workbook or a
// Parquet file is read whole, up to DetectWorkbookBytes, since a ZIP's
// directory and a Parquet schema are at the file's end.
const (
	DetectBytes         = 1 << 20
	DetectWorkbookBytes = 64 << 20
)

// Detection is what Detect found in the head of a source.
type Detection struct {
	File    string   `json:"file"`
	Format  string   `json:"format"`  // as FileSummary.Format
	Columns []string `json:"columns"` // the header (JSON: the dotted paths of the first records)
	// Truncated: the source is longer than what was read; the trial
	// imports count only the rows read.
	Truncated bool `json:"truncated"`
	// Matches scores every built-in preset with at least one required
	// column in the header, best first (see Detect).
	Matches []PresetMatch `json:"matches"`
	// Best is the name of the preset that fits: the first match with
	// every required column found. Empty when none fits.
	Best string `json:"best,omitempty"`
	// Suggest, when no preset fits, is a mapping guessed from the column
	// names, as a --map value (field=column,...); empty when no column
	// looks like an arrival time.
	Suggest string `json:"suggest,omitempty"`
	// History: the file is a history.csv as wfm import writes it (its
	// header is HistoryHeader), already interval history.
	History bool `json:"history,omitempty"`
}

// PresetMatch is how well one preset fits a header.
type PresetMatch struct {
	Preset   string            `json:"preset"`
	Required int               `json:"required"` // columns the preset requires (each part of a sum counts)
	Found    int               `json:"found"`    // of which the header has
	Mapped   map[string]string `json:"mapped"`   // field → the header's column (parts of a sum joined by +)
	Missing  []string          `json:"missing,omitempty"`
	// Trial is the summary of importing the rows read with the preset,
	// when every required column was found; TrialError is why that
	// import stopped, if it did.
	Trial      *FileSummary `json:"trial,omitempty"`
	TrialError string       `json:"trial_error,omitempty"`
}

// Detect reads the head of src (see DetectBytes) and scores each built-in
// preset by the share of its required columns (or JSON paths, for a
// preset with a derivation the derived columns) that the header holds,
// matched as Import matches them: exactly, else ignoring case. A preset
// whose required columns are all there is tried on the rows read; among
// those, the best is the one with the most rows imported, then the fewest
// rejected, then the most optional columns found, then by name. opts
// supplies OpenSpreadsheet and Sheet; its Preset is ignored.
func Detect(ctx context.Context, src Source, opts Options) (*Detection, error) {
	head, truncated, gz, err := readHead(src.R)
	if err != nil {
		return nil, fmt.Errorf("importers: %s: %w", src.Name, err)
	}
	d := &Detection{File: src.Name, Truncated: truncated}
	headers := map[string][]string{} // by derivation
	header := func(derive string) ([]string, string, error) {
		o := Options{Preset: Preset{Derive: derive}, OpenSpreadsheet: opts.OpenSpreadsheet, Sheet: opts.Sheet}
		rr, kind, closeFn, err := openRecords(Source{Name: src.Name, R: bytes.NewReader(head)}, &o)
		if err != nil {
			return nil, "", err
		}
		closeFn()
		return rr.header(), kind, nil
	}
	cols, kind, err := header("")
	if err != nil {
		return nil, fmt.Errorf("importers: %s: %w", src.Name, err)
	}
	d.Columns, d.Format = cols, kind
	d.History = slices.EqualFunc(cols, HistoryHeader, func(c, h string) bool { return strings.EqualFold(strings.TrimSpace(trimBOM(c)), h) })
	if gz {
		d.Format += ".gz"
	}
	headers[""] = cols
	jsonKind := strings.HasPrefix(kind, KindJSON) // json and jsonl, gzip'd or not
	for _, p := range Presets() {
		hdr := cols
		if p.Derive != "" {
			if !jsonKind {
				continue
			}
			if h, ok := headers[p.Derive]; ok {
				hdr = h
			} else if h, _, err := header(p.Derive); err == nil {
				headers[p.Derive], hdr = h, h
			} else {
				continue
			}
		}
		pm := matchPreset(p, hdr)
		if pm.Found == 0 {
			continue
		}
		if pm.Found == pm.Required {
			var rejects int
			o := opts
			o.Preset = p
			o.OnReject = func(Reject) error { rejects++; return nil }
			res, err := Import(ctx, []Source{{Name: src.Name, R: bytes.NewReader(head)}}, o)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				pm.TrialError = err.Error()
			} else {
				pm.Trial = &res.Files[0]
			}
		}
		d.Matches = append(d.Matches, pm)
	}
	sort.SliceStable(d.Matches, func(i, j int) bool { return betterMatch(d.Matches[i], d.Matches[j]) })
	for _, m := range d.Matches {
		if m.Found == m.Required && m.Trial != nil && m.Trial.Imported > 0 {
			d.Best = m.Preset
			break
		}
	}
	if d.Best == "" {
		d.Suggest = SuggestMapping(cols)
	}
	return d, nil
}

// betterMatch orders matches: all required columns found first, then by
// rows imported in the trial, fewest rejected, share of required columns
// found, columns found, name.
func betterMatch(a, b PresetMatch) bool {
	af, bf := a.Found == a.Required, b.Found == b.Required
	if af != bf {
		return af
	}
	ai, bi, ar, br := trialCounts(a), trialCounts(b), 0, 0
	if a.Trial != nil {
		ar = a.Trial.RejectedRows()
	}
	if b.Trial != nil {
		br = b.Trial.RejectedRows()
	}
	if ai != bi {
		return ai > bi
	}
	if ar != br {
		return ar < br
	}
	// a.Found/a.Required > b.Found/b.Required, without division
	if x, y := a.Found*b.Required, b.Found*a.Required; x != y {
		return x > y
	}
	if len(a.Mapped) != len(b.Mapped) {
		return len(a.Mapped) > len(b.Mapped)
	}
	return a.Preset < b.Preset
}

func trialCounts(m PresetMatch) int {
	if m.Trial == nil {
		return -1
	}
	return m.Trial.Imported
}

// matchPreset finds p's mapped columns in hdr as resolve does.
func matchPreset(p Preset, hdr []string) PresetMatch {
	pm := PresetMatch{Preset: p.Name, Mapped: map[string]string{}}
	find := func(col string) string {
		if i := columnIndex(hdr, col); i >= 0 {
			return hdr[i]
		}
		return ""
	}
	for _, f := range Fields {
		col, ok := p.Map[f]
		if !ok {
			continue
		}
		optional := slices.Contains(p.Optional, f)
		parts := []string{col}
		if find(col) == "" && strings.Contains(col, "+") {
			parts = strings.Split(col, "+")
		}
		var got []string
		for _, c := range parts {
			h := find(c)
			if !optional {
				pm.Required++
			}
			if h == "" {
				if !optional {
					pm.Missing = append(pm.Missing, fmt.Sprintf("%q (%s)", strings.TrimSpace(c), f))
				}
				continue
			}
			got = append(got, h)
			if !optional {
				pm.Found++
			}
		}
		if len(got) > 0 {
			pm.Mapped[f] = strings.Join(got, "+")
		}
	}
	return pm
}

// readHead reads the first DetectBytes of r, unwrapping gzip, and cuts a
// truncated text after its last line break. A workbook is read whole (up
// to DetectWorkbookBytes). The head keeps gzip unwrapped: openRecords reads
// it as plain text.
func readHead(r io.Reader) (head []byte, truncated, gz bool, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, _ := br.Peek(4)
	var in io.Reader = br
	if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, false, false, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		gz = true
		zb := bufio.NewReaderSize(zr, 1<<16)
		magic, _ = zb.Peek(4)
		in = zb
	}
	limit := DetectBytes
	workbook := bytes.HasPrefix(magic, []byte("PK\x03\x04")) || bytes.HasPrefix(magic, parquetMagic)
	if workbook {
		limit = DetectWorkbookBytes
	}
	head, err = io.ReadAll(io.LimitReader(in, int64(limit)+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, false, gz, err
	}
	if len(head) <= limit {
		return head, false, gz, nil
	}
	if workbook {
		return nil, false, gz, fmt.Errorf("workbook or Parquet file larger than %d MiB: give its first rows as CSV", DetectWorkbookBytes>>20)
	}
	head = head[:limit]
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[:i+1]
	}
	return head, true, gz, nil
}

// suggestRules give, for each field, the words a column name made of
// (lower-cased, letters and digits only) may be, in order of preference,
// then the words it may contain. The words are those of the platforms'
// exports this package knows (see Presets) and of common report headings
// ("Calls Offered", "Avg Handle Time").
var suggestRules = []struct {
	field    string
	names    []string
	contains []string
}{
	{FieldArrival, []string{"arrival", "arrivaltime", "starttime", "start", "createdat", "createddate", "created", "timestamp", "datetime", "intervalstart", "interval", "enqueuetimestamp", "initiationtimestamp", "calldate", "time", "date"},
		[]string{"start", "created", "arrival", "timestamp", "datetime", "enqueue"}},
	{FieldQueue, []string{"queue", "queuename", "skill", "split", "splitskill", "calltype", "group", "department"}, []string{"queue", "skill", "split"}},
	{FieldChannel, []string{"channel", "mediatype", "media", "viachannel", "via"}, []string{"channel", "media"}},
	{FieldCount, []string{"offered", "callsoffered", "contactsoffered", "calls", "volume", "count", "contacts"}, []string{"offered"}},
	{FieldAbandoned, []string{"abandoned", "abancalls", "abandonedcalls", "callsabandoned", "totalcallsaband", "aband"}, []string{"aban"}},
	{FieldAHT, []string{"aht", "avghandletime", "averagehandletime", "avghandle"}, []string{"handle"}},
	{FieldASA, []string{"asa", "avgspeedans", "averagespeedofanswer", "avgspeedofanswer", "speedofanswer"}, []string{"speed"}},
	{FieldOutcome, []string{"outcome", "status", "disposition", "result", "abandoned", "answered"}, []string{"status", "outcome", "disposition"}},
	{FieldHandle, []string{"handletime", "handle", "handleduration", "servicetime", "sertime", "talktime", "duration"}, []string{"handle", "talk", "duration"}},
	{FieldWait, []string{"waittime", "wait", "queuewaittime", "queuetime", "qtime", "queueduration", "timetoanswer"}, []string{"wait"}},
}

// SuggestMapping guesses a mapping from column names alone: for each
// field, the first column whose name, lower-cased with everything but
// letters and digits removed, is one of the field's words, else contains
// one (see suggestRules), each column used once. A count column makes
// the rows aggregated (abandoned, aht, asa); otherwise they are single
// contacts (outcome, handle, wait). It returns "" when no column looks
// like an arrival time: a mapping needs one.
func SuggestMapping(cols []string) string {
	norm := make([]string, len(cols))
	for i, c := range cols {
		var b strings.Builder
		for _, r := range strings.ToLower(c) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		norm[i] = b.String()
	}
	used := make([]bool, len(cols))
	got := map[string]string{}
	pick := func(field string, words []string, contains bool) {
		if got[field] != "" {
			return
		}
		for _, w := range words {
			for i := range cols {
				if !used[i] && (norm[i] == w || contains && strings.Contains(norm[i], w)) {
					used[i], got[field] = true, cols[i]
					return
				}
			}
		}
	}
	aggregated := false
	for _, contains := range []bool{false, true} {
		for _, r := range suggestRules[:4] {
			pick(r.field, r.names, false)
			if contains {
				pick(r.field, r.contains, true)
			}
		}
		aggregated = got[FieldCount] != ""
		for _, r := range suggestRules[4:] {
			isAgg := r.field == FieldAbandoned || r.field == FieldAHT || r.field == FieldASA
			if isAgg == aggregated {
				pick(r.field, r.names, false)
				if contains {
					pick(r.field, r.contains, true)
				}
			}
		}
	}
	if got[FieldArrival] == "" {
		return ""
	}
	var parts []string
	for _, f := range Fields {
		if c, ok := got[f]; ok {
			parts = append(parts, f+"="+c)
		}
	}
	return strings.Join(parts, ",")
}
