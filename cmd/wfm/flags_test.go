package main

import (
	"flag"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// update rewrites golden files and testscript expectations.
var update = flag.Bool("update", false, "update golden files and script expectations")

func TestVCSText(t *testing.T) {
	bi := &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0f3c19245aa1b2c3d4e5f60718293a4b5c6d7e8f"}, {Key: "vcs.time", Value: "2026-12-04T05:22:15Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := vcsText(bi), "commit 0f3c19245aa1 of 2026-12-04T05:22:15Z, with uncommitted changes, "; got != want {
		t.Errorf("vcsText = %q, want %q", got, want)
	}
	if got := vcsText(&debug.BuildInfo{}); got != "" {
		t.Errorf("no VCS settings: %q", got)
	}
}

// TestHelpDefaultsOnce renders every command's help: no flag may show two
// defaults, ours and pflag's.
func TestHelpDefaultsOnce(t *testing.T) {
	a := &app{}
	root := a.rootCommand()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		usage := c.LocalFlags().FlagUsages()
		for _, line := range strings.Split(usage, "\n") {
			if strings.Count(line, "(default ") > 1 {
				t.Errorf("%s: %s", c.CommandPath(), strings.TrimSpace(line))
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// TestFlagCompletion checks that --format, --preset and --model complete
// to their values, not to file names.
func TestFlagCompletion(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "forecast", "--model", ""}, "poisson"},
		{[]string{"__complete", "import", "--preset", ""}, "technion\t"},
		{[]string{"__complete", "erlang", "--format", ""}, "json"},
		{[]string{"__complete", "validate", "--format", ""}, "junit\t"},
	} {
		var out, errb strings.Builder
		run(c.args, strings.NewReader(""), &out, &errb)
		if !strings.Contains(out.String(), c.want) || !strings.Contains(out.String(), ":4") {
			t.Errorf("%v: completions %q, want %q and no file names (:4)", c.args, out.String(), c.want)
		}
	}
}
