package erlang

import (
	"encoding/json"
	"math"
	"time"
)

// Report is the flat, JSON-ready view of one staffing answer that `wfm
// erlang` and requirements.csv print. Its JSON field names are the ones in
// DESIGN.md. Wait fields are null in JSON when unbounded (overloaded).
type Report struct {
	Traffic             float64 `json:"traffic"`
	Agents              int     `json:"agents"`
	AgentsFractional    float64 `json:"agents_fractional"`
	Staff               int     `json:"staff"`
	ServiceLevel        float64 `json:"service_level"`
	AnswerTargetSeconds float64 `json:"answer_target_seconds"`
	PWait               float64 `json:"p_wait"`
	ASASeconds          Seconds `json:"asa_seconds"`
	AvgWaitSeconds      Seconds `json:"avg_wait_seconds"`
	PAbandon            float64 `json:"p_abandon"`
	Occupancy           float64 `json:"occupancy"`
}

// Seconds is a wait in seconds; +Inf (unbounded) encodes as JSON null.
type Seconds float64

// MarshalJSON writes null for an unbounded wait.
func (s Seconds) MarshalJSON() ([]byte, error) {
	if math.IsInf(float64(s), 0) || math.IsNaN(float64(s)) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(s))
}

// seconds is a wait at full precision, +Inf when unbounded.
func seconds(m Metrics, d time.Duration, s float64) Seconds {
	if m.Overloaded || d == Unbounded || math.IsInf(s, 1) {
		return Seconds(math.Inf(1))
	}
	return Seconds(s)
}

// Report returns the metrics as a Report, with staff for the given
// shrinkage (see [Staff]) and agents_fractional equal to agents.
func (m Metrics) Report(shrinkage float64) (Report, error) {
	return m.report(float64(m.Agents), shrinkage)
}

// Report returns the requirement as a Report, with staff rounded up from
// the whole agents for the given shrinkage (see [Staff]).
func (r Requirement) Report(shrinkage float64) (Report, error) {
	return r.Metrics.report(r.Fractional, shrinkage)
}

func (m Metrics) report(fractional, shrinkage float64) (Report, error) {
	_, staff, err := Staff(float64(m.Agents), shrinkage)
	if err != nil {
		return Report{}, err
	}
	return Report{
		Traffic:             float64(m.Traffic),
		Agents:              m.Agents,
		AgentsFractional:    fractional,
		Staff:               staff,
		ServiceLevel:        m.ServiceLevel,
		AnswerTargetSeconds: m.AnswerTime.Seconds(),
		PWait:               m.PWait,
		ASASeconds:          seconds(m, m.ASA, m.ASASeconds),
		AvgWaitSeconds:      seconds(m, m.AvgWait, m.AvgWaitSeconds),
		PAbandon:            m.PAbandon,
		Occupancy:           m.Occupancy,
	}, nil
}
