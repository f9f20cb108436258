package main

import (
	"fmt"
	"github.com/wfm-project/wfm/importers/analyze"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// app carries what every command shares: the streams, the global flags and
// the config, loaded once before a command runs.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	configPath string
	format     string // table, csv, json; "" = table on a terminal, csv otherwise
	quiet      bool

	cfg *Config

	// patience and patienceFiles are the contact logs' waits, read once
	// for `patience: auto` (autoPatience).
	patience      *analyze.ContactStats
	patienceFiles string
}

// Main runs wfm with os.Args and returns the exit code. Tests call it through
// testscript.
func Main() int {
	defer cleanupOnSignal(os.Stderr)()
	return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// run is Main with explicit arguments and streams.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err != nil && strings.HasPrefix(err.Error(), "unknown command") {
		err = withHint(err, "run 'wfm help' for usage")
	}
	if err != nil {
		printError(stderr, err)
	}
	return exitCode(err)
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "wfm",
		Short: "Contact-center workforce management: import, forecast, staff, schedule, validate",
		Long: `wfm turns a contact center's own history into a staffed, rule-abiding roster.

  wfm import LOGS...      contact logs -> history.csv
  wfm analyze HISTORY     history or logs -> what happened: SL, abandonment, AHT, patience
  wfm forecast HISTORY    history -> forecast.csv
  wfm staff FORECAST      forecast -> requirements.csv (Erlang math)
  wfm schedule REQS       requirements -> roster.csv / roster.xlsx
  wfm validate ROSTER     roster -> verdict, exit 0 or 1
  wfm simulate ROSTER     roster -> simulated service level, contact by contact
  wfm plan                all of the above on one config (or the bundled sample)
  wfm erlang              one staffing answer from flags

Exit codes: 0 success, 1 a check failed, 2 usage or input error.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: a.loadConfigHook,
	}
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default ./wfm.yaml when present)")
	root.PersistentFlags().StringVar(&a.format, "format", "", "output format: table, csv or json; validate also junit (default table on a terminal, csv otherwise)")
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, "no progress bars")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return withHint(err, fmt.Sprintf("run '%s --help' for usage", c.CommandPath()))
	})
	for _, add := range commandAdders {
		root.AddCommand(add(a))
	}
	root.AddCommand(a.versionCommand())
	oneDefaultInHelp(root)
	registerCompletions(root)
	return root
}

// commandAdders is filled by each command's file in an init function, so
// that command files stay independent of one another.
var commandAdders []func(*app) *cobra.Command

func registerCommand(f func(*app) *cobra.Command) { commandAdders = append(commandAdders, f) }

func (a *app) loadConfigHook(cmd *cobra.Command, _ []string) error {
	switch {
	case a.format == "junit" && cmd.Name() == "validate":
	case a.format == "", a.format == "table", a.format == "csv", a.format == "json":
	default:
		return fmt.Errorf("invalid --format %q: want table, csv or json (junit for validate)", a.format)
	}
	if cmd.Name() == "completion" || cmd.Name() == "version" || cmd.Name() == "help" {
		return nil
	}
	path, explicit := a.configPath, a.configPath != ""
	if !explicit {
		path = "wfm.yaml"
	}
	cfg, err := loadConfig(path, explicit)
	if err != nil {
		return err
	}
	a.cfg = cfg
	cfg.patienceFor = a.autoPatience
	return nil
}
