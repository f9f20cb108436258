// Command wfm plans contact-center staffing: it imports contact logs, forecasts
// volume and handle time, computes required agents with Erlang math, builds
// shift rosters and validates them. See README.md and DESIGN.md.
package main

import "os"

func main() { os.Exit(Main()) }
