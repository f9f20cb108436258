package main

import (
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-project/wfm/importers/csvcell"
	"github.com/wfm-project/wfm/scheduling"
	"github.com/xuri/excelize/v2"
)

func init() { registerCommand((*app).validateCommand) }

type validateOptions struct {
	requirements string
	out          string
	gates        scheduling.Gates
	simulate     int // replications; 0 = judge service levels by the Erlang formula
	changed      map[string]bool
}

func (a *app) validateCommand() *cobra.Command {
	var o validateOptions
	cmd := &cobra.Command{
		Use:   "validate ROSTER",
		Short: "Check a roster against staffing targets and labour rules (exit 0 pass, 1 fail)",
		Long: `Recompute the service level each interval gets from the roster's net staff
(breaks removed, shrinkage applied), check each queue's service-level target
per day (volume-weighted) and every labour rule, and exit 0 when all hold, 1
when a target or rule fails, 2 on bad input.

ROSTER is roster.csv or a workbook written by wfm schedule or wfm plan (its
Activities sheet). --format junit writes JUnit XML for CI systems.
--simulate N judges the service levels by N replications of wfm simulate
(agents routed by their skills) instead of the Erlang formula.`,
		Example: `  wfm validate roster.csv --requirements requirements.csv --config wfm.yaml
  wfm validate plan.xlsx --requirements requirements.csv --format junit -o report.xml
  wfm validate roster.csv --requirements requirements.csv --min-interval-sl 0.5 --max-understaffed-intervals 10
  wfm validate roster.csv --requirements requirements.csv --simulate 20   # simulated service levels`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.changed = map[string]bool{}
			cmd.Flags().Visit(func(f *pflag.Flag) { o.changed[f.Name] = true })
			return a.runValidate(args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.requirements, "requirements", "", "requirements.csv the roster must meet (required)")
	f.StringVarP(&o.out, "output", "o", "", "write the report to FILE (.xml JUnit, .json, .csv, .xlsx; default: stdout)")
	f.Float64Var(&o.gates.MinIntervalSL, "min-interval-sl", 0, "fail any interval whose service level is below this, e.g. 0.5 (default config validate.min_interval_sl; 0 = off)")
	f.IntVar(&o.gates.MaxUnderstaffedIntervals, "max-understaffed-intervals", -1, "fail when more intervals than this are understaffed (default config validate.max_understaffed_intervals; -1 = off)")
	f.IntVar(&o.simulate, "simulate", 0, "judge service levels by N replications of wfm simulate instead of the Erlang formula (seed: simulate.seed)")
	return cmd
}

func (a *app) runValidate(rosterPath string, o validateOptions) error {
	if err := refuseInputAsOutput("-o", o.out, rosterPath, o.requirements); err != nil {
		return err
	}
	if o.requirements == "" {
		return withHint(errors.New("--requirements is required"), "give the requirements.csv the roster was built for, e.g. --requirements requirements.csv")
	}
	if !o.changed["min-interval-sl"] {
		o.gates.MinIntervalSL = a.cfg.Validate.MinIntervalSL
	}
	if !o.changed["max-understaffed-intervals"] && a.cfg.Validate.MaxUnderstaffedIntervals != nil {
		o.gates.MaxUnderstaffedIntervals = *a.cfg.Validate.MaxUnderstaffedIntervals
	}
	if o.gates.MinIntervalSL < 0 || o.gates.MinIntervalSL >= 1 {
		return fmt.Errorf("--min-interval-sl %v: want a fraction in [0, 1), e.g. 0.5", o.gates.MinIntervalSL)
	}
	format := a.outFormat()
	if o.out != "" && !o.changed["format"] {
		switch outputKind(o.out) {
		case "xml":
			format = "junit"
		case "json":
			format = "json"
		case "csv":
			format = "csv"
		case "xlsx":
			format = "xlsx"
		default:
			format = "table"
		}
	}
	roster, err := readRosterFile(rosterPath)
	if err != nil {
		return err
	}
	reqs, err := a.readRequirementsFile(o.requirements)
	if err != nil {
		return err
	}
	v, err := a.validateRoster(reqs, roster, o.gates)
	if err != nil {
		return err
	}
	if o.changed["simulate"] {
		if v, err = a.simulatedVerdict(v, reqs, roster, o.simulate, o.gates); err != nil {
			return err
		}
	}
	render := func(w io.Writer) error { return renderVerdict(w, v, format) }
	if o.out != "" {
		if err := writeFileAtomic(o.out, a.stdout, render); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "%d checks, %d failed; report written to %s\n", len(v.Checks), v.Failed(), o.out)
	} else if err := render(a.stdout); err != nil {
		return err
	}
	if !v.Passed {
		return checkFailedf("roster %s fails %d of %d checks", rosterPath, v.Failed(), len(v.Checks))
	}
	return nil
}

// validateRoster builds the problem from config and requirements and runs
// the domain's validation.
func (a *app) validateRoster(reqs []scheduling.Requirement, roster []scheduling.Activity, g scheduling.Gates) (scheduling.Verdict, error) {
	queues, err := a.cfg.queueTargets()
	if err != nil {
		return scheduling.Verdict{}, err
	}
	p, err := a.schedulingProblem(reqs)
	if err != nil {
		return scheduling.Verdict{}, err
	}
	return scheduling.Validate(p, reqs, queues, roster, g)
}

// activitiesSheet is the workbook sheet holding roster.csv's rows.
const activitiesSheet = "Activities"

// readRosterFile reads roster.csv, or the Activities sheet of a workbook,
// refusing activities outside the years an interval may have.
func readRosterFile(path string) ([]scheduling.Activity, error) {
	acts, err := readRosterRows(path)
	if err != nil {
		return nil, err
	}
	for i, a := range acts {
		row := fmt.Sprintf("%s: activity %d (agent %q)", path, i+1, a.Agent)
		if err := checkYear(row+" start", a.Start); err != nil {
			return nil, err
		}
		if err := checkYear(row+" end", a.End); err != nil {
			return nil, err
		}
	}
	return acts, nil
}

func readRosterRows(path string) ([]scheduling.Activity, error) {
	if outputKind(path) != "xlsx" {
		f, err := openCSV(path, "roster.csv")
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return scheduling.ReadRoster(f, path)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	x, err := openWorkbook(file, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer x.Close()
	rows, err := x.Rows(activitiesSheet)
	if err != nil {
		return nil, withHint(fmt.Errorf("%s: no %s sheet", path, activitiesSheet), "validate reads workbooks written by wfm schedule or wfm plan; or pass roster.csv")
	}
	defer rows.Close()
	// Reuse the CSV reader, so a workbook is checked exactly like a CSV;
	// the rows are streamed to it through a pipe, one at a time.
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- streamRowsCSV(pw, rows, path)
	}()
	acts, err := scheduling.ReadRoster(pr, path+"["+activitiesSheet+"]")
	pr.CloseWithError(io.ErrClosedPipe) // ends the writer if the reader stopped early
	if werr := <-done; werr != nil && !errors.Is(werr, io.ErrClosedPipe) {
		return nil, werr // the sheet's own error, not the CSV reader's view of it
	}
	return acts, err
}

// streamRowsCSV writes a sheet's rows to pw as CSV, within the limits of
// nextSheetRow, and closes pw.
func streamRowsCSV(pw *io.PipeWriter, rows *excelize.Rows, path string) error {
	cw := csv.NewWriter(pw)
	n := 0
	for {
		r, err := nextSheetRow(rows, activitiesSheet, &n)
		if err == io.EOF {
			break
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", path, err)
			pw.CloseWithError(err)
			return err
		}
		for i := range r {
			r[i] = csvcell.Escape(r[i]) // the reader unescapes
		}
		if err := cw.Write(r); err != nil {
			pw.CloseWithError(err)
			return err
		}
	}
	cw.Flush()
	err := cw.Error()
	pw.CloseWithError(err)
	return err
}

// renderVerdict writes the verdict as a table, CSV, JSON or JUnit XML.
func renderVerdict(w io.Writer, v scheduling.Verdict, format string) error {
	switch format {
	case "json":
		return printJSON(w, v)
	case "junit":
		return writeJUnit(w, v)
	case "xlsx":
		sh := xlsxSheet{Name: "Checks", Header: []string{"suite", "check", "status", "detail", "failures"}, Widths: map[int]float64{1: 16, 2: 30, 3: 8, 4: 70, 5: 90}}
		for _, c := range v.Checks {
			status := "pass"
			if !c.Passed {
				status = "fail"
			}
			sh.Rows = append(sh.Rows, []xlsxCell{c.Suite, c.Name, status, c.Detail, strings.Join(c.Failures, "; ")})
		}
		return writeXLSXTable(w, sh)
	}
	t := table{Header: []string{"suite", "check", "status", "detail"}}
	for _, c := range v.Checks {
		status := "pass"
		if !c.Passed {
			status = "FAIL"
		}
		detail := c.Detail
		if len(c.Failures) > 0 && format == "table" {
			shown := c.Failures
			if len(shown) > 3 {
				shown = append(append([]string(nil), shown[:3]...), fmt.Sprintf("… and %d more", len(c.Failures)-3))
			}
			detail += "\n" + strings.Join(shown, "\n")
		}
		t.Rows = append(t.Rows, []string{c.Suite, c.Name, status, detail})
	}
	if err := t.print(w, format); err != nil {
		return err
	}
	if format == "table" {
		verdict := "PASS"
		if !v.Passed {
			verdict = "FAIL"
		}
		fmt.Fprintf(w, "%s: %d checks, %d failed; %d of %d intervals understaffed, coverage %.1f%%\n", verdict, len(v.Checks), v.Failed(), v.Understaffed, v.Intervals, 100*v.CoverageRate)
	}
	return nil
}

// JUnit XML as CI systems read it (the de facto schema of Ant's JUnit
// report: testsuites > testsuite > testcase > failure).
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, v scheduling.Verdict) error {
	out := junitSuites{Name: "wfm validate"}
	idx := map[string]int{}
	for _, c := range v.Checks {
		i, ok := idx[c.Suite]
		if !ok {
			i = len(out.Suites)
			idx[c.Suite] = i
			out.Suites = append(out.Suites, junitSuite{Name: c.Suite})
		}
		s := &out.Suites[i]
		jc := junitCase{Name: c.Name, Classname: "wfm." + strings.ReplaceAll(c.Suite, " ", "_"), SystemOut: c.Detail}
		if !c.Passed {
			jc.Failure = &junitFailure{Message: c.Detail, Text: strings.Join(c.Failures, "\n")}
			s.Failures++
			out.Failures++
		}
		s.Tests++
		out.Tests++
		s.Cases = append(s.Cases, jc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
