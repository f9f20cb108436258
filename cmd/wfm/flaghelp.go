package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/wfm-project/wfm/forecast"
	"github.com/wfm-project/wfm/importers"
)

// oneDefaultInHelp keeps pflag from adding its own "(default X)" to a
// flag whose usage already says its default, which for most of ours is a
// config key first ("default forecast.horizon, 14d"): help then shows each
// default once.
func oneDefaultInHelp(cmd *cobra.Command) {
	fix := func(f *pflag.Flag) {
		if !strings.Contains(f.Usage, "(default ") {
			return
		}
		switch f.Value.Type() {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
			f.DefValue = "0"
		case "duration":
			f.DefValue = "0s"
		case "bool":
			f.DefValue = "false"
		default:
			f.DefValue = ""
		}
	}
	cmd.Flags().VisitAll(fix)
	cmd.PersistentFlags().VisitAll(fix)
	for _, c := range cmd.Commands() {
		oneDefaultInHelp(c)
	}
}

// flagValues are the values shell completion offers for flags that take
// one of a fixed set, by flag name.
func flagValues() map[string][]string {
	var presets []string
	for _, p := range importers.Presets() {
		presets = append(presets, p.Name+"\t"+p.Description)
	}
	return map[string][]string{
		"format":  {"table", "csv", "json", "junit\tvalidate only"},
		"preset":  presets,
		"model":   append([]string{"auto\tchoose per queue by backtest WAPE"}, forecast.ModelNames()...),
		"channel": channels,
	}
}

// registerCompletions makes shell completion offer those values, not file
// names, on every command that has the flag.
func registerCompletions(root *cobra.Command) {
	values := flagValues()
	complete := func(vs []string) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return vs, cobra.ShellCompDirectiveNoFileComp
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if vs, ok := values[f.Name]; ok {
				_ = c.RegisterFlagCompletionFunc(f.Name, complete(vs))
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	_ = root.RegisterFlagCompletionFunc("format", complete(values["format"]))
}
