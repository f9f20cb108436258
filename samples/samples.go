// Package samples holds the sample data set and config that `wfm plan` runs
// on when no config is given: the Technion SEE Center's February 1999 call
// log of an Israeli bank (see README.md for its acknowledgement), a config
// for that bank and its agents file. The files are embedded in the binary.
package samples

import "embed"

// FS holds the sample files: wfm.yaml, agents.csv and the gzip'd call log
// technion_bank_feb1999.tsv.gz, all at the root.
//
//go:embed wfm.yaml agents.csv technion_bank_feb1999.tsv.gz README.md
var FS embed.FS

// ConfigName is the sample config's file name inside FS.
const ConfigName = "wfm.yaml"
