package importers

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Fields a Preset maps to columns.
const (
	FieldArrival     = "arrival"      // contact arrival (date-time, or time of day with FieldDate); for aggregated rows, the interval start
	FieldDate        = "date"         // date, when the arrival column holds only a time of day
	FieldOutcome     = "outcome"      // a value mapped by Preset.Outcomes
	FieldHandle      = "handle"       // handle time (talk + hold + after-call work)
	FieldHandleStart = "handle_start" // handle time as end − start, when there is no handle column
	FieldHandleEnd   = "handle_end"
	FieldWait        = "wait" // time waiting before answer or abandonment
	FieldWaitStart   = "wait_start"
	FieldWaitEnd     = "wait_end"
	FieldQueue       = "queue"
	FieldChannel     = "channel"
	FieldCount       = "count"     // aggregated rows: contacts offered in the interval
	FieldAbandoned   = "abandoned" // aggregated rows: of which abandoned
	FieldAHT         = "aht"       // aggregated rows: mean handle time of the answered
	FieldASA         = "asa"       // aggregated rows: mean wait of the answered
)

// Fields lists every field a mapping may name, in documentation order.
var Fields = []string{FieldArrival, FieldDate, FieldOutcome, FieldHandle, FieldHandleStart, FieldHandleEnd,
	FieldWait, FieldWaitStart, FieldWaitEnd, FieldQueue, FieldChannel, FieldCount, FieldAbandoned, FieldAHT, FieldASA}

// Outcome is what became of a contact.
type Outcome uint8

// Outcomes. Offered = Answered + Abandoned; Excluded contacts (not real
// contacts: Technion's PHANTOM, test calls) are counted but not offered.
const (
	Answered Outcome = iota + 1
	Abandoned
	Excluded
)

func (o Outcome) String() string {
	switch o {
	case Answered:
		return "answered"
	case Abandoned:
		return "abandoned"
	case Excluded:
		return "excluded"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// MarshalText writes the outcome's name, for JSON.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads "answered", "abandoned" or "excluded".
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := ParseOutcome(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// ParseOutcome reads "answered", "abandoned" or "excluded".
func ParseOutcome(s string) (Outcome, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "answered":
		return Answered, nil
	case "abandoned":
		return Abandoned, nil
	case "excluded":
		return Excluded, nil
	}
	return 0, fmt.Errorf("outcome %q: want answered, abandoned or excluded", s)
}

// Preset is a mapping from wfm's fields to a file's columns plus how to read
// the values. The zero value of each setting is stated beside it.
type Preset struct {
	Name        string
	Description string // one line, for --list-presets
	Expects     string // what the file should look like, for --list-presets

	// Map names the column of each field (see Fields). Rows are aggregated
	// when FieldCount is mapped, single contacts otherwise. FieldArrival is
	// required.
	Map map[string]string
	// Optional lists fields whose column may be missing from a file; the
	// fixed Queue or Channel then apply. Empty: every mapped column is
	// required.
	Optional []string
	// Formats says how to read each field's values: for times a Go layout
	// or FormatAuto, FormatRFC3339, FormatExcel; for times of day (arrival
	// with a date column) also FormatClock or FormatDayFraction; for
	// durations FormatSeconds, FormatClock, FormatDayFraction, FormatGo or
	// FormatAuto. A missing entry means FormatAuto.
	Formats map[string]string
	// Outcomes maps outcome values (compared case-insensitively, trimmed)
	// to outcomes. Values not listed are rejected. Empty: with an outcome
	// column every value is rejected; without one every contact is answered.
	Outcomes map[string]Outcome
	// Channels renames channel values (case-insensitive); values not listed
	// are lower-cased. Empty: lower-cased.
	Channels map[string]string
	// Pattern, when set, is a regular expression matched against the
	// arrival column instead of a time layout: named groups year, month,
	// day and index (or hour, minute, second) give the date and time; the
	// time of day is PatternStart + (index−1)·PatternStep.
	Pattern      string
	PatternStart time.Duration
	PatternStep  time.Duration
	// NonNegative names columns of durations that must not be negative.
	// Rows where one is negative are imported but counted as warnings.
	NonNegative []string
	// Timezone is the IANA zone the file's naive times are in, when the
	// caller has none. Empty: UTC.
	Timezone string
	// Queue and Channel are used when the field is not mapped (or its
	// column is optional and missing). Empty: "main" and "voice".
	Queue, Channel string
	// Exclude lists rules that exclude a single-contact row (counted, not
	// offered) before anything else is read from it. Empty: none.
	Exclude []ExcludeRule
	// Derive names a derivation (see Derivations) that adds columns
	// computed from each JSON record, for exports whose facts are spread
	// over arrays. Empty: none.
	Derive string
	// Totals marks aggregated fields (aht, asa) whose column holds the
	// total seconds over a count rather than a mean, each naming the
	// column of that count ("" for the row's answered contacts), as
	// interval tables store them (Avaya CMS anstime, Cisco HandleTime).
	// Empty: aht and asa are means over the answered.
	Totals map[string]string
	// LengthColumn names the column holding each aggregated row's length
	// in minutes (Avaya CMS's intrvl). Empty: RowLength, else inferred
	// (see endAggregated).
	LengthColumn string
	// RowLength is the length of every aggregated row, when the file
	// does not say. Zero: LengthColumn, else inferred.
	RowLength time.Duration
	// MaxWait bounds wait times for this shape when Options.MaxWait is
	// zero: a ticket's first reply may come days after it was opened.
	// Zero: 12h.
	MaxWait time.Duration
}

// ExcludeRule excludes the rows whose Column holds one of Values (compared
// case-insensitively, trimmed; "" matches an empty or missing value), or,
// with Not set, every row whose value is not one of them.
type ExcludeRule struct {
	Column string
	Values []string
	Not    bool
	Reason string // the exclusion's reason in the summary
}

// Presets returns the built-in presets, one for each real file shape wfm is
// tested on (see ../shared/data/README.md), sorted by name.
func Presets() []Preset {
	ps := []Preset{
		{
			Name:        "technion",
			Description: "Technion 'Anonymous Bank' per-call log (Israel, 1999)",
			Expects:     "tab-separated; date YYMMDD, vru_entry H:MM:SS arrival, outcome AGENT/HANG/PHANTOM, ser_time and q_time in seconds",
			Map: map[string]string{
				FieldDate: "date", FieldArrival: "vru_entry", FieldOutcome: "outcome",
				FieldHandle: "ser_time", FieldWait: "q_time",
			},
			Formats: map[string]string{
				FieldDate: "060102", FieldArrival: FormatClock,
				FieldHandle: FormatSeconds, FieldWait: FormatSeconds,
			},
			Outcomes:    map[string]Outcome{"AGENT": Answered, "HANG": Abandoned, "PHANTOM": Excluded},
			NonNegative: []string{"vru_time"},
			Timezone:    "Asia/Jerusalem",
			Channel:     "voice",
		},
		{
			Name:        "usbank",
			Description: "US bank calls per 5 minutes (fpp3 bank_calls, 2003)",
			Expects:     "CSV; DateTime like 2003-03-03T07:00:00Z (the Z is ignored: the bank's local clock), Calls = contacts in the interval",
			Map:         map[string]string{FieldArrival: "DateTime", FieldCount: "Calls"},
			Formats:     map[string]string{FieldArrival: "2006-01-02T15:04:05Z"},
			Timezone:    "America/New_York",
			Channel:     "voice",
		},
		{
			Name:         "usbank-fpp2",
			Description:  "US bank calls per 5 minutes, fpp2 'calls' with R row names (2003)",
			Expects:      "CSV; rownames like X3.3.20031 = day.month.year then the 5-minute interval index from 1 (07:00), x = contacts",
			Map:          map[string]string{FieldArrival: "rownames", FieldCount: "x"},
			Pattern:      `^X(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?P<index>\d{1,3})$`,
			PatternStart: 7 * time.Hour,
			PatternStep:  5 * time.Minute,
			Timezone:     "America/New_York",
			Channel:      "voice",
		},
		{
			Name:        "pwc",
			Description: "PwC 'Call Centre Trends' workbook (2021)",
			Expects:     "xlsx; Date as text, Time and AvgTalkDuration as Excel day fractions, Answered (Y/N), Speed of answer in seconds",
			Map: map[string]string{
				FieldDate: "Date", FieldArrival: "Time", FieldOutcome: "Answered (Y/N)",
				FieldHandle: "AvgTalkDuration", FieldWait: "Speed of answer in seconds",
			},
			Formats: map[string]string{
				FieldDate: FormatAuto, FieldArrival: FormatDayFraction,
				FieldHandle: FormatDayFraction, FieldWait: FormatSeconds,
			},
			Outcomes: map[string]Outcome{"Y": Answered, "N": Abandoned},
			Channel:  "voice",
		},
		{
			// Fields from the Amazon Connect Administrator Guide, "Contact
			// records data model": Queue.EnqueueTimestamp, Queue.Duration
			// (seconds in queue), Agent (null when no agent took the
			// contact), Agent.AgentInteractionDuration, CustomerHoldDuration
			// and AfterContactWorkDuration (seconds; handle time is their
			// sum, as Connect's "Average handle time" metric).
			Name:        "amazon-connect",
			Description: "Amazon Connect contact records (CTR), as Kinesis Firehose or the S3 export writes them",
			Expects:     "JSON objects, one a line or concatenated; Queue.EnqueueTimestamp RFC 3339; Agent null = abandoned; a contact that never queued is excluded",
			Map: map[string]string{
				FieldArrival: "Queue.EnqueueTimestamp", FieldOutcome: "Agent.ConnectedToAgentTimestamp",
				FieldHandle: "Agent.AgentInteractionDuration+Agent.CustomerHoldDuration+Agent.AfterContactWorkDuration",
				FieldWait:   "Queue.Duration", FieldQueue: "Queue.Name", FieldChannel: "Channel",
			},
			Optional: []string{FieldOutcome, FieldHandle, FieldWait},
			Formats:  map[string]string{FieldArrival: FormatRFC3339, FieldHandle: FormatSeconds, FieldWait: FormatSeconds},
			Outcomes: map[string]Outcome{"": Abandoned, "*": Answered},
			Channels: map[string]string{"VOICE": "voice", "CHAT": "chat", "TASK": "task", "EMAIL": "email"},
			Exclude:  []ExcludeRule{{Column: "Queue.EnqueueTimestamp", Values: []string{""}, Reason: "never queued (IVR only or outbound)"}},
		},
		{
			// Genesys Cloud analytics conversation details, read through the
			// genesys-conversation derivation (see deriveGenesys).
			Name:        "genesys-cloud",
			Description: "Genesys Cloud conversation detail records (analytics details query or export)",
			Expects:     "JSON: {\"conversations\": [...]}, an array, or one conversation a line; participants → sessions → segments; the first agent interact segment is the answer",
			Map: map[string]string{
				FieldArrival: "acd.start", FieldOutcome: "agent.answered", FieldHandle: "agent.handle",
				FieldWait: "acd.wait", FieldQueue: "acd.queueId", FieldChannel: "acd.mediaType",
			},
			Formats:  map[string]string{FieldArrival: FormatRFC3339, FieldHandle: FormatSeconds, FieldWait: FormatSeconds},
			Outcomes: map[string]Outcome{"": Abandoned, "*": Answered},
			Exclude:  []ExcludeRule{{Column: "acd.start", Values: []string{""}, Reason: "never queued (no acd participant)"}},
			Derive:   "genesys-conversation",
		},
		{
			// Five9's Call Log report exported as CSV: one row a call.
			Name:        "five9",
			Description: "Five9 Call Log report (CSV)",
			Expects:     "CSV; TIMESTAMP like Mon, 6 Mar 2023 09:01:12; ABANDONED 0/1; QUEUE WAIT TIME and HANDLE TIME as H:MM:SS; CALL TYPE other than Inbound excluded",
			Map: map[string]string{
				FieldArrival: "TIMESTAMP", FieldOutcome: "ABANDONED", FieldHandle: "HANDLE TIME",
				FieldWait: "QUEUE WAIT TIME", FieldQueue: "SKILL",
			},
			Formats:  map[string]string{FieldArrival: "Mon, 2 Jan 2006 15:04:05", FieldHandle: FormatClock, FieldWait: FormatClock},
			Outcomes: map[string]Outcome{"0": Answered, "1": Abandoned},
			Exclude:  []ExcludeRule{{Column: "CALL TYPE", Values: []string{"Inbound"}, Not: true, Reason: "not inbound"}},
			Channel:  "voice",
		},
		{
			// Avaya CMS's historical split/skill interval table hsplit, as
			// exported by a query (SELECT * FROM hsplit), ';'-separated:
			// the column names are the table's (as listed by
			// hugo-nascimento/avaya-cms-informix-chamadas, which exports
			// it). starttime is hhmm, intrvl the row's length in minutes,
			// anstime, acdtime and acwtime total seconds over acdcalls.
			// CMS's standard calculations: ASA = anstime / acdcalls, AHT =
			// (acdtime + acwtime) / acdcalls (Avaya CMS Database Items
			// and Calculations); offered here = acdcalls + abncalls
			// (answered + abandoned, as DESIGN.md defines it; CMS's own
			// callsoffered also counts calls that flowed out or were
			// busied).
			Name:         "avaya-cms",
			Description:  "Avaya CMS split/skill interval table (hsplit) export",
			Expects:      "delimited; row_date date, starttime hhmm (800 = 08:00), intrvl minutes, split, acdcalls, abncalls, anstime/acdtime/acwtime total seconds",
			Map:          map[string]string{FieldDate: "row_date", FieldArrival: "starttime", FieldQueue: "split", FieldCount: "acdcalls+abncalls", FieldAbandoned: "abncalls", FieldAHT: "acdtime+acwtime", FieldASA: "anstime"},
			Formats:      map[string]string{FieldArrival: FormatHHMM, FieldAHT: FormatSeconds, FieldASA: FormatSeconds},
			Totals:       map[string]string{FieldAHT: "acdcalls", FieldASA: "acdcalls"},
			LengthColumn: "intrvl",
			Channel:      "voice",
		},
		{
			// Cisco Unified CCE / ICM Call_Type_Interval rows (15 or 30
			// minutes, as the system is configured), exported as CSV with
			// the table's column names. DateTime is the interval start in
			// the central controller's local time. HandleTime is total
			// seconds of talk, hold and after-call work of the calls
			// handled (CUIC Report Template Reference Guide 8.0(4),
			// "Handle Time"), so AHT = HandleTime / CallsHandled; ASA =
			// AnswerWaitTime / CallsAnswered (WebView Template Reference
			// Guide 7.5(1), Call Type reports). Offered here = CallsHandled
			// + TotalCallsAband; Cisco's CallsOffered also counts calls
			// routed elsewhere, errors and RONA.
			Name:        "cisco-ucce",
			Description: "Cisco Unified CCE Call_Type_Interval table export",
			Expects:     "CSV; DateTime like 2026-03-02 08:00:00 (interval start), CallTypeID, CallsHandled, TotalCallsAband, HandleTime and AnswerWaitTime total seconds, CallsAnswered",
			Map: map[string]string{FieldArrival: "DateTime", FieldQueue: "CallTypeID", FieldCount: "CallsHandled+TotalCallsAband",
				FieldAbandoned: "TotalCallsAband", FieldAHT: "HandleTime", FieldASA: "AnswerWaitTime"},
			Formats: map[string]string{FieldAHT: FormatSeconds, FieldASA: FormatSeconds},
			Totals:  map[string]string{FieldAHT: "CallsHandled", FieldASA: "CallsAnswered"},
			Channel: "voice",
		},
		{
			// Twilio TaskRouter tasks as the Tasks list resource returns
			// them (GET /v1/Workspaces/{sid}/Tasks: {"tasks": [...]}) or
			// one a line. Fields of the Task resource (twilio-go
			// TaskrouterV1Task): date_created, assignment_status (pending,
			// reserved, assigned, canceled, wrapping, completed),
			// task_queue_friendly_name, task_channel_unique_name. A task
			// canceled before a worker accepted it is abandoned (the
			// caller hung up, or its timeout passed); one still pending or
			// reserved has no outcome yet and is excluded. The resource
			// has no wait or handle time.
			Name:        "twilio-taskrouter",
			Description: "Twilio TaskRouter / Flex tasks (Tasks list resource, JSON)",
			Expects:     "JSON: {\"tasks\": [...]} or one task a line; date_created ISO 8601; assignment_status canceled = abandoned, pending/reserved excluded",
			Map: map[string]string{FieldArrival: "date_created", FieldOutcome: "assignment_status",
				FieldQueue: "task_queue_friendly_name", FieldChannel: "task_channel_unique_name"},
			Optional: []string{FieldQueue, FieldChannel},
			Formats:  map[string]string{FieldArrival: FormatRFC3339},
			Outcomes: map[string]Outcome{"assigned": Answered, "wrapping": Answered, "completed": Answered,
				"canceled": Abandoned, "pending": Excluded, "reserved": Excluded},
			Channels: map[string]string{"default": "task"},
			Queue:    "main",
			Channel:  "task",
		},
		{
			// Zendesk tickets as the Tickets API and the incremental
			// export return them ({"tickets": [...]}, or one a line as
			// the account's JSON data export writes them), with their
			// metric set (include=metric_sets, or the data export's
			// metric_set): created_at, via.channel, group_id, status and
			// metric_set.reply_time_in_minutes.calendar (the first reply
			// time, Zendesk's Ticket Metrics). Every ticket is answered
			// (deferred work has no abandonment); the first reply time is
			// its wait, unknown until an agent replies. Deleted tickets
			// are excluded.
			Name:        "zendesk",
			Description: "Zendesk tickets with their metric set (Tickets API, incremental or JSON data export)",
			Expects:     "JSON: {\"tickets\": [...]} or one ticket a line; created_at ISO 8601; via.channel; metric_set.reply_time_in_minutes.calendar = first reply (minutes)",
			Map: map[string]string{FieldArrival: "created_at", FieldChannel: "via.channel", FieldQueue: "group_id",
				FieldWait: "metric_set.reply_time_in_minutes.calendar"},
			Optional: []string{FieldQueue, FieldWait},
			Formats:  map[string]string{FieldArrival: FormatRFC3339, FieldWait: FormatMinutes},
			Channels: map[string]string{"web": "web", "email": "email", "voice": "voice", "chat": "chat", "native_messaging": "messaging", "api": "api"},
			Exclude:  []ExcludeRule{{Column: "status", Values: []string{"deleted"}, Reason: "deleted"}},
			MaxWait:  30 * 24 * time.Hour,
			Queue:    "main",
			Channel:  "email",
		},
		{
			// Freshdesk tickets as the List All Tickets API returns them
			// with include=stats (a JSON array): created_at, source (1
			// email, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10
			// outbound email), group_id and stats.first_responded_at.
			// The first reply time is first_responded_at − created_at;
			// outbound email is not a contact and is excluded.
			Name:        "freshdesk",
			Description: "Freshdesk tickets (List All Tickets API with include=stats, JSON)",
			Expects:     "JSON array of tickets; created_at and stats.first_responded_at ISO 8601; source 1/2/3/7/9 (10, outbound email, excluded)",
			Map: map[string]string{FieldArrival: "created_at", FieldChannel: "source", FieldQueue: "group_id",
				FieldWaitStart: "created_at", FieldWaitEnd: "stats.first_responded_at"},
			Optional: []string{FieldQueue, FieldWaitStart, FieldWaitEnd},
			Formats:  map[string]string{FieldArrival: FormatRFC3339},
			Channels: map[string]string{"1": "email", "2": "web", "3": "voice", "7": "chat", "9": "web"},
			Exclude:  []ExcludeRule{{Column: "source", Values: []string{"10"}, Reason: "outbound email"}},
			MaxWait:  30 * 24 * time.Hour,
			Queue:    "main",
			Channel:  "email",
		},
		{
			Name:        "nyc311",
			Description: "NYC Open Data 311 service requests",
			Expects:     "CSV; Created Date like 06/20/2016 10:04:21 PM; optional Open Data Channel Type PHONE/ONLINE/MOBILE/UNKNOWN",
			Map:         map[string]string{FieldArrival: "Created Date", FieldChannel: "Open Data Channel Type"},
			Optional:    []string{FieldChannel},
			Formats:     map[string]string{FieldArrival: "01/02/2006 03:04:05 PM"},
			Channels:    map[string]string{"PHONE": "voice", "ONLINE": "web", "MOBILE": "mobile", "UNKNOWN": "unknown"},
			Timezone:    "America/New_York",
			Queue:       "311",
			Channel:     "unknown",
		},
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}

// LookupPreset returns the built-in preset with the given name.
func LookupPreset(name string) (Preset, error) {
	var names []string
	for _, p := range Presets() {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Preset{}, fmt.Errorf("importers: %w %q: want one of %s", ErrUnknownPreset, name, strings.Join(names, ", "))
}

// MappingString writes p.Map as field=column pairs in Fields order.
func (p Preset) MappingString() string {
	var parts []string
	for _, f := range Fields {
		if c, ok := p.Map[f]; ok {
			parts = append(parts, f+"="+c)
		}
	}
	return strings.Join(parts, ",")
}

// Clone returns a deep copy of p, safe to modify.
func (p Preset) Clone() Preset {
	q := p
	q.Map = cloneMap(p.Map)
	q.Formats = cloneMap(p.Formats)
	q.Channels = cloneMap(p.Channels)
	q.Outcomes = make(map[string]Outcome, len(p.Outcomes))
	for k, v := range p.Outcomes {
		q.Outcomes[k] = v
	}
	q.Optional = append([]string(nil), p.Optional...)
	q.Exclude = append([]ExcludeRule(nil), p.Exclude...)
	q.NonNegative = append([]string(nil), p.NonNegative...)
	if p.Totals != nil {
		q.Totals = cloneMap(p.Totals)
	}
	return q
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
