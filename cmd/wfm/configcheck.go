package main

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/wfm-project/wfm/forecast/holidays"
	"github.com/wfm-project/wfm/scheduling"
	"go.yaml.in/yaml/v3"
)

// configFile is the YAML text of a config file, kept to say on which line
// a key stands when it is unknown or its value is wrong.
type configFile struct {
	path string
	root *yaml.Node // the top-level mapping; nil when not YAML
}

// Bounds on a config file's shape, checked before viper reads it: the
// deepest config wfm reads nests five levels (shifts[0].breaks[0].length),
// and the largest sample is a few KB.
const (
	maxConfigDepth = 32
	maxConfigBytes = 4 << 20
)

// checkConfigShape refuses a config file larger than maxConfigBytes, or
// nested deeper than maxConfigDepth (at the line and column where it goes
// past), before it is decoded. A file that does not parse is left to viper,
// whose error names the line.
func checkConfigShape(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if fi.Size() > maxConfigBytes {
		return fmt.Errorf("config %s: %d bytes, over the limit of %d MiB for a config file", path, fi.Size(), maxConfigBytes>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil {
		return nil
	}
	var walk func(n *yaml.Node, depth int) error
	walk = func(n *yaml.Node, depth int) error {
		if depth > maxConfigDepth {
			return fmt.Errorf("config %s:%d:%d: nested more than %d levels deep, over the limit (wfm's keys nest at most 5)", path, n.Line, n.Column, maxConfigDepth)
		}
		for _, c := range n.Content {
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(&doc, -1) // the document node holds the top level
}

// readConfigFile parses path's YAML for its positions. A file that does not
// parse is left to viper, whose error names the line.
func readConfigFile(path string) *configFile {
	cf := &configFile{path: path}
	b, err := os.ReadFile(path)
	if err != nil {
		return cf
	}
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
		return cf
	}
	if n := doc.Content[0]; n.Kind == yaml.MappingNode {
		cf.root = n
	}
	return cf
}

// unknownKey returns an error for the first key of the file (in file order)
// that Config has no place for, with its line and a "did you mean" for a
// near miss; nil when every key is known.
func (cf *configFile) unknownKey() error {
	if cf.root == nil {
		return nil
	}
	return cf.checkKeys(cf.root, reflect.TypeOf(Config{}), "")
}

func (cf *configFile) checkKeys(n *yaml.Node, t reflect.Type, prefix string) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil // a type error, which the decoder reports
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("mapstructure"), ",")[0]
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			fields[tag] = f.Type
			names = append(names, tag)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "<<" {
				continue
			}
			ft, ok := fields[strings.ToLower(k.Value)]
			if !ok {
				err := fmt.Errorf("config %s:%d:%d: unknown key %q%s", cf.path, k.Line, k.Column, k.Value, inSection(prefix))
				if s := closest(k.Value, names); s != "" {
					return withHint(err, fmt.Sprintf("did you mean %s?", prefix+s))
				}
				if where := keyElsewhere(k.Value); where != "" && where != prefix+k.Value {
					return withHint(err, fmt.Sprintf("did you mean %s?", where))
				}
				return withHint(err, fmt.Sprintf("the keys here are %s", strings.Join(names, ", ")))
			}
			if err := cf.checkKeys(v, ft, prefix+k.Value+"."); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return nil
		}
		base := strings.TrimSuffix(prefix, ".")
		for i, v := range n.Content {
			if err := cf.checkKeys(v, t.Elem(), fmt.Sprintf("%s[%d].", base, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode || t.Elem().Kind() != reflect.Struct {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := cf.checkKeys(n.Content[i+1], t.Elem(), prefix+n.Content[i].Value+"."); err != nil {
				return err
			}
		}
	}
	return nil
}

func inSection(prefix string) string {
	if prefix == "" {
		return ""
	}
	return " in " + strings.TrimSuffix(prefix, ".")
}

// closest is the name nearest to key by edit distance, when near enough to
// be a typo (at most a third of its letters, and at most 3); "" otherwise.
func closest(key string, names []string) string {
	key = strings.ToLower(key)
	best, bestD := "", 1<<30
	for _, n := range names {
		if d := editDistance(key, n); d < bestD {
			best, bestD = n, d
		}
	}
	if bestD <= min(3, max(1, len(key)/3)) {
		return best
	}
	return ""
}

// keyElsewhere is the full name of a key of that name in another section
// (interval → site.interval), "" when there is none or more than one.
func keyElsewhere(key string) string {
	var found []string
	var walk func(t reflect.Type, prefix string, depth int)
	walk = func(t reflect.Type, prefix string, depth int) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || depth > 3 {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			tag := strings.Split(t.Field(i).Tag.Get("mapstructure"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			if tag == strings.ToLower(key) {
				found = append(found, prefix+tag)
			}
			walk(t.Field(i).Type, prefix+tag+".", depth+1)
		}
	}
	walk(reflect.TypeOf(Config{}), "", 0)
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// editDistance is Levenshtein's distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// lookup finds the node of a decoder key such as queues[0].max_occupancy
// or agents.headcount[full]; nil when the value is not in the file (a
// default or an environment variable).
func (cf *configFile) lookup(key string) *yaml.Node {
	if cf == nil || cf.root == nil {
		return nil
	}
	n := cf.root
	for _, part := range splitKey(key) {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if strings.EqualFold(n.Content[i].Value, part) {
					next = n.Content[i+1]
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// splitKey splits a decoder key into its parts: a.b[0].c → a, b, 0, c.
func splitKey(key string) []string {
	key = strings.NewReplacer("[", ".", "]", "").Replace(key)
	var parts []string
	for _, p := range strings.Split(key, ".") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// decodeError rewrites the decoder's errors as one line naming the key,
// the file, line and column, the value and what was wanted.
func (cf *configFile) decodeError(where string, err error) error {
	var de *mapstructure.DecodeError
	leaves := decodeLeaves(err)
	if len(leaves) == 0 || !errors.As(leaves[0], &de) {
		return fmt.Errorf("config %s: %w", where, err)
	}
	key := de.Name()
	inner := de.Unwrap()
	node := cf.lookup(key)
	pos := where
	value := ""
	if env := "WFM_" + strings.ToUpper(strings.NewReplacer(".", "_").Replace(key)); os.Getenv(env) != "" {
		// The environment overrides the file.
		pos = fmt.Sprintf("%s (environment %s)", where, env)
		value, node = os.Getenv(env), nil
	} else if node != nil {
		pos = fmt.Sprintf("%s:%d:%d", where, node.Line, node.Column)
		value = node.Value
	}
	var want string
	var pe *mapstructure.ParseError
	var ue *mapstructure.UnconvertibleTypeError
	switch {
	case errors.As(inner, &pe):
		want = wantKind(pe.Expected.Type())
	case errors.As(inner, &ue):
		want = wantKind(ue.Expected.Type())
	}
	if want == "" {
		return fmt.Errorf("config %s: %s: %v", pos, key, inner)
	}
	if value == "" && node != nil && node.Kind != yaml.ScalarNode {
		return fmt.Errorf("config %s: %s: %s", pos, key, want)
	}
	return fmt.Errorf("config %s: %s: %q: %s", pos, key, value, want)
}

// decodeLeaves flattens joined decoder errors, in the decoder's order
// sorted by key, so the first is the same from run to run.
func decodeLeaves(err error) []error {
	var out []error
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var de *mapstructure.DecodeError
		if errors.As(e, &de) {
			if j, ok := de.Unwrap().(interface{ Unwrap() []error }); ok {
				for _, x := range j.Unwrap() {
					walk(x)
				}
				return
			}
		}
		out = append(out, e)
	}
	walk(err)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Error() < out[j].Error() })
	return out
}

func wantKind(t reflect.Type) string {
	if t == reflect.TypeOf(time.Duration(0)) {
		return "want a duration such as 30m, 8h30m, 14d or 2w"
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "want a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "want a whole number"
	case reflect.Bool:
		return "want true or false"
	case reflect.String:
		return "want text"
	case reflect.Slice:
		return "want a list"
	case reflect.Map, reflect.Struct:
		return "want a mapping of keys to values"
	}
	return ""
}

// yamlLine matches the YAML parser's "yaml: line N: ..." errors.
var yamlLine = regexp.MustCompile(`yaml: line (\d+): (.*)`)

// parseError names the file and line of a config that is not valid YAML.
func parseError(path string, err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("config %s:%s: not valid YAML: %s", path, m[1], m[2])
	}
	if _, msg, ok := strings.Cut(err.Error(), "yaml: "); ok {
		return fmt.Errorf("config %s: not valid YAML: %s", path, msg)
	}
	return fmt.Errorf("config %s: %w", path, err)
}

// channels are the queue channels wfm staffs.
var channels = []string{"voice", "chat", "email"}

// checkChannels refuses a queue channel wfm has no staffing model for
// (channel: phone), naming the key and its line.
func (c *Config) checkChannels(cf *configFile, where string) error {
	for i, q := range c.Queues {
		if q.Channel == "" || slices.Contains(channels, q.Channel) {
			continue
		}
		key := fmt.Sprintf("queues[%d].channel", i)
		pos := where
		if n := cf.lookup(key); n != nil {
			pos = fmt.Sprintf("%s:%d:%d", where, n.Line, n.Column)
		}
		err := fmt.Errorf("config %s: %s: %q: want voice, chat or email", pos, key, q.Channel)
		switch strings.ToLower(q.Channel) {
		case "phone", "call", "calls", "telephone", "inbound":
			return withHint(err, "calls are channel: voice")
		case "mail", "e-mail", "ticket", "tickets", "backoffice":
			return withHint(err, "deferred work is channel: email, with respond_within")
		case "web", "webchat", "messaging", "sms", "whatsapp":
			return withHint(err, "concurrent sessions are channel: chat, with concurrency")
		}
		if s := closest(q.Channel, channels); s != "" {
			return withHint(err, "did you mean "+s+"?")
		}
		return err
	}
	return nil
}

// checkHolidays refuses a site.holidays code that names no built-in
// calendar, naming the entry, its line and the known codes. Codes are
// read in any case (us is US).
func (c *Config) checkHolidays(cf *configFile, where string) error {
	for i, code := range c.Site.Holidays {
		up := strings.ToUpper(strings.TrimSpace(code))
		if holidays.Known(up) {
			c.Site.Holidays[i] = up
			continue
		}
		key := fmt.Sprintf("site.holidays[%d]", i)
		pos := where
		if n := cf.lookup(key); n != nil {
			pos = fmt.Sprintf("%s:%d:%d", where, n.Line, n.Column)
		}
		err := fmt.Errorf("config %s: %s: %q: want one of %s", pos, key, code, strings.Join(holidays.Countries(), ", "))
		switch up {
		case "UK", "ENG", "GB-ENG", "GB-WLS":
			return withHint(err, "England and Wales's bank holidays are GB")
		case "SCT", "SCO", "SCOTLAND", "GB-SCO", "UK-SCT":
			return withHint(err, "Scotland's bank holidays are GB-SCT")
		case "USA":
			return withHint(err, "the US federal holidays are US")
		case "ISR", "ISRAEL":
			return withHint(err, "Israel's holidays are IL")
		}
		return err
	}
	return nil
}

// checkShifts refuses, when the config is loaded, a shift template that
// no roster can use (see shiftTemplates), on the site's interval grid when
// site.interval is set: wfm plan and wfm schedule then stop before any
// import, forecast or staffing runs. The error names the key with its
// line and column, and the template.
func (c *Config) checkShifts(cf *configFile, where string) error {
	_, err := c.shiftTemplates(c.Site.Interval)
	var te *scheduling.TemplateError
	if !errors.As(err, &te) {
		return err
	}
	pos := where
	if pos == "" {
		pos = "environment"
	}
	if n := cf.lookup(te.ConfigKey()); n != nil {
		pos = fmt.Sprintf("%s:%d:%d", where, n.Line, n.Column)
	}
	return fmt.Errorf("config %s: %w", pos, err)
}

// checkOvertime refuses, when the config is loaded, an overtime block no
// roster can use (scheduling.Overtime.Check, on the site's interval grid
// when site.interval is set), naming the key with its line and column,
// and "did you mean" for a near miss of overtime.extend. A contract no
// agent has is refused later, when the agents are read.
func (c *Config) checkOvertime(cf *configFile, where string) error {
	err := c.overtime().Check(c.Site.Interval)
	if err == nil {
		return nil
	}
	return c.overtimeError(cf, where, err)
}

// overtimeError places an error about an overtime key (its text starts
// with the key, overtime.extend: …) at the key's line and column in the
// config file (the overtime block's when the key is missing), with a hint for a near miss of overtime.extend.
func (c *Config) overtimeError(cf *configFile, where string, err error) error {
	pos := where
	if pos == "" {
		pos = "environment"
	}
	key, _, _ := strings.Cut(err.Error(), ":")
	n := cf.lookup(key)
	if n == nil { // a missing key: the block it belongs in
		n = cf.lookup("overtime")
	}
	if n != nil && where != "" {
		pos = fmt.Sprintf("%s:%d:%d", where, n.Line, n.Column)
	}
	err = fmt.Errorf("config %s: %w", pos, err)
	if key == "overtime.extend" {
		if s := closest(strings.ToLower(c.Overtime.Extend), []string{scheduling.ExtendBefore, scheduling.ExtendAfter, scheduling.ExtendBoth}); s != "" {
			return withHint(err, "did you mean "+s+"?")
		}
	}
	return err
}
