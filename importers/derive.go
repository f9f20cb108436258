package importers

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"
)

// derivations add columns computed from a whole JSON record, by name (see
// Preset.Derive).
var derivations = map[string]func(map[string]json.RawMessage) map[string]string{
	"genesys-conversation": deriveGenesys,
}

// Derivations lists the names Preset.Derive accepts.
func Derivations() []string { return derivationNames() }

func derivationNames() []string {
	var names []string
	for k := range derivations {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

type genesysConversation struct {
	Participants []struct {
		Purpose  string `json:"purpose"`
		Sessions []struct {
			MediaType string `json:"mediaType"`
			Segments  []struct {
				SegmentType  string `json:"segmentType"`
				SegmentStart string `json:"segmentStart"`
				SegmentEnd   string `json:"segmentEnd"`
				QueueID      string `json:"queueId"`
			} `json:"segments"`
		} `json:"sessions"`
	} `json:"participants"`
}

// deriveGenesys reads a Genesys Cloud analytics conversation detail record
// (POST /api/v2/analytics/conversations/details/query, and the detail
// export jobs: conversation → participants → sessions → segments; see the
// AnalyticsConversation, AnalyticsParticipant, AnalyticsSession and
// AnalyticsConversationSegment models of the Platform API) into:
//
//   - acd.start, acd.queueId, acd.mediaType: the start, queue and media of
//     the first segment of the first participant with purpose "acd" (the
//     contact entering a queue); empty when no participant is an acd one;
//   - agent.answered: the earliest start of an "interact" segment of a
//     participant with purpose "agent" (the answer); empty when no agent
//     interacted (abandoned in queue);
//   - acd.wait: seconds from acd.start to the answer, or to the end of the
//     acd segment when there was none (the wait before abandoning);
//   - agent.handle: seconds of the agents' "interact", "hold" and "wrapup"
//     segments, Genesys's tHandle (talk + hold + after-call work).
func deriveGenesys(obj map[string]json.RawMessage) map[string]string {
	out := map[string]string{"acd.start": "", "acd.queueId": "", "acd.mediaType": "", "agent.answered": "", "acd.wait": "", "agent.handle": ""}
	raw, err := json.Marshal(obj)
	if err != nil {
		return out
	}
	var c genesysConversation
	if json.Unmarshal(raw, &c) != nil {
		return out
	}
	parse := func(s string) (time.Time, bool) {
		t, err := time.Parse(time.RFC3339Nano, s)
		return t, err == nil
	}
	var acdStart, acdEnd, answered time.Time
	handle, handleN := 0.0, 0
	for _, p := range c.Participants {
		for _, s := range p.Sessions {
			for _, g := range s.Segments {
				st, okS := parse(g.SegmentStart)
				en, okE := parse(g.SegmentEnd)
				switch p.Purpose {
				case "acd":
					if acdStart.IsZero() && okS {
						acdStart = st
						if okE {
							acdEnd = en
						}
						out["acd.start"], out["acd.queueId"], out["acd.mediaType"] = g.SegmentStart, g.QueueID, s.MediaType
					}
				case "agent":
					if g.SegmentType == "interact" && okS && (answered.IsZero() || st.Before(answered)) {
						answered = st
						out["agent.answered"] = g.SegmentStart
					}
					if (g.SegmentType == "interact" || g.SegmentType == "hold" || g.SegmentType == "wrapup") && okS && okE && !en.Before(st) {
						handle += en.Sub(st).Seconds()
						handleN++
					}
				}
			}
		}
	}
	if !acdStart.IsZero() {
		end := acdEnd
		if !answered.IsZero() {
			end = answered
		}
		if !end.IsZero() {
			out["acd.wait"] = strconv.FormatFloat(end.Sub(acdStart).Seconds(), 'f', 3, 64)
		}
	}
	if handleN > 0 {
		out["agent.handle"] = strconv.FormatFloat(handle, 'f', 3, 64)
	}
	return out
}
