package main

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeCommands returns the README walk-through's commands: the `$ wfm`
// lines of its code blocks, by the script that runs them. A block whose
// first line is "# cmd/wfm/testdata/script/NAME.txtar" is run by that
// script; every other block by readme_walk.txtar, in walk/ as the
// README sets it up. It also returns the setup block's lines.
func readmeCommands(t *testing.T) (byScript map[string][]string, setup []string) {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## A walk through the commands\n")
	if start < 0 {
		t.Fatal("README.md has no walk-through section")
	}
	text = text[start+1:]
	if end := strings.Index(text[3:], "\n## "); end >= 0 {
		text = text[:end+3]
	}
	byScript = map[string][]string{}
	inBlock, first := false, false
	script := ""
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			inBlock, first, script = !inBlock, true, "readme_walk.txtar"
			if inBlock && strings.TrimPrefix(line, "```") == "sh" {
				script = "setup"
			}
			continue
		}
		if !inBlock {
			continue
		}
		if first && strings.HasPrefix(line, "# cmd/wfm/testdata/script/") {
			script = strings.TrimPrefix(line, "# cmd/wfm/testdata/script/")
		}
		first = false
		if script == "setup" {
			setup = append(setup, line)
			continue
		}
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			byScript[script] = append(byScript[script], cmd)
		}
	}
	return byScript, setup
}

// scriptCommands returns the wfm commands a testscript runs, without
// "exec" or "! exec" and any condition in brackets.
func scriptCommands(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/script", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "-- ") {
			break
		}
		for strings.HasPrefix(line, "[") {
			if i := strings.Index(line, "] "); i >= 0 {
				line = line[i+2:]
			} else {
				break
			}
		}
		line = strings.TrimPrefix(line, "! ")
		if cmd, ok := strings.CutPrefix(line, "exec wfm "); ok {
			out = append(out, "wfm "+cmd)
		}
	}
	return out
}

// TestReadmeWalkthrough keeps the README's walk-through and the scripts
// that run it in step: every `$ wfm` command of the README is run, as
// written and in order, by readme_walk.txtar (or the script its block
// names), so a README command that no longer runs fails `go test`.
func TestReadmeWalkthrough(t *testing.T) {
	byScript, setup := readmeCommands(t)
	wantSetup := []string{
		"go install ./cmd/wfm          # puts wfm in $(go env GOPATH)/bin; or use `go run ./cmd/wfm`",
		"mkdir -p walk && cp samples/wfm.yaml samples/agents.csv samples/technion_bank_feb1999.tsv.gz walk/ && cd walk",
	}
	if !slices.Equal(setup, wantSetup) {
		t.Errorf("the README's setup is\n%s\nreadme_walk.txtar copies what this test expects:\n%s\nchange both together", strings.Join(setup, "\n"), strings.Join(wantSetup, "\n"))
	}
	if len(byScript["readme_walk.txtar"]) < 10 {
		t.Fatalf("found %d walk-through commands in README.md, want the whole walk", len(byScript["readme_walk.txtar"]))
	}
	for script, cmds := range byScript {
		got := scriptCommands(t, script)
		if script == "readme_walk.txtar" {
			if !slices.Equal(got, cmds) {
				t.Errorf("%s runs\n  %s\nbut the README's walk-through is\n  %s", script, strings.Join(got, "\n  "), strings.Join(cmds, "\n  "))
			}
			continue
		}
		for _, c := range cmds {
			if !slices.Contains(got, c) {
				t.Errorf("README: %q: not run by %s", c, script)
			}
		}
	}
}

// TestReadmeStandsAlone checks that the README is a manual on its own: it
// links nothing outside the repository, and its Configuration section
// names every key of Config (nested and list-element keys included), so a
// key added to the config without a line in the README fails here.
func TestReadmeStandsAlone(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	if strings.Contains(readme, "](../") {
		t.Error("README.md links outside the repository (](../...); a fresh clone has no such folder")
	}
	start := strings.Index(readme, "\n## Configuration\n")
	end := strings.Index(readme, "\n## Files\n")
	if start < 0 || end < start {
		t.Fatal("README.md has no Configuration section followed by Files")
	}
	section := readme[start:end]
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ.PkgPath() != reflect.TypeOf(Config{}).PkgPath() {
			return
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			key := f.Tag.Get("mapstructure")
			if key == "" || key == "-" {
				continue
			}
			named := regexp.MustCompile("[`{ ]" + regexp.QuoteMeta(key) + "[`,:} ]")
			if !named.MatchString(section) {
				t.Errorf("config key %s%s is not documented in README.md's Configuration section", prefix, key)
			}
			walk(prefix+key+".", f.Type)
		}
	}
	walk("", reflect.TypeOf(Config{}))
}
