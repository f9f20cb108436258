package importers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// WrapperKeys are the keys of a top-level JSON object whose array, when it
// is the object's first key, holds the records: the Genesys Cloud detail
// query's "conversations", Zendesk's "tickets", TaskRouter's "tasks".
var WrapperKeys = []string{"conversations", "tickets", "tasks", "records", "results", "data", "items", "calls", "contacts"}

// maxFlattenDepth bounds how deep nested objects are flattened into dotted
// paths; deeper objects stay one column holding their JSON text.
const maxFlattenDepth = 8

var wrapperRE = regexp.MustCompile(`^\{\s*"([A-Za-z_]+)"\s*:\s*\[`)

// jsonReader reads JSON records: objects one after another (JSON Lines,
// pretty-printed objects, or objects concatenated with nothing between
// them, as Kinesis Data Firehose writes Amazon Connect contact records),
// the elements of a top-level array, or the elements of the array under a
// wrapper object's first key (see WrapperKeys).
//
// Nested objects are flattened into dotted paths: {"Queue": {"Name": "q"}}
// has the columns Queue (its JSON text, empty when null) and Queue.Name.
// Arrays stay one column holding their JSON text. Strings are taken as they
// are, numbers as written, true/false as text, null as empty. The columns
// are the paths of every object that lies whole in the first 64 KiB,
// sorted, plus any registered with addColumns; other paths are ignored.
type jsonReader struct {
	br     *bufio.Reader
	kind   string
	array  bool // records are array elements
	done   bool
	line   int // line of the next byte, from 1
	hdr    []string
	index  map[string]int
	fields []string
	buf    []byte
	derive func(map[string]json.RawMessage) map[string]string
	seen   map[string]bool // during discovery: every path met
}

func (r *jsonReader) header() []string { return r.hdr }

func newJSONReader(br *bufio.Reader, opts *Options) (*jsonReader, error) {
	r := &jsonReader{br: br, kind: KindJSONL, line: 1, index: map[string]int{}}
	if d := opts.Preset.Derive; d != "" {
		f, ok := derivations[d]
		if !ok {
			return nil, fmt.Errorf("%w: derive %q: want one of %s", ErrMapping, d, strings.Join(derivationNames(), ", "))
		}
		r.derive = f
	}
	head, _ := br.Peek(4096)
	if head[0] == '[' {
		br.Discard(1)
		r.array, r.kind = true, KindJSON
	} else if m := wrapperRE.FindSubmatch(head); m != nil && slices.Contains(WrapperKeys, string(m[1])) {
		r.line += bytes.Count(m[0], []byte("\n"))
		br.Discard(len(m[0]))
		r.array, r.kind = true, KindJSON
	}
	peek, _ := br.Peek(br.Size())
	probe := &jsonReader{br: bufio.NewReaderSize(bytes.NewReader(peek), len(peek)+16), array: r.array, line: r.line,
		index: map[string]int{}, derive: r.derive, seen: map[string]bool{}}
	var rec record
	for probe.next(&rec) == nil {
	}
	if len(probe.seen) > MaxJSONKeys {
		return nil, fmt.Errorf("line %d: the first records hold more than %d distinct keys; a log's objects share one set of fields", r.line, MaxJSONKeys)
	}
	keys := make([]string, 0, len(probe.seen))
	for k := range probe.seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	r.addColumns(keys)
	return r, nil
}

// MaxJSONKeys bounds the distinct keys (dotted paths) of the records in
// the first 64 KiB of a JSON file: each is a column of every record.
const MaxJSONKeys = 1024

// addColumns registers paths as columns, so that records after the first
// 64 KiB fill them.
func (r *jsonReader) addColumns(cols []string) {
	for _, c := range cols {
		if _, ok := r.index[c]; !ok {
			r.index[c] = len(r.hdr)
			r.hdr = append(r.hdr, c)
		}
	}
}

// skipSpace consumes white space (and, between array elements, commas)
// and returns the next byte without consuming it.
func (r *jsonReader) skipSpace() (byte, error) {
	for {
		c, err := r.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n':
			r.line++
		case ' ', '\t', '\r':
		case ',':
			if !r.array {
				r.br.UnreadByte()
				return c, nil
			}
		default:
			r.br.UnreadByte()
			return c, nil
		}
	}
}

func (r *jsonReader) next(rec *record) error {
	if r.done {
		return io.EOF
	}
	c, err := r.skipSpace()
	if err != nil {
		return err
	}
	if r.array && c == ']' {
		r.done = true // what follows a wrapper's array (paging, counts) is not records
		return io.EOF
	}
	rec.line, rec.err, rec.fields = r.line, nil, nil
	if c != '{' {
		raw, err := r.readJunk()
		if err != nil && err != io.EOF {
			return err
		}
		rec.raw = raw
		rec.err = fmt.Errorf("not a JSON object: %q", clip(raw, 40))
		return nil
	}
	raw, why, err := r.readObject()
	if err != nil {
		return err
	}
	rec.raw = string(raw)
	if why != "" {
		rec.err = fmt.Errorf("not a JSON object: %s", why)
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		rec.err = fmt.Errorf("not a JSON object: %v", err)
		return nil
	}
	r.fields = r.fields[:0]
	for range r.hdr {
		r.fields = append(r.fields, "")
	}
	r.walk("", obj, 0)
	if r.derive != nil {
		for k, v := range r.derive(obj) {
			r.set(k, v)
		}
	}
	rec.fields = r.fields
	return nil
}

func (r *jsonReader) set(k, v string) {
	if r.seen != nil && len(r.seen) <= MaxJSONKeys {
		r.seen[k] = true
	}
	if i, ok := r.index[k]; ok {
		r.fields[i] = v
	}
}

func (r *jsonReader) walk(prefix string, obj map[string]json.RawMessage, depth int) {
	for k, v := range obj {
		key := prefix + k
		v = bytes.TrimSpace(v)
		if len(v) > 0 && v[0] == '{' && depth < maxFlattenDepth {
			r.set(key, string(v))
			var sub map[string]json.RawMessage
			if json.Unmarshal(v, &sub) == nil {
				r.walk(key+".", sub, depth+1)
			}
			continue
		}
		r.set(key, jsonText(v))
	}
}

// readObject reads one object, from its '{' to the matching '}'. Outside
// an array, a line that starts with '{' while the object is still open
// ends it as broken (a truncated JSON Lines record must not swallow the
// records after it); why says what is wrong with a broken object. An object
// longer than MaxLineBytes stops the import.
func (r *jsonReader) readObject() (raw []byte, why string, err error) {
	buf := r.buf[:0]
	depth, inStr, esc := 0, false, false
	defer func() { r.buf = buf[:0] }()
	for {
		c, err := r.br.ReadByte()
		if err == io.EOF {
			return buf, "it does not close before the end of the file", nil
		}
		if err != nil {
			return nil, "", err
		}
		if len(buf) >= MaxLineBytes {
			return nil, "", fmt.Errorf("line %d: %w: a JSON record of more than %d bytes; not a contact log?", r.line, ErrLineTooLong, MaxLineBytes)
		}
		if c == '\n' {
			r.line++
			if !r.array {
				if n, _ := r.br.Peek(1); len(n) == 1 && n[0] == '{' {
					return buf, "it does not close before the next line that starts with {", nil
				}
			}
		}
		buf = append(buf, c)
		switch {
		case esc:
			esc = false
		case inStr:
			if c == '\\' {
				esc = true
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return buf, "", nil
			}
		}
	}
}

// readJunk reads what is not an object: to the end of the line, or in an
// array to the next comma or closing bracket.
func (r *jsonReader) readJunk() (string, error) {
	var b []byte
	for {
		c, err := r.br.ReadByte()
		if err != nil {
			return string(b), err
		}
		if c == '\n' {
			r.line++
			return string(b), nil
		}
		if r.array && (c == ',' || c == ']') {
			r.br.UnreadByte()
			return string(b), nil
		}
		if len(b) >= MaxLineBytes {
			return "", fmt.Errorf("line %d: %w: more than %d bytes without a line break; not a text log?", r.line, ErrLineTooLong, MaxLineBytes)
		}
		b = append(b, c)
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func jsonText(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	}
	return string(v)
}
