package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at link time: -ldflags "-X main.version=v1.2.3".
var version = ""

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print wfm's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bi, _ := debug.ReadBuildInfo()
			fmt.Fprintf(a.stdout, "wfm %s (%s%s)\n", buildVersion(), vcsText(bi), runtime.Version())
			return nil
		},
	}
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// vcsText is the commit the binary was built from, as the go command
// records it (vcs.revision, vcs.time, vcs.modified; see `go help
// buildinfo`), followed by ", "; "" when the build has none (go test, or a
// build outside a checkout or with -buildvcs=false).
func vcsText(bi *debug.BuildInfo) string {
	if bi == nil {
		return ""
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := "commit " + rev
	if at != "" {
		out += " of " + at
	}
	if dirty {
		out += ", with uncommitted changes"
	}
	return out + ", "
}
