package erlang

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The reference files live in the project's shared folder, beside the
// repository. The tables in the other tests copy their key values, so the
// package is still checked where shared/ is absent.
const referenceDir = "../../shared/reference/"

func readReference(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(referenceDir + name)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("reference file %s%s absent (shared/ not checked out beside the repository); the copied tables still run", referenceDir, name)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.FieldsPerRecord = -1 // erlang_published_cases.csv has an unquoted comma in its last column
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		if len(row) < len(rows[0]) {
			t.Fatalf("%s: short row %q", name, row)
		}
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		last := len(rows[0]) - 1
		m[rows[0][last]] = strings.Join(row[last:], ",")
		out = append(out, m)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v
}

func seconds2(v float64) time.Duration { return time.Duration(math.Round(v * 1e9)) }

// TestReferenceGrid checks every row of erlang_bc_grid.csv (Erlang B, C,
// ASA/AHT, SL(20s) with AHT 180s, occupancy; 10 significant digits).
func TestReferenceGrid(t *testing.T) {
	rows := readReference(t, "erlang_bc_grid.csv")
	for _, r := range rows {
		a, n := num(t, r["A_erlangs"]), int(num(t, r["N_agents"]))
		q := Queue{Traffic: Erlangs(a), AHT: 180 * time.Second}
		m, err := Evaluate(q, n, 20*time.Second)
		if err != nil {
			t.Fatalf("A=%v N=%d: %v", a, n, err)
		}
		raw := rawC(a, n, 20.0/180)
		check := func(what string, got float64, want string) {
			w := num(t, want)
			if !close(got, w, 2e-9) {
				t.Errorf("A=%v N=%d %s = %.12g, want %s", a, n, what, got, want)
			}
		}
		check("erlang_b", BlockingProbability(Erlangs(a), n), r["erlang_b"])
		check("erlang_c", m.PWait, r["erlang_c_pwait"])
		check("asa/aht", raw.asa, r["asa_over_aht"])
		check("sl20", m.ServiceLevel, r["service_level_t20s_if_aht180s"])
		check("occupancy", m.Occupancy, r["occupancy"])
	}
	t.Logf("%d grid rows", len(rows))
}

// close reports |got − want| ≤ rel·|want| (or ≤ rel when want is 0).
func close(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300) || got == want
}

func rawC(a float64, n int, t float64) rawMetrics {
	m := model{a: a, aht: 1, t: t, c: 1}
	return m.eval(n, m.prevInv(n))
}

// tolerance reads the rounding_or_tolerance column: "exact" or "N decimals".
func tolerance(t *testing.T, s string) float64 {
	if s == "exact" {
		return 1e-12
	}
	d, _, ok := strings.Cut(s, " ")
	if !ok {
		t.Fatalf("tolerance %q", s)
	}
	return 0.5*math.Pow(10, -num(t, d)) + 1e-12
}

// TestReferencePublished checks every row of erlang_published_cases.csv
// (pyworkforce's tests and the Westbay Erlang-C worked example).
func TestReferencePublished(t *testing.T) {
	rows := readReference(t, "erlang_published_cases.csv")
	for _, r := range rows {
		id, metric := r["case_id"], r["metric"]
		calls, minutes, aht := num(t, r["calls_per_interval"]), num(t, r["interval_min"]), num(t, r["aht_s"])
		q := Queue{
			Traffic: Traffic(calls, seconds2(aht), time.Duration(minutes)*time.Minute),
			AHT:     seconds2(aht),
		}
		if p := r["patience_s"]; p != "" {
			q.Patience = seconds2(num(t, p))
		}
		var answer time.Duration
		if s := r["answer_target_s"]; s != "" {
			answer = seconds2(num(t, s))
		}
		targets := Targets{AnswerTime: answer}
		if s := r["target_sl"]; s != "" {
			targets.ServiceLevel = num(t, s)
		}
		if s := r["max_occupancy"]; s != "" {
			targets.MaxOccupancy = num(t, s)
		}
		agents := 0
		if s := r["agents"]; s != "" {
			agents = int(num(t, s))
		}
		want, tol := num(t, r["expected"]), tolerance(t, r["rounding_or_tolerance"])
		var got float64
		metricAt := func() Metrics {
			m, err := Evaluate(q, agents, answer)
			if err != nil {
				t.Fatalf("%s %s: %v", id, metric, err)
			}
			return m
		}
		switch {
		case strings.HasPrefix(metric, "raw_positions"):
			req, err := Required(q, targets)
			if err != nil {
				t.Fatal(err)
			}
			got = float64(req.Agents)
		case strings.HasPrefix(metric, "positions_after_shrinkage"):
			req, err := Required(q, targets)
			if err != nil {
				t.Fatal(err)
			}
			_, staff, err := Staff(float64(req.Agents), num(t, r["shrinkage"]))
			if err != nil {
				t.Fatal(err)
			}
			got = float64(staff)
		case strings.HasPrefix(metric, "min_agents_for_80pct_in_"):
			targets.ServiceLevel = 0.80
			req, err := Required(q, targets)
			if err != nil {
				t.Fatal(err)
			}
			got = float64(req.Agents)
		case strings.HasPrefix(metric, "service_level"):
			got = metricAt().ServiceLevel
		case metric == "occupancy":
			got = metricAt().Occupancy
		case metric == "waiting_probability":
			got = metricAt().PWait
		case metric == "abandonment_probability":
			got = metricAt().PAbandon
		case strings.HasPrefix(metric, "average_speed_of_answer_min"):
			got = metricAt().AvgWait.Minutes()
		case metric == "asa_s":
			got = metricAt().ASA.Seconds()
		case metric == "blocking_probability":
			got = BlockingProbability(q.Traffic, agents)
		case metric == "traffic_intensity_erlangs":
			got = float64(q.Traffic)
		default:
			t.Errorf("%s: unknown metric %q", id, metric)
			continue
		}
		if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
			t.Errorf("%s %s = %.9g, want %v (%s)", id, metric, got, want, r["rounding_or_tolerance"])
		}
	}
	t.Logf("%d published rows", len(rows))
}

// TestReferenceMTPA checks mtpa_wednesday_staffing_feb1999.csv: the
// smallest N with Erlang C P(wait) ≤ 0.5 for each hour's load, and C at N
// and N−1 (6 decimals).
func TestReferenceMTPA(t *testing.T) {
	rows := readReference(t, "mtpa_wednesday_staffing_feb1999.csv")
	for _, r := range rows {
		a := num(t, r["arrivals_per_hour_published"]) / num(t, r["service_rate_per_agent_per_hour"])
		want := int(num(t, r["servers_needed_published (min N with ErlangC P(wait)<=0.5)"]))
		got := minAgentsPWait(Erlangs(a), 0.5)
		if got != want {
			t.Errorf("hour %s: A=%.6f: N = %d, want %d", r["hour"], a, got, want)
		}
		if s := r["erlang_c_at_servers_needed"]; s != "" {
			if c := WaitProbability(Erlangs(a), got); math.Abs(c-num(t, s)) > 5.1e-7 {
				t.Errorf("hour %s: C(%d) = %.7f, want %s", r["hour"], got, c, s)
			}
		}
		if s := r["erlang_c_at_servers_needed_minus_1"]; s != "" && !strings.HasPrefix(s, ">") {
			if c := WaitProbability(Erlangs(a), got-1); math.Abs(c-num(t, s)) > 5.1e-7 {
				t.Errorf("hour %s: C(%d) = %.7f, want %s", r["hour"], got-1, c, s)
			}
		}
	}
	t.Logf("%d MTPA hours", len(rows))
}

// minAgentsPWait is the smallest N with Erlang C P(wait) ≤ p (0 for no traffic).
func minAgentsPWait(a Erlangs, p float64) int {
	if a == 0 {
		return 0
	}
	n := int(math.Floor(float64(a))) + 1
	for WaitProbability(a, n) > p {
		n++
	}
	return n
}
